// The tensor API as methods: `a.add(b)`, `x.sum({ dim: 1 })`, each the functional op of the same
// name with the tensor as its first operand (docs/tensors.md). Loaded by src/tensor.ts.
import * as F from './functional/tensor_api';
import { Tensor } from './tensor';
import type { Operand } from './functional/elementwise';
import type { ReduceOptions } from './functional/reduce_options';
import type { ValuesAndIndices } from './functional/extremum';
import type { VarOptions } from './functional/variance';
import type { NormOptions } from './functional/norm';

declare module './tensor' {
  interface Tensor {
    add(other: Operand): Tensor;
    sub(other: Operand): Tensor;
    mul(other: Operand): Tensor;
    div(other: Operand): Tensor;
    pow(exponent: Operand): Tensor;
    maximum(other: Operand): Tensor;
    minimum(other: Operand): Tensor;
    eq(other: Operand): Tensor;
    ne(other: Operand): Tensor;
    lt(other: Operand): Tensor;
    le(other: Operand): Tensor;
    gt(other: Operand): Tensor;
    ge(other: Operand): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    gelu(): Tensor;
    clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor;
    /** this where cond is true, else other (PyTorch's x.where(cond, y)). */
    where(cond: Tensor, other: Operand): Tensor;
    sum(opts?: ReduceOptions): Tensor;
    mean(opts?: ReduceOptions): Tensor;
    var(opts?: VarOptions): Tensor;
    std(opts?: VarOptions): Tensor;
    max(opts?: ReduceOptions): Tensor;
    min(opts?: ReduceOptions): Tensor;
    maxWithIndices(opts?: ReduceOptions): ValuesAndIndices;
    minWithIndices(opts?: ReduceOptions): ValuesAndIndices;
    argmax(opts?: ReduceOptions): Tensor;
    argmin(opts?: ReduceOptions): Tensor;
    logsumexp(opts?: ReduceOptions): Tensor;
    norm(opts?: NormOptions): Tensor;
  }
}

const binary = { add: F.add, sub: F.sub, mul: F.mul, div: F.div, pow: F.pow, maximum: F.maximum, minimum: F.minimum,
  eq: F.eq, ne: F.ne, lt: F.lt, le: F.le, gt: F.gt, ge: F.ge } as const;
const unary = { neg: F.neg, abs: F.abs, exp: F.exp, log: F.log, sqrt: F.sqrt, rsqrt: F.rsqrt, tanh: F.tanh,
  sigmoid: F.sigmoid, relu: F.relu, gelu: F.gelu } as const;
const reductions = { sum: F.sum, mean: F.mean, var: F.variance, std: F.std, max: F.max, min: F.min,
  maxWithIndices: F.maxWithIndices, minWithIndices: F.minWithIndices, argmax: F.argmax, argmin: F.argmin,
  logsumexp: F.logsumexp, norm: F.norm } as const;

const proto = Tensor.prototype as unknown as Record<string, unknown>;
for (const [name, fn] of Object.entries(binary)) proto[name] = function (this: Tensor, other: Operand) { return fn(this, other); };
for (const [name, fn] of Object.entries(unary)) proto[name] = function (this: Tensor) { return fn(this); };
for (const [name, fn] of Object.entries(reductions)) {
  proto[name] = function (this: Tensor, opts?: ReduceOptions) { return (fn as (x: Tensor, o?: ReduceOptions) => unknown)(this, opts); };
}
proto.clamp = function (this: Tensor, min?: number | Tensor | null, max?: number | Tensor | null) { return F.clamp(this, min, max); };
proto.where = function (this: Tensor, cond: Tensor, other: Operand) { return F.where(cond, this, other); };
