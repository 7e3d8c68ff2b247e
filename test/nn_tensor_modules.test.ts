// nn.LayerNorm, nn.Embedding and nn.Linear on inputs of any rank: PyTorch's parameter names in
// forward order, the outputs the functional ops give, and profile() shapes.
import { strict as assert } from 'assert';
import * as m from '../src/index';
import { assertClose } from './assertions';

const { nn } = m;
const F = m.functional;

describe('nn.LayerNorm, nn.Embedding, nn.Linear (any rank)', () => {
  it('LayerNorm: weight and bias named as PyTorch does; rows come out with mean 0 and variance 1', () => m.tidy(() => {
    const ln = new nn.LayerNorm(6);
    assert.deepEqual([...ln.namedParameters()].map(([n, p]) => [n, p.shape]), [['weight', [6]], ['bias', [6]]]);
    const x = m.randn([2, 3, 6], { mean: 3, std: 2 });
    const y = ln.forward(x).toArray();
    for (let r = 0; r < 6; r++) {
      const row = Array.from(y.slice(r * 6, r * 6 + 6));
      const mean = row.reduce((a, b) => a + b, 0) / 6;
      const v = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 6;
      assert.ok(Math.abs(mean) < 1e-5 && Math.abs(v - 1) < 1e-3, `row ${r}: mean ${mean}, variance ${v}`);
    }
    assert.equal(new nn.LayerNorm([2, 3], { elementwiseAffine: false }).parameters().length, 0);
    assert.deepEqual(nn.profileModule(ln, [4, 6]).output, [4, 6]);
  }));

  it('Embedding: rows of the table, gradients adding up over repeated ids', () => m.tidy(() => {
    const emb = new nn.Embedding(5, 3);
    assert.deepEqual([...emb.namedParameters()].map(([n, p]) => [n, p.shape]), [['weight', [5, 3]]]);
    const ids = m.tensor([4, 1, 4, 0], [2, 2], { dtype: 'int32' });
    const y = emb.forward(ids);
    assert.deepEqual(y.shape, [2, 2, 3]);
    const w = emb.weight.toArray();
    assertClose(y.toArray(), [4, 1, 4, 0].flatMap((i) => Array.from(w.slice(i * 3, i * 3 + 3))), 0, 0, 'rows');
    F.sum(y).backward();
    assertClose(emb.weight.grad!.toArray(), [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2], 0, 0, 'dweight');
    assert.deepEqual(nn.profileModule(emb, [2, 7]).output, [2, 7, 3]);
  }));

  it('Linear takes [..., in]: each row as linear() computes it', () => m.tidy(() => {
    const lin = new nn.Linear(4, 2);
    const x = m.randn([2, 3, 4]);
    const y = lin.forward(x);
    assert.deepEqual(y.shape, [2, 3, 2]);
    assertClose(y.toArray(), F.linear(x.reshape([6, 4]), lin.weight, lin.bias).toArray(), 1e-6, 1e-6, 'rows');
    assert.deepEqual(lin.forward(m.randn([4])).shape, [2]);
    assert.deepEqual(nn.profileModule(lin, [5, 3, 4]).output, [5, 3, 2]);
    assert.equal(nn.profileModule(lin, [5, 3, 4]).macs, 5 * 3 * 4 * 2);
  }));
});
