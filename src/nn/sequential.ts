import { tidy } from '../scope';
import { fail } from '../check';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, Shape } from './profile';

/** A Tensor -> Tensor module. */
export type Layer = Module<[Tensor], Tensor>;

/**
 * Runs its children in order. Children given as a list are named '0', '1', ...; given as
 * [name, module] pairs they keep their names (PyTorch's OrderedDict form).
 */
export class Sequential extends Module {
  private readonly layers: Layer[] = [];

  constructor(...layers: (Layer | [string, Layer])[]) {
    super();
    layers.forEach((entry, i) => {
      const ok = entry instanceof Module || (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && entry[1] instanceof Module);
      if (!ok) fail('Sequential', `layers[${i}]`, 'a Module or a [name, Module] pair', entry);
    });
    for (const entry of layers) {
      if (Array.isArray(entry)) this.append(entry[1], entry[0]);
      else this.append(entry);
    }
  }

  /** Adds a layer at the end, named by its position unless a name is given. */
  append(layer: Layer, name = String(this.layers.length)): this {
    if (!(layer instanceof Module)) fail('Sequential.append', 'layer', 'a Module', layer);
    this.layers.push(this.registerModule(name, layer));
    return this;
  }

  get length(): number {
    return this.layers.length;
  }

  at(i: number): Layer {
    const layer = this.layers[i < 0 ? this.layers.length + i : i];
    if (!layer) throw new Error(`Sequential: no layer at index ${i} (length ${this.layers.length})`);
    return layer;
  }

  /**
   * Each layer runs in its own tidy scope, and the output of one layer is disposed once the next
   * has used it: what a layer makes on the way is freed when it returns rather than at the end of
   * the caller's scope. Inference then holds a few activations at a time, and a training step's
   * backward frees each activation as soon as the last node that saved it has run (autograd keeps
   * its own handles on what backward needs). A layer that wants to hold on to its output beyond
   * the next layer (to look at features, say) should keep a clone of it.
   */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) {
      const input = y;
      const out = tidy(() => layer.forward(input));
      if (input !== x && out !== input) input.dispose();
      y = out;
    }
    return y;
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let shape = input.slice();
    for (const layer of this.layers) shape = layer.profile(shape, counter);
    return shape;
  }
}
