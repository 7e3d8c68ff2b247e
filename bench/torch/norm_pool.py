# The ops of bench/norm_pool.ts in PyTorch (CPU, or CUDA with --device cuda), same sizes, same
# timing rule (best of 5 trials of 20 repetitions), for a side-by-side comparison.
# Run with the environment from scripts/torch-venv.sh.
import sys
import time

import torch
import torch.nn.functional as F

device = sys.argv[sys.argv.index('--device') + 1] if '--device' in sys.argv else 'cpu'
shapes = [(128, 16, 32, 32), (128, 32, 16, 16), (128, 64, 8, 8)]


def sync():
    if device == 'cuda':
        torch.cuda.synchronize()


def time_ms(fn, reps=20):
    for _ in range(3):
        fn()
    sync()
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        sync()
        best = min(best, (time.perf_counter() - t0) * 1e3 / reps)
    return best


for shape in shapes:
    c = shape[1]
    x = torch.randn(*shape, device=device)
    xg = torch.randn(*shape, device=device, requires_grad=True)
    w = torch.ones(c, device=device, requires_grad=True)
    b = torch.ones(c, device=device, requires_grad=True)
    rm, rv = torch.ones(c, device=device), torch.ones(c, device=device)
    ops = [
        ('batchNorm2d (training)', lambda t: F.batch_norm(t, rm, rv, w, b, training=True)),
        ('maxPool2d 3x3 s2 p1', lambda t: F.max_pool2d(t, 3, 2, 1)),
        ('maxPool2d 2x2 s2', lambda t: F.max_pool2d(t, 2)),
        ('avgPool2d 2x2 s2', lambda t: F.avg_pool2d(t, 2)),
        ('globalAvgPool2d', lambda t: F.adaptive_avg_pool2d(t, 1)),
        ('dropout p 0.5', lambda t: F.dropout(t, 0.5)),
    ]
    for name, op in ops:
        with torch.no_grad():
            forward = time_ms(lambda: op(x))

        def both():
            y = op(xg)
            y.backward(torch.ones_like(y))

        print(f'torch {device} [{",".join(map(str, shape))}] {name}: forward {forward:.3f} ms, '
              f'forward + backward {time_ms(both):.3f} ms')
