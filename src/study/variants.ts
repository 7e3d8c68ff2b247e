// A study's configurations by name: none, se, and MS-SAR variants, one spelling each:
//
//   se[-prebn][-wd<X>]
//   mssar[-s<scale>(+<scale>)*][-sym][-global][-bias<X>][-prebn][-wd<X>]
//
// the parts in this order, each at most once: `mssar` (the library's default MS-SAR: scales 1,2,4,
// not symmetric, bias 4; the starting definition, bias 0, is `mssar-bias0`), `mssar-sym`,
// `mssar-s1`, `mssar-s2`, `mssar-s4`, `mssar-s1+2`, `mssar-s1+2+4-sym`, `mssar-s2-sym-bias1`, `mssar-bias-0.5`, `mssar-global` (a global-average scale beside the
// cells), `mssar-s1-global`, `mssar-global-bias2-prebn`, `mssar-wd0`, `se-wd0` (-wd<X>: weight decay X on the
// SE or MS-SAR parameters instead of the run's; -prebn: placed before the residual branch's last
// batch norm, e.g. `mssar-prebn`, `se-prebn-wd0`). A name is turned into the `mssar train` flags
// that set it.
import { checkMssarScales } from '../functional/mssar';
import { UsageError } from '../cli/command';
import { MSSAR_DEFAULTS } from '../train/config';
import type { Recalibration } from '../nn/blocks/recalibration';

export interface Variant {
  /** The name as given (also the run directories' prefix). */
  name: string;
  recalibration: Recalibration;
  /** MS-SAR settings (recalibration 'mssar' only). */
  scales?: number[];
  symmetric?: boolean;
  initBias?: number;
  /** MS-SAR with a global-average scale (absent or false: without). */
  global?: boolean;
  /** Weight decay of the SE or MS-SAR parameters (absent: the run's weight decay). */
  recalibrationWeightDecay?: number;
  /** Placed before the residual branch's last batch norm (absent: after it). */
  beforeBn?: boolean;
}

const MSSAR_NAME = /^mssar(?:-s(\d+(?:\+\d+)*))?(-sym)?(-global)?(?:-bias(-?\d+(?:\.\d+)?))?$/;
const WEIGHT_DECAY_SUFFIX = /-wd(\d+(?:\.\d+)?(?:e-?\d+)?)$/;
const BEFORE_BN_SUFFIX = '-prebn';

export const VARIANT_SCHEME = 'none, se[-prebn][-wd<X>], or mssar[-s<scale>(+<scale>)*][-sym][-global][-bias<X>][-prebn][-wd<X>] ' +
  '(e.g. mssar, mssar-sym, mssar-s1, mssar-s1+2+4-sym, mssar-global, mssar-s2-bias1, mssar-prebn, mssar-wd0)';

/** One configuration's name -> its settings; anything else is a UsageError naming it. */
export function parseVariant(name: string): Variant {
  const unknown = (): never => {
    throw new UsageError(`--recalibration: unknown configuration '${name}'; expected ${VARIANT_SCHEME}`);
  };
  const wd = WEIGHT_DECAY_SUFFIX.exec(name);
  if (wd) {
    let base: Variant;
    try {
      base = parseVariant(name.slice(0, wd.index));
    } catch {
      return unknown();
    }
    if (base.recalibration === 'none' || base.recalibrationWeightDecay !== undefined) unknown();
    return { ...base, name, recalibrationWeightDecay: Number(wd[1]) };
  }
  if (name.endsWith(BEFORE_BN_SUFFIX)) {
    let base: Variant;
    try {
      base = parseVariant(name.slice(0, -BEFORE_BN_SUFFIX.length));
    } catch {
      return unknown();
    }
    // -prebn comes before -wd<X>, once.
    if (base.recalibration === 'none' || base.beforeBn || base.recalibrationWeightDecay !== undefined) unknown();
    return { ...base, name, beforeBn: true };
  }
  if (name === 'none' || name === 'se') return { name, recalibration: name };
  const m = MSSAR_NAME.exec(name);
  if (!m) return unknown();
  let scales: number[] = [...MSSAR_DEFAULTS.mssarScales];
  if (m[1] !== undefined) {
    try {
      scales = checkMssarScales(m[1].split('+').map(Number), `--recalibration '${name}'`);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const v: Variant = {
    name, recalibration: 'mssar', scales, symmetric: m[2] !== undefined,
    initBias: m[4] !== undefined ? Number(m[4]) : MSSAR_DEFAULTS.mssarInitBias,
  };
  if (m[3] !== undefined) v.global = true;
  return v;
}

/** The `mssar train` flags that select the variant (the MS-SAR ones only where they differ from the defaults). */
export function variantFlags(v: Variant): string[] {
  const flags = ['--recalibration', v.recalibration];
  if (v.recalibrationWeightDecay !== undefined) flags.push('--recalibration-weight-decay', String(v.recalibrationWeightDecay));
  if (v.beforeBn) flags.push('--recalibration-placement', 'before-bn');
  if (v.recalibration !== 'mssar') return flags;
  if (JSON.stringify(v.scales) !== JSON.stringify(MSSAR_DEFAULTS.mssarScales)) flags.push('--mssar-scales', v.scales!.join(','));
  if (v.symmetric) flags.push('--mssar-symmetric');
  if (v.global) flags.push('--mssar-global');
  // The = form: util.parseArgs takes a value starting with '-' only so.
  if (v.initBias !== MSSAR_DEFAULTS.mssarInitBias) flags.push(`--mssar-init-bias=${v.initBias}`);
  return flags;
}

/** `--recalibration a,b,c` -> the variants, in order; an empty entry or two names of the same settings are UsageErrors. */
export function parseVariantList(list: string): Variant[] {
  const names = list.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--recalibration: an empty name in '${list}'`);
  const variants = names.map(parseVariant);
  const seen = new Map<string, string>();
  for (const v of variants) {
    const key = variantFlags(v).join(' ');
    const other = seen.get(key);
    if (other !== undefined) {
      throw new UsageError(other === v.name ? `--recalibration: '${v.name}' is given twice`
        : `--recalibration: '${other}' and '${v.name}' are the same configuration`);
    }
    seen.set(key, v.name);
  }
  return variants;
}
