// Stochastic gradient descent with momentum, Nesterov and weight decay, as PyTorch formulates it,
// each update one fused native call per parameter (native sgdStep, CPU or CUDA).
import { checkBool, checkNumber, checkOptions, fail, show } from '../check';
import { native } from '../native';
import { Tensor } from '../tensor';
import { zerosLike } from '../creation';
import { Optimizer, OptimizerState } from './optimizer';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  /**
   * false: no weight decay on batch-norm parameters and biases (every parameter of one dimension),
   * a common choice for ResNets. Default true (decay everything, as PyTorch does).
   */
  decayNormAndBias?: boolean;
  /**
   * The weight decay of one parameter, by its name (the names of Module.namedParameters(); a plain
   * list is named '0', '1', ...): a number >= 0 replaces the decay the rules above give it, null
   * keeps it. E.g. no decay on MS-SAR's parameters: (name) => (name.includes('.mssar.') ? 0 : null).
   */
  weightDecayFor?: (name: string, param: Tensor) => number | null;
}

/** Parameters by name (Module.namedParameters()) or a plain list. */
export type Params = Iterable<[string, Tensor]> | readonly Tensor[];

export class SGD implements Optimizer {
  lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private readonly params: { name: string; param: Tensor; decay: number }[];
  private buffers = new Map<Tensor, Tensor>();
  private steps = 0;

  constructor(params: Params, opts: SGDOptions) {
    const given = checkOptions<SGDOptions>('SGD', 'options', opts ?? null,
      ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay', 'decayNormAndBias', 'weightDecayFor']);
    checkNumber('SGD', 'options.lr', given.lr, { min: 0 });
    for (const k of ['momentum', 'dampening', 'weightDecay'] as const) {
      if (given[k] !== undefined) checkNumber('SGD', `options.${k}`, given[k], { min: 0 });
    }
    for (const k of ['nesterov', 'decayNormAndBias'] as const) {
      if (given[k] !== undefined) checkBool('SGD', `options.${k}`, given[k]);
    }
    if (given.weightDecayFor !== undefined && typeof given.weightDecayFor !== 'function') {
      fail('SGD', 'options.weightDecayFor', 'a function (name, param) => number | null', given.weightDecayFor);
    }
    const o = { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, decayNormAndBias: true, weightDecayFor: () => null, ...given } as Required<SGDOptions>;
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      fail('SGD', 'params', 'an array of tensors or of [name, tensor] pairs (Module.namedParameters())', params);
    }
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) throw new Error('SGD: nesterov needs momentum > 0 and dampening 0');
    this.lr = o.lr;
    this.momentum = o.momentum;
    this.dampening = o.dampening;
    this.nesterov = o.nesterov;
    this.weightDecay = o.weightDecay;
    // namedParameters() is itself an array (of pairs), so tell the forms apart by their items.
    const items = [...(params as Iterable<Tensor | [string, Tensor]>)];
    const list: [string, Tensor][] = items.map((item, i) => {
      if (item instanceof Tensor) return [String(i), item];
      if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || !(item[1] instanceof Tensor)) {
        fail('SGD', `params[${i}]`, 'a Tensor or a [name, Tensor] pair', item);
      }
      return item;
    });
    this.params = list.map(([name, param]) => {
      if (!param.requiresGrad) throw new Error(`SGD: parameter ${name} does not require grad`);
      const own = o.weightDecayFor(name, param);
      if (own !== null && !(typeof own === 'number' && own >= 0 && Number.isFinite(own))) {
        throw new Error(`SGD: options.weightDecayFor('${name}') must return a number >= 0 or null, got ${show(own)}`);
      }
      const decay = own ?? (!o.decayNormAndBias && param.ndim <= 1 ? 0 : o.weightDecay);
      return { name, param, decay };
    });
  }

  step(): void {
    checkNumber('SGD.step', 'lr', this.lr, { min: 0 });
    for (const { param, decay } of this.params) {
      if (!param.grad) continue;
      let buf = this.buffers.get(param);
      // A parameter's first update with momentum starts its buffer at the gradient (PyTorch's rule).
      let fresh = false;
      if (this.momentum > 0 && !buf) {
        buf = zerosLike(param).keep();
        this.buffers.set(param, buf);
        fresh = true;
      }
      native.sgdStep(param.handle, param.grad.handle, buf ? buf.handle : null, this.lr, this.momentum, this.dampening,
        decay, this.nesterov, fresh);
    }
    this.steps++;
  }

  zeroGrad(): void {
    for (const { param } of this.params) {
      if (param.grad) {
        param.grad.dispose();
        param.grad = null;
      }
    }
  }

  stateDict(): OptimizerState {
    const tensors = new Map<string, Tensor>();
    for (const { name, param } of this.params) {
      const b = this.buffers.get(param);
      if (b) tensors.set(`${name}.momentum_buffer`, b);
    }
    return { tensors, scalars: { step: this.steps, lr: this.lr, momentum: this.momentum, weight_decay: this.weightDecay } };
  }

  loadStateDict(state: OptimizerState): void {
    for (const { name, param } of this.params) {
      const t = state.tensors.get(`${name}.momentum_buffer`);
      if (!t) continue;
      if (t.shape.join(',') !== param.shape.join(',')) {
        throw new Error(`SGD.loadStateDict: momentum buffer of ${name} has shape [${t.shape.join(',')}], parameter has [${param.shape.join(',')}]`);
      }
      this.buffers.get(param)?.dispose();
      this.buffers.set(param, t.to(param.device).cast(param.dtype).keep());
    }
    this.steps = state.scalars.step ?? this.steps;
    if (state.scalars.lr !== undefined) this.lr = state.scalars.lr;
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose();
    this.buffers.clear();
  }
}
