// MS-SAR's context as one depthwise convolution (docs/mssar.md, "equivalent form"): each
// weight[k, c, i, j] / s_k^2 spread over its s_k x s_k block of a kernel of side 3 max(s), the
// blocks of all scales summed; the kernel's top-left corner sits max(s) + a_max(s) rows above and
// columns left of the neuron (a_s = floor((s - 1) / 2)), so the convolution pads that much before
// and side - 1 - that much after.

export interface FoldedMssarKernel {
  /** The kernel's side, 3 max(scales). */
  side: number;
  /** Zero rows (and columns) before the image; side - 1 - before after it. */
  before: number;
  /** [C, 1, side, side], float32 (summed in float64). */
  kernel: Float32Array;
}

/** The 3 x 3 weight of cell (i, j) for a symmetric weight (m, e, c): [[c, e, c], [e, m, e], [c, e, c]]. */
function symmetricIndex(i: number, j: number): number {
  const edges = (i === 1 ? 0 : 1) + (j === 1 ? 0 : 1);
  return edges; // 0: centre m, 1: edge e, 2: corner c
}

/**
 * Folds `weight` ([K, C, 3, 3], or [K, C, 3] when symmetric, flattened) for `scales` into the
 * depthwise kernel.
 */
export function foldMssarKernel(weight: Float64Array | Float32Array, channels: number, scales: readonly number[], symmetric: boolean): FoldedMssarKernel {
  const k = scales.length;
  const cells = symmetric ? 3 : 9;
  if (weight.length !== k * channels * cells) {
    throw new Error(`foldMssarKernel: weight has ${weight.length} values, expected ${k} x ${channels} x ${cells}`);
  }
  const smax = Math.max(...scales);
  const side = 3 * smax;
  const before = smax + Math.floor((smax - 1) / 2);
  const acc = new Float64Array(channels * side * side);
  scales.forEach((s, idx) => {
    const a = Math.floor((s - 1) / 2);
    for (let c = 0; c < channels; c++) {
      const base = (idx * channels + c) * cells;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const w = weight[base + (symmetric ? symmetricIndex(i, j) : i * 3 + j)] / (s * s);
          const top = before + (i - 1) * s - a;
          const left = before + (j - 1) * s - a;
          for (let u = 0; u < s; u++) {
            const row = (c * side + top + u) * side + left;
            for (let v = 0; v < s; v++) acc[row + v] += w;
          }
        }
      }
    }
  });
  return { side, before, kernel: Float32Array.from(acc) };
}
