// The recalibration a block applies to its residual (or new features) before the addition (or
// concatenation): none, squeeze-and-excitation, or MS-SAR (docs/mssar.md, "Where it goes").
import { checkBlockOptions, checkChannels } from './check_block';
import { MSSAR } from '../mssar';
import { SE } from '../se';
import type { Layer } from '../sequential';

export type Recalibration = 'none' | 'se' | 'mssar';

/**
 * Where a post-activation residual block (basic, bottleneck) puts its recalibration R:
 * 'afterBn' (default) after the branch's last batch norm, `conv-BN -> R -> + shortcut`;
 * 'beforeBn' between the last convolution and its batch norm, `conv -> R -> BN -> + shortcut`, so
 * that the batch norm takes out the gate's average level (at the start, a constant gate is undone
 * entirely and the block computes what the plain block does). Pre-activation blocks and dense
 * layers have no batch norm after their last convolution: both placements are the same there.
 */
export type RecalibrationPlacement = 'afterBn' | 'beforeBn';

/** Whether a parameter name (Module.namedParameters()) belongs to a block's SE or MS-SAR module. */
export function isRecalibrationParameter(name: string): boolean {
  return /(^|\.)(se|mssar)\./.test(name);
}

export interface RecalibrationOptions {
  /** MS-SAR cell sizes (default [1, 2, 4]). */
  scales?: number[];
  /** MS-SAR with mirrored cells sharing weights (default false). */
  symmetric?: boolean;
  /** MS-SAR's starting bias (default 4, nn.MSSAR's: the gate starts at 0.98). */
  initBias?: number;
  /** MS-SAR with a global-average scale beside the local cells (default false). */
  global?: boolean;
  /** SE's reduction ratio r (default 16). */
  reduction?: number;
  /** Where a residual block puts the recalibration (default 'afterBn'). */
  placement?: RecalibrationPlacement;
}

export interface BlockRecalibration extends RecalibrationOptions {
  /** Default 'none'. */
  recalibration?: Recalibration;
}

/**
 * The recalibration module for `channels` and the name it is registered under ('se' or 'mssar'),
 * or null for 'none'.
 */
export function createRecalibration(channels: number, opts: BlockRecalibration): { name: string; module: Layer } | null {
  checkChannels('createRecalibration', 'channels', channels);
  opts = checkBlockOptions<BlockRecalibration>('createRecalibration', opts, []);
  const kind = opts.recalibration ?? 'none';
  switch (kind) {
    case 'none':
      return null;
    case 'se':
      return { name: 'se', module: new SE(channels, { reduction: opts.reduction }) };
    case 'mssar':
      return { name: 'mssar', module: new MSSAR(channels, {
        scales: opts.scales, symmetric: opts.symmetric, initBias: opts.initBias, global: opts.global,
      }) };
    default:
      throw new Error(`unknown recalibration '${String(kind)}': expected 'none', 'se' or 'mssar'`);
  }
}
