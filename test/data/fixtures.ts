// Fixtures in the official formats, written at test time into a temporary folder: CIFAR binary
// batches (and their .tar.gz, with a small ustar writer), IDX files (plain and gzipped) and
// ImageNet-style trees of JPEGs encoded with libjpeg-turbo.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { encodeJpeg } from '../../src/data';

/** A small deterministic generator (mulberry32) for fixture contents. */
export class FixtureRng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  below(n: number): number {
    return this.u32() % n;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 255;
    return out;
  }
}

export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mssar-data-${tag}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface CifarSample {
  image: Uint8Array; // 3072 bytes, CHW
  label: number; // fine label for CIFAR-100
  coarse: number;
}

/** Records of CIFAR-10 (label, 3072 pixels) or CIFAR-100 (coarse, fine, 3072 pixels). */
export function cifarRecords(samples: CifarSample[], variant: 10 | 100): Buffer {
  const rec = variant === 10 ? 3073 : 3074;
  const out = Buffer.alloc(samples.length * rec);
  samples.forEach((s, k) => {
    const o = k * rec;
    if (variant === 10) {
      out[o] = s.label;
    } else {
      out[o] = s.coarse;
      out[o + 1] = s.label;
    }
    out.set(s.image, o + rec - 3072);
  });
  return out;
}

/** Random samples whose first two pixel bytes encode their serial number (to follow them through shuffles). */
export function cifarSamples(n: number, variant: 10 | 100, rng: FixtureRng, firstSerial = 0): CifarSample[] {
  const out: CifarSample[] = [];
  for (let k = 0; k < n; k++) {
    const image = rng.bytes(3072);
    const serial = firstSerial + k;
    image[0] = serial & 255;
    image[1] = (serial >> 8) & 255;
    out.push({ image, label: rng.below(variant === 10 ? 10 : 100), coarse: rng.below(20) });
  }
  return out;
}

export function serialOf(image: Uint8Array): number {
  return image[0] | (image[1] << 8);
}

export interface Cifar10Fixture {
  folder: string; // .../cifar-10-batches-bin
  train: CifarSample[];
  test: CifarSample[];
  names: string[];
}

/** dir/cifar-10-batches-bin with five train batches of `perBatch` records, a test batch, and batches.meta.txt. */
export function writeCifar10(dir: string, perBatch: number, testCount: number, seed = 1, meta = true): Cifar10Fixture {
  const rng = new FixtureRng(seed);
  const folder = path.join(dir, 'cifar-10-batches-bin');
  fs.mkdirSync(folder, { recursive: true });
  const train: CifarSample[] = [];
  for (let b = 1; b <= 5; b++) {
    const s = cifarSamples(perBatch, 10, rng, train.length);
    train.push(...s);
    fs.writeFileSync(path.join(folder, `data_batch_${b}.bin`), cifarRecords(s, 10));
  }
  const test = cifarSamples(testCount, 10, rng, 5 * perBatch);
  fs.writeFileSync(path.join(folder, 'test_batch.bin'), cifarRecords(test, 10));
  const names = ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'].map((n) => `${n}-x`);
  if (meta) fs.writeFileSync(path.join(folder, 'batches.meta.txt'), names.join('\n') + '\n\n');
  return { folder, train, test, names };
}

export interface Cifar100Fixture {
  folder: string;
  train: CifarSample[];
  test: CifarSample[];
}

export function writeCifar100(dir: string, trainCount: number, testCount: number, seed = 2): Cifar100Fixture {
  const rng = new FixtureRng(seed);
  const folder = path.join(dir, 'cifar-100-binary');
  fs.mkdirSync(folder, { recursive: true });
  const train = cifarSamples(trainCount, 100, rng);
  const test = cifarSamples(testCount, 100, rng, trainCount);
  fs.writeFileSync(path.join(folder, 'train.bin'), cifarRecords(train, 100));
  fs.writeFileSync(path.join(folder, 'test.bin'), cifarRecords(test, 100));
  return { folder, train, test };
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** A ustar archive of regular files (and their folders), as GNU tar writes them. */
export function tarArchive(files: { name: string; data: Uint8Array }[]): Buffer {
  const blocks: Buffer[] = [];
  const header = (name: string, size: number, type: string): Buffer => {
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write(octal(type === '5' ? 0o755 : 0o644, 8), 100);
    h.write(octal(1000, 8), 108);
    h.write(octal(1000, 8), 116);
    h.write(octal(size, 12), 124);
    h.write(octal(1234567890, 12), 136);
    h.write('        ', 148);
    h.write(type, 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(octal(sum, 7) + ' ', 148);
    return h;
  };
  const dirs = new Set<string>();
  for (const f of files) {
    const d = path.posix.dirname(f.name);
    if (d !== '.' && !dirs.has(d)) {
      dirs.add(d);
      blocks.push(header(d + '/', 0, '5'));
    }
    blocks.push(header(f.name, f.data.length, '0'));
    blocks.push(Buffer.from(f.data));
    const pad = (512 - (f.data.length % 512)) % 512;
    if (pad) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The files of a folder as tar entries named `prefix/<file>`. */
export function folderEntries(folder: string, prefix: string): { name: string; data: Uint8Array }[] {
  return fs.readdirSync(folder).sort().map((f) => ({ name: `${prefix}/${f}`, data: fs.readFileSync(path.join(folder, f)) }));
}

export function writeTarGz(file: string, entries: { name: string; data: Uint8Array }[]): void {
  fs.writeFileSync(file, zlib.gzipSync(tarArchive(entries)));
}

export function idxImages(images: Uint8Array[], h: number, w: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(0x00000803, 0);
  head.writeUInt32BE(images.length, 4);
  head.writeUInt32BE(h, 8);
  head.writeUInt32BE(w, 12);
  return Buffer.concat([head, ...images.map((i) => Buffer.from(i))]);
}

export function idxLabels(labels: number[]): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(0x00000801, 0);
  head.writeUInt32BE(labels.length, 4);
  return Buffer.concat([head, Buffer.from(labels)]);
}

export interface IdxFixture {
  train: { images: Uint8Array[]; labels: number[] };
  test: { images: Uint8Array[]; labels: number[] };
}

/** The four MNIST files in dir, gzipped or not. */
export function writeIdx(dir: string, trainCount: number, testCount: number, gz: boolean, seed = 3): IdxFixture {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new FixtureRng(seed);
  const make = (n: number) => {
    const images: Uint8Array[] = [];
    const labels: number[] = [];
    for (let k = 0; k < n; k++) {
      images.push(rng.bytes(784));
      labels.push(rng.below(10));
    }
    return { images, labels };
  };
  const train = make(trainCount), test = make(testCount);
  const write = (name: string, data: Buffer) => fs.writeFileSync(path.join(dir, name + (gz ? '.gz' : '')), gz ? zlib.gzipSync(data) : data);
  write('train-images-idx3-ubyte', idxImages(train.images, 28, 28));
  write('train-labels-idx1-ubyte', idxLabels(train.labels));
  write('t10k-images-idx3-ubyte', idxImages(test.images, 28, 28));
  write('t10k-labels-idx1-ubyte', idxLabels(test.labels));
  return { train, test };
}

/** A smooth, photo-like RGB image (gradients, a few discs, mild noise), HWC. */
export function photoLike(w: number, h: number, rng: FixtureRng): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  const base = [rng.below(256), rng.below(256), rng.below(256)];
  const discs = Array.from({ length: 4 }, () => ({ x: rng.below(w), y: rng.below(h), r: 10 + rng.below(Math.max(11, Math.min(w, h) >> 2)), c: [rng.below(256), rng.below(256), rng.below(256)] }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let c = [base[0] * (x / w), base[1] * (y / h), base[2] * (1 - x / w)];
      for (const d of discs) if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r * d.r) c = d.c;
      const noise = (rng.u32() & 15) - 8;
      for (let k = 0; k < 3; k++) px[(y * w + x) * 3 + k] = Math.max(0, Math.min(255, Math.round(c[k] + noise)));
    }
  }
  return px;
}

export interface JpegFile {
  path: string;
  label: number;
  width: number;
  height: number;
}

/** root/<class>/<name>.JPEG for every class, `perClass` photo-like JPEGs of random sizes in [minSide, maxSide]. */
export function writeJpegTree(root: string, classes: string[], perClass: number, sizes: { min: number; max: number }, seed = 4,
  name = (c: string, k: number) => `${c}_${k}.JPEG`): JpegFile[] {
  const rng = new FixtureRng(seed);
  const files: JpegFile[] = [];
  classes.forEach((c, label) => {
    fs.mkdirSync(path.join(root, c), { recursive: true });
    for (let k = 0; k < perClass; k++) {
      const w = sizes.min + rng.below(sizes.max - sizes.min + 1);
      const h = sizes.min + rng.below(sizes.max - sizes.min + 1);
      const p = path.join(root, c, name(c, k));
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, encodeJpeg(photoLike(w, h, rng), w, h, 3, 90));
      files.push({ path: p, label, width: w, height: h });
    }
  });
  return files;
}

export function wnids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `n${String(1440764 + i * 1111).padStart(8, '0')}`);
}

export function equalBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
