// The collectives of mssar.distributed on tensors. Each returns a new tensor (its input is left as
// it is) and records no autograd node: a collective's result is data, not part of a graph.
import { checkInstance, checkInt, checkOneOf, checkOptions } from '../check';
import { isFloatDType } from '../dtypes';
import { native, NativeTensor } from '../native';
import { Tensor } from '../tensor';
import { requireWorld } from './world';

export type ReduceOp = 'sum' | 'mean' | 'max';

export interface AllReduceOptions {
  /** 'sum' (default), 'mean' (the sum divided by worldSize(), float tensors) or 'max'. */
  op?: ReduceOp;
}

function checkTensor(fn: string, t: unknown): Tensor {
  const x = checkInstance(fn, 't', t, Tensor, 'a Tensor');
  if (x.isDisposed) throw new Error(`${fn}: t is disposed`);
  // A CUDA tensor goes to NCCL (the native check says why when NCCL cannot be used).
  return x;
}

/** A plain copy of t's elements, which the collective may overwrite. */
function plainCopy(t: Tensor): NativeTensor {
  return t.handle.layout === 'plain' ? native.clone(t.handle) : native.toLayout(t.handle, 'plain');
}

/** The elementwise sum, mean or max of `t` over every rank (every rank passes the same shape and dtype). */
export function allReduce(t: Tensor, opts?: AllReduceOptions): Tensor {
  const fn = 'distributed.allReduce';
  const x = checkTensor(fn, t);
  const o = checkOptions<AllReduceOptions>(fn, 'opts', opts, ['op']);
  const op = o.op === undefined ? 'sum' : checkOneOf(fn, 'opts.op', o.op, ['sum', 'mean', 'max'] as const);
  if (op === 'mean' && !isFloatDType(x.dtype)) throw new Error(`${fn}: op 'mean' needs a float tensor, got ${x.handle.describe()}`);
  if (op === 'sum' && x.dtype === 'bool') throw new Error(`${fn}: op 'sum' of a bool tensor is not a bool; cast it first, got ${x.handle.describe()}`);
  requireWorld(fn);
  const out = plainCopy(x);
  try {
    native.distAllReduce(out, op);
  } catch (e) {
    out.dispose();
    throw e;
  }
  return new Tensor(out);
}

/** Rank `root`'s `t` on every rank (every rank passes a tensor of the same shape and dtype). */
export function broadcast(t: Tensor, root = 0): Tensor {
  const fn = 'distributed.broadcast';
  const x = checkTensor(fn, t);
  const w = requireWorld(fn);
  checkInt(fn, 'root', root, 0, w.worldSize - 1);
  const out = plainCopy(x);
  try {
    native.distBroadcast(out, root);
  } catch (e) {
    out.dispose();
    throw e;
  }
  return new Tensor(out);
}

/** Every rank's `t`, concatenated along dim 0 in rank order (a scalar from each rank gives [worldSize]). */
export function allGather(t: Tensor): Tensor {
  const fn = 'distributed.allGather';
  const x = checkTensor(fn, t);
  requireWorld(fn);
  const src = plainCopy(x);
  try {
    return new Tensor(native.distAllGather(src));
  } finally {
    src.dispose();
  }
}

/** Returns when every rank has called it. */
export function barrier(): void {
  requireWorld('distributed.barrier');
  native.distBarrier();
}
