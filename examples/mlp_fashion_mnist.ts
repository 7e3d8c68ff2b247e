// A two-layer perceptron on Fashion-MNIST written with tensor ops only: matmul, a bias expanded to
// the batch and added, layerNorm, relu, and crossEntropy (a numerically safe log-softmax), trained
// with SGD.
//
//   npx tsc -p tsconfig.json && node dist/examples/mlp_fashion_mnist.js [steps]
//
// Outside this repository, import from 'mssar' instead of '../src/index'.
import * as m from '../src/index';

const F = m.functional;

export interface MlpOptions {
  /** Training steps (batches), default 300. */
  steps?: number;
  batchSize?: number;
  hidden?: number;
  lr?: number;
  seed?: number;
  /** Called after every step with its loss. */
  onStep?: (step: number, loss: number) => void;
}

export interface MlpResult {
  /** The loss of every step. */
  losses: number[];
  /** Top-1 accuracy on the first 1000 test images after training. */
  testAccuracy: number;
}

/** The perceptron's parameters: weights as [in, out], so a layer is x.matmul(w) plus a bias. */
function parameters(hidden: number) {
  const w1 = m.randn([784, hidden], { std: Math.sqrt(2 / 784), requiresGrad: true });
  const b1 = m.zeros([hidden], { requiresGrad: true });
  const gamma = m.ones([hidden], { requiresGrad: true });
  const beta = m.zeros([hidden], { requiresGrad: true });
  const w2 = m.randn([hidden, 10], { std: Math.sqrt(1 / hidden), requiresGrad: true });
  const b2 = m.zeros([10], { requiresGrad: true });
  return { w1, b1, gamma, beta, w2, b2 };
}

type Params = ReturnType<typeof parameters>;

/** images [B, 1, 28, 28] -> logits [B, 10]: relu(layerNorm(x w1 + b1)) w2 + b2. */
function forward(p: Params, images: m.Tensor): m.Tensor {
  const x = images.flatten(1);
  const n = x.shape[0];
  const h = F.relu(F.layerNorm(F.add(x.matmul(p.w1), p.b1.expand([n, -1])), [p.b1.shape[0]], p.gamma, p.beta));
  return F.add(h.matmul(p.w2), p.b2.expand([n, -1]));
}

export async function trainMlp(opts: MlpOptions = {}): Promise<MlpResult> {
  const steps = opts.steps ?? 300;
  m.manualSeed(opts.seed ?? 1);
  const p = parameters(opts.hidden ?? 128);
  const optimizer = new m.optim.SGD(Object.values(p), { lr: opts.lr ?? 0.1, momentum: 0.9 });
  const losses: number[] = [];
  const train = m.data.loader(m.data.fashionMnist({ split: 'train' }), { batchSize: opts.batchSize ?? 64, shuffle: true, seed: opts.seed ?? 1 });
  while (losses.length < steps) {
    for await (const batch of train) {
      const loss = m.tidy(() => {
        optimizer.zeroGrad();
        const l = F.crossEntropy(forward(p, batch.images), batch.labels);
        l.backward();
        optimizer.step();
        return l.item();
      });
      batch.images.dispose();
      batch.labels.dispose();
      losses.push(loss);
      opts.onStep?.(losses.length, loss);
      if (losses.length >= steps) break;
    }
  }
  const testAccuracy = await evaluate(p);
  for (const t of Object.values(p)) t.dispose();
  return { losses, testAccuracy };
}

async function evaluate(p: Params): Promise<number> {
  const test = m.data.loader(m.data.fashionMnist({ split: 'test' }), { batchSize: 250 });
  let correct = 0, seen = 0;
  for await (const batch of test) {
    const logits = m.noGrad(() => forward(p, batch.images));
    correct += m.training.countCorrect(logits.toArray(), batch.labelArray, 10).top1;
    seen += batch.labelArray.length;
    logits.dispose();
    batch.images.dispose();
    batch.labels.dispose();
    if (seen >= 1000) break;
  }
  return correct / seen;
}

if (require.main === module) {
  const steps = Number(process.argv[2] ?? 300);
  trainMlp({ steps, onStep: (s, l) => { if (s % 50 === 0 || s === 1) console.log(`step ${s}: loss ${l.toFixed(4)}`); } })
    .then((r) => console.log(`test accuracy (first 1000 images): ${(100 * r.testAccuracy).toFixed(1)}%`))
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
