// The inference path (inference.freeze, native/ops/frozen_model.h): its logits equal the ordinary
// eval-mode forward's for every CIFAR ResNet with none, SE and MS-SAR at batch 1 and 3, and for
// blocks with projection and 1x1-conv shortcuts; it is a snapshot that later changes to the model
// (optimizer step, loadStateDict, train(), to()) do not reach, and freezing again picks them up; its
// calls leave no tensors or bytes behind; bad input is refused with Errors named as usual.
import { strict as assert } from 'assert';
import { full, inference, memory, noGrad, randn, manualSeed, tidy, tensor, zeros } from '../src';
import { crossEntropy, mul } from '../src/functional';
import * as models from '../src/models';
import { BasicBlock, BatchNorm2d, Bottleneck, Layer, MSSAR, Sequential } from '../src/nn';
import { native } from '../src/native';
import { SGD } from '../src/optim';
import type { Tensor } from '../src/tensor';
import { randomizeModel } from './randomize_model';

// Folding batch norm into the weights changes float32 rounding, no more: max |frozen - forward| /
// max(1, max |forward|) stays near 1e-6 here; 1e-4 is ONNX Runtime's bound in test/onnx.test.ts.
const TOLERANCE = 1e-4;
const SIZE = 16;

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let diff = 0, scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Random batch-norm parameters and MS-SAR weights, then running statistics of a random batch. */
function randomize(model: Layer, channels = 3): void {
  randomizeModel(model, [channels, SIZE, SIZE]);
}

function forwardValues(model: Layer, x: Tensor): Float32Array {
  return tidy(() => Float32Array.from(noGrad(() => model.forward(x)).toArray() as Float32Array));
}

function frozenValues(f: inference.FrozenModel, x: Tensor): Float32Array {
  return tidy(() => Float32Array.from(f.forward(x).toArray() as Float32Array));
}

function assertClose(a: Float32Array, b: Float32Array, what: string): void {
  const err = relativeError(a, b);
  assert.ok(err <= TOLERANCE, `${what}: relative error ${err.toExponential(2)} > ${TOLERANCE}`);
}

function assertDiffers(a: Float32Array, b: Float32Array, what: string): void {
  assert.ok(relativeError(a, b) > 1e-3, `${what}: the outputs should differ`);
}

describe('inference.freeze', function () {
  this.timeout(600000);

  describe('equals the eval-mode forward', () => {
    for (const name of ['resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110'] as const) {
      for (const recalibration of ['none', 'se', 'mssar'] as const) {
        it(`${name} ${recalibration}, batch 1 and 3`, () => {
          manualSeed(11);
          const model = models.create(name, { recalibration });
          randomize(model);
          const f = inference.freeze(model);
          try {
            for (const n of [1, 3]) {
              const x = randn([n, 3, SIZE, SIZE]);
              const before = Float32Array.from(x.toArray() as Float32Array);
              assertClose(frozenValues(f, x), forwardValues(model, x), `${name} ${recalibration} batch ${n}`);
              assert.deepEqual(x.toArray(), before, 'the input must be left as it was');
              x.dispose();
            }
          } finally {
            f.dispose();
            model.dispose();
          }
        });
      }
    }

    it('resnet20 and a bottleneck with MS-SAR\'s global-average scale, batch 1 and 3', () => {
      manualSeed(13);
      for (const model of [models.create('resnet20', { recalibration: 'mssar', global: true }),
        new Sequential(new Bottleneck(16, 8, { shortcut: 'projection', recalibration: 'mssar', global: true, scales: [1, 3] }))]) {
        const channels = model instanceof Sequential ? 16 : 3;
        randomize(model, channels);
        const f = inference.freeze(model);
        try {
          for (const n of [1, 3]) {
            const x = randn([n, channels, SIZE, SIZE - 3]);
            assertClose(frozenValues(f, x), forwardValues(model, x), `global batch ${n}`);
            x.dispose();
          }
          // The frozen step does use the global weights: the model without them computes otherwise.
          const x = randn([2, channels, SIZE, SIZE - 3]);
          noGrad(() => tidy(() => {
            for (const m of model.modules()) if (m instanceof MSSAR) m.globalWeight!.set_(zeros(m.globalWeight!.shape));
          }));
          assertDiffers(frozenValues(f, x), forwardValues(model, x), 'global weights zeroed');
          x.dispose();
        } finally {
          f.dispose();
          model.dispose();
        }
      }
    });

    it('blocks with identity, projection and 1x1-conv shortcuts, SE and MS-SAR, at the input itself', () => {
      manualSeed(12);
      const model = new Sequential(
        new BasicBlock(8, 8, { shortcut: 'A' }),
        new BasicBlock(8, 16, { stride: 2, shortcut: 'projection', recalibration: 'se', reduction: 4 }),
        new Bottleneck(16, 8, { shortcut: 'projection', recalibration: 'mssar' }),
        new Bottleneck(32, 8, { stride: 2, shortcut: 'conv' }),
      );
      randomize(model, 8);
      const f = inference.freeze(model);
      for (const n of [1, 3]) {
        // The first block's identity shortcut is the caller's input: summed into a copy, never in place.
        const x = randn([n, 8, 9, 7]);
        const before = Float32Array.from(x.toArray() as Float32Array);
        assertClose(frozenValues(f, x), forwardValues(model, x), `blocks batch ${n}`);
        assert.deepEqual(x.toArray(), before, 'the input must be left as it was');
        x.dispose();
      }
      f.dispose();
      model.dispose();
    });
  });

  describe('is a snapshot', () => {
    function setup(): { model: models.CifarResNet; x: Tensor; frozen: inference.FrozenModel; old: Float32Array } {
      manualSeed(13);
      const model = models.create('resnet20', { recalibration: 'mssar' });
      randomize(model);
      const x = randn([2, 3, SIZE, SIZE]);
      const frozen = inference.freeze(model);
      const old = forwardValues(model, x);
      assertClose(frozenValues(frozen, x), old, 'before the change');
      return { model, x, frozen, old };
    }

    function check(s: ReturnType<typeof setup>, what: string): void {
      const now = forwardValues(s.model, s.x);
      assertDiffers(now, s.old, what);
      assertClose(frozenValues(s.frozen, s.x), s.old, `${what}: the frozen model keeps the snapshot`);
      const again = inference.freeze(s.model);
      assertClose(frozenValues(again, s.x), now, `${what}: freezing again picks the change up`);
      again.dispose();
      s.frozen.dispose();
      s.model.dispose();
      s.x.dispose();
    }

    it('an optimizer step', () => {
      const s = setup();
      const opt = new SGD(s.model.parameters(), { lr: 0.5, momentum: 0.9 });
      s.model.train();
      tidy(() => {
        crossEntropy(s.model.forward(randn([4, 3, SIZE, SIZE])), [1, 2, 3, 4]).backward();
      });
      opt.step();
      s.model.eval();
      check(s, 'optimizer step');
    });

    it('loadStateDict', () => {
      const s = setup();
      manualSeed(99);
      const other = models.create('resnet20', { recalibration: 'mssar' });
      randomize(other);
      s.model.loadStateDict(other.stateDict());
      other.dispose();
      check(s, 'loadStateDict');
    });

    it('train() and a training-mode forward (new running statistics)', () => {
      const s = setup();
      s.model.train();
      assert.throws(() => inference.freeze(s.model), /^Error: freeze: .*training mode/);
      tidy(() => {
        noGrad(() => s.model.forward(randn([4, 3, SIZE, SIZE], { std: 3 })));
      });
      s.model.eval();
      check(s, 'train()');
    });

    it('to(float64) and back, and the model disposed', () => {
      const s = setup();
      s.model.to('float64');
      assert.throws(() => inference.freeze(s.model), /^Error: freeze: .*float32 models on the cpu/);
      assertClose(frozenValues(s.frozen, s.x), s.old, 'after to(float64)');
      noGrad(() => {
        const w = s.model.fc.weight;
        w.set_(mul(w, full(w.shape, 1.5, { dtype: 'float64' })));
      });
      s.model.to('float32');
      check(s, 'to(float64), a change, to(float32)');
    });

    it('outlives its model', () => {
      const s = setup();
      s.model.dispose();
      assertClose(frozenValues(s.frozen, s.x), s.old, 'after model.dispose()');
      s.frozen.dispose();
      s.x.dispose();
    });
  });

  it('repeated calls leave no tensors or bytes behind, and dispose() returns the snapshot', () => {
    manualSeed(14);
    const model = models.create('resnet20', { recalibration: 'se' }).eval();
    const x = randn([3, 3, SIZE, SIZE]);
    const before = memory().cpu;
    const f = inference.freeze(model);
    for (let i = 0; i < 3; i++) tidy(() => {
      f.forward(x);
    });
    const warm = memory().cpu;
    assert.ok(warm.bytes - before.bytes >= f.nbytes, `the snapshot's ${f.nbytes} bytes are counted`);
    for (let i = 0; i < 20; i++) tidy(() => {
      f.forward(x);
    });
    const after = memory().cpu;
    assert.equal(after.tensors, warm.tensors);
    assert.equal(after.bytes, warm.bytes);
    const y = f.forward(x);
    assert.deepEqual(y.shape, [3, 10]);
    y.dispose();
    f.dispose();
    assert.ok(f.isDisposed);
    assert.equal(memory().cpu.bytes, before.bytes);
    model.dispose();
    x.dispose();
  });

  describe('errors', () => {
    let model: models.CifarResNet;
    let f: inference.FrozenModel;
    before(() => {
      manualSeed(15);
      model = models.create('resnet20').eval();
      f = inference.freeze(model);
    });
    after(() => {
      f.dispose();
      model.dispose();
    });

    const bad: [string, () => Tensor | unknown, RegExp][] = [
      ['not a tensor', () => [1, 2, 3], /^TypeError: FrozenModel\.forward: x must be a Tensor/],
      ['3-d', () => randn([3, 8, 8]), /^Error: FrozenModel\.forward: x must be a 4-d float32 cpu tensor .*\[3,8,8\]/],
      ['float64', () => randn([1, 3, 8, 8], { dtype: 'float64' }), /^Error: FrozenModel\.forward: .*float64/],
      ['wrong channels', () => randn([1, 4, 8, 8]), /^Error: FrozenModel\.forward: x \[1,4,8,8\].* 3 channels/],
      ['empty batch', () => randn([0, 3, 8, 8]), /^Error: FrozenModel\.forward: x \[0,3,8,8\]/],
      ['disposed', () => { const t = randn([1, 3, 8, 8]); t.dispose(); return t; }, /^Error: FrozenModel\.forward: x .* is disposed/],
    ];
    for (const [what, make, re] of bad) {
      it(`forward refuses ${what}`, () => {
        const x = make();
        assert.throws(() => f.forward(x as Tensor), re);
      });
    }

    it('freeze refuses what it cannot run', () => {
      assert.throws(() => inference.freeze(42 as never), /^TypeError: freeze: model must be a Module, got 42/);
      assert.throws(() => inference.freeze(models.create('resnet20')), /^Error: freeze: the model is in training mode/);
      const dense = models.create('densenet40').eval();
      assert.throws(() => inference.freeze(dense), /^Error: freeze: the model \(DenseNet\) is not a module the frozen model runs/);
      dense.dispose();
      const odd = new Sequential(new BasicBlock(4, 4, { shortcut: 'A' }), new BatchNorm2d(4)).eval();
      assert.throws(() => inference.freeze(odd), /^Error: freeze: 1 \(BatchNorm2d\) is not a module/);
      odd.dispose();
      const moved = models.create('resnet20', { recalibration: 'se', placement: 'beforeBn' }).eval();
      assert.throws(() => inference.freeze(moved), /^Error: freeze: layer1\.0 \(BasicBlock\) places its recalibration before the batch norm/);
      moved.dispose();
      // The native step checks the global weight's shape as every other parameter's.
      const handle = native.frozenModelCreate();
      const [w, b, gw] = [zeros([3, 4, 3, 3]), zeros([4]), zeros([5])];
      assert.throws(() => native.frozenModelAddMssarAddRelu(handle, 0, w.handle, b.handle, [1, 2, 4], false, 0, gw.handle), /^Error: freeze: mssar global weight .*\[5\]/);
      for (const t of [w, b, gw]) t.dispose();
    });

    it('a disposed frozen model refuses forward', () => {
      const g = inference.freeze(model);
      g.dispose();
      g.dispose();
      assert.throws(() => g.forward(tensor(new Float32Array(3 * 64), [1, 3, 8, 8])), /^Error: FrozenModel\.forward: the frozen model is disposed/);
    });
  });
});
