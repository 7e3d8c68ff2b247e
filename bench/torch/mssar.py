"""PyTorch's side of bench/mssar.ts: MS-SAR as PyTorch's best composition, and an SE block.

The composition (docs/mssar.md, "equivalent form"): the 3 x 3 cell weights of every scale are
spread into one depthwise kernel of side 3 * max(scales) (each weight / s^2 over its s x s block),
then ONE depthwise conv2d with padding that aligns its output with the input, sigmoid, multiply.
Backward runs through autograd, the folding included, so it yields dx, dweight and dbias. Of the
ways to run it (NCHW with padding='same', NCHW with an explicit pad, channels-last), the fastest
on the machine is picked per size and reported.

Reads one JSON request per line on stdin, answers one JSON line on stdout:
  {"cmd": "setup", "dir": d, "shape": [N, C, H, W], "scales": [...]}
      loads x, weight, bias, dy (float32, raw) from d, picks the fastest variant, writes its
      y, dx, dweight, dbias to d for the comparison -> {"variant": v, "calibration_ms": {...}}
  {"cmd": "time", "what": "mssar" | "se", "reps": r} -> {"times_ms": [...], "cpu_ms": [...]}
  {"cmd": "quit"}
The first line it prints says which torch and how many threads.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from cifar_resnet import folded_kernel  # the folded depthwise kernel of docs/mssar.md


def mssar_composition(x, weight, bias, scales, variant):
    kernel = folded_kernel(weight, scales)
    side = kernel.shape[-1]
    top = (side - 1) // 2
    channels = x.shape[1]
    if variant == "nchw-same":
        z = F.conv2d(x, kernel, bias, padding="same", groups=channels)
    else:
        xin = x.contiguous(memory_format=torch.channels_last) if variant == "channels-last" else x
        z = F.conv2d(F.pad(xin, (top, side - 1 - top, top, side - 1 - top)), kernel, bias, groups=channels)
    y = x * torch.sigmoid(z)
    return y.contiguous()  # NCHW out, as the op it is compared with


class SE:
    """Squeeze-and-excitation: global average pool, fc C -> C/16, ReLU, fc, sigmoid, scale."""

    def __init__(self, channels: int):
        hidden = max(channels // 16, 1)
        self.fc1 = torch.nn.Linear(channels, hidden)
        self.fc2 = torch.nn.Linear(hidden, channels)

    def __call__(self, x):
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(x.mean(dim=(2, 3))))))
        return x * s[:, :, None, None]


def load(path, shape):
    return torch.from_numpy(np.fromfile(path, dtype=np.float32).reshape(shape))


def timed(fn, reps):
    """Wall-clock and CPU (all threads) milliseconds of each repetition."""
    times, cpu = [], []
    for _ in range(reps):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return times, cpu


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)  # the fastest setting for PyTorch; our kernels need none
    torch.manual_seed(0)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    state = {}
    for line in sys.stdin:
        req = json.loads(line)
        if req["cmd"] == "quit":
            break
        if req["cmd"] == "setup":
            d, shape, scales = req["dir"], req["shape"], req["scales"]
            n, c = shape[0], shape[1]
            x = load(os.path.join(d, "x.bin"), shape).requires_grad_(True)
            weight = load(os.path.join(d, "weight.bin"), [len(scales), c, 3, 3]).requires_grad_(True)
            bias = load(os.path.join(d, "bias.bin"), [c]).requires_grad_(True)
            dy = load(os.path.join(d, "dy.bin"), shape)
            se = SE(c)
            se_x = x.detach().clone().requires_grad_(True)

            def run(variant):
                y = mssar_composition(x, weight, bias, scales, variant)
                y.backward(dy)
                return y

            def clear():
                x.grad = weight.grad = bias.grad = None

            calibration = {}
            for variant in ("nchw-same", "nchw-pad", "channels-last"):
                run(variant)  # warm-up
                clear()
                calibration[variant] = timed(lambda: (run(variant), clear()), 1)[0][0]
            best = min(calibration, key=calibration.get)
            y = run(best)
            y.detach().numpy().tofile(os.path.join(d, "torch_y.bin"))
            x.grad.numpy().tofile(os.path.join(d, "torch_dx.bin"))
            weight.grad.numpy().tofile(os.path.join(d, "torch_dweight.bin"))
            bias.grad.numpy().tofile(os.path.join(d, "torch_dbias.bin"))
            clear()

            def run_se():
                se(se_x).backward(dy)
                se_x.grad = None
                for p in (se.fc1.weight, se.fc1.bias, se.fc2.weight, se.fc2.bias):
                    p.grad = None

            run_se()
            state = {"mssar": lambda: (run(best), clear()), "se": run_se}
            print(json.dumps({"variant": best, "calibration_ms": calibration}), flush=True)
        elif req["cmd"] == "time":
            times, cpu = timed(state[req["what"]], req["reps"])
            print(json.dumps({"times_ms": times, "cpu_ms": cpu}), flush=True)


if __name__ == "__main__":
    main()
