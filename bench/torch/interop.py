"""PyTorch's side of test/interop_torch.test.ts: jobs read as JSON from argv[1], one process for all
(importing torch takes seconds). Each job:

  {"kind": "load", "checkpoint": F, "recalibration": R, "in_channels": C, "input": X, "out": Y}
      loads mssar's checkpoint F into bench/torch/cifar_resnet.py's ResNet-20 with strict=True and
      writes its eval-mode logits on the images of X (safetensors, key "x") to Y (key "logits").
  {"kind": "save", "recalibration": R, "in_channels": C, "seed": S, "input": X, "out": Y, "state": F}
      builds a ResNet-20 from seed S with every parameter and buffer made non-trivial (MS-SAR weights,
      running statistics, batch counts), saves its state dict with safetensors.torch.save_file to F,
      and writes its logits on X to Y.
  {"kind": "dtypes", "out": F, "values": {"F16": [...], ...}}
      writes one tensor of each dtype holding the given values (as torch converts them) to F, and
      prints nothing: the test reads them back and compares.
  {"kind": "read", "file": F, "out": J, "values": {"F16": [...], ...}}
      reads a file mssar wrote and writes {name: {"dtype", "shape", "values", "torch"}} as JSON to J,
      "torch" being the given values of that dtype as torch itself converts them.
"""
import json
import os
import sys

import torch
from safetensors.torch import load_file, save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cifar_resnet import CifarResNet  # noqa: E402

DTYPES = {
    'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'I64': torch.int64,
    'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8, 'U8': torch.uint8, 'BOOL': torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}


def logits(model, input_file):
    x = load_file(input_file)['x']
    model.eval()
    with torch.no_grad():
        return model(x).contiguous()


def load(job):
    model = CifarResNet(20, recalibration=job['recalibration'], in_channels=job['in_channels'])
    model.load_state_dict(load_file(job['checkpoint']), strict=True)
    save_file({'logits': logits(model, job['input'])}, job['out'])


def save(job):
    torch.manual_seed(job['seed'])
    model = CifarResNet(20, recalibration=job['recalibration'], in_channels=job['in_channels'])
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith('mssar.weight'):
                p.normal_(0, 0.5)
            elif name.endswith('mssar.bias') or name.endswith('bn2.bias') or name.endswith('bn1.bias'):
                p.uniform_(-0.5, 0.5)
            elif 'bn' in name and name.endswith('weight'):
                p.uniform_(0.5, 1.5)
        for name, b in model.named_buffers():
            if name.endswith('running_mean'):
                b.uniform_(-0.2, 0.2)
            elif name.endswith('running_var'):
                b.uniform_(0.5, 2.0)
            elif name.endswith('num_batches_tracked'):
                b.fill_(int(torch.randint(1, 10**6, ())))
    save_file(model.state_dict(), job['state'])
    save_file({'logits': logits(model, job['input'])}, job['out'])


def dtypes(job):
    tensors = {}
    for name, values in job['values'].items():
        if name == 'I64':
            values = [int(v) for v in values]
        tensors[name.lower()] = torch.tensor(values, dtype=DTYPES[name])
    save_file(tensors, job['out'])


def plain(t):
    values = t.to(torch.float64 if t.is_floating_point() else torch.int64).flatten().tolist()
    return [str(v) for v in values] if t.dtype == torch.int64 else values  # JSON numbers lose int64 precision


def read(job):
    out = {}
    for name, t in load_file(job['file']).items():
        given = job['values'][NAMES[t.dtype]]
        if t.dtype == torch.int64:
            given = [int(v) for v in given]
        out[name] = {'dtype': NAMES[t.dtype], 'shape': list(t.shape), 'values': plain(t), 'torch': plain(torch.tensor(given, dtype=t.dtype))}
    with open(job['out'], 'w') as f:
        json.dump(out, f, allow_nan=True)


def main():
    torch.set_num_threads(1)
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    for job in jobs:
        {'load': load, 'save': save, 'dtypes': dtypes, 'read': read}[job['kind']](job)


if __name__ == '__main__':
    main()
