# The rows of bench/matmul.ts with PyTorch (CPU, float32); prints one JSON object {row: ms}.
#   .deps/torch/bin/python bench/torch/matmul.py --threads N [--reps 10]
import argparse
import json

import torch

from timing import best_of_ms

parser = argparse.ArgumentParser()
parser.add_argument("--reps", type=int, default=10)
parser.add_argument("--threads", type=int, required=True)
args = parser.parse_args()
torch.set_num_threads(args.threads)


def timed(fn):
    return best_of_ms(fn, args.reps, 2)


rows = {}
with torch.no_grad():
    for name, a_shape, b_shape in [
        ("512x512 @ 512x512", [512, 512], [512, 512]),
        ("2048x2048 @ 2048x2048", [2048, 2048], [2048, 2048]),
        ("batched [64,128,64] @ [64,64,128]", [64, 128, 64], [64, 64, 128]),
        ("[4096,784] @ [784,128] (MLP layer)", [4096, 784], [784, 128]),
    ]:
        a, b = torch.randn(a_shape), torch.randn(b_shape)
        rows[name] = timed(lambda: torch.matmul(a, b))
print(json.dumps({"threads": torch.get_num_threads(), "version": torch.__version__, "rows": rows}))
