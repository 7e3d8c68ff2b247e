// Augmentation statistics and geometry: pad-4 crop offsets uniform over 0..8, flips at rate 1/2,
// random-resized crops within their scale and ratio ranges (torchvision's algorithm, fallback
// included), torchvision's resize/centre-crop rounding, normalization, and the rendered pixels
// against a naive float64 resampler.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { data } from '../../src';
import { encodeJpeg } from '../../src/data';
import { FixtureRng, photoLike, removeDir, tempDir, writeCifar10, writeIdx } from './fixtures';
import { chwFloatToHwc, chwToHwc, maxAbsDiff, meanAbsDiff, referenceRender } from './reference';

const T = data.transforms;

// Upper quantile of chi-square with k degrees of freedom at tail probability p, by Wilson-Hilferty
// (accurate to about 1% of the value for k >= 8, far inside the margins used here).
function chiSquareQuantile(k: number, zTail: number): number {
  const a = 2 / (9 * k);
  return k * Math.pow(1 - a + zTail * Math.sqrt(a), 3);
}
const Z_1E6 = 4.753; // standard normal upper quantile for tail 1e-6

function chiSquare(counts: number[], expected: number): number {
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

// Hoeffding: P(|mean - p| >= t) <= 2 exp(-2 n t^2) for n independent draws in [0, 1]. The t at which
// that bound is `delta`.
function hoeffdingTolerance(n: number, delta: number): number {
  return Math.sqrt(Math.log(2 / delta) / (2 * n));
}

describe('data: transforms', () => {
  let dir: string;
  let cifar: data.NativeDataset;
  let photos: data.NativeDataset;
  before(() => {
    dir = tempDir('transforms');
    cifar = data.cifar10(writeCifar10(dir, 20, 2).folder);
    // ImageNet-like JPEGs: 500x375, 375x500, and odd sizes.
    const rng = new FixtureRng(17);
    const sizes = [[500, 375], [375, 500], [333, 257], [640, 480], [97, 211]];
    fs.mkdirSync(path.join(dir, 'photos', 'a'), { recursive: true });
    sizes.forEach(([w, h], i) => fs.writeFileSync(path.join(dir, 'photos', 'a', `${i}.jpg`), encodeJpeg(photoLike(w, h, rng), w, h, 3, 92)));
    photos = data.imageFolder(path.join(dir, 'photos'));
  });
  after(() => removeDir(dir));

  it('pad-4 random crop: offsets uniform over 0..8 in x and y, jointly (chi-square, tail 1e-6)', () => {
    const counts = new Array(81).fill(0);
    const t = [T.randomCrop(32, { padding: 4 })];
    let n = 0;
    for (let epoch = 0; epoch < 81; epoch++) {
      for (let i = 0; i < cifar.length; i++, n++) {
        const s = data.transformSample(cifar, t, i, { seed: 11, epoch });
        const dx = s.rect[0] + 4, dy = s.rect[1] + 4;
        assert.ok(Number.isInteger(dx) && dx >= 0 && dx <= 8 && Number.isInteger(dy) && dy >= 0 && dy <= 8, `offset ${dx},${dy}`);
        assert.equal(s.rect[2] - s.rect[0], 32);
        counts[dy * 9 + dx]++;
      }
    }
    const joint = chiSquare(counts, n / 81);
    assert.ok(joint < chiSquareQuantile(80, Z_1E6), `joint chi-square ${joint.toFixed(1)} over ${n} crops`);
    for (const axis of [0, 1]) {
      const m = new Array(9).fill(0);
      counts.forEach((c, k) => (m[axis === 0 ? k % 9 : Math.floor(k / 9)] += c));
      const x2 = chiSquare(m, n / 9);
      assert.ok(x2 < chiSquareQuantile(8, Z_1E6), `axis ${axis} chi-square ${x2.toFixed(1)}: ${m}`);
    }
  });

  it('pad-4 random crop + flip: pixels are the shifted (mirrored) source with zeros in the padding', () => {
    for (let i = 0; i < 40; i++) {
      const src = cifar.get(i % cifar.length).image;
      const s = data.transformSample(cifar, T.cifarTrain(), i % cifar.length, { seed: 1, epoch: i });
      // Undo the normalization to get the 8-bit values back.
      const st = T.stats.cifar10;
      for (let c = 0; c < 3; c++) {
        for (let y = 0; y < 32; y++) {
          for (let x = 0; x < 32; x++) {
            const sx = s.flipped ? s.rect[2] - 1 - x : s.rect[0] + x;
            const sy = s.rect[1] + y;
            const want = sx < 0 || sx >= 32 || sy < 0 || sy >= 32 ? 0 : src[c * 1024 + sy * 32 + sx];
            const got = Math.round((s.image[c * 1024 + y * 32 + x] * st.std[c] + st.mean[c]) * 255);
            if (got !== want) assert.fail(`sample ${i} c${c} (${y},${x}): ${got} vs ${want}, rect ${s.rect} flipped ${s.flipped}`);
          }
        }
      }
    }
  });

  it('horizontal flip at rate 1/2 (Hoeffding bound at 1e-6) and p = 0 / 1 exact', () => {
    const t = [T.horizontalFlip(0.5)];
    let flips = 0, n = 0;
    for (let epoch = 0; epoch < 100; epoch++) {
      for (let i = 0; i < cifar.length; i++, n++) if (data.transformSample(cifar, t, i, { seed: 3, epoch }).flipped) flips++;
    }
    const tol = hoeffdingTolerance(n, 1e-6);
    assert.ok(Math.abs(flips / n - 0.5) < tol, `flip rate ${flips / n} over ${n} samples, tolerance ${tol.toFixed(4)}`);
    for (const p of [0, 1]) {
      for (let i = 0; i < 50; i++) assert.equal(data.transformSample(cifar, [T.horizontalFlip(p)], i % cifar.length, { epoch: i }).flipped, p === 1);
    }
  });

  it('random-resized crop: area in [0.08, 1] and ratio in [3/4, 4/3] up to rounding, spanning the ranges', () => {
    const t = [T.randomResizedCrop(224)];
    let minScale = 1, maxScale = 0, minRatio = 10, maxRatio = 0;
    for (let epoch = 0; epoch < 120; epoch++) {
      for (let i = 0; i < photos.length; i++) {
        const s = data.transformSample(photos, t, i, { seed: 5, epoch });
        assert.deepEqual(s.shape, [3, 224, 224]);
        const [H, W] = s.sourceShape;
        const w = s.rect[2] - s.rect[0], h = s.rect[3] - s.rect[1];
        assert.ok(Number.isInteger(Math.round(w * 1e6) / 1e6) && s.rect[0] >= 0 && s.rect[1] >= 0 && s.rect[2] <= W + 1e-9 && s.rect[3] <= H + 1e-9, `rect ${s.rect} in ${W}x${H}`);
        const scale = (w * h) / (W * H), ratio = w / h;
        // w and h are sqrt(target * r) and sqrt(target / r) rounded: each off by at most 1/2.
        const slack = (1 + 0.5 / w) * (1 + 0.5 / h);
        assert.ok(scale >= 0.08 / slack && scale <= 1, `scale ${scale} (${w}x${h} of ${W}x${H})`);
        assert.ok(ratio >= (3 / 4) / slack && ratio <= (4 / 3) * slack, `ratio ${ratio} (${w}x${h})`);
        minScale = Math.min(minScale, scale);
        maxScale = Math.max(maxScale, scale);
        minRatio = Math.min(minRatio, ratio);
        maxRatio = Math.max(maxRatio, ratio);
      }
    }
    assert.ok(minScale < 0.12 && maxScale > 0.85, `scales span only [${minScale}, ${maxScale}]`);
    assert.ok(minRatio < 0.8 && maxRatio > 1.25, `ratios span only [${minRatio}, ${maxRatio}]`);
  });

  it('random-resized crop falls back to the centre crop of the allowed ratio after 10 failed attempts', () => {
    // 97x211 (W x H) with scale >= 0.95 and ratio 1: a square of that area never fits, so the
    // fallback takes the full width and h = round(w / 1), centred.
    const i = 4;
    assert.deepEqual(photos.get(i).shape, [3, 211, 97]);
    for (let epoch = 0; epoch < 10; epoch++) {
      const s = data.transformSample(photos, [T.randomResizedCrop(16, { scale: [0.95, 1], ratio: [1, 1] })], i, { seed: 1, epoch });
      assert.deepEqual(s.rect, [0, 57, 97, 154]);
    }
  });

  it('resize 256 + centre crop 224 follows torchvision: truncated long side, round-half-even offsets', () => {
    const s = data.transformSample(photos, T.imagenetEval(), 0, { fastDecode: false }); // 500x375
    // Shorter side 375 -> 256, longer 500 -> int(256 * 500 / 375) = 341; crop offsets round(58.5) = 58, 16.
    const bx = 500 / 341, by = 375 / 256;
    const want = [58 * bx, 16 * by, 282 * bx, 240 * by];
    s.rect.forEach((v, k) => assert.ok(Math.abs(v - want[k]) < 1e-9, `rect ${s.rect} vs ${want}`));
    assert.deepEqual(s.shape, [3, 224, 224]);
  });

  it('rendered crops match a naive float64 antialiased resampler (full decode: within 1 level)', () => {
    for (const transform of [T.imagenetTrain({ size: 96 }), T.imagenetEval({ resize: 80, size: 64 }), [T.resize([300, 90]), T.toFloat()]]) {
      const plain = transform.slice(0, -1).concat([T.toFloat()]);
      for (let i = 0; i < photos.length; i++) {
        const src = photos.get(i);
        const [, H, W] = src.shape;
        const hwc = chwToHwc(src.image, 3, H, W);
        const s = data.transformSample(photos, plain, i, { seed: 2, epoch: i, fastDecode: false });
        const [, oh, ow] = s.shape;
        const bx = (s.rect[2] - s.rect[0]) / ow, by = (s.rect[3] - s.rect[1]) / oh;
        const mx = s.flipped ? { a: s.rect[2], b: -bx } : { a: s.rect[0], b: bx };
        const want = referenceRender(hwc, W, H, 3, mx, { a: s.rect[1], b: by }, ow, oh);
        const got = chwFloatToHwc(s.image, 3, oh, ow);
        assert.ok(maxAbsDiff(got, want) <= 1, `sample ${i}: max difference ${maxAbsDiff(got, want)}`);
      }
    }
  });

  it('DCT-scaled decoding is used when the output is much smaller, and stays close to the full decode', () => {
    let scaled = 0;
    for (let i = 0; i < photos.length; i++) {
      const t = T.imagenetEval({ resize: 80, size: 64 });
      const fast = data.transformSample(photos, t, i, { fastDecode: true });
      const full = data.transformSample(photos, t, i, { fastDecode: false });
      assert.deepEqual(fast.rect, full.rect);
      if (fast.decodeScale < 1) scaled++;
      assert.equal(full.decodeScale, 1);
      // The DCT's own low-pass differs from the triangle filter's: a small mean difference on the
      // normalized scale (1 level is 1/255/0.225 = 0.017), far from what a wrong crop would give.
      const d = meanAbsDiff(fast.image, full.image);
      assert.ok(d < 0.05, `sample ${i}: mean difference ${d} (decode scale ${fast.decodeScale})`);
    }
    assert.ok(scaled >= 4, `only ${scaled} of ${photos.length} images decoded at a reduced scale`);
  });

  it('normalize gives (x / 255 - mean) / std per channel; toFloat x / 255', () => {
    const st = T.stats.cifar10;
    for (const i of [0, 7]) {
      const src = cifar.get(i).image;
      const n = data.transformSample(cifar, T.cifarEval(), i);
      const f = data.transformSample(cifar, [T.toFloat()], i);
      const d = data.transformSample(cifar, [], i);
      for (let k = 0; k < 3072; k++) {
        const c = Math.floor(k / 1024);
        assert.ok(Math.abs(n.image[k] - (src[k] / 255 - st.mean[c]) / st.std[c]) < 1e-6);
        assert.equal(f.image[k], Math.fround(src[k] / 255));
        assert.equal(d.image[k], f.image[k]);
      }
    }
  });

  it('centre crop larger than the image pads with zeros (torchvision), one-channel images too', () => {
    const d = path.join(dir, 'mnist');
    writeIdx(d, 3, 1, false);
    const mn = data.mnist(d);
    const s = data.transformSample(mn, [T.centerCrop(33), T.toFloat()], 1);
    assert.deepEqual(s.shape, [1, 33, 33]);
    // (33 - 28) // 2 = 2 zeros before, 3 after.
    assert.deepEqual(s.rect, [-2, -2, 31, 31]);
    const src = mn.get(1).image;
    for (let y = 0; y < 33; y++) {
      for (let x = 0; x < 33; x++) {
        const sx = x - 2, sy = y - 2;
        const want = sx < 0 || sy < 0 || sx >= 28 || sy >= 28 ? 0 : src[sy * 28 + sx] / 255;
        assert.equal(s.image[y * 33 + x], Math.fround(want));
      }
    }
  });

  it('presets have the documented steps and constants', () => {
    assert.deepEqual(T.cifarTrain().map((s) => s.kind), ['randomCrop', 'horizontalFlip', 'normalize']);
    assert.deepEqual(T.cifarTrain({ stats: 'cifar100' })[2], { kind: 'normalize', mean: T.stats.cifar100.mean, std: T.stats.cifar100.std });
    assert.deepEqual(T.imagenetTrain()[0], { kind: 'randomResizedCrop', size: 224, scale: [0.08, 1], ratio: [3 / 4, 4 / 3] });
    assert.deepEqual(T.imagenetEval().map((s) => s.kind), ['resize', 'centerCrop', 'normalize']);
    assert.deepEqual(T.fashionMnistTrain()[0], { kind: 'randomCrop', size: 28, padding: 2 });
    assert.deepEqual(T.imagenetEval()[2], { kind: 'normalize', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
  });
});
