// Issue 11: inputs that crashed the process or were silently accepted, and numerics at extremes.
// Each case is refused up front with an Error that names the public function.
import { strict as assert } from 'assert';
import * as m from '../src/index';

const F = m.functional;

function throwsNamed(fn: () => unknown, name: string, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `expected an Error, got ${String(e)}`);
    assert.ok(e.message.startsWith(`${name}:`), `message should start with '${name}:': ${e.message}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

/** A JPEG of w x h whose SOF header is rewritten to claim dw x dh. */
function lyingJpeg(w: number, h: number, dw: number, dh: number): Uint8Array {
  const px = new Uint8Array(w * h * 3).map((_, i) => (i * 37) % 251);
  const bytes = Uint8Array.from(m.data.encodeJpeg(px, w, h, 3, 90));
  for (let i = 0; i + 8 < bytes.length; ++i) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xc0) {
      bytes[i + 5] = dh >> 8;
      bytes[i + 6] = dh & 255;
      bytes[i + 7] = dw >> 8;
      bytes[i + 8] = dw & 255;
      return bytes;
    }
  }
  throw new Error('no SOF0 marker');
}

describe('hardening: sizes, threads, images (issue 11)', () => {
  it('refuses a conv2d whose output element count overflows, before any kernel runs', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = m.ones([4, 1, 1, 1], { dtype });
      const w = m.ones([4, 1, 1, 1], { dtype });
      throwsNamed(() => F.conv2d(x, w, null, { padding: [268451840, 268419072] }), 'conv2d', /2\^53/);
      // Still usable afterwards.
      assert.deepEqual(F.conv2d(x, w, null, { padding: 1 }).shape, [4, 4, 3, 3]);
      m.dispose([x, w]);
    }
  });

  it('refuses shapes beyond the element limit and reshapes that would wrap', () => {
    throwsNamed(() => m.zeros([2 ** 40, 2 ** 40]), 'zeros');
    throwsNamed(() => m.ones([2 ** 21, 2 ** 21]), 'ones');
    const t = m.ones([16]);
    assert.throws(() => t.reshape([2 ** 32, 2 ** 32, 16]), /^(TypeError|Error): reshape:/);
    t.dispose();
  });

  it('bounds setNumThreads to integers in [1, maxNumThreads()]', () => {
    const before = m.getNumThreads();
    const most = m.maxNumThreads();
    assert.ok(most >= 256);
    for (const bad of [0, -1, 1.5, NaN, Infinity, 1e9, 2 ** 31, 2 ** 32 + 1, most + 1, '4', null]) {
      throwsNamed(() => m.setNumThreads(bad as number), 'setNumThreads');
    }
    assert.equal(m.getNumThreads(), before);
    m.setNumThreads(before);
    const y = F.relu(m.ones([64]));
    assert.equal(y.toArray()[0], 1);
    y.dispose();
  });

  it('refuses a JPEG that declares more pixels than the limit (a decompression bomb)', () => {
    assert.equal(m.data.getMaxImagePixels(), 2 ** 26);
    const bomb = lyingJpeg(48, 40, 16384, 16384);
    throwsNamed(() => m.data.decodeJpeg(bomb), 'decodeJpeg', /larger than the 67108864 pixels/);
    throwsNamed(() => m.data.setMaxImagePixels(0), 'setMaxImagePixels');
    throwsNamed(() => m.data.setMaxImagePixels(1.5), 'setMaxImagePixels');
  });

  it('refuses a JPEG whose data ends early, and honours a lowered limit', () => {
    const lying = lyingJpeg(48, 40, 2048, 2048); // within the limit, 48x40 pixels of data
    throwsNamed(() => m.data.decodeJpeg(lying), 'decodeJpeg', /corrupt JPEG/);
    const ok = lyingJpeg(48, 40, 48, 40);
    assert.equal(m.data.decodeJpeg(ok).width, 48);
    m.data.setMaxImagePixels(1000);
    try {
      throwsNamed(() => m.data.decodeJpeg(ok), 'decodeJpeg', /larger than the 1000 pixels/);
    } finally {
      m.data.setMaxImagePixels(2 ** 26);
    }
  });
});

describe('hardening: an image bomb through the dataset and the loader (issue 11)', () => {
  it('dataset.get and the loader refuse a JPEG that declares 16384x16384 over 48x40 pixels, and one whose data ends early', async () => {
    const fs = require('fs') as typeof import('fs');
    const os = require('os') as typeof import('os');
    const path = require('path') as typeof import('path');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-bomb-'));
    try {
      for (const c of ['a', 'b']) {
        fs.mkdirSync(path.join(root, c));
        fs.writeFileSync(path.join(root, c, '0.jpg'), lyingJpeg(48, 40, 48, 40));
      }
      fs.writeFileSync(path.join(root, 'b', '1-bomb.jpg'), lyingJpeg(48, 40, 16384, 16384));
      fs.writeFileSync(path.join(root, 'a', '1-short.jpg'), lyingJpeg(48, 40, 2048, 2048));
      const ds = m.data.imageFolder(root);
      const outcome = (i: number): string => {
        try {
          m.dispose(ds.get(i));
          return 'ok';
        } catch (e) {
          return (e as Error).message.replace(root, 'ROOT');
        }
      };
      assert.deepEqual([0, 1, 2, 3].map(outcome), [
        'ok',
        'ROOT/a/1-short.jpg: corrupt JPEG (Corrupt JPEG data: premature end of data segment)',
        'ok',
        'ROOT/b/1-bomb.jpg: JPEG of 16384x16384 pixels is larger than the 67108864 pixels accepted (data.setMaxImagePixels)',
      ]);
      const batches = m.data.loader(ds, { batchSize: 4, workers: 2, transform: m.data.transforms.compose(m.data.transforms.resize([40, 48])) });
      await assert.rejects(async () => {
        for await (const b of batches) m.dispose(b);
      }, /1-(short|bomb)\.jpg: (corrupt JPEG|JPEG of 16384x16384 pixels is larger)/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('hardening: each call the public-API fuzzer found accepted or answered with a TypeError (issue 11)', () => {
  // The reproductions, one by one: each is refused up front, naming the function and the argument.
  const lin = new m.nn.Linear(2, 2);
  const params = () => lin.namedParameters();
  const cases: [string, () => unknown, string, RegExp][] = [
    ['SGD without lr', () => new m.optim.SGD(params(), {} as { lr: number }), 'SGD', /options\.lr must be/],
    ["SGD lr: 'x'", () => new m.optim.SGD(params(), { lr: 'x' as unknown as number }), 'SGD', /options\.lr must be/],
    ['SGD string momentum', () => new m.optim.SGD(params(), { lr: 0.1, momentum: '0.9' as unknown as number }), 'SGD', /options\.momentum/],
    ["SGD nesterov: 'yes'", () => new m.optim.SGD(params(), { lr: 0.1, momentum: 0.9, nesterov: 'yes' as unknown as boolean }), 'SGD', /options\.nesterov must be true or false/],
    ['SGD string weightDecay', () => new m.optim.SGD(params(), { lr: 0.1, weightDecay: '1e-4' as unknown as number }), 'SGD', /options\.weightDecay/],
    ["SGD decayNormAndBias: 'no'", () => new m.optim.SGD(params(), { lr: 0.1, decayNormAndBias: 'no' as unknown as boolean }), 'SGD', /options\.decayNormAndBias must be true or false/],
    ['cosine(NaN)', () => m.optim.cosine(NaN, 10), 'cosine', /lr must be/],
    ["cosine('0.1')", () => m.optim.cosine('0.1' as unknown as number, 10), 'cosine', /lr must be/],
    ['cosine(-0.1)', () => m.optim.cosine(-0.1, 10), 'cosine', /lr must be/],
    ['warmup(-1)', () => m.optim.warmup(m.optim.constant(0.1), -1), 'warmup', /warmupEpochs/],
    ["Module.to('int32')", () => lin.to('int32' as 'float32'), 'Module.to', /target must be one of/],
    ["nn.Conv2d('3', ...)", () => new m.nn.Conv2d('3' as unknown as number, 4, 3), 'Conv2d', /inChannels/],
    ["init: 'bogus'", () => new m.nn.Conv2d(3, 4, 3, { init: 'bogus' as 'fanIn' }), 'Conv2d', /options\.init must be one of/],
    ['flatten(NaN)', () => m.ones([2, 3]).flatten(NaN), 'flatten', /startDim/],
    ['zerosLike({})', () => m.zerosLike({} as m.Tensor), 'zerosLike', /must be a Tensor/],
    ['onesLike(disposed)', () => { const t = m.ones([2]); t.dispose(); return m.onesLike(t); }, 'onesLike', /disposed/],
    ['nn.MSSAR with scales functional.mssar refuses', () => new m.nn.MSSAR(4, { scales: [0, 3] }), 'MSSAR', /scales must be/],
    ['tidy(null)', () => m.tidy(null as unknown as () => null), 'tidy', /fn must be a function/],
    ['loadStateDict(null)', () => lin.loadStateDict(null as unknown as Map<string, m.Tensor>), 'loadStateDict', /state must be a Map/],
    ['backward(0)', () => m.ones([1], { requiresGrad: true }).backward(0 as unknown as m.Tensor), 'backward', /grad must be a Tensor/],
  ];
  for (const [what, call, name, pattern] of cases) {
    it(what, () => throwsNamed(call, name, pattern));
  }
  it('and the functional form refuses the scales the module refuses', () => {
    const x = m.ones([1, 4, 8, 8]);
    throwsNamed(() => F.mssar(x, m.zeros([2, 4, 3, 3]), m.zeros([4]), { scales: [0, 3] }), 'mssar', /scales must be/);
    x.dispose();
  });
});

describe('hardening: crossEntropy at extreme logits (issue 11)', () => {
  const cases: { name: string; row: number[]; label: number; want: number[] }[] = [
    { name: 'ten logits of 1e30', row: Array(10).fill(1e30), label: 3, want: Array(10).fill(0.1) },
    { name: 'two tied at 1e17', row: [1e17, 1e17, 0], label: 0, want: [0.5, 0.5, 0] },
    { name: 'ten of -1e30', row: Array(10).fill(-1e30), label: 0, want: Array(10).fill(0.1) },
  ];
  for (const backend of ['fast', 'reference'] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const c of cases) {
        if (backend === 'reference' && dtype === 'float32') continue;
        if (dtype === 'float32' && Math.abs(c.row[0]) > 3e38) continue;
        it(`${c.name}: ${backend} ${dtype} gives log(C) and softmax - onehot`, () => {
          const run = () => m.tidy(() => {
            const x = m.tensor(c.row, [1, c.row.length], { dtype, requiresGrad: true });
            const loss = F.crossEntropy(x, m.tensor([c.label], [1], { dtype: 'int32' }));
            loss.backward();
            return { loss: loss.item(), grad: Array.from(x.grad!.toArray()) };
          });
          const r = backend === 'reference' ? m.reference(run) : run();
          const k = c.want.filter((p) => p > 0).length;
          assert.ok(Math.abs(r.loss - Math.log(k)) < 1e-6, `loss ${r.loss}, want ${Math.log(k)}`);
          c.want.forEach((p, j) => {
            const g = p - (j === c.label ? 1 : 0);
            assert.ok(Math.abs(r.grad[j] - g) < 1e-6, `grad[${j}] ${r.grad[j]}, want ${g}`);
          });
        });
      }
    }
  }
});

describe('hardening: one iteration of a DataLoader at a time (issue 11)', function () {
  this.timeout(60000);
  it('refuses a second concurrent for-await over the same loader, and allows the next after the first ends', async () => {
    const ds = m.data.fashionMnist({ split: 'test' });
    const l = m.data.loader(ds, { batchSize: 500, workers: 1 });
    let first = 0;
    for await (const b of l) {
      first++;
      m.dispose(b);
      if (first === 1) {
        await assert.rejects(async () => {
          for await (const c of l) m.dispose(c);
        }, /^Error: DataLoader: already being iterated \(epoch 0\)/);
      }
    }
    assert.equal(first, l.length, 'the first loop got its whole epoch');
    let second = 0;
    for await (const b of l) {
      second++;
      m.dispose(b);
      if (second === 2) break;
    }
    assert.equal(second, 2);
    l.close();
  });
});

describe('hardening: a gzipped IDX file is inflated only as far as its header allows (issue 11)', function () {
  this.timeout(60000);
  it('stops one byte past the declared size instead of inflating a bomb whole', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require('fs') as typeof import('fs');
    const os = require('os') as typeof import('os');
    const path = require('path') as typeof import('path');
    const zlib = require('zlib') as typeof import('zlib');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-idx-bomb-'));
    try {
      const header = (n: number, dims: number[]) => {
        const b = Buffer.alloc(4 + 4 * dims.length);
        b.writeUInt32BE(0x800 + dims.length, 0);
        dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
        void n;
        return b;
      };
      // Declares 10 images of 28x28 but holds 200,000 (157 MB inflated, a few hundred KB of gzip).
      const images = Buffer.concat([header(0, [10, 28, 28]), Buffer.alloc(200000 * 784)]);
      const labels = Buffer.concat([header(0, [10]), Buffer.alloc(10)]);
      for (const split of ['train', 't10k']) {
        fs.writeFileSync(path.join(dir, `${split}-images-idx3-ubyte.gz`), zlib.gzipSync(images, { level: 1 }));
        fs.writeFileSync(path.join(dir, `${split}-labels-idx1-ubyte.gz`), zlib.gzipSync(labels));
      }
      const t0 = Date.now();
      assert.throws(() => m.data.mnist(dir), /holds 7857 bytes but its header announces 10 item\(s\) of 784 byte\(s\), 7856 bytes in all: the file is corrupt \(trailing bytes\)/);
      assert.ok(Date.now() - t0 < 5000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hardening: ImageFolder walks each real directory once (issue 11)', () => {
  it('a symlink loop or a link into another class adds no sample twice and none under the wrong class', () => {
    const fs = require('fs') as typeof import('fs');
    const os = require('os') as typeof import('os');
    const path = require('path') as typeof import('path');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-symlinks-'));
    try {
      const px = new Uint8Array(8 * 8 * 3);
      for (const c of ['cat', 'dog']) {
        fs.mkdirSync(path.join(root, c));
        for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(root, c, `${i}.jpg`), m.data.encodeJpeg(px, 8, 8, 3, 90));
      }
      fs.symlinkSync('..', path.join(root, 'cat', 'loop'));      // back up to the root: a loop
      fs.symlinkSync('../dog', path.join(root, 'cat', 'dogs'));  // into another class
      fs.mkdirSync(path.join(root, 'dog', 'sub'));
      fs.writeFileSync(path.join(root, 'dog', 'sub', 'x.jpg'), m.data.encodeJpeg(px, 8, 8, 3, 90));
      fs.symlinkSync('..', path.join(root, 'dog', 'sub', 'up'));
      const ds = m.data.imageFolder(root);
      assert.deepEqual(ds.classes, ['cat', 'dog']);
      assert.equal(ds.length, 9);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('hardening: tidy frees the gradient of a leaf made inside it (issue 11)', () => {
  it('counts no tensor left behind after 50 tidy steps with a leaf and backward', () => {
    const before = m.memory().cpu.tensors;
    for (let i = 0; i < 50; i++) {
      m.tidy(() => {
        const x = m.ones([256], { requiresGrad: true });
        m.functional.sum(m.functional.mul(x, x)).backward();
      });
    }
    assert.equal(m.memory().cpu.tensors, before);
  });
});
