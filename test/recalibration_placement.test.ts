// Where a residual block puts its recalibration (options.placement): after the branch's last
// batch norm (the default) or between the last convolution and that batch norm. Each block is
// compared with the composition of its own modules in the order the placement names, in training
// and in evaluation mode, values and gradients; and the property that motivates 'beforeBn': MS-SAR
// starts as a constant gate of 1/2, which the batch norm after it undoes, so the block starts as
// the plain block does.
import { strict as assert } from 'assert';
import { manualSeed, noGrad, randn, tidy } from '../src';
import { addRelu } from '../src/functional';
import * as models from '../src/models';
import { BasicBlock, Bottleneck, Layer } from '../src/nn';
import type { Tensor } from '../src/tensor';
import { assertClose } from './assertions';
import { randomizeModel } from './randomize_model';

type Block = BasicBlock | Bottleneck;

/** The block's forward written out from its modules: relu(BN(R(c)) + s) or relu(R(BN(c)) + s). */
function composed(b: Block, x: Tensor, beforeBn: boolean): Tensor {
  const r = b.recalibration as Layer;
  let c: Tensor;
  let bn;
  if (b instanceof BasicBlock) {
    c = b.conv2.forward(b.bn1.forwardRelu(b.conv1.forward(x)));
    bn = b.bn2;
  } else {
    c = b.conv3.forward(b.bn2.forwardRelu(b.conv2.forward(b.bn1.forwardRelu(b.conv1.forward(x)))));
    bn = b.bn3;
  }
  const y = beforeBn ? bn.forward(r.forward(c)) : r.forward(bn.forward(c));
  return addRelu(y, b.shortcut ? b.shortcut.forward(x) : x);
}

/** The block's output and every parameter's gradient of sum(out * weights). */
function run(b: Block, x: Tensor, weights: Tensor, f: (x: Tensor) => Tensor): { out: Float32Array; grads: Map<string, Float32Array> } {
  for (const p of b.parameters()) p.grad = null;
  return tidy(() => {
    const out = f(x);
    out.mul(weights).sum().backward();
    const grads = new Map(b.namedParameters().map(([n, p]) => [n, p.grad!.toArray() as Float32Array]));
    return { out: out.toArray() as Float32Array, grads };
  });
}

const blocks: { name: string; make: (o: object) => Block; input: number[] }[] = [
  { name: 'BasicBlock', make: (o) => new BasicBlock(8, 16, { stride: 2, shortcut: 'projection', ...o }), input: [3, 8, 9, 10] },
  { name: 'Bottleneck', make: (o) => new Bottleneck(16, 4, { shortcut: 'A', ...o }), input: [2, 16, 7, 6] },
];

describe('recalibration placement', () => {
  for (const { name, make, input } of blocks) {
    for (const recalibration of ['mssar', 'se'] as const) {
      for (const placement of ['afterBn', 'beforeBn'] as const) {
        it(`${name} + ${recalibration}, ${placement}: the block is its modules in that order (values and gradients, train and eval)`, () => {
          manualSeed(3);
          const b = make({ recalibration, reduction: 4, placement });
          randomizeModel(b, input.slice(1));
          const x = randn(input).keep();
          const weights = randn(b.forward(x).shape).keep();
          for (const mode of ['train', 'eval'] as const) {
            b[mode]();
            const got = run(b, x, weights, (t) => b.forward(t));
            const want = run(b, x, weights, (t) => composed(b, t, placement === 'beforeBn'));
            const other = noGrad(() => tidy(() => composed(b, x, placement !== 'beforeBn').toArray() as Float32Array));
            const what = `${name} ${recalibration} ${placement} (${mode})`;
            assertClose(got.out, want.out, 1e-5, 1e-4, `${what}: output`);
            for (const [n, g] of want.grads) assertClose(got.grads.get(n)!, g, 1e-4, 1e-3, `${what}: d${n}`);
            // The other order computes something else, so the comparison above can tell them apart.
            assert.ok(got.out.some((v, i) => Math.abs(v - other[i]) > 1e-3), `${what}: the other placement gives the same output`);
          }
          x.dispose();
          weights.dispose();
          b.dispose();
        });
      }
    }
  }

  it("MS-SAR before the batch norm starts as the plain block (its constant gate is normalized away); after it, it halves the branch", () => {
    const x = randn([4, 16, 8, 8]).keep();
    const outOf = (o: object): Float32Array => {
      manualSeed(5);
      const b = new BasicBlock(16, 16, { shortcut: 'A', ...o });
      const out = noGrad(() => tidy(() => b.forward(x).toArray() as Float32Array));
      b.dispose();
      return out;
    };
    const plain = outOf({});
    // BN(c / 2) = BN(c) but for epsilon: (c - mean) / sqrt(var + 4 eps) against sqrt(var + eps).
    assertClose(outOf({ recalibration: 'mssar', placement: 'beforeBn' }), plain, 1e-4, 1e-3, 'MS-SAR before BN at the start');
    const after = outOf({ recalibration: 'mssar' });
    assert.ok(after.some((v, i) => Math.abs(v - plain[i]) > 0.05), 'MS-SAR after BN at the start should differ from the plain block');
    x.dispose();
  });

  it('is an option of every block and model, checked', () => {
    assert.throws(() => new BasicBlock(4, 4, { recalibration: 'mssar', placement: 'middle' as never }),
      /^Error: BasicBlock: options\.placement must be one of 'afterBn', 'beforeBn', got "middle"/);
    assert.throws(() => models.create('resnet20', { recalibration: 'se', placement: 'after' as never }),
      /^Error: create: options\.placement must be one of 'afterBn', 'beforeBn', got "after"/);
    // Pre-activation blocks and dense layers have no batch norm after their last convolution: the
    // placement changes nothing there.
    for (const name of ['preresnet164', 'densenet40'] as const) {
      const shape = [1, 3, 8, 8];
      manualSeed(1);
      const a = models.create(name, { recalibration: 'mssar' });
      manualSeed(1);
      const b = models.create(name, { recalibration: 'mssar', placement: 'beforeBn' });
      const x = randn(shape);
      const [ya, yb] = noGrad(() => [a.forward(x).toArray(), b.forward(x).toArray()]);
      assert.deepEqual(yb, ya, name);
      for (const t of [a, b, x]) t.dispose();
    }
  });
});
