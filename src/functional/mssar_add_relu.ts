import { checkOptions, checkBool } from '../check';
import { kernels } from '../native';
import { Tensor, wrap } from '../tensor';
import { needsGrad, record } from '../autograd';
import { checkMssarScales, defaultMssarScales, MssarOptions } from './mssar';
import { operand } from './operand';

/**
 * relu(mssar(x, weight, bias) + residual) in one pass: the end of a residual block whose branch
 * ends in MS-SAR (docs/mssar.md), without writing MS-SAR's output on its own. residual has x's
 * shape; bias is [C] or [N, C], as mssar's. Differentiable with respect to x, weight, bias and
 * residual.
 */
export function mssarAddRelu(x: Tensor, weight: Tensor, bias: Tensor, residual: Tensor, opts: MssarOptions = {}): Tensor {
  opts = checkOptions<MssarOptions>('mssarAddRelu', 'options', opts, ['scales', 'symmetric']);
  if (opts.symmetric !== undefined) checkBool('mssarAddRelu', 'options.symmetric', opts.symmetric);
  const scales = checkMssarScales(opts.scales ?? defaultMssarScales, 'mssarAddRelu');
  const symmetric = opts.symmetric ?? false;
  if (typeof symmetric !== 'boolean') throw new Error(`mssarAddRelu: symmetric must be a boolean, got ${String(symmetric)}`);
  const k = kernels();
  const [outHandle, gate] = k.mssarAddReluForward(operand('mssarAddRelu', 'x', x), operand('mssarAddRelu', 'weight', weight),
    operand('mssarAddRelu', 'bias', bias), operand('mssarAddRelu', 'residual', residual), scales, symmetric);
  const out = wrap(outHandle);
  if (!needsGrad([x, weight, bias, residual])) {
    gate.dispose();
    return out;
  }
  const os = outHandle.share(), xs = x.handle.share(), ws = weight.handle.share();
  const perSampleBias = bias.shape.length === 2;
  return record('mssarAddRelu', out, [x, weight, bias, residual], [os, xs, gate, ws], (g, needs) => {
    const grads = k.mssarAddReluBackward(g.handle, os, xs, gate, ws, scales, symmetric, needs, perSampleBias);
    return grads.map((h) => (h ? wrap(h) : null));
  });
}
