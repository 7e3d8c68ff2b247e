import { native, NativeFrozenModelHandle } from '../native';
import { operand } from '../functional/operand';
import { Tensor, wrap } from '../tensor';

/**
 * The inference path of a network (`inference.freeze(model)`): a snapshot of its weights with batch
 * norm folded into the convolutions, ReLU and residual sums fused into them, oneDNN's primitives
 * and reordered weights kept between calls, and the whole forward run as one native call with no
 * autograd records. float32 on the CPU. Changes to the model after freeze() do not reach it: freeze
 * again (docs/performance.md, "The inference path").
 */
export class FrozenModel {
  private handle: NativeFrozenModelHandle | null;

  /** Made by inference.freeze. */
  constructor(handle: NativeFrozenModelHandle) {
    this.handle = handle;
  }

  /** The logits for x [N, C, H, W] (float32, cpu), as the model's eval forward gives them. */
  forward(x: Tensor): Tensor {
    const h = operand('FrozenModel.forward', 'x', x);
    return wrap(native.frozenModelRun(this.live('forward'), h));
  }

  /** Bytes the snapshot holds: the folded weights and every packed form made so far. */
  get nbytes(): number {
    return native.frozenModelBytes(this.live('nbytes'));
  }

  get isDisposed(): boolean {
    return this.handle === null;
  }

  /** Frees the snapshot now (the garbage collector would, later). */
  dispose(): void {
    if (this.handle) native.frozenModelRelease(this.handle);
    this.handle = null;
  }

  private live(what: string): NativeFrozenModelHandle {
    if (!this.handle) throw new Error(`FrozenModel.${what}: the frozen model is disposed`);
    return this.handle;
  }
}
