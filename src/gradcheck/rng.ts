// A small seeded generator for test and check data, independent of the tensor generator.
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
  /** Integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  normal(): number {
    const u = 1 - this.next(), v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Values uniform in [low, high), optionally kept at least `gap` away from zero (relu kinks). */
  array(n: number, low = -1, high = 1, gap = 0): Float64Array {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = this.uniform(low, high);
      if (gap > 0 && Math.abs(v) < gap) v = v < 0 ? v - gap : v + gap;
      a[i] = v;
    }
    return a;
  }
}
