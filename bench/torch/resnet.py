"""CIFAR ResNet-20/56 in PyTorch (none, se, mssar), timed the same way as bench/resnet.ts times ours.

The models are bench/torch/cifar_resnet.py's (MS-SAR as one depthwise convolution with the folded
kernel of side 3*max(scales), docs/mssar.md "equivalent form", then sigmoid and multiply). Prints one JSON line per
configuration: {"model", "recalibration", "mode", "layout", "images_per_s", "ms_per_step", "best_ms",
"cpu_ms_per_step", "peak_rss_mb", "rss_start_mb", ...}. bench/run.ts runs one configuration per
process, so that peak_rss_mb is that configuration's.

Usage: python resnet.py --threads 2 --batch 128 --steps 10 --warmup 3 --config resnet20:none:train ...
"""
import argparse
import json
import resource
import time

import torch
import torch.nn.functional as F

from cifar_resnet import CifarResNet


def ResNet(depth, kind):
    """The CIFAR ResNet of bench/torch/cifar_resnet.py (the one the interop test checks against ours)."""
    return CifarResNet(depth, recalibration=kind)


def run(depth, kind, mode, layout, batch, steps, warmup):
    torch.manual_seed(0)
    model = ResNet(depth, kind)
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))
    if layout == 'channels_last':
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)

    def step():
        if mode == 'train':
            model.train()
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        else:
            model.eval()
            with torch.no_grad():
                model(x)

    for _ in range(warmup):
        step()
    times, cpu = [], []
    for _ in range(steps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return median(times), min(times), median(cpu)


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def rss_mb():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def onednn_version():
    import re
    m = re.search(r'MKL-DNN v([0-9.]+)', torch.__config__.show())
    return m.group(1) if m else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--steps', type=int, default=10)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--config', action='append', required=True, help='model:recalibration:mode[:layout]')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    rss_start = rss_mb()
    for cfg in a.config:
        parts = cfg.split(':')
        model, kind, mode = parts[:3]
        layout = parts[3] if len(parts) > 3 else 'channels_last'
        med, best, cpu = run(int(model.replace('resnet', '')), kind, mode, layout, a.batch, a.steps, a.warmup)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({'side': 'torch', 'model': model, 'recalibration': kind, 'mode': mode, 'layout': layout,
                          'batch': a.batch, 'images_per_s': a.batch / med, 'ms_per_step': med * 1e3,
                          'best_ms': best * 1e3, 'cpu_ms_per_step': cpu * 1e3, 'peak_rss_mb': peak,
                          'rss_start_mb': rss_start, 'threads': torch.get_num_threads(),
                          'torch': torch.__version__, 'onednn': onednn_version()}), flush=True)


if __name__ == '__main__':
    main()
