"""PyTorch's side of bench/gpu.ts: training throughput on CUDA, timed as ours is.

A step is forward + cross-entropy + backward + SGD step (momentum 0.9, weight decay 5e-4) on a fixed
random batch already on the GPU; float32 with TF32 convolutions and matrix products
(torch.backends.cudnn.allow_tf32 and torch.backends.cuda.matmul.allow_tf32), cudnn.benchmark off
(our convolutions take cuDNN's heuristic choice too). After the warm-up steps, each timed step is
bracketed by torch.cuda.synchronize(); the median step gives images/s.

The first line is {"torch", "cuda", "device", "cudnn"} (or {"error"}); then one JSON line per
configuration: {"model", "batch", "size", "images_per_s", "median_ms", "all_ms"}.

Usage: python gpu.py --warmup 5 --steps 20 --config resnet56:128:32 --config resnet50:64:224
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as e:  # noqa: BLE001 - any import failure means no PyTorch
    print(json.dumps({'error': f'cannot import torch: {e}'}), flush=True)
    sys.exit(0)


class Bottleneck(nn.Module):
    """torchvision's ResNet-50 bottleneck (stride on the 3x3 convolution)."""
    expansion = 4

    def __init__(self, cin, planes, stride):
        super().__init__()
        cout = planes * self.expansion
        self.conv1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(out + (self.downsample(x) if self.downsample is not None else x))


class ResNet50(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, c = [], 64
        for planes, count, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
            for i in range(count):
                layers.append(Bottleneck(c, planes, stride if i == 0 else 1))
                c = planes * 4
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(c, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def build(name):
    if name == 'resnet50':
        return ResNet50(1000), 1000
    if name.startswith('resnet'):
        from resnet import ResNet  # the CIFAR ResNets of bench/torch/resnet.py
        kind = 'none'
        if ':' in name:
            name, kind = name.split(':')
        return ResNet(int(name.replace('resnet', '')), kind), 10
    raise ValueError(f'unknown model {name}')


def run(name, batch, size, warmup, steps):
    torch.manual_seed(0)
    model, classes = build(name)
    model = model.cuda().train()
    x = torch.randn(batch, 3, size, size, device='cuda')
    y = torch.randint(0, classes, (batch,), device='cuda')
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    torch.cuda.synchronize()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) * 1e3)
    ordered = sorted(times)
    m = len(ordered) // 2
    median = ordered[m] if len(ordered) % 2 else (ordered[m - 1] + ordered[m]) / 2
    del model, opt, x, y
    torch.cuda.empty_cache()
    return {'images_per_s': batch / (median / 1e3), 'median_ms': median, 'all_ms': times}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--warmup', type=int, default=5)
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--config', action='append', required=True, help='model:batch:size, model resnet56, resnet50, resnet56/se, ...')
    a = p.parse_args()
    if not torch.cuda.is_available():
        print(json.dumps({'error': f'torch {torch.__version__} sees no CUDA device'}), flush=True)
        return
    torch.backends.cudnn.allow_tf32 = True
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.benchmark = False
    print(json.dumps({'torch': torch.__version__, 'cuda': torch.version.cuda, 'device': torch.cuda.get_device_name(0),
                      'cudnn': torch.backends.cudnn.version()}), flush=True)
    for cfg in a.config:
        model, batch, size = cfg.split(':')
        r = run(model.replace('/', ':'), int(batch), int(size), a.warmup, a.steps)
        print(json.dumps({'model': model, 'batch': int(batch), 'size': int(size), **r}), flush=True)


if __name__ == '__main__':
    main()
