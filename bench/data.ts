// Loader throughput, the loader alone (nothing consumes the batches but a dispose):
//   CIFAR-10 with cifarTrain (pad-4 crop, flip, normalize), from a random binary batch set;
//   ImageNet-size JPEGs (500x375 / 375x500, photo-like, quality 90) with imagenetTrain (random-
//   resized crop 224, flip, normalize) and imagenetEval (resize 256, centre crop 224).
// Inputs are generated in a temporary folder. Results go to bench/results/data.json.
//   node dist/bench/data.js [--workers 2] [--jpegs 256] [--repeats 3]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { data } from '../src';
import { FixtureRng, photoLike } from '../test/data/fixtures';
import { checkFlags, numberArg } from './common';

checkFlags('node dist/bench/data.js [--workers 2] [--jpegs 256] [--repeats 3]', ['workers', 'jpegs', 'repeats']);

interface Run {
  name: string;
  workers: number;
  batchSize: number;
  images: number;
  seconds: number[];
  imagesPerSecond: number; // best of the repeats
  medianImagesPerSecond: number;
}

async function measure(name: string, ds: data.NativeDataset, options: data.LoaderOptions, repeats: number): Promise<Run> {
  const l = data.loader(ds, { seed: 1, ...options });
  // One warm-up epoch: page cache, allocator cache, thread-local decoders.
  let images = 0;
  for await (const b of l) {
    b.images.dispose();
    b.labels.dispose();
  }
  const seconds: number[] = [];
  for (let r = 0; r < repeats; r++) {
    images = 0;
    const t0 = process.hrtime.bigint();
    for await (const b of l) {
      images += b.images.shape[0];
      b.images.dispose();
      b.labels.dispose();
    }
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const rates = seconds.map((s) => images / s).sort((a, b) => a - b);
  const run: Run = {
    name, workers: l.workers, batchSize: l.batchSize, images, seconds,
    imagesPerSecond: Math.round(rates[rates.length - 1]), medianImagesPerSecond: Math.round(rates[Math.floor(rates.length / 2)]),
  };
  console.log(`${name.padEnd(34)} workers ${run.workers}  ${String(run.imagesPerSecond).padStart(7)} images/s (best), ${run.medianImagesPerSecond} median, ${images} images x ${repeats}`);
  return run;
}

async function main(): Promise<void> {
  const workers = numberArg('workers', 2);
  const jpegCount = numberArg('jpegs', 256);
  const repeats = numberArg('repeats', 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-bench-data-'));
  try {
    const rng = new FixtureRng(2024);
    // CIFAR-10: five batches of 10000 random records, as the real training set.
    const cifarDir = path.join(dir, 'cifar-10-batches-bin');
    fs.mkdirSync(cifarDir);
    for (const f of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch']) {
      const buf = Buffer.from(rng.bytes(10000 * 3073));
      for (let k = 0; k < 10000; k++) buf[k * 3073] %= 10;
      fs.writeFileSync(path.join(cifarDir, `${f}.bin`), buf);
    }
    // ImageNet-size JPEGs in 8 class folders.
    const jpegRoot = path.join(dir, 'imagenet', 'train');
    let jpegBytes = 0;
    for (let k = 0; k < jpegCount; k++) {
      const cls = path.join(jpegRoot, `n${String(1000 + (k % 8)).padStart(8, '0')}`);
      fs.mkdirSync(cls, { recursive: true });
      const [w, h] = k % 4 === 3 ? [375, 500] : [500, 375];
      const jpg = data.encodeJpeg(photoLike(w, h, rng), w, h, 3, 90);
      jpegBytes += jpg.length;
      fs.writeFileSync(path.join(cls, `img_${k}.JPEG`), jpg);
    }

    const cifar = data.cifar10(cifarDir);
    const imagenet = data.imagenet(path.join(dir, 'imagenet'));
    const runs: Run[] = [];
    runs.push(await measure('cifar10 cifarTrain', cifar, { batchSize: 128, shuffle: true, workers, transform: data.transforms.cifarTrain() }, repeats));
    runs.push(await measure('cifar10 cifarTrain (1 worker)', cifar, { batchSize: 128, shuffle: true, workers: 1, transform: data.transforms.cifarTrain() }, repeats));
    runs.push(await measure('imagenet imagenetTrain', imagenet, { batchSize: 64, shuffle: true, workers, transform: data.transforms.imagenetTrain() }, repeats));
    runs.push(await measure('imagenet imagenetTrain (no DCT scale)', imagenet, { batchSize: 64, shuffle: true, workers, fastDecode: false, transform: data.transforms.imagenetTrain() }, repeats));
    runs.push(await measure('imagenet imagenetEval', imagenet, { batchSize: 64, workers, transform: data.transforms.imagenetEval() }, repeats));
    runs.push(await measure('imagenet imagenetEval (no DCT scale)', imagenet, { batchSize: 64, workers, fastDecode: false, transform: data.transforms.imagenetEval() }, repeats));

    const cifarRate = runs[0].imagesPerSecond, jpegRate = runs[2].imagesPerSecond;
    const result = {
      benchmark: 'data loader throughput (loader alone)',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))), node: process.version },
      note: 'Taken on a busy shared machine (other builds running): noisy, re-run on a quiet one. Best of the repeats after one warm-up epoch.',
      inputs: {
        cifar: '50000 random CIFAR-10 records (5 binary batches)',
        jpegs: `${jpegCount} photo-like JPEGs, 500x375 (3 in 4) and 375x500, quality 90, 4:2:0, mean ${Math.round(jpegBytes / jpegCount)} bytes`,
      },
      targets: { cifarImagesPerSecond: 20000, jpegImagesPerSecond: 300, workers: 2 },
      met: { cifar: cifarRate >= 20000, jpeg: jpegRate >= 300 },
      runs,
    };
    const out = path.resolve(__dirname, '..', '..', 'bench', 'results', 'data.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(`CIFAR ${cifarRate} images/s (target 20000), JPEG ${jpegRate} images/s (target 300); load average ${os.loadavg()[0].toFixed(2)}; written to ${out}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
