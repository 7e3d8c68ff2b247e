// Where the time goes: runs fn with every native op call timed, and groups the calls by op type
// (conv2dForward and conv2dBackward both count towards conv2d).
import { checkFunction, checkOptions, checkObject, fail, show } from './check';
import { native } from './native';

export interface OpTime {
  /** The op type: the entry's name without Forward/Backward. */
  op: string;
  forwardMs: number;
  backwardMs: number;
  calls: number;
}

export interface Profile<T> {
  result: T;
  totalMs: number;
  /** Time spent outside native op calls: JavaScript, autograd bookkeeping, the optimizer loop. */
  otherMs: number;
  ops: OpTime[];
}

export interface ProfileOptions {
  /**
   * 'wall' (default): elapsed time. 'cpu': the process's CPU time over all its threads, which
   * other work on a shared machine barely disturbs (compare one-thread runs with it; with several
   * threads it also counts the time they spend waiting for each other).
   */
  clock?: 'wall' | 'cpu';
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function profile<T>(fn: () => T, opts: ProfileOptions = {}): Profile<T> {
  checkFunction('profile', 'fn', fn);
  opts = checkOptions<ProfileOptions>('profile', 'options', opts, ['clock']);
  const clock = opts.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'cpu') throw new Error(`profile: clock must be 'wall' or 'cpu', got ${show(clock)}`);
  const now = clock === 'cpu' ? cpuMs : () => performance.now();
  native.profilerStart(clock);
  const t0 = now();
  let result: T;
  let records: { name: string; calls: number; ms: number }[] = [];
  try {
    result = fn();
  } finally {
    records = native.profilerStop();
  }
  const totalMs = now() - t0;
  const byOp = new Map<string, OpTime>();
  for (const r of records) {
    const m = /^(.*?)(Forward|Backward)$/.exec(r.name);
    const op = m ? m[1] : r.name;
    const o = byOp.get(op) ?? { op, forwardMs: 0, backwardMs: 0, calls: 0 };
    if (m && m[2] === 'Backward') o.backwardMs += r.ms;
    else o.forwardMs += r.ms;
    o.calls += r.calls;
    byOp.set(op, o);
  }
  const ops = [...byOp.values()].sort((a, b) => b.forwardMs + b.backwardMs - (a.forwardMs + a.backwardMs));
  const nativeMs = ops.reduce((s, o) => s + o.forwardMs + o.backwardMs, 0);
  return { result: result!, totalMs, otherMs: Math.max(0, totalMs - nativeMs), ops };
}

/** A plain-text table of a profile. */
export function formatProfile(p: Profile<unknown>): string {
  const o = checkObject<Profile<unknown>>('formatProfile', 'p', p, 'a Profile (the result of profile())');
  if (!Array.isArray(o.ops) || typeof o.totalMs !== 'number' || typeof o.otherMs !== 'number' || !o.ops.every((x) => x !== null && typeof x === 'object' && typeof (x as { forwardMs?: unknown }).forwardMs === 'number' && typeof (x as { backwardMs?: unknown }).backwardMs === 'number') || !Number.isFinite(o.totalMs) || !Number.isFinite(o.otherMs)) fail('formatProfile', 'p', 'a Profile (the result of profile())', p);
  const rows = [['op', 'forward ms', 'backward ms', 'total ms', 'share', 'calls']];
  const pct = (ms: number) => `${((100 * ms) / p.totalMs).toFixed(1)}%`;
  for (const o of p.ops) {
    const t = o.forwardMs + o.backwardMs;
    rows.push([o.op, o.forwardMs.toFixed(2), o.backwardMs.toFixed(2), t.toFixed(2), pct(t), String(o.calls)]);
  }
  rows.push(['(outside ops)', '', '', p.otherMs.toFixed(2), pct(p.otherMs), '']);
  rows.push(['total', '', '', p.totalMs.toFixed(2), '100%', '']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}
