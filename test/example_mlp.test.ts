// examples/mlp_fashion_mnist.ts, the perceptron written with tensor ops only (layerNorm included), trains: a few dozen
// steps on Fashion-MNIST bring the loss well below its start (ln 10 = 2.30 for a guess).
import { strict as assert } from 'assert';
import { trainMlp } from '../examples/mlp_fashion_mnist';

describe('example: MLP on Fashion-MNIST with tensor ops', () => {
  it('the loss falls over 40 steps and the test accuracy beats chance', async () => {
    const { losses, testAccuracy } = await trainMlp({ steps: 40, batchSize: 64, seed: 3 });
    assert.equal(losses.length, 40);
    assert.ok(losses.every(Number.isFinite), `losses: ${losses.join(', ')}`);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 5)), last = mean(losses.slice(-10));
    assert.ok(first > 1.8, `the first losses (${first.toFixed(3)}) should be near ln 10`);
    assert.ok(last < 0.6 * first, `mean loss of the last 10 steps ${last.toFixed(3)} vs the first 5 ${first.toFixed(3)}`);
    assert.ok(testAccuracy > 0.5, `test accuracy ${testAccuracy}`);
  });
});
