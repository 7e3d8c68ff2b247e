// Up-front checks of the block constructors' arguments: channel counts, strides and options (the
// recalibration's too), each refused with an Error that names the block.
import { checkBool, checkInt, checkNumber, checkOneOf, checkOptions } from '../../check';
import { checkMssarScales } from '../../functional/mssar';
import type { RecalibrationPlacement } from './recalibration';

/** The most channels a block takes: far beyond any network, small enough for any size arithmetic. */
export const MAX_CHANNELS = 2 ** 20;

export function checkChannels(block: string, arg: string, v: unknown): number {
  return checkInt(block, arg, v, 1, MAX_CHANNELS);
}

export const RECALIBRATION_PLACEMENTS: readonly RecalibrationPlacement[] = ['afterBn', 'beforeBn'];

const RECALIBRATION = ['recalibration', 'scales', 'symmetric', 'initBias', 'global', 'reduction', 'placement'];

/** A block's options: a plain object with known keys, each of the right kind. */
export function checkBlockOptions<T>(block: string, opts: unknown, keys: readonly string[]): T {
  // Keys are not restricted: the models hand their whole BuildOptions down to every block.
  void keys;
  void RECALIBRATION;
  const o = checkOptions<Record<string, unknown>>(block, 'options', opts);
  if (o.stride !== undefined) checkInt(block, 'options.stride', o.stride, 1, 2 ** 20);
  if (o.shortcut !== undefined) checkOneOf(block, 'options.shortcut', o.shortcut, ['A', 'projection', 'conv']);
  if (o.preactShortcut !== undefined) checkBool(block, 'options.preactShortcut', o.preactShortcut);
  if (o.bottleneckWidth !== undefined) checkInt(block, 'options.bottleneckWidth', o.bottleneckWidth, 1, 64);
  if (o.dropout !== undefined) checkNumber(block, 'options.dropout', o.dropout, { min: 0, max: 0.999999 });
  if (o.init !== undefined) checkOneOf(block, 'options.init', o.init, ['fanOut', 'fanIn']);
  if (o.recalibration !== undefined) checkOneOf(block, 'options.recalibration', o.recalibration, ['none', 'se', 'mssar']);
  if (o.scales !== undefined) checkMssarScales(o.scales as number[], block);
  if (o.symmetric !== undefined) checkBool(block, 'options.symmetric', o.symmetric);
  if (o.global !== undefined) checkBool(block, 'options.global', o.global);
  if (o.initBias !== undefined) checkNumber(block, 'options.initBias', o.initBias);
  if (o.reduction !== undefined) checkNumber(block, 'options.reduction', o.reduction, { above: 0 });
  if (o.placement !== undefined) checkOneOf(block, 'options.placement', o.placement, RECALIBRATION_PLACEMENTS);
  return o as T;
}
