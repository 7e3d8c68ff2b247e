import { exportOnnx, ONNX_OPSETS } from '../../io/onnx';
import { parseFlags } from '../../train/args';
import { loadCheckpoint, modelFromCheckpoint } from '../../train';
import { Command, UsageError } from '../command';

const usage = `usage: mssar export --checkpoint FILE --out model.onnx [options]

Rebuilds the model a training checkpoint describes and writes its inference graph (eval mode, batch
norm folded into the convolutions) as an ONNX model: input 'input' [batch, C, H, W] in the
checkpoint's image size, output 'logits' [batch, classes]. docs/onnx.md lists the operators.

options:
  --checkpoint FILE      a checkpoint of mssar train (last.safetensors, best.safetensors)
  --out FILE             the ONNX file to write
  --opset N              ONNX opset, ${ONNX_OPSETS[0]} to ${ONNX_OPSETS[ONNX_OPSETS.length - 1]} (default 17)
  --batch N              a fixed batch size instead of a dynamic one
  --input-size H[xW]     another image size than the checkpoint's
  --no-fold              keep batch norm as BatchNormalization nodes
  --json                 print the summary as one JSON object
  -h, --help             this text`;

function positive(flag: string, v: string | boolean | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be an integer >= 1; got '${String(v)}'`);
  return n;
}

function inputSize(v: string | boolean | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:x(\d+))?$/.exec(String(v));
  const h = m ? Number(m[1]) : NaN;
  const w = m ? Number(m[2] ?? m[1]) : NaN;
  if (!(h >= 1 && w >= 1)) throw new UsageError(`--input-size must be H or HxW (positive integers); got '${String(v)}'`);
  return [h, w];
}

function run(argv: string[]): number {
  const { values: v } = parseFlags('export', argv, {
    checkpoint: { type: 'string' }, out: { type: 'string' }, opset: { type: 'string' }, batch: { type: 'string' },
    'input-size': { type: 'string' }, 'no-fold': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    console.log(usage);
    return 0;
  }
  const file = v.checkpoint as string | undefined;
  const out = v.out as string | undefined;
  if (!file) throw new UsageError(`--checkpoint FILE is required\n\n${usage}`);
  if (!out) throw new UsageError(`--out FILE is required\n\n${usage}`);
  const opset = positive('opset', v.opset) ?? 17;
  if (!(ONNX_OPSETS as readonly number[]).includes(opset)) {
    throw new UsageError(`--opset must be ${ONNX_OPSETS[0]} to ${ONNX_OPSETS[ONNX_OPSETS.length - 1]}; got ${opset}`);
  }
  const batch = positive('batch', v.batch);
  const size = inputSize(v['input-size']);

  const ckpt = loadCheckpoint(file);
  const [c, h, w] = ckpt.meta.inputShape;
  const model = modelFromCheckpoint(ckpt);
  try {
    model.eval();
    const summary = exportOnnx(model, out, {
      inputShape: [batch ?? 1, c, ...(size ?? [h, w])], opset, dynamicBatch: batch === undefined, foldBatchNorm: !v['no-fold'],
    });
    if (v.json) {
      console.log(JSON.stringify({ checkpoint: file, out, model: ckpt.meta.model, recalibration: ckpt.meta.modelOptions.recalibration ?? 'none', ...summary }));
    } else {
      const ops = Object.entries(summary.operators).map(([op, n]) => `${op} ${n}`).join(', ');
      console.log(`${out}: ${ckpt.meta.model} + ${ckpt.meta.modelOptions.recalibration ?? 'none'} (epoch ${ckpt.meta.epoch}), ONNX opset ${summary.opset}, ` +
        `${(summary.bytes / 2 ** 20).toFixed(1)} MiB`);
      console.log(`  input '${summary.input.name}' [${summary.input.shape.join(', ')}], output '${summary.output.name}' ` +
        `[${summary.output.shape?.join(', ') ?? '?'}]`);
      console.log(`  ${summary.nodes} nodes (${ops}); ${summary.foldedBatchNorms} batch norms folded into convolutions`);
    }
    return 0;
  } finally {
    model.dispose();
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'a training checkpoint as an ONNX model',
  run,
};
