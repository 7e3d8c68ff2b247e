// Issue 11: a NaN that ReLU hides from the loss still stops training (the gradient-norm guard),
// and the checkpoint kept as the last good one holds no NaN or Inf.
import { strict as assert } from 'assert';
import { loadTrainState } from '../../src/train/checkpoint';
import { tensor } from '../../src/creation';
import { Module } from '../../src/nn/module';
import { quickFlags, removeDir, tempRunDir, train, writeTinyFashion } from './fixture';

describe('divergence guard (issue 11)', function () {
  this.timeout(300000);
  let data = '';
  let dir = '';
  before(() => {
    data = writeTinyFashion(32, 16);
    dir = tempRunDir('guard');
  });
  after(() => {
    removeDir(data);
    removeDir(dir);
  });

  it('stops on a non-finite gradient with a finite loss, skipping the update, and keeps a finite checkpoint', async () => {
    let injected = false;
    const run = await train(quickFlags(data, dir, ['--epochs', '2']), {
      onBatch: ({ epoch, batch, model }) => {
        if (epoch === 1 && batch === 1 && !injected) {
          // One NaN in the first convolution: ReLU maps it to 0 downstream, so the loss stays
          // finite while the batch-norm gradients become NaN.
          const w = (model as Module).namedParameters().find(([n]) => n === 'conv1.weight')![1];
          const values = Float32Array.from(w.toArray() as Float32Array);
          values[0] = NaN;
          w.set_(tensor(values, w.shape.slice()));
          injected = true;
        }
      },
    });
    assert.ok(injected);
    assert.equal(run.result.outcome, 'diverged', run.stderr);
    assert.match(run.stderr, /training diverged: the (squared gradient norm \(the update was skipped\)|loss) is NaN at epoch 2/);
    assert.equal(run.result.epochsDone, 1);
    const state = loadTrainState(`${dir}/last.state.safetensors`);
    for (const [name, t] of state.model) {
      if (t.dtype !== 'F32') continue;
      const v = new Float32Array(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength / 4);
      assert.ok(v.every(Number.isFinite), `${name} holds a non-finite value`);
    }
  });
});
