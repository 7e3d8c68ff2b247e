// Deterministic memory: every tensor made inside tidy(fn) is disposed when fn returns, except what
// fn returns and what keep() marks. Finalizers on native handles are only a safety net.
import { native, Device, NativeMemory } from './native';
import type { Tensor } from './tensor';

const scopes: Set<Tensor>[] = [];

/** Called by the Tensor constructor. */
export function trackTensor(t: Tensor): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/** Takes a tensor out of every enclosing tidy scope, so it outlives them. */
export function keep<T extends Tensor>(t: T): T {
  if (!isTensorFn || !isTensorFn(t)) throw new Error(`keep: t must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.isDisposed) throw new Error(`keep: t must be a live Tensor, got a disposed tensor [${t.shape.join(',')}]`);
  for (const s of scopes) s.delete(t);
  return t;
}

function collectTensors(value: unknown, into: Set<Tensor>, seen: Set<unknown>, isTensor: (v: unknown) => v is Tensor): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, into, seen, isTensor);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, into, seen, isTensor);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value as Record<string, unknown>)) collectTensors(v, into, seen, isTensor);
  }
}

let isTensorFn: ((v: unknown) => v is Tensor) | null = null;
/** Set once by tensor.ts (avoids an import cycle at load time). */
export function setTensorCheck(fn: (v: unknown) => v is Tensor): void {
  isTensorFn = fn;
}

/**
 * Runs fn and disposes every tensor it made, except those in its result (tensors, arrays, maps and
 * plain objects of them) and those passed to keep(). fn must be synchronous.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new Error(`tidy: fn must be a function, got ${fn === null ? 'null' : typeof fn}`);
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) t.dispose();
    throw new Error('tidy: fn must be synchronous (it returned a Promise); dispose tensors in async code explicitly');
  }
  const survivors = new Set<Tensor>();
  if (isTensorFn) collectTensors(result, survivors, new Set(), isTensorFn);
  for (const t of scope) {
    if (!survivors.has(t)) t.dispose();
  }
  // What survives belongs to the enclosing scope, if there is one.
  if (scopes.length > 0) {
    const parent = scopes[scopes.length - 1];
    for (const t of survivors) if (scope.has(t)) parent.add(t);
  }
  return result;
}

/** Disposes every tensor found in value (a tensor, or arrays, maps and plain objects of them). */
export function dispose(value: unknown): void {
  if (!isTensorFn) return;
  const found = new Set<Tensor>();
  collectTensors(value, found, new Set(), isTensorFn);
  for (const t of found) t.dispose();
}

export interface MemoryInfo {
  cpu: NativeMemory;
  /** Present once CUDA has been used (or when it is available). */
  cuda?: NativeMemory;
}

/** Live tensors (storages) and bytes per device, plus the allocators' own counters. */
export function memory(): MemoryInfo {
  const info: MemoryInfo = { cpu: native.memory('cpu') };
  const cuda = native.backends().find((b) => b.name === 'cuda');
  if (cuda?.available) info.cuda = native.memory('cuda');
  return info;
}

export function resetPeakMemory(device: Device = 'cpu'): void {
  native.resetPeakMemory(device);
}
