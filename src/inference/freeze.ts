// inference.freeze(model): walks the module tree as its forward computes in eval mode and builds the
// native frozen model (native/ops/frozen_model.h) step by step. Supported: the CIFAR ResNets
// (models.CifarResNet) and, inside Sequential containers, BasicBlock and Bottleneck with option A,
// projection or 1x1-conv shortcuts and no, SE or MS-SAR recalibration (with or without its
// global-average scale) after the last batch norm; anything else is refused
// with an Error that names it.
import { native, NativeFrozenModelHandle, NativeTensor } from '../native';
import { show } from '../check';
import { tensor } from '../creation';
import { CifarResNet } from '../models/cifar_resnet';
import { AdaptiveAvgPool2d } from '../nn/adaptive_avg_pool2d';
import { BatchNorm2d } from '../nn/batch_norm2d';
import { BasicBlock } from '../nn/blocks/basic_block';
import { Bottleneck } from '../nn/blocks/bottleneck';
import { ShortcutA } from '../nn/blocks/shortcut_a';
import { Conv2d } from '../nn/conv2d';
import { Linear } from '../nn/linear';
import { AnyModule, Module } from '../nn/module';
import { MSSAR } from '../nn/mssar';
import { SE } from '../nn/se';
import { Sequential } from '../nn/sequential';
import type { Tensor } from '../tensor';
import { foldConvBatchNorm } from './fold';
import { FrozenModel } from './frozen_model';

const NONE = -1;

function refuse(m: AnyModule, name: string, why: string): never {
  throw new Error(`freeze: ${name || 'the model'} (${m.constructor.name}) ${why}`);
}

/** Native float32 copies of typed arrays, disposed once the step has copied them. */
function withTensors<T>(arrays: { data: Float32Array; shape: number[] }[], fn: (handles: NativeTensor[]) => T): T {
  const ts = arrays.map((a) => tensor(a.data, a.shape, { dtype: 'float32' }));
  try {
    return fn(ts.map((t) => t.handle));
  } finally {
    for (const t of ts) t.dispose();
  }
}

function floats(t: Tensor): Float32Array {
  return t.toArray() as Float32Array;
}

class Builder {
  constructor(readonly m: NativeFrozenModelHandle) {}

  conv(x: number, conv: AnyModule, bn: AnyModule | null, name: string, relu: boolean, residual = NONE): number {
    if (!(conv instanceof Conv2d)) refuse(conv, name, 'is not a Conv2d where one was expected');
    if (bn !== null && !(bn instanceof BatchNorm2d)) refuse(bn, name, 'is not a BatchNorm2d where one was expected');
    const [sh, sw] = conv.stride, [ph, pw] = conv.padding, [kh, kw] = conv.kernelSize;
    if (conv.groups !== 1 || conv.dilation[0] !== 1 || conv.dilation[1] !== 1 || sh !== sw || ph !== pw || kh !== kw) {
      refuse(conv, name, 'is a convolution the frozen model does not run (it takes groups 1, dilation 1, square kernel, stride and padding)');
    }
    const f = foldConvBatchNorm(conv, bn);
    return withTensors([{ data: f.weight, shape: f.shape }, { data: f.bias, shape: [f.bias.length] }],
      ([w, b]) => native.frozenModelAddConv(this.m, x, w, b, sh, ph, relu, residual));
  }

  shortcut(x: number, s: AnyModule | null, name: string): number {
    if (s === null) return x;
    if (s instanceof ShortcutA) {
      if (s.stride === 1 && s.outChannels === s.inChannels) return x;
      return native.frozenModelAddShortcutA(this.m, x, s.stride, s.outChannels);
    }
    if (s instanceof Conv2d) return this.conv(x, s, null, name, false);
    const children = s instanceof Sequential ? s.children() : [];
    if (children.length === 2) return this.conv(x, children[0], children[1], name, false);
    return refuse(s, name, 'is a shortcut the frozen model does not run');
  }

  /** relu(R(bn(conv(y))) + short): the end of a residual block, fused as far as R allows. */
  blockEnd(y: number, conv: Conv2d, bn: BatchNorm2d, r: AnyModule | null, short: number, name: string): number {
    if (r === null) return this.conv(y, conv, bn, name, true, short);
    const z = this.conv(y, conv, bn, name, false);
    if (r instanceof MSSAR) {
      const g = r.globalWeight;
      const params = [r.weight, r.bias, ...(g ? [g] : [])].map((t) => ({ data: floats(t), shape: t.shape.slice() }));
      return withTensors(params, ([w, b, gw]) => native.frozenModelAddMssarAddRelu(this.m, z, w, b, r.scales, r.symmetric, short, gw ?? null));
    }
    if (r instanceof SE) {
      const linear = (l: Linear) => [{ data: floats(l.weight), shape: l.weight.shape.slice() },
        { data: l.bias ? floats(l.bias) : new Float32Array(l.outFeatures), shape: [l.outFeatures] }];
      return withTensors([...linear(r.fc1), ...linear(r.fc2)],
        ([w1, b1, w2, b2]) => native.frozenModelAddSeAddRelu(this.m, z, w1, b1, w2, b2, short));
    }
    return refuse(r, name, 'is a recalibration the frozen model does not run (none, SE and MS-SAR are)');
  }

  head(x: number, pool: AnyModule, fc: AnyModule, name: string): number {
    if (!(pool instanceof AdaptiveAvgPool2d)) refuse(pool, name, 'is not the global average pooling the head needs');
    if (!(fc instanceof Linear)) refuse(fc, name, 'is not the Linear layer the head needs');
    const bias = fc.bias ? floats(fc.bias) : new Float32Array(fc.outFeatures);
    return withTensors([{ data: floats(fc.weight), shape: fc.weight.shape.slice() }, { data: bias, shape: [fc.outFeatures] }],
      ([w, b]) => native.frozenModelAddHead(this.m, x, w, b));
  }

  emit(m: AnyModule, name: string, x: number): number {
    const at = (child: string) => (name ? `${name}.${child}` : child);
    if (m instanceof CifarResNet) {
      let y = this.conv(x, m.conv1, m.bn1, at('conv1'), true);
      for (const [n, stage] of [['layer1', m.layer1], ['layer2', m.layer2], ['layer3', m.layer3]] as const) y = this.emit(stage, at(n), y);
      return this.head(y, m.avgpool, m.fc, at('fc'));
    }
    if (m instanceof Sequential) {
      let y = x;
      for (const [n, child] of m.namedChildren()) y = this.emit(child, at(n), y);
      return y;
    }
    if ((m instanceof BasicBlock || m instanceof Bottleneck) && m.placement === 'beforeBn' && m.recalibration !== null) {
      return refuse(m, name, "places its recalibration before the batch norm (placement 'beforeBn'), which the frozen model does not run");
    }
    if (m instanceof BasicBlock) {
      const y = this.conv(x, m.conv1, m.bn1, at('conv1'), true);
      const short = this.shortcut(x, m.shortcut, at('shortcut'));
      return this.blockEnd(y, m.conv2, m.bn2, m.recalibration, short, at('conv2'));
    }
    if (m instanceof Bottleneck) {
      let y = this.conv(x, m.conv1, m.bn1, at('conv1'), true);
      y = this.conv(y, m.conv2, m.bn2, at('conv2'), true);
      const short = this.shortcut(x, m.shortcut, at('downsample'));
      return this.blockEnd(y, m.conv3, m.bn3, m.recalibration, short, at('conv3'));
    }
    return refuse(m, name, 'is not a module the frozen model runs (the CIFAR ResNets and their blocks are)');
  }
}

/**
 * The inference path of `model` (in eval mode, float32, on the CPU): a FrozenModel whose forward
 * gives the model's eval-mode logits in one native call. It is a snapshot: later changes to the
 * model's parameters or buffers (an optimizer step, loadStateDict, train(), to()) do not reach it;
 * call freeze again after them.
 */
export function freeze(model: Module): FrozenModel {
  if (!(model instanceof Module)) throw new TypeError(`freeze: model must be a Module, got ${show(model)}`);
  for (const [name, m] of model.namedModules()) {
    if (m.training) throw new Error(`freeze: ${name || 'the model'} is in training mode; call model.eval() first (the frozen model computes eval-mode outputs)`);
  }
  for (const [name, t] of [...model.namedParameters(), ...model.namedBuffers()]) {
    if (t.isDisposed) throw new Error(`freeze: ${name} is disposed`);
    if (t.device !== 'cpu' || (t.dtype !== 'float32' && name.endsWith('num_batches_tracked') === false)) {
      throw new Error(`freeze: ${name} is ${t.toString()}; the frozen model takes float32 models on the cpu (run CUDA and float64 models with their forward)`);
    }
  }
  const handle = native.frozenModelCreate();
  try {
    new Builder(handle).emit(model, '', 0);
  } catch (e) {
    native.frozenModelRelease(handle);
    throw e;
  }
  return new FrozenModel(handle);
}
