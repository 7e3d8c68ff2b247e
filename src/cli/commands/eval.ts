import { setNumThreads } from '../../backends';
import { loader } from '../../data';
import { DATASETS, DatasetName, DEVICES, DeviceChoice } from '../../train/config';
import { parseFlags } from '../../train/args';
import { chooseDevice, evaluate, loadCheckpoint, modelFromCheckpoint } from '../../train';
import { openTestData } from '../../train/datasets';
import { Command, UsageError } from '../command';

const usage = `usage: mssar eval --checkpoint FILE [options]

Rebuilds the model a training checkpoint describes (its metadata names the model and its options),
loads its parameters and prints the test loss, top-1 and top-5 accuracy.

options:
  --checkpoint FILE      a checkpoint of mssar train (last.safetensors, best.safetensors)
  --dataset NAME         ${DATASETS.join(', ')} (default: the checkpoint's)
  --data DIR             dataset folder (default: the checkpoint's run's)
  --device DEV           auto (default), cpu, cuda
  --batch-size B         evaluation batch size (default: the run's --eval-batch-size)
  --workers N            data loader threads (default 1)
  --threads N            CPU threads of the kernels (default: one per core)
  --max-batches N        evaluate on the first N batches only
  --json                 print the result as one JSON object
  -h, --help             this text`;

function positive(flag: string, v: string | boolean | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be an integer >= 1; got '${String(v)}'`);
  return n;
}

async function run(argv: string[]): Promise<number> {
  const { values: v } = parseFlags('eval', argv, {
    checkpoint: { type: 'string' }, dataset: { type: 'string' }, data: { type: 'string' }, device: { type: 'string' },
    'batch-size': { type: 'string' }, workers: { type: 'string' }, threads: { type: 'string' }, 'max-batches': { type: 'string' },
    json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    console.log(usage);
    return 0;
  }
  const file = v.checkpoint as string | undefined;
  if (!file) throw new UsageError(`--checkpoint FILE is required\n\n${usage}`);
  const device = (v.device ?? 'auto') as DeviceChoice;
  if (!DEVICES.includes(device)) throw new UsageError(`--device must be one of ${DEVICES.join(', ')}; got '${device}'`);
  const datasetFlag = v.dataset as string | undefined;
  if (datasetFlag !== undefined && !(DATASETS as readonly string[]).includes(datasetFlag)) {
    throw new UsageError(`--dataset must be one of ${DATASETS.join(', ')}; got '${datasetFlag}'`);
  }
  const threads = positive('threads', v.threads);
  const workers = positive('workers', v.workers) ?? 1;
  const maxBatches = positive('max-batches', v['max-batches']);

  const ckpt = loadCheckpoint(file);
  const meta = ckpt.meta;
  const model = modelFromCheckpoint(ckpt);
  try {
    if (threads !== undefined) setNumThreads(threads);
    const dataset = (datasetFlag ?? meta.dataset) as DatasetName;
    if (!(DATASETS as readonly string[]).includes(dataset)) throw new Error(`${file}: the checkpoint's dataset '${dataset}' is not one mssar knows`);
    const dir = (v.data as string | undefined) ?? (dataset === meta.dataset ? meta.args.data ?? null : null);
    const choice = chooseDevice(device);
    const { test, evalTransform, dir: used } = openTestData(dataset, dir);
    const classes = meta.modelOptions.numClasses ?? meta.classes.length;
    if (test.classes.length !== classes) {
      throw new Error(`${file}: the model has ${classes} classes but ${dataset} in ${used} has ${test.classes.length}`);
    }
    if (test.sampleShape[0] !== meta.inputShape[0]) {
      throw new Error(`${file}: the model takes ${meta.inputShape[0]}-channel images but ${dataset} has ${test.sampleShape[0]}`);
    }
    model.to(choice.device);
    const batchSize = positive('batch-size', v['batch-size']) ?? meta.args.evalBatchSize ?? 500;
    const ld = loader(test, { batchSize, transform: evalTransform, workers, seed: 0 });
    const r = await evaluate(model, ld, choice.device, { maxBatches });
    ld.close();
    const result = {
      checkpoint: file, model: meta.model, recalibration: meta.modelOptions.recalibration ?? 'none', epoch: meta.epoch, dataset, data: used,
      device: choice.device, images: r.images, loss: r.loss, top1: r.top1, top5: r.top5, seconds: r.seconds,
    };
    if (v.json) {
      console.log(JSON.stringify(result));
    } else {
      const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
      console.log(`${file}: ${meta.model} + ${result.recalibration}, epoch ${meta.epoch} on ${meta.dataset} (best top-1 at training ${pct(meta.bestTop1)})`);
      console.log(choice.message);
      console.log(`${dataset} test (${r.images} images from ${used}): loss ${r.loss.toFixed(4)}  top-1 ${pct(r.top1)}  top-5 ${pct(r.top5)}  ` +
        `(${r.seconds.toFixed(1)} s, ${(r.images / r.seconds).toFixed(0)} img/s)`);
    }
    return 0;
  } finally {
    model.dispose();
  }
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'test loss, top-1 and top-5 of a training checkpoint',
  run,
};
