// One training step: forward, cross entropy, backward, SGD update, gradients freed; every tensor it
// makes is freed on return (tidy), so memory stays flat however many steps run.
import { crossEntropy, sum, mul, add } from '../functional';
import type { Device } from '../native';
import type { Layer } from '../nn';
import type { SGD } from '../optim';
import { tidy } from '../scope';
import type { Tensor } from '../tensor';
import { countCorrect } from './topk';

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

export function trainStep(model: Layer, optimizer: SGD, images: Tensor, labels: Tensor, labelArray: Int32Array, device: Device,
  labelSmoothing: number): StepResult {
  return tidy(() => {
    const logits = model.forward(images.to(device));
    const loss = crossEntropy(logits, labels.to(device), { labelSmoothing });
    loss.backward();
    // The divergence guard: a non-finite gradient never reaches the weights.
    const gradNorm2 = sumOfSquares(model.parameters().map((p) => p.grad).filter((g): g is Tensor => g !== null));
    if (Number.isFinite(gradNorm2)) optimizer.step();
    optimizer.zeroGrad();
    const value = loss.item();
    const correct = countCorrect(logits.toArray(), labelArray, logits.shape[1]).top1;
    return { loss: value, correct, gradNorm2 };
  });
}
