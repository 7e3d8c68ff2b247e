// Parameters and multiply-adds of a model with each recalibration, counted analytically
// (src/nn/profile.ts says what one multiply-add is).
import { checkInt } from '../check';
import { getRngState, setRngState } from '../creation';
import type { Recalibration } from '../nn/blocks/recalibration';
import { LayerCost, profileModule } from '../nn/profile';
import type { ModelOptions } from './options';
import { resolveOptions, spec } from './registry';

export interface InfoOptions extends Omit<ModelOptions, 'recalibration'> {
  /**
   * Input height and width. Default: 28 when inChannels is 1 (Fashion-MNIST), else 32 for the
   * CIFAR models and 224 for the ImageNet ones.
   */
  inputSize?: number | [number, number];
  /** Keep every layer's cost in the rows (default false). */
  layers?: boolean;
}

export interface InfoRow {
  recalibration: Recalibration;
  parameters: number;
  /** Multiply-adds for one image. */
  macs: number;
  /** Over the same model without recalibration. */
  extraParameters: number;
  extraMacs: number;
  layers?: LayerCost[];
}

export interface ModelInfo {
  name: string;
  description: string;
  /** [1, C, H, W]. */
  inputShape: number[];
  numClasses: number;
  rows: InfoRow[];
}

export function defaultInputSize(name: string, inChannels: number): number {
  const s = spec(name, 'defaultInputSize');
  checkInt('defaultInputSize', 'inChannels', inChannels, 1);
  if (inChannels === 1) return 28;
  return s.family === 'cifar' ? 32 : 224;
}

/** Builds the model with recalibration none, se and mssar and counts parameters and MACs. */
export function info(name: string, opts: InfoOptions = {}): ModelInfo {
  const s = spec(name, 'info');
  const base = resolveOptions(s, opts, 'info', ['inputSize', 'layers']);
  const size = opts.inputSize ?? defaultInputSize(name, base.inChannels);
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  const inputShape = [1, base.inChannels, h, w];
  const kinds: Recalibration[] = ['none', 'se', 'mssar'];
  // Building draws initial weights; leave the global generator as it was.
  const rng = getRngState();
  const rows: InfoRow[] = [];
  try {
    for (const kind of kinds) {
      const model = s.build({ ...base, recalibration: kind });
      try {
        const parameters = model.numParameters();
        const p = profileModule(model, inputShape);
        rows.push({ recalibration: kind, parameters, macs: p.macs, extraParameters: 0, extraMacs: 0, ...(opts.layers ? { layers: p.layers } : {}) });
      } finally {
        model.dispose();
      }
    }
  } finally {
    setRngState(rng);
  }
  for (const r of rows) {
    r.extraParameters = r.parameters - rows[0].parameters;
    r.extraMacs = r.macs - rows[0].macs;
  }
  return { name, description: s.description, inputShape, numClasses: base.numClasses, rows };
}
