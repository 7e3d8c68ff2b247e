// Reverse-mode autograd in the micrograd manner: each op records a node with its backward closure
// beside its forward math; backward() walks the nodes in reverse topological order.
//
// Gradient rule (as in llm.c): parameter (leaf) gradients accumulate (+=) until zeroed; gradients
// flowing into a node that fans out (residual streams, concat inputs) are summed before it runs.
// Nodes hold what their backward needs as extra native handles, so disposing a forward tensor
// never breaks the graph; a node's handles are released when backward has run through it, or when
// no tensor and no later node refers to it any more.
import { checkFunction } from './check';
import { native, NativeTensor } from './native';
import type { Tensor } from './tensor';

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn with gradient recording off: ops record nothing, outputs do not require grad. */
export function noGrad<T>(fn: () => T): T {
  checkFunction('noGrad', 'fn', fn);
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export function enableGrad<T>(fn: () => T): T {
  checkFunction('enableGrad', 'fn', fn);
  const prev = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Where a node's input gradient goes: an earlier node, or a leaf tensor's .grad. */
export type GradEdge = { node: GradNode } | { leaf: Tensor };

/**
 * Computes the gradients of a node's inputs from the gradient of its output. `needs[i]` says
 * whether input i wants one; return null where it does not.
 */
export type BackwardFn = (gradOutput: Tensor, needs: boolean[]) => (Tensor | null)[];

export class GradNode {
  private refs = 1; // the output tensor
  released = false;

  constructor(
    readonly name: string,
    public next: (GradEdge | null)[],
    private backwardFn: BackwardFn | null,
    private saved: NativeTensor[],
  ) {
    for (const e of next) if (e && 'node' in e) e.node.refs++;
  }

  get needs(): boolean[] {
    return this.next.map((e) => e !== null);
  }

  apply(gradOutput: Tensor): (Tensor | null)[] {
    if (this.released || !this.backwardFn) {
      throw new Error(`backward: the graph through ${this.name} has already been freed ` +
        '(backward ran through it, or its tensors were disposed); pass { retainGraph: true } to backward to run it twice');
    }
    return this.backwardFn(gradOutput, this.needs);
  }

  unref(): void {
    if (--this.refs <= 0) this.release();
  }

  /**
   * Drops the saved handles. With `cascade`, also drops this node's hold on earlier nodes, which
   * frees them in turn once nothing else holds them; backward releases every node it visits itself
   * and so must not cascade (it would free nodes it has yet to run).
   */
  release(cascade = true): void {
    if (this.released) return;
    this.released = true;
    for (const h of this.saved) h.dispose();
    this.saved = [];
    this.backwardFn = null;
    const next = this.next;
    this.next = [];
    if (cascade) for (const e of next) if (e && 'node' in e) e.node.unref();
  }
}

type TensorFactory = (handle: NativeTensor) => Tensor;
let wrapHandle: TensorFactory | null = null;
/** Set once by tensor.ts (avoids an import cycle at load time). */
export function setTensorFactory(f: TensorFactory): void {
  wrapHandle = f;
}

function edgeOf(t: Tensor | null | undefined): GradEdge | null {
  if (!t || !t.requiresGrad) return null;
  return t.gradFn ? { node: t.gradFn } : { leaf: t };
}

/** Whether an op on these inputs must record a node. */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/**
 * Records `output` as the result of op `name` on `inputs`, when any input requires grad. `saved`
 * are the extra handles the backward closure uses; they are released with the node (and disposed
 * at once when nothing is recorded).
 */
export function record(name: string, output: Tensor, inputs: readonly (Tensor | null | undefined)[],
  saved: NativeTensor[], backward: BackwardFn): Tensor {
  if (!needsGrad(inputs)) {
    for (const h of saved) h.dispose();
    return output;
  }
  output.requiresGrad = true;
  output.gradFn = new GradNode(name, inputs.map(edgeOf), backward, saved);
  return output;
}

/**
 * acc + g. In place when acc's storage has no other holder; otherwise (it may be a forward tensor
 * or another gradient that a backward closure passed on as is) into a fresh copy.
 */
function sumInto(acc: Tensor, g: Tensor): Tensor {
  if (!wrapHandle) throw new Error('autograd: tensor factory not set');
  // The sum takes the layout of the tensor it is made in: prefer a blocked one (conv2d's), which
  // the ops upstream read as it is, over a plain one that they would reorder.
  if (acc.handle.layout === 'plain' && g.handle.layout !== 'plain' && g.handle.storageRefs === 1) {
    [acc, g] = [g, acc];
  }
  let target = acc;
  if (acc.handle.storageRefs !== 1) {
    target = wrapHandle(native.clone(acc.handle));
    acc.dispose();
  }
  native.accumulate(target.handle, g.handle);
  g.dispose();
  return target;
}

function accumulateLeaf(leaf: Tensor, g: Tensor): void {
  if (leaf.isDisposed) {
    g.dispose();
    return;
  }
  if (g.dtype !== leaf.dtype || g.device !== leaf.device || g.shape.join(',') !== leaf.shape.join(',')) {
    const got = g.handle.describe();
    g.dispose();
    throw new Error(`backward: gradient ${got} does not match its leaf ${leaf.handle.describe()}`);
  }
  let plain = g;
  if (g.handle.layout !== 'plain') {
    plain = g.toLayout('plain');
    g.dispose();
  }
  const grad = leaf.grad && !leaf.grad.isDisposed ? sumInto(leaf.grad, plain) : plain;
  leaf.grad = grad.keep();
}

/**
 * Gradient-ready hooks: `fn(leaf)` runs during backward as soon as `leaf.grad` is final for that
 * backward pass (every node that feeds it has run), so that distributed training can start
 * reducing a gradient while the rest of the backward pass goes on. null removes the hook.
 */
const readyHooks = new Map<Tensor, (leaf: Tensor) => void>();

export function setGradReadyHook(leaf: Tensor, fn: ((leaf: Tensor) => void) | null): void {
  if (fn) readyHooks.set(leaf, fn);
  else readyHooks.delete(leaf);
}

/** For each hooked leaf, how many edges of the nodes in `order` lead to it. */
function pendingEdges(order: readonly GradNode[]): Map<Tensor, number> {
  const pending = new Map<Tensor, number>();
  if (readyHooks.size === 0) return pending;
  for (const node of order) {
    for (const e of node.next) {
      if (e && 'leaf' in e && readyHooks.has(e.leaf)) pending.set(e.leaf, (pending.get(e.leaf) ?? 0) + 1);
    }
  }
  return pending;
}

/** Counts down the hooked leaves that `edges` lead to; runs the hook of each that reaches zero. */
function settleLeaves(edges: readonly (GradEdge | null)[], pending: Map<Tensor, number>): void {
  if (pending.size === 0) return;
  for (const e of edges) {
    if (!e || !('leaf' in e)) continue;
    const left = pending.get(e.leaf);
    if (left === undefined) continue;
    if (left > 1) {
      pending.set(e.leaf, left - 1);
    } else {
      pending.delete(e.leaf);
      readyHooks.get(e.leaf)?.(e.leaf);
    }
  }
}

export interface BackwardOptions {
  retainGraph?: boolean;
}

/** Runs backward from `root` with upstream gradient `grad` (ones for a one-element root). */
export function runBackward(root: Tensor, grad: Tensor | undefined, opts: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new Error(`backward: tensor ${root.handle.describe()} does not require grad`);
  }
  if (!wrapHandle) throw new Error('autograd: tensor factory not set');
  let upstream: Tensor;
  if (grad === undefined) {
    if (root.size !== 1) {
      throw new Error(`backward: an upstream gradient is needed for a tensor of shape [${root.shape.join(',')}]; ` +
        'call backward(grad) or reduce it to one element first');
    }
    upstream = wrapHandle(native.full(root.shape.slice(), 1, root.dtype as 'float32' | 'float64', root.device));
  } else {
    if (grad.shape.join(',') !== root.shape.join(',') || grad.dtype !== root.dtype || grad.device !== root.device) {
      throw new Error(`backward: gradient ${grad.handle.describe()} does not match tensor ${root.handle.describe()}`);
    }
    upstream = wrapHandle(grad.handle.share());
  }

  noGradBackward(root, upstream, opts);
}

function noGradBackward(root: Tensor, upstream: Tensor, opts: BackwardOptions): void {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    if (!root.gradFn) {
      accumulateLeaf(root, upstream);
      readyHooks.get(root)?.(root);
      return;
    }
    const order = topologicalOrder(root.gradFn);
    const pending = pendingEdges(order);
    const grads = new Map<GradNode, Tensor>([[root.gradFn, upstream]]);
    try {
      for (const node of order) {
        const g = grads.get(node);
        grads.delete(node);
        if (!g) {
          settleLeaves(node.next, pending);
          if (!opts.retainGraph) node.release(false);
          continue;
        }
        const inputGrads = node.apply(g);
        g.dispose();
        const next = node.next;
        for (let i = 0; i < next.length; i++) {
          const gi = inputGrads[i] ?? null;
          const edge = next[i];
          if (!gi) continue;
          if (!edge) {
            gi.dispose();
            continue;
          }
          if ('leaf' in edge) {
            accumulateLeaf(edge.leaf, gi);
          } else {
            const prevGrad = grads.get(edge.node);
            grads.set(edge.node, prevGrad ? sumInto(prevGrad, gi) : gi);
          }
        }
        settleLeaves(next, pending);
        if (!opts.retainGraph) node.release(false);
      }
    } finally {
      for (const g of grads.values()) g.dispose();
    }
  } finally {
    gradEnabled = prev;
  }
}

function topologicalOrder(root: GradNode): GradNode[] {
  // Iterative DFS (deep networks would overflow a recursive one); post-order reversed.
  const post: GradNode[] = [];
  const visited = new Set<GradNode>();
  const stack: [GradNode, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.next.length) {
      top[1]++;
      const e = node.next[i];
      if (e && 'node' in e && !visited.has(e.node)) {
        visited.add(e.node);
        stack.push([e.node, 0]);
      }
    } else {
      stack.pop();
      post.push(node);
    }
  }
  return post.reverse();
}
