// The statistics of a study's report: mean, sample standard deviation, Student's t quantile and the
// confidence interval of a mean (of paired differences), with nothing but Math.

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The sample standard deviation (n - 1 in the denominator); NaN below two values. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom (df > 0, fractional allowed). */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom: t such that P(T <= t) = p, found by
 * bisection on tCdf to about 1e-12 (t(0.975, 2) = 4.3027, t(0.975, 4) = 2.7764).
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`tQuantile: p must be in (0, 1); got ${p}`);
  if (!(df > 0)) throw new Error(`tQuantile: df must be > 0; got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (NaN for n < 2). */
  std: number;
  /** The two-sided confidence interval of the mean (Student t, n - 1 degrees of freedom); null for n < 2. */
  ci: [number, number] | null;
  level: number;
}

/** The mean of `xs` with its two-sided `level` confidence interval (default 95%). */
export function meanInterval(xs: readonly number[], level = 0.95): MeanInterval {
  const n = xs.length;
  const m = mean(xs);
  const s = sampleStd(xs);
  if (n < 2) return { n, mean: m, std: s, ci: null, level };
  const half = (tQuantile(0.5 + level / 2, n - 1) * s) / Math.sqrt(n);
  return { n, mean: m, std: s, ci: [m - half, m + half], level };
}

export type Verdict = 'better' | 'worse' | 'no difference at this budget' | 'undefined (fewer than two paired seeds)';

/** "better" when the interval is above 0, "worse" when below, else no difference; undefined without an interval. */
export function verdict(ci: [number, number] | null): Verdict {
  if (ci === null) return 'undefined (fewer than two paired seeds)';
  if (ci[0] > 0) return 'better';
  if (ci[1] < 0) return 'worse';
  return 'no difference at this budget';
}
