// The base of every layer, block and model: a tree of modules holding parameters (leaf tensors that
// want gradients) and buffers (state that is saved but not trained, like running statistics).
//
// Children, parameters and buffers are registered explicitly, in the order the forward uses them,
// so names and order follow PyTorch: `layer1.0.conv1.weight`, `bn1.running_mean`. A module's own
// parameters come before its children's; in the state dict its own buffers follow its own
// parameters, then come the children's entries (as torch.nn.Module.state_dict orders them).
import { checkBool, checkOneOf, checkOptions } from '../check';
import { noGrad } from '../autograd';
import { isFloatDType } from '../dtypes';
import type { Device, DType, FloatDType } from '../native';
import { StoredTensor } from '../io/stored_tensor';
import type { StoredDType } from '../io/stored_tensor';
import { Tensor } from '../tensor';
import type { CostCounter, Shape } from './profile';

/** What loadStateDict did not match (empty when strict loading succeeds). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (dropout active, batch statistics in BN); set recursively by train()/eval(). */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  /** Buffers that files store in another dtype than the tensor's (num_batches_tracked: I64). */
  private readonly ownStoredAs = new Map<string, StoredDType>();
  private readonly ownChildren = new Map<string, AnyModule>();

  abstract forward(...args: In): Out;

  /** forward(...args). */
  call(...args: In): Out {
    return this.forward(...args);
  }

  /**
   * The output shape for an input of shape `input`, with this module's multiply-adds added to
   * `counter` (see profile.ts for what counts), computed without running anything.
   */
  profile(input: Shape, counter: CostCounter): number[] {
    void input;
    void counter;
    throw new Error(`${this.constructor.name}: profile is not implemented`);
  }

  /** Registers a trainable tensor under `name` (it becomes a leaf that requires grad) and returns it. */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.checkName(name);
    if (!isFloatDType(t.dtype)) throw new Error(`${this.constructor.name}: parameter '${name}' must be a float tensor`);
    if (t.gradFn) throw new Error(`${this.constructor.name}: parameter '${name}' must be a leaf tensor (detach it first)`);
    t.requiresGrad_(true).keep();
    this.ownParameters.set(name, t);
    return t;
  }

  /**
   * Registers state that is saved and moved with the module but not trained, and returns it.
   * `storedAs` is the dtype files hold it in, where PyTorch's differs from the tensor's own.
   */
  protected registerBuffer(name: string, t: Tensor, opts: { storedAs?: StoredDType } = {}): Tensor {
    this.checkName(name);
    this.ownBuffers.set(name, t.keep());
    if (opts.storedAs) this.ownStoredAs.set(name, opts.storedAs);
    return t;
  }

  /** Registers a child module under `name` (its entries are named `name.*`) and returns it. */
  protected registerModule<M extends AnyModule>(name: string, m: M): M {
    this.checkName(name);
    this.ownChildren.set(name, m);
    return m;
  }

  private checkName(name: string): void {
    if (name === '' || name.includes('.')) {
      throw new Error(`${this.constructor.name}: '${name}' is not a valid name (non-empty, no dots)`);
    }
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.ownChildren.has(name)) {
      throw new Error(`${this.constructor.name}: '${name}' is already registered`);
    }
  }

  /** The direct children, with their names, in registration order. */
  namedChildren(): [string, AnyModule][] {
    return [...this.ownChildren];
  }

  children(): AnyModule[] {
    return [...this.ownChildren.values()];
  }

  /** This module ('' or `prefix`) and every descendant, depth first, each once. */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const visit = (m: AnyModule, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [childName, child] of m.ownChildren) visit(child, join(name, childName));
    };
    visit(this, prefix);
    return out;
  }

  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name (`layer1.0.conv1.weight`), each tensor once. */
  namedParameters(): [string, Tensor][] {
    return this.collect((m) => m.ownParameters);
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer with its dotted name (`bn1.running_mean`), each tensor once. */
  namedBuffers(): [string, Tensor][] {
    for (const m of this.modules()) m.syncBuffers();
    return this.collect((m) => m.ownBuffers);
  }

  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  private collect(pick: (m: AnyModule) => Map<string, Tensor>): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, t] of pick(m)) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push([join(prefix, name), t]);
      }
    }
    return out;
  }

  /** Number of elements over all parameters. */
  numParameters(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.size;
    return n;
  }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Frees every parameter's gradient (grad becomes null). */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /**
   * Moves every parameter, gradient and buffer to `device`, or casts the float ones to a float
   * dtype. The tensors keep their identity (their storage is replaced in place with Tensor.set_),
   * so references held elsewhere, an optimizer's list of parameters for instance, stay valid; an
   * optimizer's own state (momentum) is not moved: move the model before creating the optimizer.
   */
  to(target: Device | FloatDType): this {
    checkOneOf('Module.to', 'target', target, ['cpu', 'cuda', 'float32', 'float64']);
    const isDevice = target === 'cpu' || target === 'cuda';
    const convert = (t: Tensor): Tensor | null => {
      if (isDevice) return t.device === target ? null : t.to(target);
      if (!isFloatDType(t.dtype) || t.dtype === target) return null;
      return t.cast(target as DType);
    };
    noGrad(() => {
      for (const t of [...this.parameters(), ...this.buffers()]) {
        const moved = convert(t);
        if (moved) t.set_(moved);
        if (t.grad) {
          const g = convert(t.grad);
          if (g) t.grad.set_(g);
        }
      }
    });
    return this;
  }

  /**
   * Parameters and buffers by dotted name, in PyTorch's state-dict order. The values are the
   * module's own tensors, not copies: clone them to keep a snapshot while training goes on.
   */
  stateDict(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      m.syncBuffers();
      for (const [name, t] of m.ownParameters) out.set(join(prefix, name), t);
      for (const [name, t] of m.ownBuffers) out.set(join(prefix, name), t);
    }
    return out;
  }

  /**
   * The state dict as a file stores it, in PyTorch's dtypes (num_batches_tracked as I64): what
   * `io.saveSafetensors` should write for PyTorch to load it with `strict=True`.
   */
  storedStateDict(): Map<string, StoredTensor> {
    const out = new Map<string, StoredTensor>();
    for (const [prefix, m] of this.namedModules()) {
      m.syncBuffers();
      for (const [name, t] of m.ownParameters) out.set(join(prefix, name), StoredTensor.fromTensor(t));
      for (const [name, t] of m.ownBuffers) out.set(join(prefix, name), StoredTensor.fromTensor(t, m.ownStoredAs.get(name)));
    }
    return out;
  }

  /**
   * Copies the values of `state` into this module's parameters and buffers (onto their devices),
   * keeping the tensors' identities. With strict (the default) every key must match exactly; in
   * any mode a shape mismatch is an error naming the key. Tensors must have the module's dtype;
   * StoredTensors (from `io.loadSafetensors`) are converted under the rules of
   * `StoredTensor.toTensor` (exact or standard conversions; others are refused, naming the key).
   * Nothing is changed when it throws.
   */
  loadStateDict(state: ReadonlyMap<string, Tensor | StoredTensor>, opts: { strict?: boolean } = {}): LoadStateDictResult {
    if (!(state instanceof Map)) throw new Error(`loadStateDict: state must be a Map of names to tensors, got ${state === null ? 'null' : typeof state}`);
    opts = checkOptions<{ strict?: boolean }>('loadStateDict', 'options', opts, ['strict']);
    if (opts.strict !== undefined) checkBool('loadStateDict', 'options.strict', opts.strict);
    const strict = opts.strict ?? true;
    const own = this.stateDict();
    const missingKeys = [...own.keys()].filter((k) => !state.has(k));
    const unexpectedKeys = [...state.keys()].filter((k) => !own.has(k));
    if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      const parts: string[] = [];
      if (missingKeys.length > 0) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      throw new Error(`loadStateDict: ${this.constructor.name}: ${parts.join('; ')}`);
    }
    const pairs: [Tensor, Tensor, boolean][] = [];
    const converted: Tensor[] = [];
    try {
      for (const [key, dst] of own) {
        const src = state.get(key);
        if (!src) continue;
        if (!(src instanceof Tensor) && !(src instanceof StoredTensor)) throw new Error(`loadStateDict: '${key}' is not a Tensor or StoredTensor`);
        if (src instanceof Tensor && src.isDisposed) throw new Error(`loadStateDict: '${key}' is disposed`);
        if (src.shape.join(',') !== dst.shape.join(',')) {
          throw new Error(`loadStateDict: '${key}' has shape [${src.shape.join(',')}] in the state dict ` +
            `but [${dst.shape.join(',')}] in the module`);
        }
        if (src instanceof StoredTensor) {
          let t: Tensor;
          try {
            t = src.toTensor(dst.dtype, key);
          } catch (e) {
            throw new Error(`loadStateDict: ${(e as Error).message}`);
          }
          converted.push(t);
          pairs.push([dst, t, true]);
          continue;
        }
        if (src.dtype !== dst.dtype) {
          throw new Error(`loadStateDict: '${key}' is ${src.dtype} in the state dict but ${dst.dtype} in the module`);
        }
        pairs.push([dst, src, false]);
      }
    } catch (e) {
      for (const t of converted) t.dispose();
      throw e;
    }
    noGrad(() => {
      for (const [dst, src, owned] of pairs) {
        if (src === dst) continue;
        let copy = src.device === dst.device ? (owned ? src : src.clone()) : src.to(dst.device);
        if (owned && copy !== src) src.dispose();
        if (copy.layout !== 'plain') {
          const plain = copy.toLayout('plain');
          copy.dispose();
          copy = plain;
        }
        dst.set_(copy);
      }
    });
    for (const m of this.modules()) m.stateLoaded();
    return { missingKeys, unexpectedKeys };
  }

  /** Frees every parameter, gradient and buffer; the module cannot be used afterwards. */
  dispose(): void {
    for (const t of [...this.parameters(), ...this.buffers()]) {
      t.grad?.dispose();
      t.grad = null;
      t.dispose();
    }
  }

  /** Brings buffers mirrored from JavaScript state up to date before they are read. */
  protected syncBuffers(): void {}

  /** Reads back JavaScript state mirrored in buffers after loadStateDict. */
  protected stateLoaded(): void {}
}

/** Any module, whatever its forward takes and returns. */
// Method parameters are bivariant, so every Module<In, Out> is assignable to this type.
export type AnyModule = Module<unknown[], unknown>;

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}
