// Batch norm folded into the convolution before it, as inference computes it:
// bn(conv(x)) = scale (W x + b - mean) + beta, scale = gamma / sqrt(var + eps), so
// W'[o] = W[o] scale[o] and b'[o] = (b[o] - mean[o]) scale[o] + beta[o] (float64 arithmetic, float32 result).
import type { BatchNorm2d } from '../nn/batch_norm2d';
import type { Conv2d } from '../nn/conv2d';
import type { Tensor } from '../tensor';

export interface FoldedConv {
  weight: Float32Array;
  bias: Float32Array;
  shape: number[];
}

function values(t: Tensor): Float32Array {
  return t.toArray() as Float32Array;
}

export function foldConvBatchNorm(conv: Conv2d, bn: BatchNorm2d | null): FoldedConv {
  const w = values(conv.weight);
  const outC = conv.weight.shape[0];
  const per = w.length / outC;
  const b = conv.bias ? values(conv.bias) : new Float32Array(outC);
  const weight = new Float32Array(w.length);
  const bias = new Float32Array(outC);
  const gamma = bn?.weight ? values(bn.weight) : null;
  const beta = bn?.bias ? values(bn.bias) : null;
  const mean = bn ? values(bn.runningMean) : null;
  const variance = bn ? values(bn.runningVar) : null;
  for (let o = 0; o < outC; o++) {
    const scale = bn ? (gamma ? gamma[o] : 1) / Math.sqrt(variance![o] + bn.eps) : 1;
    for (let i = o * per; i < (o + 1) * per; i++) weight[i] = w[i] * scale;
    bias[o] = bn ? (b[o] - mean![o]) * scale + (beta ? beta[o] : 0) : b[o];
  }
  return { weight, bias, shape: conv.weight.shape.slice() };
}
