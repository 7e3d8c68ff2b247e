// The model zoo: parameter counts against the published ones and the reference implementations,
// the parameters recalibration adds, initialisation, seeding.
import { strict as assert } from 'assert';
import { getRngState, manualSeed, tensor } from '../src/creation';
import * as models from '../src/models';
import { Conv2d, Linear, MSSAR, SE, BatchNorm2d } from '../src/nn';
import type { Tensor } from '../src/tensor';

/** Counts as the papers publish them, with the unit they are rounded to. */
const published: { name: string; params: number; unit: number; source: string }[] = [
  { name: 'resnet20', params: 0.27e6, unit: 0.01e6, source: 'He et al. 2016, table 6' },
  { name: 'resnet56', params: 0.85e6, unit: 0.01e6, source: 'He et al. 2016, table 6' },
  { name: 'resnet110', params: 1.7e6, unit: 0.1e6, source: 'He et al. 2016, table 6' },
  { name: 'preresnet164', params: 1.7e6, unit: 0.1e6, source: 'He et al. 2016 (identity mappings), table 3' },
  { name: 'wrn28_10', params: 36.5e6, unit: 0.1e6, source: 'Zagoruyko and Komodakis 2016, table 4' },
  { name: 'densenet40', params: 1.0e6, unit: 0.1e6, source: 'Huang et al. 2017, table 2' },
  { name: 'densenet_bc100', params: 0.8e6, unit: 0.1e6, source: 'Huang et al. 2017, table 2' },
  { name: 'resnet18', params: 11.7e6, unit: 0.1e6, source: 'torchvision' },
  { name: 'resnet50', params: 25.6e6, unit: 0.1e6, source: 'torchvision' },
  { name: 'resnet101', params: 44.5e6, unit: 0.1e6, source: 'torchvision' },
  { name: 'densenet121', params: 8.0e6, unit: 0.1e6, source: 'torchvision' },
];

/** He et al.'s CIFAR ResNet-(6n+2) counted from its description (option A: no shortcut parameters). */
function cifarResNetParams(n: number, classes = 10): number {
  let p = 3 * 16 * 9 + 2 * 16; // conv1, bn1
  let c = 16;
  for (const w of [16, 32, 64]) {
    p += c * w * 9 + w * w * 9 + 4 * w; // first block: two convs, two BNs
    p += (n - 1) * (2 * w * w * 9 + 4 * w);
    c = w;
  }
  return p + 64 * classes + classes;
}

/** DenseNet-40 (k = 12, 16 first channels, 12 layers per block, no compression) from its description. */
function denseNet40Params(classes = 10): number {
  let p = 3 * 16 * 9;
  let c = 16;
  for (let b = 0; b < 3; b++) {
    for (let l = 0; l < 12; l++) {
      p += 2 * c + c * 12 * 9; // BN, conv3x3
      c += 12;
    }
    if (b < 2) p += 2 * c + c * c; // transition: BN, conv1x1 (no compression)
  }
  return p + 2 * c + c * classes + classes;
}

/** Exact counts of the reference implementations. */
const exact: { name: string; params: number; source: string }[] = [
  { name: 'resnet20', params: cifarResNetParams(3), source: 'the description (269,722)' },
  { name: 'resnet32', params: cifarResNetParams(5), source: 'the description' },
  { name: 'resnet44', params: cifarResNetParams(7), source: 'the description' },
  { name: 'resnet56', params: cifarResNetParams(9), source: 'the description' },
  { name: 'resnet110', params: cifarResNetParams(18), source: 'the description (1,727,962)' },
  { name: 'preresnet164', params: 1703258, source: 'pytorchcv preresnet164bn_cifar10' },
  { name: 'wrn28_10', params: 36479194, source: 'pytorchcv wrn28_10_cifar10' },
  { name: 'densenet40', params: denseNet40Params(), source: 'the description (1,019,722)' },
  { name: 'densenet_bc100', params: 769162, source: 'pytorchcv / densenet.pytorch densenet100_k12_bc' },
  { name: 'resnet18', params: 11689512, source: 'torchvision' },
  { name: 'resnet34', params: 21797672, source: 'torchvision' },
  { name: 'resnet50', params: 25557032, source: 'torchvision' },
  { name: 'resnet101', params: 44549160, source: 'torchvision' },
  { name: 'resnet152', params: 60192808, source: 'torchvision' },
  { name: 'densenet121', params: 7978856, source: 'torchvision' },
];

/** The channels each recalibrated block (or dense layer) recalibrates, written from the architectures. */
const recalibratedChannels: Record<string, number[]> = {
  resnet20: [...Array(3).fill(16), ...Array(3).fill(32), ...Array(3).fill(64)],
  resnet56: [...Array(9).fill(16), ...Array(9).fill(32), ...Array(9).fill(64)],
  preresnet164: [...Array(18).fill(64), ...Array(18).fill(128), ...Array(18).fill(256)],
  wrn16_8: [...Array(2).fill(128), ...Array(2).fill(256), ...Array(2).fill(512)],
  densenet40: Array(36).fill(12),
  densenet_bc100: Array(48).fill(12),
  resnet18: [64, 64, 128, 128, 256, 256, 512, 512],
  resnet50: [...Array(3).fill(256), ...Array(4).fill(512), ...Array(6).fill(1024), ...Array(3).fill(2048)],
  densenet121: Array(6 + 12 + 24 + 16).fill(32),
};

const counted = new Map<string, number>();
/** Parameters of a freshly built model (cached: building the large ones takes a while). */
function countOf(name: string, opts: models.ModelOptions = {}): number {
  const key = `${name} ${JSON.stringify(opts)}`;
  let n = counted.get(key);
  if (n === undefined) {
    const m = models.create(name, opts);
    n = m.numParameters();
    m.dispose();
    counted.set(key, n);
  }
  return n;
}

function stats(t: Tensor): { mean: number; std: number; maxAbs: number } {
  const a = t.toArray();
  let s = 0;
  let maxAbs = 0;
  for (const v of a) {
    s += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(q / a.length), maxAbs };
}

describe('models', () => {
  it('lists every model', () => {
    assert.deepEqual(models.list(), [
      'resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110', 'preresnet164', 'wrn16_8', 'wrn28_10', 'densenet40',
      'densenet_bc100', 'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'densenet121',
    ]);
  });

  it('names follow one scheme; earlier spellings still build the same model; create is typed by name', () => {
    for (const name of models.list()) assert.match(name, /^[a-z]+\d+(_[a-z]*\d+)?$|^[a-z]+_[a-z]+\d+$/, name);
    for (const [old, now] of Object.entries(models.LEGACY_NAMES)) {
      assert.ok(!models.list().includes(old as models.ModelName), `${old} is not listed`);
      assert.equal(models.canonicalName(old), now);
      const a = models.create(old);
      const b = models.create(now);
      assert.equal(a.constructor, b.constructor);
      assert.equal(a.numParameters(), b.numParameters());
      a.dispose();
      b.dispose();
    }
    assert.equal(models.canonicalName('resnet21'), null);
    // The return type is the name's class: these assignments compile only because create is typed.
    const cifar: models.CifarResNet = models.create('resnet20');
    const dense: models.DenseNet = models.create('densenet_bc100');
    const wide: models.PreActResNet = models.create('wrn16_8');
    assert.ok(cifar instanceof models.CifarResNet && dense instanceof models.DenseNet && wide instanceof models.PreActResNet);
    assert.equal(cifar.depth, 20);
    for (const m of [cifar, dense, wide]) m.dispose();
  });

  it('rejects unknown models and bad options', () => {
    assert.throws(() => models.create('resnet21'), /unknown model 'resnet21'; available: resnet20/);
    assert.throws(() => models.create('resnet20', { numClasses: 0 }), /numClasses must be a positive integer/);
    assert.throws(() => models.create('resnet20', { inChannels: 1.5 }), /inChannels must be a positive integer/);
    assert.throws(() => models.create('resnet20', { recalibration: 'cbam' as 'se' }), /unknown recalibration 'cbam'/);
    assert.throws(() => models.create('wrn16_8', { dropout: 1 }), /dropout must be in \[0, 1\)/);
  });

  describe('parameter counts without recalibration', () => {
    for (const p of published) {
      // The published figures are rounded: 1% of them, or half their last digit when that is
      // wider (ResNet-110 has 1.73M, DenseNet-40 1.02M, DenseNet-BC-100 0.77M).
      const tol = Math.max(0.01 * p.params, p.unit / 2);
      it(`${p.name}: within ${((100 * tol) / p.params).toFixed(1)}% of ${p.params / 1e6}M (${p.source})`, () => {
        const n = countOf(p.name);
        assert.ok(Math.abs(n - p.params) <= tol, `${p.name} has ${n} parameters, published ${p.params}`);
      });
    }
    for (const e of exact) {
      it(`${e.name}: exactly ${e.params} (${e.source})`, () => {
        assert.equal(countOf(e.name), e.params);
      });
    }

    it('takes numClasses and inChannels (Fashion-MNIST: 1 channel)', () => {
      const m = models.create('resnet20', { numClasses: 100, inChannels: 1 });
      const sd = m.stateDict();
      assert.deepEqual(sd.get('conv1.weight')!.shape, [16, 1, 3, 3]);
      assert.deepEqual(sd.get('fc.weight')!.shape, [100, 64]);
      m.dispose();
      assert.equal(countOf('resnet18', { numClasses: 10 }), 11689512 - 990 * 513);
    });
  });

  describe('parameters added by recalibration', () => {
    for (const [name, channels] of Object.entries(recalibratedChannels)) {
      it(`${name}: MS-SAR adds K * 9 * C + C per block (+ C global), SE 2 * C * C/r + C/r + C`, () => {
        const base = countOf(name);
        const mssar = (k: number, cells: number): number => channels.reduce((a, c) => a + k * cells * c + c, 0);
        assert.equal(countOf(name, { recalibration: 'mssar' }) - base, mssar(3, 9));
        assert.equal(countOf(name, { recalibration: 'mssar', symmetric: true }) - base, mssar(3, 3));
        assert.equal(countOf(name, { recalibration: 'mssar', scales: [2] }) - base, mssar(1, 9));
        // The global-average scale: one more weight per channel.
        assert.equal(countOf(name, { recalibration: 'mssar', global: true }) - base, mssar(3, 9) + channels.reduce((a, c) => a + c, 0));
        const se = (r: number): number => channels.reduce((a, c) => {
          const h = Math.max(1, Math.floor(c / r));
          return a + 2 * c * h + h + c;
        }, 0);
        assert.equal(countOf(name, { recalibration: 'se' }) - base, se(16));
        if (name === 'resnet20') assert.equal(countOf(name, { recalibration: 'se', reduction: 4 }) - base, se(4));
      });
    }

    it('builds MS-SAR as defined: weight zeros [K, C, 3, 3] (or [K, C, 3]), bias initBias (default 4: the gate starts at sigmoid(4))', () => {
      const m = new MSSAR(5, { scales: [1, 3], initBias: 0.25 });
      assert.deepEqual(m.weight.shape, [2, 5, 3, 3]);
      assert.ok(m.weight.toArray().every((v) => v === 0));
      assert.ok(m.bias.toArray().every((v) => v === 0.25));
      const s = new MSSAR(5, { symmetric: true });
      assert.deepEqual(s.weight.shape, [3, 5, 3]);
      assert.ok(s.bias.toArray().every((v) => v === 4));
      const x = tensor(Float32Array.from({ length: 2 * 5 * 4 * 3 }, (_, i) => (i % 7) - 3), [2, 5, 4, 3]);
      const y = s.forward(x);
      const gate = 1 / (1 + Math.exp(-4));
      (y.toArray() as Float32Array).forEach((v, i) => assert.ok(Math.abs(v - gate * x.toArray()[i]) <= 1e-6, `y[${i}] = ${v}`));
      x.dispose();
      y.dispose();
      assert.throws(() => new MSSAR(5, { scales: [0, 2] }), /MSSAR: scales must be a non-empty array of at most 16 integers in \[1, 64\]/);
      m.dispose();
      s.dispose();
    });

    it('builds SE with at least one hidden unit', () => {
      const s = new SE(8);
      assert.deepEqual(s.fc1.weight.shape, [1, 8]);
      assert.deepEqual(s.fc2.weight.shape, [8, 1]);
      const t = new SE(64, { reduction: 16 });
      assert.deepEqual(t.fc1.weight.shape, [4, 64]);
      s.dispose();
      t.dispose();
    });
  });

  describe('initialisation', () => {
    it('draws convolution weights Kaiming normal, fan-out: std sqrt(2 / (outC * kh * kw))', () => {
      manualSeed(7);
      const c = new Conv2d(256, 256, 3);
      const s = stats(c.weight);
      const std = Math.sqrt(2 / (256 * 9));
      assert.ok(Math.abs(s.std / std - 1) < 0.01, `std ${s.std}, expected ${std}`);
      assert.ok(Math.abs(s.mean) < 0.01 * std, `mean ${s.mean}`);
      assert.ok(c.bias!.toArray().every((v) => v === 0));
      c.dispose();
    });

    it('draws fan-in when asked (torchvision DenseNet)', () => {
      manualSeed(8);
      const c = new Conv2d(64, 512, 3, { init: 'fanIn', bias: false });
      const std = Math.sqrt(2 / (64 * 9));
      assert.ok(Math.abs(stats(c.weight).std / std - 1) < 0.01);
      assert.equal(c.bias, null);
      c.dispose();
    });

    it('draws Linear weights uniform in +-1/sqrt(in) (PyTorch default)', () => {
      manualSeed(9);
      const l = new Linear(1024, 512);
      const bound = 1 / Math.sqrt(1024);
      const s = stats(l.weight);
      assert.ok(s.maxAbs <= bound);
      assert.ok(Math.abs(s.std / (bound / Math.sqrt(3)) - 1) < 0.01, `std ${s.std}`);
      assert.ok(stats(l.bias!).maxAbs <= bound);
      assert.ok(l.bias!.toArray().some((v) => v !== 0));
      l.dispose();
    });

    it('starts BN at weight 1, bias 0, running mean 0, running var 1', () => {
      const bn = new BatchNorm2d(6);
      assert.ok(bn.weight!.toArray().every((v) => v === 1));
      assert.ok(bn.bias!.toArray().every((v) => v === 0));
      assert.ok(bn.runningMean.toArray().every((v) => v === 0));
      assert.ok(bn.runningVar.toArray().every((v) => v === 1));
      const plain = new BatchNorm2d(6, { affine: false });
      assert.equal(plain.numParameters(), 0);
      bn.dispose();
      plain.dispose();
    });

    it('initialises the models as their references do', () => {
      manualSeed(3);
      const m = models.create('resnet56');
      const sd = m.stateDict();
      const w = sd.get('layer3.8.conv2.weight')!;
      assert.ok(Math.abs(stats(w).std / Math.sqrt(2 / (64 * 9)) - 1) < 0.05);
      assert.ok(sd.get('fc.bias')!.toArray().every((v) => v === 0), 'CIFAR fc bias starts at zero');
      m.dispose();
      const r = models.create('resnet18');
      assert.ok(r.stateDict().get('fc.bias')!.toArray().some((v) => v !== 0), 'torchvision ResNet keeps the default fc bias');
      r.dispose();
    });

    it('builds identical parameters from the same seed, different ones from another', () => {
      for (const name of ['resnet20', 'densenet40', 'preresnet164']) {
        manualSeed(42);
        const a = models.create(name, { recalibration: 'se' });
        manualSeed(42);
        const b = models.create(name, { recalibration: 'se' });
        manualSeed(43);
        const c = models.create(name, { recalibration: 'se' });
        const pa = a.parameters();
        const pb = b.parameters();
        assert.ok(pa.every((p, i) => {
          const x = p.toArray();
          const y = pb[i].toArray();
          return x.every((v, j) => v === y[j]);
        }), `${name}: same seed, same parameters`);
        const x = a.parameters()[0].toArray();
        const z = c.parameters()[0].toArray();
        assert.ok(x.some((v, j) => v !== z[j]), `${name}: another seed, other parameters`);
        a.dispose();
        b.dispose();
        c.dispose();
      }
    });

    it('models.info leaves the generator where it was', () => {
      manualSeed(5);
      const before = getRngState();
      models.info('resnet20');
      assert.deepEqual(getRngState(), before);
    });
  });
});
