// What the residual blocks (basic and bottleneck) share: the end of the block from its last
// convolution. Its recalibration R and shortcut, registered on the block in that order, then in the
// forward relu(R(BN(c)) + shortcut(x)), with MS-SAR, the sum and the ReLU fused into one pass, or,
// placed before the batch norm, relu(BN(R(c)) + shortcut(x)).
import { addRelu } from '../../functional/add_relu';
import type { Tensor } from '../../tensor';
import type { AnyModule } from '../module';
import { MSSAR } from '../mssar';
import type { CostCounter, Shape } from '../profile';
import type { Layer } from '../sequential';
import type { BatchNorm2d } from '../batch_norm2d';
import { BlockRecalibration, createRecalibration, RecalibrationPlacement } from './recalibration';
import { createShortcut, shortcutName, ShortcutKind } from './shortcut';

export interface ResidualEnd {
  recalibration: Layer | null;
  shortcut: Layer | null;
  readonly placement: RecalibrationPlacement;
}

/** The block's registerModule, bound (it is protected). */
export type Register = <M extends AnyModule>(name: string, m: M) => M;

/**
 * Makes and registers the recalibration (of `outChannels`, as `opts` says) and the shortcut from
 * `inChannels` to `outChannels` at `stride` (`kind`, default 'projection').
 */
export function residualEnd(register: Register, inChannels: number, outChannels: number, stride: number,
  opts: BlockRecalibration & { shortcut?: ShortcutKind }): ResidualEnd {
  const r = createRecalibration(outChannels, opts);
  const recalibration = r ? register(r.name, r.module) : null;
  const kind = opts.shortcut ?? 'projection';
  const s = createShortcut(kind, inChannels, outChannels, stride);
  const shortcut = s ? register(shortcutName(kind), s) : null;
  return { recalibration, shortcut, placement: opts.placement ?? 'afterBn' };
}

/** R (where it sits before the batch norm) and the branch's last batch norm on c, its last convolution's output. */
export function residualNorm(end: ResidualEnd, bn: BatchNorm2d, c: Tensor): Tensor {
  return bn.forward(end.placement === 'beforeBn' && end.recalibration ? end.recalibration.forward(c) : c);
}

/** relu(R(y) + shortcut(x)) (R only where it sits after the batch norm): y from residualNorm, x the block's input. */
export function residualForward(end: ResidualEnd, y: Tensor, x: Tensor): Tensor {
  const short = end.shortcut ? end.shortcut.forward(x) : x;
  const r = end.placement === 'afterBn' ? end.recalibration : null;
  // MS-SAR, the sum and the ReLU in one pass.
  if (r instanceof MSSAR) return r.forwardAddRelu(y, short);
  return addRelu(r ? r.forward(y) : y, short);
}

/** residualNorm's output shape, counting R where it sits before the batch norm. */
export function residualNormProfile(end: ResidualEnd, bn: BatchNorm2d, c: Shape, counter: CostCounter): number[] {
  return bn.profile(end.placement === 'beforeBn' && end.recalibration ? end.recalibration.profile(c, counter) : c, counter);
}

/** The output shape of the block's end (the branch's shape must equal the shortcut's), counting R (after the batch norm) and the shortcut. */
export function residualProfile(op: string, end: ResidualEnd, branch: Shape, input: Shape, counter: CostCounter): number[] {
  const y = end.placement === 'afterBn' && end.recalibration ? end.recalibration.profile(branch, counter) : branch;
  return residualSum(op, y, end.shortcut ? end.shortcut.profile(input, counter) : input);
}

/** Throws unless the residual and the shortcut have the same shape; returns it. */
export function residualSum(op: string, residual: Shape, shortcut: Shape): number[] {
  if (residual.join(',') !== shortcut.join(',')) {
    throw new Error(`${op}: residual [${residual.join(',')}] and shortcut [${shortcut.join(',')}] differ in shape`);
  }
  return residual.slice();
}
