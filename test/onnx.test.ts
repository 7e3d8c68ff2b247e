// ONNX export (src/io/onnx) checked by ONNX Runtime (onnxruntime-node) and by ONNX's own checker
// (test/onnx_check.py, in the virtual environment of scripts/torch-venv.sh): every zoo network
// with every recalibration, parameters made non-trivial first (random batch-norm statistics and
// affine parameters, random MS-SAR weights) so that a folding error shows. Exported with a dynamic
// batch, run by ONNX Runtime at batch 3 and batch 1; its logits must equal ours (eval mode) within
// 1e-4 relative: max |ort - ours| / max(1, max |ours|).
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ort from 'onnxruntime-node';
import { noGrad, randn, manualSeed } from '../src';
import { exportOnnx, onnxModel } from '../src/io';
import type { OnnxExportOptions } from '../src/io';
import * as models from '../src/models';
import type { ModelOptions } from '../src/models';
import { BatchNorm2d, Conv2d, Layer, Module, MSSAR, ReLU, Sequential } from '../src/nn';
import type { Tensor } from '../src/tensor';
import { TorchProcess, torchVenvPython } from '../bench/common';
import { cli, quickFlags, removeDir, train, writeTinyFashion } from './train/fixture';
import { randomizeModel } from './randomize_model';

const TOLERANCE = 1e-4;
const CIFAR_SIZE = 16;
const IMAGENET_SIZE = 32;

/** max |a - b| / max(1, max |b|). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}


function ours(model: Layer, x: Tensor): Float32Array {
  model.eval();
  return noGrad(() => {
    const y = model.forward(x);
    const out = Float32Array.from(y.toArray() as Float32Array);
    y.dispose();
    return out;
  });
}

/** ONNX Runtime's logits for each batch, from one session. */
async function runOrt(file: string, batches: { data: Float32Array; shape: number[] }[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 2, interOpNumThreads: 1 });
  try {
    const out: Float32Array[] = [];
    for (const b of batches) {
      const result = await session.run({ input: new ort.Tensor('float32', b.data, b.shape) });
      out.push(Float32Array.from(result.logits.data as Float32Array));
    }
    return out;
  } finally {
    await session.release();
  }
}

describe('ONNX export checked by ONNX Runtime and ONNX\'s checker', function () {
  this.timeout(900000);
  let dir = '';
  let checker: TorchProcess | null = null;
  let checkerWhy = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-onnx-'));
    try {
      const python = torchVenvPython(600000);
      const proc = spawn(python, [path.join(__dirname, '..', '..', 'test', 'onnx_check.py')]);
      checker = new TorchProcess(proc);
      await checker.read();
    } catch (e) {
      // Only where the onnx package cannot be installed from the machine's wheel index.
      checker = null;
      checkerWhy = `ONNX's checker is not available (scripts/torch-venv.sh failed: ${(e as Error).message.split('\n')[0]})`;
      console.log(`    ${checkerWhy}; the models are checked by ONNX Runtime only`);
    }
  });
  after(async () => {
    await checks.catch(() => undefined);
    checker?.close({ quit: true });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // ONNX's checker runs on each exported file while the next model is built and exported; the
  // last test collects its verdicts.
  let exports = 0;
  let checks: Promise<void> = Promise.resolve();
  const checked: string[] = [];
  const rejected: string[] = [];
  function onnxChecker(file: string, label: string): void {
    if (!checker) {
      fs.rmSync(file, { force: true });
      return;
    }
    const c = checker;
    checks = checks.then(async () => {
      const r = await c.request({ path: file });
      checked.push(label);
      if (r.ok !== true) rejected.push(`${label}: ${String(r.error)}`);
    }).finally(() => fs.rmSync(file, { force: true }));
  }

  /**
   * Builds `name` with `opts`, randomizes it, exports it with `exportOpts`, and compares ONNX
   * Runtime's logits with ours on a fixed random batch (and its first image alone when the batch
   * is dynamic). Returns the export's summary.
   */
  async function roundTrip(name: string, opts: ModelOptions, size: number, exportOpts: Partial<OnnxExportOptions> = {}, batch = 3) {
    manualSeed(1234);
    const model = models.create(name, { ...opts, numClasses: 10 });
    const label = `${name} + ${opts.recalibration ?? 'none'}${opts.scales ? ` scales ${opts.scales.join(',')}` : ''}` +
      `${opts.symmetric ? ' symmetric' : ''}${opts.global ? ' global' : ''}${exportOpts.opset ? ` opset ${exportOpts.opset}` : ''}`;
    // A file of its own per export: labels repeat (the same model with other export options), and
    // the checker may not have read an earlier file of the same label yet.
    const file = path.join(dir, `${++exports}-${label.replace(/[^a-z0-9]+/gi, '-')}.onnx`);
    try {
      const c = opts.inChannels ?? 3;
      const shape = [batch, c, size, size];
      randomizeModel(model, shape.slice(1), { varianceFloor: true });
      const summary = exportOnnx(model, file, { inputShape: shape, ...exportOpts });
      const x = randn(shape);
      const data = Float32Array.from(x.toArray() as Float32Array);
      const expected = ours(model, x);
      x.dispose();
      assert.ok(expected.every(Number.isFinite) && expected.some((v) => Math.abs(v) > 1e-3), `${label}: our logits are degenerate`);
      const dynamic = exportOpts.dynamicBatch !== false;
      const runs = [{ data, shape }];
      // Batch 1: the first image alone.
      if (dynamic) runs.push({ data: data.subarray(0, c * size * size), shape: [1, c, size, size] });
      const [got, one] = await runOrt(file, runs);
      const e = relativeError(got, expected);
      assert.ok(e <= TOLERANCE, `${label}: ONNX Runtime's logits differ from ours by ${e.toExponential(2)} (relative)`);
      if (one) {
        const e1 = relativeError(one, expected.subarray(0, 10));
        assert.ok(e1 <= TOLERANCE, `${label}: at batch 1 ONNX Runtime's logits differ from ours by ${e1.toExponential(2)}`);
      }
      onnxChecker(file, label);
      return summary;
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    } finally {
      model.dispose();
    }
  }

  for (const name of models.list()) {
    const size = models.spec(name).family === 'cifar' ? CIFAR_SIZE : IMAGENET_SIZE;
    for (const recalibration of ['none', 'se', 'mssar'] as const) {
      it(`${name} + ${recalibration} (${size}x${size}, batch 3 and 1)`, async () => {
        const summary = await roundTrip(name, { recalibration }, size);
        // Every batch norm that follows a convolution is folded into it: all of them in the
        // post-activation ResNets; DenseNet-40's all read a concatenation or a block's input.
        if (name.startsWith('resnet')) assert.equal(summary.operators.BatchNormalization, undefined);
        if (name !== 'densenet40') assert.ok(summary.foldedBatchNorms > 0);
      });
    }
  }

  it('MS-SAR options: single scale, odd and large scales, symmetric, one input channel', async () => {
    for (const o of [{ scales: [2] }, { scales: [3, 5] }, { scales: [1, 2, 4], symmetric: true }, { scales: [6], symmetric: true }]) {
      await roundTrip('resnet20', { recalibration: 'mssar', ...o }, 16);
    }
    await roundTrip('densenet40', { recalibration: 'mssar', scales: [1, 3], symmetric: true, inChannels: 1 }, 12);
    await roundTrip('resnet20', { recalibration: 'mssar', inChannels: 1 }, 28);
  });

  it('MS-SAR with the global-average scale: its GlobalAveragePool, Mul and Add before each gate', async () => {
    const summary = await roundTrip('resnet20', { recalibration: 'mssar', global: true }, 16);
    // One per MS-SAR module (nine blocks), beside the network's own pooling before its classifier.
    assert.equal(summary.operators.GlobalAveragePool, 9 + 1);
    const plain = await roundTrip('resnet20', { recalibration: 'mssar' }, 16);
    assert.equal(plain.operators.GlobalAveragePool, 1);
  });

  it('recalibration placed before the batch norm: that batch norm stays in the graph, after the Mul', async () => {
    for (const recalibration of ['mssar', 'se'] as const) {
      const summary = await roundTrip('resnet20', { recalibration, placement: 'beforeBn' }, 16);
      assert.equal(summary.operators.BatchNormalization, 9, recalibration);
    }
  });

  it('opsets 13 and 21, a fixed batch, and batch norm left unfolded give the same logits', async () => {
    await roundTrip('resnet20', { recalibration: 'mssar' }, 16, { opset: 13 });
    await roundTrip('resnet20', { recalibration: 'se' }, 16, { opset: 21 });
    const fixed = await roundTrip('resnet20', { recalibration: 'mssar' }, 16, { dynamicBatch: false }, 2);
    assert.deepEqual(fixed.input.shape, [2, 3, 16, 16]);
    assert.deepEqual(fixed.output.shape, [2, 10]);
    const unfolded = await roundTrip('preresnet164', { recalibration: 'mssar' }, 16, { foldBatchNorm: false });
    assert.equal(unfolded.foldedBatchNorms, 0);
    assert.ok(unfolded.operators.BatchNormalization > 0);
  });

  it('the MS-SAR of ResNet-20 is a depthwise Conv with asymmetric pads, a Sigmoid and a Mul; batch norm is folded away', () => {
    const model = models.create('resnet20', { recalibration: 'mssar' });
    try {
      const { summary } = onnxModel(model, { inputShape: [1, 3, 32, 32] });
      assert.deepEqual(summary.input.shape, ['batch', 3, 32, 32]);
      assert.deepEqual(summary.output.shape, ['batch', 10]);
      assert.equal(summary.foldedBatchNorms, 19);
      assert.equal(summary.operators.BatchNormalization, undefined);
      assert.equal(summary.operators.Sigmoid, 9);
      assert.equal(summary.operators.Conv, 19 + 9);
      // Folding drops each BN's weight and bias and gives its convolution a bias; MS-SAR's weight
      // becomes a kernel of 12 x 12 per channel.
      let expected = model.numParameters();
      for (const m of model.modules()) {
        if (m instanceof BatchNorm2d) expected -= m.numFeatures;
        if (m instanceof MSSAR) expected += m.channels * 144 - m.weight.size;
      }
      assert.equal(summary.parameters, expected);
    } finally {
      model.dispose();
    }
  });

  it('a module without an ONNX form is an Error naming its class and where it is', () => {
    class Swish extends Module {
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    class MyConv extends Conv2d {}
    const cases: [Layer, RegExp][] = [
      [new Sequential(new Conv2d(3, 4, 3), new Swish()), /Swish \('1'\) cannot be exported to ONNX/],
      [new Sequential(new ReLU(), new Sequential(new MyConv(3, 4, 1))), /MyConv \('1\.0'\) cannot be exported to ONNX/],
      [new Swish(), /Swish \(the model itself\) cannot be exported/],
    ];
    for (const [model, re] of cases) {
      assert.throws(() => exportOnnx(model, path.join(dir, 'bad.onnx'), { inputShape: [1, 3, 8, 8] }), re);
      model.dispose();
    }
    assert.ok(!fs.existsSync(path.join(dir, 'bad.onnx')));
    const m = models.create('resnet20');
    assert.throws(() => onnxModel(m, { inputShape: [1, 3, 32, 32], opset: 12 }), /exportOnnx: opset 12 is not supported \(13 to 21\)/);
    assert.throws(() => onnxModel(m, { inputShape: [3, 32, 32] }), /exportOnnx: inputShape must be \[N, C, H, W\]/);
    m.dispose();
  });

  it('mssar export: a checkpoint of mssar train to an ONNX file that ONNX Runtime runs with our logits', async () => {
    const data = writeTinyFashion(48, 16);
    const out = path.join(dir, 'run');
    try {
      const run = await train(quickFlags(data, out, ['--recalibration', 'mssar', '--epochs', '1', '--max-batches', '2']));
      assert.equal(run.result.outcome, 'finished');
      const ckpt = path.join(out, 'last.safetensors');
      const file = path.join(dir, 'cli.onnx');
      const r = await cli(['export', '--checkpoint', ckpt, '--out', file]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /resnet20 \+ mssar .*ONNX opset 17/);
      assert.match(r.stdout, /input 'input' \[batch, 1, 16, 16\], output 'logits' \[batch, 10\]/);
      const { loadCheckpoint, modelFromCheckpoint } = await import('../src/train');
      const model = modelFromCheckpoint(loadCheckpoint(ckpt));
      const x = randn([2, 1, 16, 16]);
      const data32 = Float32Array.from(x.toArray() as Float32Array);
      const expected = ours(model, x);
      x.dispose();
      model.dispose();
      const [got] = await runOrt(file, [{ data: data32, shape: [2, 1, 16, 16] }]);
      const e = relativeError(got, expected);
      assert.ok(e <= TOLERANCE, `logits differ by ${e}`);
      const bad = await cli(['export', '--checkpoint', ckpt, '--out', file, '--opset', '12']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--opset must be 13 to 21/);
      const missing = await cli(['export', '--checkpoint', ckpt]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--out FILE is required/);
      onnxChecker(file, 'mssar export of a resnet20 + mssar checkpoint');
    } finally {
      removeDir(data);
    }
  });


  it('ONNX\'s checker (full_check) accepts every model exported above', async function () {
    if (!checker) {
      console.log(`    skipped: ${checkerWhy}`);
      this.skip();
      return;
    }
    await checks;
    assert.deepEqual(rejected, []);
    assert.ok(checked.length >= models.list().length * 3, `only ${checked.length} models were checked`);
  });
});
