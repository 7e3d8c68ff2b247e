// One training step of a zoo model on random data, set up once and run many times: what
// `mssar profile` times per op and what the benchmark suite times per configuration.
import { randn, manualSeed, tensor } from '../creation';
import { crossEntropy } from '../functional/cross_entropy';
import { create } from '../models/registry';
import { noGrad } from '../autograd';
import type { Recalibration } from '../nn/blocks/recalibration';
import type { Layer } from '../nn/sequential';
import { SGD } from '../optim/sgd';
import { tidy } from '../scope';
import type { Tensor } from '../tensor';

export interface StepOptions {
  model: string;
  recalibration: Recalibration;
  batchSize: number;
  /** [C, H, W] of one image. */
  input: [number, number, number];
  numClasses?: number;
  seed?: number;
}

export interface Step {
  model: Layer;
  /** Forward, backward and the SGD update (train mode). */
  train(): void;
  /** Forward only, eval mode, no gradients recorded. */
  infer(): void;
  dispose(): void;
}

/** A training step with SGD (lr 0.1, momentum 0.9, weight decay 5e-4) and cross entropy. */
export function trainingStep(o: StepOptions): Step {
  manualSeed(o.seed ?? 0);
  const numClasses = o.numClasses ?? 10;
  const model = create(o.model, { numClasses, inChannels: o.input[0], recalibration: o.recalibration });
  const optimizer = new SGD(model.namedParameters(), { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const x: Tensor = randn([o.batchSize, ...o.input]).keep();
  const labels = Int32Array.from({ length: o.batchSize }, (_, i) => (i * 7919) % numClasses);
  const y: Tensor = tensor(labels, [o.batchSize], { dtype: 'int32' }).keep();
  return {
    model,
    train() {
      model.train();
      tidy(() => {
        optimizer.zeroGrad();
        crossEntropy(model.forward(x), y).backward();
        optimizer.step();
      });
    },
    infer() {
      model.eval();
      tidy(() => {
        noGrad(() => model.forward(x));
      });
    },
    dispose() {
      optimizer.zeroGrad();
      optimizer.dispose();
      model.dispose();
      x.dispose();
      y.dispose();
    },
  };
}
