// Issue 11: a NaN that ReLU hides from the loss still stops training (the gradient-norm guard),
// and the checkpoint kept as the last good one holds no NaN or Inf.
import { strict as assert } from 'assert';
import { loadTrainState } from '../../src/train/checkpoint';
import { manualSeed, randn, tensor } from '../../src/creation';
import { dispose } from '../../src/scope';
import * as models from '../../src/models';
import { SGD } from '../../src/optim';
import { trainStep } from '../../src/train/step';
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

  it('a NaN in one input pixel: the step reports a non-finite gradient norm and leaves every weight as it was', () => {
    manualSeed(1);
    const model = models.create('resnet20', { inChannels: 1, numClasses: 10 });
    const sgd = new SGD(model.namedParameters(), { lr: 0.1, momentum: 0.9 });
    const labelArray = Int32Array.from([0, 1, 2, 3]);
    const labels = tensor(labelArray, [4]);
    const weights = (): Float32Array[] => model.parameters().map((p) => Float32Array.from(p.toArray() as Float32Array));
    const clean = randn([4, 1, 16, 16]);
    const values = Float32Array.from(clean.toArray() as Float32Array);
    values[37] = NaN;
    const poisoned = tensor(values, [4, 1, 16, 16]);
    const before = weights();
    const bad = trainStep(model, sgd, poisoned, labels, labelArray, 'cpu', 0);
    assert.ok(!Number.isFinite(bad.gradNorm2), `gradient norm ${bad.gradNorm2}`);
    assert.deepEqual(weights(), before, 'the update was not skipped');
    assert.ok(model.parameters().every((p) => p.grad === null || (p.grad.toArray() as Float32Array).every((v) => v === 0)));
    // A clean batch still trains: the same step moves the weights.
    const good = trainStep(model, sgd, clean, labels, labelArray, 'cpu', 0);
    assert.ok(Number.isFinite(good.loss) && Number.isFinite(good.gradNorm2));
    assert.notDeepEqual(weights(), before);
    dispose([clean, poisoned, labels]);
    model.dispose();
  });
});
