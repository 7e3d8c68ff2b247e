// Non-trivial parameters for the tests that compare a model with its exported or frozen form.
import { noGrad, rand, randn, tensor, tidy } from '../src';
import { BatchNorm2d, Layer, MSSAR } from '../src/nn';

/**
 * Random batch-norm affine parameters and MS-SAR weights, biases and global weights, then running statistics
 * measured on a random batch of 8 images of `imageShape` ([C, H, W]; one training-mode pass with
 * momentum 1), so that they are far from 0 and 1 and yet fit the activations: random statistics that
 * do not would blow deep networks' activations up until float32 itself loses their logits.
 * `varianceFloor`: add half the mean running variance to every channel's (below).
 */
export function randomizeModel(model: Layer, imageShape: readonly number[], opts: { varianceFloor?: boolean } = {}): void {
  noGrad(() => {
    const norms: BatchNorm2d[] = [];
    for (const m of model.modules()) {
      if (m instanceof BatchNorm2d) {
        m.weight?.set_(rand([m.numFeatures], { low: 0.6, high: 1.4 }));
        m.bias?.set_(randn([m.numFeatures], { std: 0.3 }));
        norms.push(m);
      } else if (m instanceof MSSAR) {
        m.weight.set_(randn(m.weight.shape, { std: 0.5 }));
        m.bias.set_(randn(m.bias.shape, { std: 0.3 }));
        // After the others: models without the global scale keep their draws.
        m.globalWeight?.set_(randn(m.globalWeight.shape, { std: 0.5 }));
      }
    }
    const momentum = norms.map((m) => m.momentum);
    for (const m of norms) (m as { momentum: number | null }).momentum = 1;
    model.train();
    tidy(() => {
      model.forward(randn([8, ...imageShape]));
    });
    norms.forEach((m, i) => ((m as { momentum: number | null }).momentum = momentum[i]));
    if (opts.varianceFloor) {
      // A few images give the late 1x1 and 2x2 maps of the ImageNet networks channels of almost no
      // variance, whose normalization would amplify rounding a thousandfold: add a share of the mean.
      for (const m of norms) {
        const v = m.runningVar.toArray() as Float32Array;
        const floor = 0.5 * v.reduce((a, b) => a + b, 0) / v.length;
        m.runningVar.set_(tensor(v.map((x) => x + floor), [v.length]));
      }
    }
    model.eval();
  });
}
