"""PyTorch's side of bench/conv2d.ts: times conv2d forward + backward for the shapes it is sent.

Reads one JSON request per line on stdin and answers one JSON line on stdout:
  {"x": [N, C, H, W], "w": [O, C, KH, KW], "stride": s, "padding": p, "reps": r}
  -> {"times_ms": [...]}   (each: forward, then backward to x and w)
The first line it prints says which torch and how many threads. Tensors are made once per shape.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "mkldnn": torch.backends.mkldnn.is_available(),
    }), flush=True)
    made = {}
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("quit"):
            break
        key = json.dumps([req["x"], req["w"], req["stride"], req["padding"]])
        if key not in made:
            x = torch.rand(*req["x"], requires_grad=True)
            w = torch.rand(*req["w"], requires_grad=True)
            with torch.no_grad():
                y_shape = F.conv2d(x, w, None, req["stride"], req["padding"]).shape
            made[key] = (x, w, torch.rand(y_shape))
        x, w, dy = made[key]
        times = []
        for _ in range(req["reps"]):
            t0 = time.perf_counter()
            y = F.conv2d(x, w, None, req["stride"], req["padding"])
            y.backward(dy)
            times.append((time.perf_counter() - t0) * 1e3)
            x.grad = None
            w.grad = None
            del y
        print(json.dumps({"times_ms": times}), flush=True)


if __name__ == "__main__":
    main()
