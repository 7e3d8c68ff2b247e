// The per-op profile of a training step (profile(), `mssar profile`), and what Sequential frees.
import { strict as assert } from 'assert';
import { main } from '../src/cli/main';
import { randn } from '../src/creation';
import { noGrad } from '../src/autograd';
import * as models from '../src/models';
import { formatProfile, profile } from '../src/profiler';
import { memory, resetPeakMemory, tidy } from '../src/scope';
import { trainingStep } from '../src/cli/training_step';
import { capture } from './console';

describe('profile of a training step', () => {
  it('times every op type of a ResNet step, on the wall clock and in CPU time', () => {
    const step = trainingStep({ model: 'resnet20', recalibration: 'mssar', batchSize: 2, input: [3, 8, 8] });
    try {
      step.train();
      for (const clock of ['wall', 'cpu'] as const) {
        const p = profile(() => step.train(), { clock });
        const ops = new Map(p.ops.map((o) => [o.op, o]));
        // 19 convolutions, forward and backward (the first has no dx but is one call).
        assert.equal(ops.get('conv2d')!.calls, 38);
        // MS-SAR, the residual sum and the ReLU of each block in one op.
        assert.equal(ops.get('mssarAddRelu')!.calls, 18);
        assert.equal(ops.get('shortcutA')!.calls, 4);
        assert.ok(ops.get('batchNormRelu2d')!.backwardMs > 0);
        const native = p.ops.reduce((s, o) => s + o.forwardMs + o.backwardMs, 0);
        assert.ok(native <= p.totalMs + 1e-6, `${clock}: ops ${native} ms within the total ${p.totalMs} ms`);
        assert.match(formatProfile(p), /^op\s+forward ms\s+backward ms/);
      }
    } finally {
      step.dispose();
    }
  });

  it('a step allocates no new host memory once warm', () => {
    const step = trainingStep({ model: 'resnet20', recalibration: 'se', batchSize: 4, input: [3, 16, 16] });
    try {
      for (let i = 0; i < 3; i++) step.train();
      const before = memory().cpu.allocations;
      step.train();
      step.infer();
      step.train();
      assert.equal(memory().cpu.allocations - before, 0);
    } finally {
      step.dispose();
    }
  });

  it('`mssar profile` prints the table of one step', async () => {
    const r = await capture(() => main(['profile', '--model', 'resnet20', '--recalibration', 'se', '--batch-size', '2',
      '--input', '3x8x8', '--warmup', '3', '--clock', 'cpu', '--threads', '1']));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /resnet20, recalibration se, batch 2, input 3x8x8, 1 threads/);
    assert.match(r.out, /\nconv2d\s+[0-9.]+\s+[0-9.]+/);
    assert.match(r.out, /\ntotal\s+[0-9.]+\s+100%/);
    assert.match(r.out, /images\/s; peak native memory [0-9.]+ MiB; new host allocations during the profiled steps: 0/);
  });

  it('`mssar profile` rejects bad options with a usage error', async () => {
    assert.equal((await capture(() => main(['profile']))).code, 2);
    assert.equal((await capture(() => main(['profile', '--model', 'nosuchnet']))).code, 2);
    assert.equal((await capture(() => main(['profile', '--model', 'resnet20', '--recalibration', 'cbam']))).code, 2);
    assert.equal((await capture(() => main(['profile', '--model', 'resnet20', '--input', '32x32']))).code, 2);
  });
});

describe('Sequential frees what its layers make on the way', () => {
  it('inference holds a few activations at a time, not all of them', () => {
    const model = models.create('resnet20').eval();
    try {
      tidy(() => {
        const x = randn([8, 3, 32, 32]);
        noGrad(() => model.forward(x)).dispose();
        resetPeakMemory('cpu');
        const base = memory().cpu.bytes;
        noGrad(() => model.forward(x)).dispose();
        const peak = memory().cpu.peakBytes - base;
        // One activation of layer1 is 8 * 16 * 32 * 32 * 4 bytes = 512 KiB; a block of layer1 makes
        // six of them (and convolution scratch); kept to the end, the blocks' would be 54.
        const activation = 8 * 16 * 32 * 32 * 4;
        assert.ok(peak <= 10 * activation, `peak ${peak} bytes above the model`);
      });
    } finally {
      model.dispose();
    }
  });
});
