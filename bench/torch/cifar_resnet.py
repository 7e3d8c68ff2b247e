"""mssar's CIFAR ResNets (resnet20/32/44/56/110) in PyTorch, with mssar's state-dict names, so that a
checkpoint moves between the two libraries in both directions and gives the same logits.

- Option A shortcuts pad their zero channels half before and half after the input's, as the widely
  used PyTorch CIFAR ResNet does (F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, P, P))).
- Recalibration ('none', 'se', 'mssar') sits on the residual branch after the last batch norm,
  before the addition (docs/mssar.md, "Where it goes"); SE's layers are `se.fc1` / `se.fc2`, MS-SAR's
  parameters `mssar.weight` [K, C, 3, 3] and `mssar.bias` [C].
- MS-SAR is written as the folded depthwise convolution of docs/mssar.md ("equivalent form").

test/interop_torch.test.ts loads mssar checkpoints into these models strictly and compares logits.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def folded_kernel(weight, scales):
    """[K, C, 3, 3] cell weights -> [C, 1, L, L] depthwise kernel, L = 3 max(scales), centred on the neuron."""
    big = max(scales)
    side = 3 * big
    top = big + (big - 1) // 2  # rows of the kernel above its centre pixel
    kernel = None
    for k, s in enumerate(scales):
        a = (s - 1) // 2  # cells of even size reach one row further down and right
        block = weight[k].repeat_interleave(s, dim=1).repeat_interleave(s, dim=2) / (s * s)
        off = top - s - a  # where cell (-1, -1) of this scale starts
        rest = side - off - 3 * s
        block = F.pad(block, (off, rest, off, rest))
        kernel = block if kernel is None else kernel + block
    return kernel.unsqueeze(1)


class MSSAR(nn.Module):
    """y = x * sigmoid(z): z a depthwise context of 3x3 grids of cell means at each scale."""

    def __init__(self, channels, scales=(1, 2, 4)):
        super().__init__()
        self.scales = list(scales)
        self.weight = nn.Parameter(torch.zeros(len(self.scales), channels, 3, 3))
        self.bias = nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        k = folded_kernel(self.weight, self.scales)
        side = k.shape[-1]
        centre = (side - 1) // 2
        xp = F.pad(x, (centre, side - 1 - centre, centre, side - 1 - centre))
        return x * torch.sigmoid(F.conv2d(xp, k, self.bias, groups=x.shape[1]))


class SE(nn.Module):
    def __init__(self, channels, reduction=16):
        super().__init__()
        hidden = max(1, channels // reduction)
        self.fc1 = nn.Linear(channels, hidden)
        self.fc2 = nn.Linear(hidden, channels)

    def forward(self, x):
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(x.mean((2, 3))))))
        return x * s[:, :, None, None]


class ShortcutA(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.stride = stride
        self.before = (cout - cin) // 2
        self.after = cout - cin - self.before

    def forward(self, x):
        x = x[:, :, ::self.stride, ::self.stride]
        return F.pad(x, (0, 0, 0, 0, self.before, self.after))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride, recalibration):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if recalibration == 'se':
            self.se = SE(cout)
        elif recalibration == 'mssar':
            self.mssar = MSSAR(cout)
        elif recalibration != 'none':
            raise ValueError(f'unknown recalibration {recalibration!r}')
        self.recalibration = recalibration
        self.shortcut = ShortcutA(cin, cout, stride) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        if self.recalibration == 'se':
            y = self.se(y)
        elif self.recalibration == 'mssar':
            y = self.mssar(y)
        return F.relu(y + self.shortcut(x))


class CifarResNet(nn.Module):
    def __init__(self, depth=20, recalibration='none', num_classes=10, in_channels=3):
        super().__init__()
        assert (depth - 2) % 6 == 0, 'depth must be 6n + 2'
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(in_channels, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)

        def stage(cin, cout, stride):
            return nn.Sequential(*[BasicBlock(cin if i == 0 else cout, cout, stride if i == 0 else 1, recalibration) for i in range(n)])

        self.layer1 = stage(16, 16, 1)
        self.layer2 = stage(16, 32, 2)
        self.layer3 = stage(32, 64, 2)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def resnet(depth, **kwargs):
    return CifarResNet(depth, **kwargs)
