// Evaluation: the mean cross entropy and the top-1 and top-5 accuracy of a model on a loader, in
// inference mode (BN running statistics, no dropout), without recording gradients.
import { fail, checkOneOf, checkOptions, checkInt } from '../check';
import { noGrad } from '../autograd';
import { DataLoader } from '../data/loader';
import { crossEntropy } from '../functional';
import type { Device } from '../native';
import type { Layer } from '../nn';
import { Module } from '../nn/module';
import { tidy } from '../scope';
import { countCorrect } from './topk';
import { tensor } from '../creation';
import { allReduce } from '../distributed/collectives';
import { isInitialized } from '../distributed/world';

export interface EvalResult {
  loss: number;
  top1: number;
  top5: number;
  images: number;
  seconds: number;
}

const fnName = 'evaluate';

function sumOverShards(fn: string, values: number[]): number[] {
  if (!isInitialized()) throw new Error(`${fn}: the loader reads a shard, but distributed.init() has not run`);
  const t = tensor(values, [values.length], { dtype: 'float64' });
  const s = allReduce(t);
  t.dispose();
  const out = Array.from(s.toArray() as Float64Array);
  s.dispose();
  return out;
}

/**
 * The loss and accuracy of `model` on `loader`. A loader that reads a shard (LoaderOptions.shard)
 * evaluates this rank's share, and the sums are all-reduced: every rank returns the whole set's figures.
 */
export async function evaluate(model: Layer, loader: DataLoader, device: Device, opts: { maxBatches?: number | null } = {}): Promise<EvalResult> {
  if (!(model instanceof Module)) fail('evaluate', 'model', 'a Module', model);
  if (!(loader instanceof DataLoader)) fail('evaluate', 'loader', 'a DataLoader', loader);
  checkOneOf('evaluate', 'device', device, ['cpu', 'cuda']);
  const o = checkOptions<{ maxBatches?: number | null }>('evaluate', 'options', opts, ['maxBatches']);
  if (o.maxBatches !== undefined && o.maxBatches !== null) checkInt('evaluate', 'options.maxBatches', o.maxBatches, 0);
  const t0 = performance.now();
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let top1 = 0;
  let top5 = 0;
  let images = 0;
  let batches = 0;
  try {
    for await (const batch of loader) {
      try {
        const n = batch.labelArray.length;
        const { loss, logits, classes } = noGrad(() => tidy(() => {
          const out = model.forward(batch.images.to(device));
          return { loss: crossEntropy(out, batch.labels.to(device)).item(), logits: out.toArray(), classes: out.shape[1] };
        }));
        const c = countCorrect(logits, batch.labelArray, classes);
        lossSum += loss * n;
        top1 += c.top1;
        top5 += c.top5;
        images += n;
      } finally {
        batch.images.dispose();
        batch.labels.dispose();
      }
      if (opts.maxBatches && ++batches >= opts.maxBatches) break;
    }
  } finally {
    model.train(wasTraining);
  }
  if (loader.shard.count > 1) {
    // A sharded evaluation: the counts of every rank (integers, so top-1 and top-5 are exact).
    [lossSum, top1, top5, images] = sumOverShards(fnName, [lossSum, top1, top5, images]);
  }
  if (images === 0) throw new Error('evaluate: the evaluation set is empty');
  return { loss: lossSum / images, top1: top1 / images, top5: top5 / images, images, seconds: (performance.now() - t0) / 1000 };
}
