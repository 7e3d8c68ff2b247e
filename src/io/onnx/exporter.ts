// Walks a module tree and writes its inference graph into an OnnxGraph: each module class that can
// be exported has an emitter (emitters.ts) that adds its nodes, reading its children through
// Exporter.emit. Any other module is an Error naming its class and where it sits in the model.
import type { AnyModule } from '../../nn/module';
import type { Tensor } from '../../tensor';
import { OnnxGraph } from './graph';

/** Adds module `m` (named `name` in the model) applied to value `x`; returns the output value. */
export type Emitter<M> = (ex: Exporter, m: M, name: string, x: string) => string;

/** An emitter and the class it handles. */
export interface EmitterEntry {
  // Any constructor: an entry handles the instances of exactly this class.
  type: abstract new (...args: never[]) => AnyModule;
  emit: Emitter<never>;
}

/** `emit` for the instances of `type`. */
export function emitterFor<M extends AnyModule>(type: abstract new (...args: never[]) => M, emit: Emitter<M>): EmitterEntry {
  return { type, emit: emit as Emitter<never> };
}

export function joinName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

export class Exporter {
  readonly graph = new OnnxGraph();

  constructor(private readonly emitters: readonly EmitterEntry[], private readonly root: AnyModule) {}

  /** Adds `m`, named `name`, applied to `x`; throws for a module no emitter handles. */
  emit(m: AnyModule, name: string, x: string): string {
    // The exact class: a subclass may compute something else in its forward.
    const entry = this.emitters.find((e) => m.constructor === e.type);
    if (!entry) {
      const where = name === '' ? 'the model itself' : `'${name}'`;
      throw new Error(`exportOnnx: ${m.constructor.name} (${where}) cannot be exported to ONNX: no ONNX form is defined for it ` +
        `(docs/onnx.md lists the modules that can be)`);
    }
    return (entry.emit as Emitter<AnyModule>)(this, m, name, x);
  }

  /** Adds child `child` of `parent` (named `parentName`) applied to `x`, under the child's registered name. */
  child(parent: AnyModule, parentName: string, child: AnyModule, x: string): string {
    const found = parent.namedChildren().find(([, c]) => c === child);
    if (!found) throw new Error(`exportOnnx: ${child.constructor.name} is not a child of ${parent.constructor.name} ('${parentName}')`);
    return this.emit(child, joinName(parentName, found[0]), x);
  }

  /** A float32 initializer holding `t`'s values (any float dtype or device), named `name`. */
  tensor(name: string, t: Tensor): string {
    return this.graph.floats(name, t.shape, toFloat32(t));
  }

  /** A float32 initializer of `n` copies of `value`. */
  filled(name: string, n: number, value: number): string {
    return this.graph.floats(name, [n], new Float32Array(n).fill(value));
  }

  /** The model being exported. */
  get model(): AnyModule {
    return this.root;
  }
}

/** `t`'s values as float32 (a copy). */
export function toFloat32(t: Tensor): Float32Array {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`exportOnnx: expected a float tensor, got ${t.toString()}`);
  return new Float32Array(t.toArray() as Float32Array | Float64Array);
}
