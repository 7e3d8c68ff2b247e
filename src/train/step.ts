// One training step: forward, cross entropy, backward, SGD update, gradients freed; every tensor it
// makes is freed on return (tidy), so memory stays flat however many steps run.
import { crossEntropy } from '../functional';
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
}

export function trainStep(model: Layer, optimizer: SGD, images: Tensor, labels: Tensor, labelArray: Int32Array, device: Device,
  labelSmoothing: number): StepResult {
  return tidy(() => {
    const logits = model.forward(images.to(device));
    const loss = crossEntropy(logits, labels.to(device), { labelSmoothing });
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();
    // Read back after the update is queued, so the device is never idle waiting for the host.
    const value = loss.item();
    const correct = countCorrect(logits.toArray(), labelArray, logits.shape[1]).top1;
    return { loss: value, correct };
  });
}
