# The rows of bench/elementwise.ts with PyTorch (CPU, float32), for side-by-side numbers:
#   .deps/torch/bin/python bench/torch/elementwise.py [--reps 10] [--threads N]
import argparse
import time

import torch
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--reps", type=int, default=10)
parser.add_argument("--threads", type=int, default=0)
args = parser.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)


def timed(fn):
    for _ in range(2):
        fn()
    best = float("inf")
    for _ in range(args.reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t0) * 1e3)
    return best


def row(name, inputs, op):
    with torch.no_grad():
        fwd = timed(lambda: op(*inputs))

    with torch.no_grad():
        shape = op(*inputs).shape
    upstream = None if len(shape) == 0 else torch.ones(shape)

    def both():
        y = op(*inputs)
        y.backward(upstream)
        for x in inputs:
            x.grad = None

    print(f"{name:44} {fwd:9.2f} {timed(both):11.2f}")


def randn(*shape):
    return torch.randn(*shape, requires_grad=True)


act = randn(32, 256, 28, 28)
print(f"torch {torch.__version__} cpu float32, {torch.get_num_threads()} threads, fastest of {args.reps} runs (ms)")
print(f"{'op':44} {'forward':>9} {'fwd + bwd':>11}")
row("sigmoid [32,256,28,28]", [act], torch.sigmoid)
row("add [32,256,28,28] + same", [act, randn(32, 256, 28, 28)], torch.add)
row("add [32,256,28,28] + [1,256,1,1]", [act, randn(1, 256, 1, 1)], torch.add)
row("mul (SE) [32,256,28,28] * [32,256,1,1]", [act, randn(32, 256, 1, 1)], torch.mul)
row("sum dims [0,2,3] of [32,256,28,28]", [act], lambda x: x.sum(dim=(0, 2, 3)))
row("mean dims [2,3] of [32,256,28,28]", [act], lambda x: x.mean(dim=(2, 3)))
row("sum all of [32,256,28,28]", [act], lambda x: x.sum())
row("sum dims [0] of [4096,1000]", [randn(4096, 1000)], lambda x: x.sum(dim=0))
row("concat dim 1: 128 + 3 x 32 channels, 28x28",
    [randn(32, 128, 28, 28), randn(32, 32, 28, 28), randn(32, 32, 28, 28), randn(32, 32, 28, 28)],
    lambda *xs: torch.cat(xs, 1))
row("logSoftmax [256,1000]", [randn(256, 1000)], lambda x: F.log_softmax(x, 1))
labels = torch.tensor([(i * 37) % 1000 for i in range(256)])
row("crossEntropy [256,1000], smoothing 0.1", [randn(256, 1000)],
    lambda x: F.cross_entropy(x, labels, label_smoothing=0.1))

n = 11_689_512
param = torch.nn.Parameter(torch.randn(n))
param.grad = torch.randn(n)
opt = torch.optim.SGD([param], lr=0.1, momentum=0.9, weight_decay=5e-4, foreach=False)
opt.step()
print(f"{'sgdStep 11.7M params, momentum, weight decay':44} {timed(opt.step):9.2f}")
