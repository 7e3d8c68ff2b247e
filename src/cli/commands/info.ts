import { parseArgs } from 'util';
import { canonicalName, info, list, spec } from '../../models';
import { Command, UsageError } from '../command';
import { grouped, si, table } from '../format';

const usage = `usage: mssar info MODEL [options]

Parameters and multiply-adds (one image) of MODEL without recalibration, with SE and with MS-SAR.
Input: 32x32x3 for the CIFAR models, 224x224x3 for the ImageNet ones, 28x28x1 with --in-channels 1.

options:
  --num-classes K      classes (default 10 CIFAR, 1000 ImageNet)
  --in-channels C      input channels (default 3; 1 for Fashion-MNIST)
  --input-size S       input height and width (S or HxW)
  --scales 1,2,4       MS-SAR scales
  --symmetric          MS-SAR with symmetric cells
  --global             MS-SAR with a global-average scale beside the cells
  --reduction R        SE reduction ratio (default 16)
  --layers             also print every layer's output shape and MACs

models: ${list().join(', ')}`;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got '${v}'`);
  return n;
}

function inputSize(v: string | undefined): number | [number, number] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split('x');
  if (parts.length === 1) return int('input-size', v);
  if (parts.length !== 2) throw new UsageError(`--input-size must be S or HxW, got '${v}'`);
  return [int('input-size', parts[0]) as number, int('input-size', parts[1]) as number];
}

function run(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'num-classes': { type: 'string' },
      'in-channels': { type: 'string' },
      'input-size': { type: 'string' },
      scales: { type: 'string' },
      symmetric: { type: 'boolean' },
      global: { type: 'boolean' },
      reduction: { type: 'string' },
      layers: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`info takes one model name\n\n${usage}`);
  const name = canonicalName(positionals[0]);
  if (name === null) throw new UsageError(`unknown model '${positionals[0]}'; available: ${list().join(', ')}`);
  const s = spec(name);
  const scales = values.scales?.split(',').map((v) => int('scales', v) as number);
  const result = info(name, {
    numClasses: int('num-classes', values['num-classes']),
    inChannels: int('in-channels', values['in-channels']),
    inputSize: inputSize(values['input-size']),
    scales,
    symmetric: values.symmetric,
    global: values.global,
    reduction: int('reduction', values.reduction),
    layers: values.layers,
  });
  const [, c, h, w] = result.inputShape;
  console.log(`${name}: ${s.description}`);
  console.log(`input ${h}x${w}x${c}, ${result.numClasses} classes; MACs per image\n`);
  const pct = (extra: number, base: number): string => (extra === 0 ? '-' : `+${grouped(extra)} (${((100 * extra) / base).toFixed(2)}%)`);
  const base = result.rows[0];
  console.log(table(['recalibration', 'parameters', 'extra parameters', 'MACs', 'extra MACs'], result.rows.map((r) => [
    r.recalibration, `${grouped(r.parameters)} (${si(r.parameters)})`, pct(r.extraParameters, base.parameters),
    si(r.macs), r.extraMacs === 0 ? '-' : `+${si(r.extraMacs)} (${((100 * r.extraMacs) / base.macs).toFixed(2)}%)`,
  ])));
  console.log('\nMACs: conv and fc multiply-adds, 1 per element for BN, sigmoid and products, 1 per output for average');
  console.log('pooling; MS-SAR (9K + 2) per element for K scales (--global: 1 more, and 2 per plane); SE 2*C*C/r + 2C');
  console.log('per image + 1 per element.');
  if (values.layers) {
    for (const r of result.rows) {
      console.log(`\nlayers (${r.recalibration}):`);
      console.log(table(['name', 'type', 'output', 'MACs'], (r.layers ?? []).map((l) => [l.name, l.type, l.output.join('x'), si(l.macs)])));
    }
  }
  return 0;
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'parameters and multiply-adds of a model without recalibration, with SE and with MS-SAR',
  run,
};
