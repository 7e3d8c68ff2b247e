# The rows of bench/tensor_ops.ts with PyTorch (CPU, float32, forward), for side-by-side numbers:
#   .deps/torch/bin/python bench/torch/tensor_ops.py [--reps 20] [--threads N]
import argparse
import time

import torch
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--reps", type=int, default=20)
parser.add_argument("--threads", type=int, default=0)
args = parser.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)


def timed(fn):
    for _ in range(3):
        fn()
    best = float("inf")
    for _ in range(args.reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t0) * 1e3)
    return best


def row(name, fn):
    with torch.no_grad():
        print(f"{name:<40} {timed(fn):9.3f}")


x = torch.randn(1024, 4096)
y = torch.randn(1024, 4096)
bias = torch.randn(4096)
col = torch.randn(1024, 1)
print(f"torch {torch.__version__} cpu float32, {torch.get_num_threads()} threads, fastest of {args.reps} runs (ms)")
row("add [1024,4096] + [4096]", lambda: x + bias)
row("add [1024,4096] + [1024,1]", lambda: x + col)
row("mul [1024,4096] * [1024,4096]", lambda: x * y)
row("mul [1024,4096] * 2", lambda: x * 2)
row("exp [1024,4096]", lambda: torch.exp(x))
row("gelu [1024,4096]", lambda: F.gelu(x))
row("sum dim 1 of [1024,4096]", lambda: x.sum(dim=1))
row("sum dim 0 of [1024,4096]", lambda: x.sum(dim=0))
row("mean dim 1 of [1024,4096]", lambda: x.mean(dim=1))
row("max dim 1 of [1024,4096]", lambda: x.max(dim=1))
row("max dim 0 of [1024,4096]", lambda: x.max(dim=0))
