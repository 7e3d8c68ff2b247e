// Naive float64 re-statements of the pipeline's math, for checking the native results.
/**
 * Renders an ow x oh view of an HWC image: output pixel o samples the source at a + b (o + 0.5)
 * along each axis; a triangle filter of radius max(1, |b|) source pixels, taps clipped to the
 * image and renormalized; centres outside the image give 0. Returns 8-bit HWC.
 */
export function referenceRender(src: Uint8Array, sw: number, sh: number, c: number,
  mx: { a: number; b: number }, my: { a: number; b: number }, ow: number, oh: number): Uint8Array {
  const taps = (m: { a: number; b: number }, n: number, size: number): { idx: number[]; w: number[] }[] => {
    const scale = Math.max(1, Math.abs(m.b));
    const out: { idx: number[]; w: number[] }[] = [];
    for (let o = 0; o < n; o++) {
      const centre = m.a + m.b * (o + 0.5);
      const t: { idx: number[]; w: number[] } = { idx: [], w: [] };
      if (centre >= 0 && centre <= size) {
        let sum = 0;
        for (let j = 0; j < size; j++) {
          const v = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / scale));
          if (v > 0) {
            t.idx.push(j);
            t.w.push(v);
            sum += v;
          }
        }
        t.w = t.w.map((v) => v / sum);
      }
      out.push(t);
    }
    return out;
  };
  const tx = taps(mx, ow, sw), ty = taps(my, oh, sh);
  const out = new Uint8Array(ow * oh * c);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      for (let k = 0; k < c; k++) {
        let acc = 0;
        ty[y].idx.forEach((sy, i) => {
          tx[x].idx.forEach((sx, j) => {
            acc += ty[y].w[i] * tx[x].w[j] * src[(sy * sw + sx) * c + k];
          });
        });
        out[(y * ow + x) * c + k] = Math.max(0, Math.min(255, Math.round(acc)));
      }
    }
  }
  return out;
}

/** CHW floats in [0, 1] back to 8-bit HWC. */
export function chwFloatToHwc(img: ArrayLike<number>, c: number, h: number, w: number): Uint8Array {
  const out = new Uint8Array(c * h * w);
  for (let k = 0; k < c; k++) for (let p = 0; p < h * w; p++) out[p * c + k] = Math.round(img[k * h * w + p] * 255);
  return out;
}

/** 8-bit CHW to HWC. */
export function chwToHwc(img: Uint8Array, c: number, h: number, w: number): Uint8Array {
  const out = new Uint8Array(c * h * w);
  for (let k = 0; k < c; k++) for (let p = 0; p < h * w; p++) out[p * c + k] = img[k * h * w + p];
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}
