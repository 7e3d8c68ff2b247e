// Up-front argument checks for the public API. Each throws an Error whose message starts with the
// function's public name (`conv2d`, `SGD`, `Module.to`), then names the argument, what was
// expected and what was given, before anything reaches native code.

/** A short description of a value for an error message. */
export function show(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a Symbol';
  if (Array.isArray(v)) return v.length <= 8 ? `[${v.map(show).join(',')}]` : `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  const name = (v as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

export function fail(fn: string, arg: string, expected: string, got: unknown): never {
  throw new Error(`${fn}: ${arg} must be ${expected}, got ${show(got)}`);
}

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** min excluded */
  above?: number;
}

function describeRule(r: NumberRule): string {
  const parts: string[] = [r.integer ? 'an integer' : 'a finite number'];
  if (r.above !== undefined) parts.push(`> ${r.above}`);
  if (r.min !== undefined && r.max !== undefined) parts.push(`in [${r.min}, ${r.max}]`);
  else if (r.min !== undefined) parts.push(`>= ${r.min}`);
  else if (r.max !== undefined) parts.push(`<= ${r.max}`);
  return parts.join(' ');
}

export function checkNumber(fn: string, arg: string, v: unknown, r: NumberRule = {}): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!r.integer || Number.isSafeInteger(v)) &&
    (r.min === undefined || v >= r.min) &&
    (r.max === undefined || v <= r.max) &&
    (r.above === undefined || v > r.above);
  if (!ok) fail(fn, arg, describeRule(r), v);
  return v as number;
}

export function checkInt(fn: string, arg: string, v: unknown, min?: number, max?: number): number {
  return checkNumber(fn, arg, v, { integer: true, min, max });
}

export function checkBool(fn: string, arg: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(fn, arg, 'true or false', v);
  return v as boolean;
}

export function checkOneOf<T extends string>(fn: string, arg: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    fail(fn, arg, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
  }
  return v as T;
}

export function checkString(fn: string, arg: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) fail(fn, arg, 'a non-empty string', v);
  return v as string;
}

export function checkFunction(fn: string, arg: string, v: unknown): void {
  if (typeof v !== 'function') fail(fn, arg, 'a function', v);
}

/** An options argument: undefined (the defaults) or a plain object whose keys are all known. */
export function checkOptions<T>(fn: string, arg: string, v: unknown, known?: readonly string[]): Partial<T> {
  if (v === undefined) return {};
  const proto = v !== null && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || (proto !== Object.prototype && proto !== null)) {
    fail(fn, arg, 'a plain object of options', v);
  }
  if (known) {
    for (const k of Object.keys(v as object)) {
      if (!known.includes(k)) throw new Error(`${fn}: ${arg} has an unknown option '${k}' (known: ${known.join(', ')})`);
    }
  }
  return v as Partial<T>;
}

/** The most elements a shape given to the API may hold (as the binding checks; the native core's own bound is 2^53). */
export const MAX_ELEMENTS = 2 ** 40;

/** A shape: an array of integers >= 0 whose product is at most 2^40. */
export function checkShape(fn: string, arg: string, v: unknown): number[] {
  if (!Array.isArray(v) || v.length > 64 || !v.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(fn, arg, 'an array of non-negative integers', v);
  }
  let n = 1;
  for (const d of v as number[]) n *= d;
  let nz = 1;
  for (const d of v as number[]) if (d !== 0) nz *= d;
  if (n > MAX_ELEMENTS || nz > MAX_ELEMENTS) fail(fn, arg, `a shape of at most 2^40 elements`, v);
  return (v as number[]).slice();
}

/** A path argument: a non-empty string. */
export function checkPath(fn: string, arg: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') fail(fn, arg, 'a non-empty path', v);
  return v as string;
}

/** An object argument (a plain object or a class instance; not null, not an array). */
export function checkObject<T = Record<string, unknown>>(fn: string, arg: string, v: unknown, what = 'an object'): T {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(fn, arg, what, v);
  return v as T;
}

/** An instance of `cls`. */
export function checkInstance<T>(fn: string, arg: string, v: unknown, cls: abstract new (...a: never[]) => T, what: string): T {
  if (!(v instanceof cls)) fail(fn, arg, what, v);
  return v as T;
}
