# The rows of bench/tensor_ops.ts with PyTorch (CPU, float32), for side-by-side numbers:
#   .deps/torch/bin/python bench/torch/tensor_ops.py [--reps 20] [--threads N]
import argparse

import torch
import torch.nn.functional as F

from timing import best_of_ms

parser = argparse.ArgumentParser()
parser.add_argument("--reps", type=int, default=20)
parser.add_argument("--threads", type=int, default=0)
args = parser.parse_args()
if args.threads:
    torch.set_num_threads(args.threads)


def timed(fn):
    return best_of_ms(fn, args.reps, 3)


def show(name, fwd, both=None):
    both_column = "" if both is None else f" {both:11.3f}"
    print(f"{name:<44} {fwd:9.3f}{both_column}")


def forward_row(name, fn):
    with torch.no_grad():
        show(name, timed(fn))


def grad_row(name, inputs, op):
    with torch.no_grad():
        fwd = timed(lambda: op(*inputs))
        shape = op(*inputs).shape
    upstream = None if len(shape) == 0 else torch.ones(shape)

    def both():
        y = op(*inputs)
        y.backward(upstream)
        for x in inputs:
            x.grad = None

    show(name, fwd, timed(both))


def randn(*shape):
    return torch.randn(*shape, requires_grad=True)


print(f"torch {torch.__version__} cpu float32, {torch.get_num_threads()} threads, fastest of {args.reps} runs (ms)")
print(f"{'op':<44} {'forward':>9} {'fwd + bwd':>11}")

x = torch.randn(1024, 4096)
y = torch.randn(1024, 4096)
bias = torch.randn(4096)
col = torch.randn(1024, 1)
forward_row("add [1024,4096] + [4096]", lambda: x + bias)
forward_row("add [1024,4096] + [1024,1]", lambda: x + col)
forward_row("mul [1024,4096] * [1024,4096]", lambda: x * y)
forward_row("mul [1024,4096] * 2", lambda: x * 2)
forward_row("exp [1024,4096]", lambda: torch.exp(x))
forward_row("gelu [1024,4096]", lambda: F.gelu(x))
forward_row("sum dim 1 of [1024,4096]", lambda: x.sum(dim=1))
forward_row("sum dim 0 of [1024,4096]", lambda: x.sum(dim=0))
forward_row("mean dim 1 of [1024,4096]", lambda: x.mean(dim=1))
forward_row("max dim 1 of [1024,4096]", lambda: x.max(dim=1))
forward_row("max dim 0 of [1024,4096]", lambda: x.max(dim=0))

act = randn(32, 256, 28, 28)
grad_row("sigmoid [32,256,28,28]", [act], torch.sigmoid)
grad_row("add [32,256,28,28] + same", [act, randn(32, 256, 28, 28)], torch.add)
grad_row("add [32,256,28,28] + [1,256,1,1]", [act, randn(1, 256, 1, 1)], torch.add)
grad_row("mul (SE) [32,256,28,28] * [32,256,1,1]", [act, randn(32, 256, 1, 1)], torch.mul)
grad_row("sum dims [0,2,3] of [32,256,28,28]", [act], lambda a: a.sum(dim=(0, 2, 3)))
grad_row("mean dims [2,3] of [32,256,28,28]", [act], lambda a: a.mean(dim=(2, 3)))
grad_row("sum all of [32,256,28,28]", [act], lambda a: a.sum())
grad_row("sum dims [0] of [4096,1000]", [randn(4096, 1000)], lambda a: a.sum(dim=0))
grad_row("concat dim 1: 128 + 3 x 32 channels, 28x28",
         [randn(32, 128, 28, 28), randn(32, 32, 28, 28), randn(32, 32, 28, 28), randn(32, 32, 28, 28)],
         lambda *xs: torch.cat(xs, 1))
grad_row("logSoftmax [256,1000]", [randn(256, 1000)], lambda a: F.log_softmax(a, 1))
labels = torch.tensor([(i * 37) % 1000 for i in range(256)])
grad_row("crossEntropy [256,1000], smoothing 0.1", [randn(256, 1000)],
         lambda a: F.cross_entropy(a, labels, label_smoothing=0.1))

n = 11_689_512  # the parameters of a ResNet-18
param = torch.nn.Parameter(torch.randn(n))
param.grad = torch.randn(n)
opt = torch.optim.SGD([param], lr=0.1, momentum=0.9, weight_decay=5e-4, foreach=False)
opt.step()
show("sgdStep 11.7M params, momentum, weight decay", timed(opt.step))
