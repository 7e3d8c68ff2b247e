// Throughput of training and evaluation steps of the default Fashion-MNIST recipe (ResNet-20 on
// 28x28x1, batch 128 for training, 500 for evaluation) for each recalibration, and what the
// default run (`mssar train --dataset fashion-mnist --model resnet20 --recalibration mssar`) then
// takes. Wall time and CPU time are both reported: on a busy machine the CPU seconds per image are
// the steadier measure (a quiet 2-core machine runs at most 2 CPU seconds per second).
// Each configuration is a study name (`mssar study`'s scheme: none, se, mssar, mssar-prebn, ...).
// Run: node dist/bench/train.js [--device cpu|cuda] [--threads N] [--steps N] [--batch-size B]
// [--configs none,se,mssar]; writes bench/results/train.json.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { backends, getNumThreads, setNumThreads, synchronize } from '../src/backends';
import { manualSeed, randn, tensor } from '../src/creation';
import { noGrad } from '../src/autograd';
import { crossEntropy } from '../src/functional';
import * as models from '../src/models';
import type { Device } from '../src/native';
import type { ModelOptions } from '../src/models';
import { parseVariantList, Variant } from '../src/study/variants';
import { SGD } from '../src/optim';
import { tidy } from '../src/scope';
import { RECIPES } from '../src/train';
import { trainStep } from '../src/train/step';
import { checkFlags } from './common';

checkFlags('node dist/bench/train.js [--device cpu|cuda] [--threads N] [--steps N] [--batch-size B] [--configs none,se,mssar,...]', ['device', 'threads', 'steps', 'batch-size', 'configs']);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Timing {
  imagesPerS: number;
  cpuSecondsPerImage: number;
}

/** Runs fn `steps` times after two warm-up calls; images per wall second and CPU seconds per image. */
function time(device: Device, images: number, steps: number, fn: () => void): Timing {
  fn();
  fn();
  synchronize(device);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) fn();
  synchronize(device);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { imagesPerS: (images * steps) / wall, cpuSecondsPerImage: (cpu.user + cpu.system) / 1e6 / (images * steps) };
}

/** The model options of a study configuration (its weight decay changes no speed). */
function modelOptions(v: Variant): ModelOptions {
  const o: ModelOptions = { recalibration: v.recalibration };
  if (v.beforeBn) o.placement = 'beforeBn';
  if (v.recalibration === 'mssar') Object.assign(o, { scales: v.scales, symmetric: v.symmetric, initBias: v.initBias, ...(v.global ? { global: true } : {}) });
  return o;
}

function main(): void {
  const device = (arg('device') ?? 'cpu') as Device;
  const info = backends().find((b) => b.name === device);
  if (!info?.available) {
    console.log(`${device}: skipped (${info?.reason ?? 'unknown backend'})`);
    return;
  }
  if (arg('threads')) setNumThreads(Number(arg('threads')));
  const steps = Number(arg('steps') ?? 8);
  const recipe = RECIPES['fashion-mnist'];
  const trainBatch = Number(arg('batch-size') ?? recipe.batchSize);
  const evalBatch = recipe.evalBatchSize;
  const [trainImages, testImages] = [60000, 10000];
  const load = os.loadavg()[0];
  console.log(`${device}, ${device === 'cpu' ? `${getNumThreads()} threads, ` : ''}load average ${load.toFixed(2)} on ${os.availableParallelism()} CPUs`);
  const results: Record<string, unknown>[] = [];
  const configs = parseVariantList(arg('configs') ?? 'none,se,mssar');
  for (const config of configs) {
    const recalibration = config.name;
    manualSeed(0);
    const model = models.create(recipe.model, { inChannels: 1, ...modelOptions(config) }).to(device);
    const opt = new SGD(model.namedParameters(), { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 5e-4 });
    const x = randn([trainBatch, 1, 28, 28], { device }).keep();
    const labelArray = new Int32Array(trainBatch).map((_, i) => i % 10);
    const yLabels = tensor(labelArray, [trainBatch], { dtype: 'int32', device }).keep();
    const tr = time(device, trainBatch, steps, () => {
      trainStep(model, opt, x, yLabels, labelArray, device, 0);
    });
    const xe = randn([evalBatch, 1, 28, 28], { device }).keep();
    model.eval();
    const ev = time(device, evalBatch, Math.max(2, Math.round(steps / 4)), () => {
      noGrad(() => tidy(() => {
        crossEntropy(model.forward(xe), Array.from({ length: evalBatch }, (_, i) => i % 10)).item();
      }));
    });
    // The default run: its epochs of training and evaluation, at this speed.
    const epochSeconds = trainImages / tr.imagesPerS + testImages / ev.imagesPerS;
    const runSeconds = recipe.epochs * epochSeconds;
    // The same on a quiet machine with every CPU busy, from the CPU seconds (an upper bound of the speed).
    const cpus = device === 'cpu' ? getNumThreads() : 1;
    const quietRun = recipe.epochs * (trainImages * tr.cpuSecondsPerImage + testImages * ev.cpuSecondsPerImage) / cpus;
    const row = {
      device, recalibration, threads: device === 'cpu' ? getNumThreads() : null, trainBatch, evalBatch,
      trainImagesPerS: tr.imagesPerS, trainCpuSecondsPerImage: tr.cpuSecondsPerImage,
      evalImagesPerS: ev.imagesPerS, evalCpuSecondsPerImage: ev.cpuSecondsPerImage,
      defaultRunMinutes: runSeconds / 60, defaultRunMinutesIfCpusFree: device === 'cpu' ? quietRun / 60 : null, loadAverage: load,
    };
    results.push(row);
    const base = results[0].trainImagesPerS as number;
    const slower = results.length > 1 ? ` (${(100 * (base / tr.imagesPerS - 1)).toFixed(0)}% more time than ${configs[0].name})` : '';
    console.log(`${recalibration.padEnd(5)}  train${slower} ${tr.imagesPerS.toFixed(1)} img/s (${(1000 * tr.cpuSecondsPerImage).toFixed(2)} CPU ms/img)  ` +
      `eval ${ev.imagesPerS.toFixed(1)} img/s (${(1000 * ev.cpuSecondsPerImage).toFixed(2)} CPU ms/img)  ` +
      `default run (${recipe.epochs} epochs): ${(runSeconds / 60).toFixed(1)} min at this speed` +
      (device === 'cpu' ? `, ${(quietRun / 60).toFixed(1)} min with ${cpus} CPUs to itself` : ''));
    for (const t of [x, yLabels, xe]) t.dispose();
    opt.dispose();
    model.dispose();
  }
  // What the 15-minute goal asks of training throughput, evaluation counted at its measured ratio.
  const m = results.find((r) => r.recalibration === 'mssar') ?? results[results.length - 1];
  const evalRatio = (m.trainImagesPerS as number) / (m.evalImagesPerS as number);
  const needed = (recipe.epochs * (trainImages + testImages * evalRatio)) / (15 * 60);
  console.log(`the default run fits 15 minutes at ${needed.toFixed(0)} training images/s or more ` +
    `(${recipe.epochs} epochs of ${trainImages} + evaluation of ${testImages}, an evaluated image costing ${evalRatio.toFixed(2)} of a trained one)`);
  const out = path.join(__dirname, '..', '..', 'bench', 'results', 'train.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0]?.model, results, neededTrainImagesPerS: needed }, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

main();
