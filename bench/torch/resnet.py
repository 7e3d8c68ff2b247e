"""CIFAR ResNet-20/56 in PyTorch (none, se, mssar), timed the same way as bench/resnet.ts times ours.

MS-SAR here is written in PyTorch ops: one depthwise convolution with the folded kernel of side
3*max(scales) (docs/mssar.md, "equivalent form"), then sigmoid and multiply. Prints one JSON line per
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
import torch.nn as nn
import torch.nn.functional as F


class MSSAR(nn.Module):
    def __init__(self, c, scales=(1, 2, 4)):
        super().__init__()
        self.scales = list(scales)
        self.weight = nn.Parameter(torch.zeros(len(scales), c, 3, 3))
        self.bias = nn.Parameter(torch.zeros(c))
        nn.init.normal_(self.weight, std=0.01)

    def folded_kernel(self):
        smax = max(self.scales)
        side = 3 * smax
        c = self.weight.shape[1]
        k = self.weight.new_zeros(c, 1, side, side)
        # the kernel's centre is the neuron; cell (i, j) at scale s starts at offset (i*s - a_s)
        centre = (side - 1) // 2
        for idx, s in enumerate(self.scales):
            a = (s - 1) // 2
            for i in range(3):
                for j in range(3):
                    top = centre + (i - 1) * s - a
                    left = centre + (j - 1) * s - a
                    k[:, 0, top:top + s, left:left + s] += (self.weight[idx, :, i, j] / (s * s)).view(c, 1, 1)
        return k

    def forward(self, x):
        k = self.folded_kernel()
        side = k.shape[-1]
        centre = (side - 1) // 2
        # asymmetric padding so that output (h, w) is centred on input (h, w)
        xp = F.pad(x, (centre, side - 1 - centre, centre, side - 1 - centre))
        z = F.conv2d(xp, k, self.bias, groups=x.shape[1])
        return x * torch.sigmoid(z)


class SE(nn.Module):
    def __init__(self, c, r=16):
        super().__init__()
        h = max(1, c // r)
        self.fc1 = nn.Linear(c, h)
        self.fc2 = nn.Linear(h, c)

    def forward(self, x):
        s = x.mean((2, 3))
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s[:, :, None, None]


def recal(kind, c):
    if kind == 'se':
        return SE(c)
    if kind == 'mssar':
        return MSSAR(c)
    return nn.Identity()


class Basic(nn.Module):
    def __init__(self, cin, cout, stride, kind):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.r = recal(kind, cout)
        self.stride, self.pad = stride, cout - cin

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.r(self.bn2(self.conv2(out)))
        sc = x
        if self.stride != 1 or self.pad:
            sc = x[:, :, ::self.stride, ::self.stride]
            sc = F.pad(sc, (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(out + sc)


class ResNet(nn.Module):
    def __init__(self, depth, kind, classes=10, cin=3):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(cin, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, c = [], 16
        for i, w in enumerate([16, 32, 64]):
            for b in range(n):
                layers.append(Basic(c, w, 2 if (i > 0 and b == 0) else 1, kind))
                c = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


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
