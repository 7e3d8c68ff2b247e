// Forward and backward passes through the blocks and every model of the zoo, on tiny batches.
import { strict as assert } from 'assert';
import { manualSeed, randn, tensor } from '../src/creation';
import { crossEntropy } from '../src/functional/cross_entropy';
import { se } from '../src/functional/se';
import * as models from '../src/models';
import { BatchNorm2d, Module, profileModule, ShortcutA } from '../src/nn';
import { noGrad } from '../src/autograd';
import { tidy } from '../src/scope';
import type { Tensor } from '../src/tensor';


interface Case {
  name: string;
  opts?: models.ModelOptions;
  /** [C, H, W] of the input. */
  input: [number, number, number];
}

const C32: [number, number, number] = [3, 32, 32];
const cases: Case[] = [
  ...models.list().map((name): Case => ({
    name,
    // The widest and deepest CIFAR models run on 16x16 maps to keep the test quick.
    input: ['wrn28_10', 'wrn16_8', 'preresnet164', 'resnet110'].includes(name) ? [3, 16, 16] : C32,
  })),
  { name: 'resnet20', opts: { recalibration: 'se' }, input: C32 },
  { name: 'resnet20', opts: { recalibration: 'mssar' }, input: C32 },
  { name: 'resnet20', opts: { recalibration: 'mssar', symmetric: true, scales: [2], initBias: 1 }, input: C32 },
  { name: 'resnet20', opts: { inChannels: 1, recalibration: 'mssar' }, input: [1, 28, 28] },
  { name: 'preresnet164', opts: { recalibration: 'mssar' }, input: [3, 16, 16] },
  { name: 'wrn16_8', opts: { recalibration: 'se', dropout: 0.3 }, input: [3, 16, 16] },
  { name: 'densenet40', opts: { recalibration: 'mssar', dropout: 0.2 }, input: C32 },
  { name: 'densenet_bc100', opts: { recalibration: 'se' }, input: C32 },
  { name: 'resnet18', opts: { recalibration: 'mssar' }, input: C32 },
  { name: 'resnet50', opts: { recalibration: 'se' }, input: C32 },
  { name: 'resnet18', opts: { inChannels: 1 }, input: [1, 28, 28] },
  // 28x28 through DenseNet-121 leaves a 1x1 map for the last transition.
  { name: 'densenet121', opts: { inChannels: 1, recalibration: 'mssar' }, input: [1, 28, 28] },
];

function label(c: Case): string {
  return `${c.name} ${JSON.stringify(c.opts ?? {})} on ${c.input.join('x')}`;
}

function allFinite(t: Tensor): boolean {
  return t.toArray().every((v) => Number.isFinite(v));
}

describe('models: forward and backward', function () {

  for (const c of cases) {
    it(`${label(c)}: logits [2, classes], matching profile(), gradients on every parameter`, () => {
      manualSeed(11);
      const model = models.create(c.name, { numClasses: 5, ...c.opts });
      try {
        tidy(() => {
          const x = randn([2, ...c.input]);
          const y = model.forward(x);
          assert.deepEqual(y.shape, [2, 5]);
          assert.deepEqual(profileModule(model, x.shape).output, y.shape);
          assert.ok(allFinite(y), 'finite logits');
          const loss = crossEntropy(y, [0, 3]);
          loss.backward();
          for (const [name, p] of model.namedParameters()) {
            assert.ok(p.grad, `${name} got no gradient`);
            assert.deepEqual(p.grad.shape, p.shape, name);
            assert.ok(allFinite(p.grad), `${name}: finite gradient`);
          }
          const bn = model.modules().find((m): m is BatchNorm2d => m instanceof BatchNorm2d)!;
          assert.equal(bn.numBatchesTracked, 1);
        });
      } finally {
        model.dispose();
      }
    });
  }

  it('evaluates deterministically in eval mode, without touching the running statistics', () => {
    manualSeed(12);
    const model = models.create('wrn16_8', { dropout: 0.5, recalibration: 'mssar' }).eval();
    try {
      tidy(() => {
        const x = randn([2, 3, 16, 16]);
        const mean = model.stateDict().get('layer1.0.bn1.running_mean')!.toArray();
        const a = noGrad(() => model.forward(x)).toArray();
        const b = noGrad(() => model.forward(x)).toArray();
        assert.deepEqual(a, b);
        assert.deepEqual(model.stateDict().get('layer1.0.bn1.running_mean')!.toArray(), mean);
        assert.equal(model.stateDict().get('layer1.0.bn1.num_batches_tracked')!.item(), 0);
      });
    } finally {
      model.dispose();
    }
  });

  it('option A shortcut: every second row and column, zero channels half before and half after (an odd one after)', () => {
    tidy(() => {
      const data = Float32Array.from({ length: 2 * 4 * 4 }, (_, i) => i + 1);
      const x = tensor(data, [1, 2, 4, 4]);
      const zeros = [0, 0, 0, 0];
      const y = new ShortcutA(2, 4, 2).forward(x);
      assert.deepEqual(y.shape, [1, 4, 2, 2]);
      assert.deepEqual(Array.from(y.toArray()), [...zeros, 1, 3, 9, 11, 17, 19, 25, 27, ...zeros]);
      const odd = new ShortcutA(2, 5, 2).forward(x);
      assert.deepEqual(Array.from(odd.toArray()), [...zeros, 1, 3, 9, 11, 17, 19, 25, 27, ...zeros, ...zeros]);
      // The same in the blocked layout the networks use.
      const blocked = new ShortcutA(2, 5, 2).forward(x.toLayout('nChw16c'));
      assert.deepEqual(Array.from(blocked.toLayout('plain').toArray()), Array.from(odd.toArray()));
    });
  });

  it('functional.se equals its definition', () => {
    tidy(() => {
      manualSeed(13);
      const [n, c, hw, cr] = [2, 4, 3 * 3, 2];
      const x = randn([n, c, 3, 3]);
      const w1 = randn([cr, c]);
      const b1 = randn([cr]);
      const w2 = randn([c, cr]);
      const b2 = randn([c]);
      const got = se(x, w1, b1, w2, b2).toArray();
      const [xa, w1a, b1a, w2a, b2a] = [x, w1, b1, w2, b2].map((t) => t.toArray());
      for (let i = 0; i < n; i++) {
        const pooled = Array.from({ length: c }, (_, ch) => {
          let s = 0;
          for (let k = 0; k < hw; k++) s += xa[(i * c + ch) * hw + k];
          return s / hw;
        });
        const hidden = Array.from({ length: cr }, (_, j) =>
          Math.max(0, b1a[j] + pooled.reduce((a, p, ch) => a + w1a[j * c + ch] * p, 0)));
        for (let ch = 0; ch < c; ch++) {
          const z = b2a[ch] + hidden.reduce((a, h, j) => a + w2a[ch * cr + j] * h, 0);
          const g = 1 / (1 + Math.exp(-z));
          for (let k = 0; k < hw; k++) {
            const idx = (i * c + ch) * hw + k;
            assert.ok(Math.abs(got[idx] - xa[idx] * g) <= 1e-5 + 1e-5 * Math.abs(xa[idx] * g), `element ${idx}`);
          }
        }
      }
    });
  });

  it('BatchNorm2d with momentum null keeps a cumulative average of the batch means', () => {
    tidy(() => {
      const bn = new BatchNorm2d(1, { momentum: null, affine: false });
      const a = tensor(Float32Array.from([1, 3]), [2, 1, 1, 1]);
      const b = tensor(Float32Array.from([5, 7]), [2, 1, 1, 1]);
      bn.forward(a);
      bn.forward(b);
      // Means 2 and 6: the cumulative average is 4.
      assert.ok(Math.abs(bn.runningMean.item() - 4) < 1e-6, `running mean ${bn.runningMean.item()}`);
      assert.equal(bn.stateDict().get('num_batches_tracked')!.item(), 2);
      bn.dispose();
    });
  });

  it('zeroGrad then a second backward gives the same gradients (they do not pile up)', () => {
    manualSeed(14);
    const model: Module = models.create('resnet20', { recalibration: 'mssar' });
    try {
      const step = (): number[] => tidy(() => {
        model.zeroGrad();
        const x = tensor(Float32Array.from({ length: 2 * 3 * 8 * 8 }, (_, i) => Math.sin(i)), [2, 3, 8, 8]);
        model.eval();
        crossEntropy(model.forward(x), [1, 2]).backward();
        return Array.from(model.parameters()[0].grad!.toArray());
      });
      const first = step();
      const second = step();
      assert.ok(first.some((v) => v !== 0));
      first.forEach((v, i) => assert.ok(Math.abs(v - second[i]) <= 1e-6 + 1e-5 * Math.abs(v), `element ${i}`));
    } finally {
      model.dispose();
    }
  });
});
