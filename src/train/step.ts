// One training step: forward, cross entropy, backward, SGD update, gradients freed; every tensor it
// makes is freed on return (tidy), so memory stays flat however many steps run.
import { crossEntropy, sum, mul, add } from '../functional';
import type { Device } from '../native';
import type { Layer } from '../nn';
import type { SGD } from '../optim';
import { tidy } from '../scope';
import { full } from '../creation';
import type { Tensor } from '../tensor';
import { countCorrect } from './topk';
import { DistributedDataParallel } from '../nn/distributed_data_parallel';

export interface StepResult {
  /** The batch's mean loss (NaN or infinite when training diverged: the update is then not to be trusted). */
  loss: number;
  /** Rows whose label scored highest (in training mode). */
  correct: number;
  /**
   * The squared norm of all gradients, summed on the device and read with the loss: NaN or
   * infinite when a gradient is (a NaN input pixel, an overflow); the update is then skipped.
   */
  gradNorm2: number;
}

/** Sum of squares of every element of `ts`, NaN or Inf when any element is (one host read). */
export function sumOfSquares(ts: readonly Tensor[]): number {
  return tidy(() => {
    let total: Tensor | null = null;
    for (const t of ts) {
      // In the tensor's dtype, on its device: a sum that overflows float32 (a gradient norm beyond
      // 1e19) reads as Inf, which is a divergence too.
      const s = sum(mul(t, t));
      total = total ? add(total, s) : s;
    }
    return total ? total.item() : 0;
  });
}

/**
 * `lossScale` weighs this rank's mean loss in a distributed step whose shares differ in size (an
 * epoch's last batch): rows * ranks / global rows, so that the ranks' averaged gradient is the
 * gradient of the global batch's mean loss. A DistributedDataParallel model's gradients are averaged
 * over the ranks before the update.
 */
export function trainStep(model: Layer, optimizer: SGD, images: Tensor, labels: Tensor, labelArray: Int32Array, device: Device,
  labelSmoothing: number, lossScale = 1): StepResult {
  return tidy(() => {
    const logits = model.forward(images.to(device));
    const loss = crossEntropy(logits, labels.to(device), { labelSmoothing });
    (lossScale === 1 ? loss : mul(loss, full([], lossScale, { dtype: loss.dtype as 'float32' | 'float64', device: loss.device }))).backward();
    if (model instanceof DistributedDataParallel) model.synchronize();
    // The divergence guard: a non-finite gradient never reaches the weights.
    const gradNorm2 = sumOfSquares(model.parameters().map((p) => p.grad).filter((g): g is Tensor => g !== null));
    if (Number.isFinite(gradNorm2)) optimizer.step();
    optimizer.zeroGrad();
    const value = loss.item();
    const correct = countCorrect(logits.toArray(), labelArray, logits.shape[1]).top1;
    return { loss: value, correct, gradNorm2 };
  });
}
