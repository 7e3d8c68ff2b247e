// The whole-network parity test: one training step of ResNet-20 (none, SE, MS-SAR) on the fast
// kernels, in the layouts they choose (nChw16c on x86), against the same step on the float64
// reference kernels (plain): the loss and every parameter's gradient.
import { strict as assert } from 'assert';
import { manualSeed, randn, tensor } from '../src/creation';
import { crossEntropy } from '../src/functional/cross_entropy';
import * as models from '../src/models';
import { reference } from '../src/native';
import type { Recalibration } from '../src/nn/blocks/recalibration';
import type { Layer } from '../src/nn/sequential';
import { tidy } from '../src/scope';
import { assertClose } from './assertions';

describe('a CIFAR ResNet step on the fast kernels matches the float64 reference', () => {
  for (const recalibration of ['none', 'se', 'mssar'] as Recalibration[]) {
    it(`resnet20, ${recalibration}: loss and every parameter's gradient`, () => {
      manualSeed(21);
      const fast = models.create('resnet20', { numClasses: 5, recalibration });
      const exact = models.create('resnet20', { numClasses: 5, recalibration });
      try {
        // Non-zero MS-SAR and SE weights (MS-SAR starts at zero, which would hide its context).
        tidy(() => {
          for (const [name, p] of fast.namedParameters()) {
            if (/mssar\.weight$/.test(name)) p.set_(randn(p.shape.slice(), { std: 0.2 }));
          }
        });
        exact.loadStateDict(fast.stateDict());
        exact.to('float64');
        const data = Float32Array.from({ length: 2 * 3 * 16 * 16 }, (_, i) => Math.sin(0.37 * i));
        const labels = [1, 4];
        const run = (model: Layer, dtype: 'float32' | 'float64'): { loss: number; grads: Map<string, Float64Array> } =>
          tidy(() => {
            const x = tensor(data, [2, 3, 16, 16], { dtype });
            const loss = crossEntropy(model.forward(x), labels);
            loss.backward();
            const grads = new Map<string, Float64Array>();
            for (const [name, p] of model.namedParameters()) grads.set(name, Float64Array.from(p.grad!.toArray()));
            return { loss: loss.item(), grads };
          });
        const got = run(fast, 'float32');
        const want = reference(() => run(exact, 'float64'));
        assert.ok(Math.abs(got.loss - want.loss) <= 1e-4 * Math.abs(want.loss), `loss ${got.loss} vs ${want.loss}`);
        for (const [name, w] of want.grads) {
          const g = got.grads.get(name)!;
          // float32 through twenty layers and nineteen batch norms of two images: a few 1e-4 of the
          // largest entry of each gradient.
          const scale = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          assertClose(g, w, 2e-3 * scale + 1e-6, 0, name);
        }
      } finally {
        fast.dispose();
        exact.dispose();
      }
    });
  }
});

