// The benchmark suite (`npm run bench`): CIFAR ResNet-20 and ResNet-56, each without
// recalibration, with SE and with MS-SAR, a training step (forward, backward, SGD update) and
// inference (eval, no grad), batch 128 on random 3x32x32 images, ours against PyTorch on the CPU
// with the same number of threads. Every configuration runs each side in a process of its own
// (bench/resnet.ts, bench/torch/resnet.py), so that peak memory is measured per configuration; the
// two sides take turns going first. Writes bench/results/resnet.json and the table in
// docs/performance.md (between its bench markers).
//
//   npm run bench -- [--quick] [--threads 2] [--models resnet20,resnet56] [--recalibrations none,se,mssar]
//     [--modes train,eval] [--batch 128] [--steps 10] [--warmup 3] [--rounds 1]
//     [--torch-layouts channels_last] [--no-torch] [--no-docs]
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { native } from '../src/native';
import { markdownTable, replaceBetweenMarkers, Row, summaryLines } from './report';
import { checkFlags, flagsOf, root, torchVenvPython } from './common';


export interface SideResult {
  side: 'ours' | 'torch';
  model: string;
  recalibration: string;
  mode: string;
  images_per_s: number;
  ms_per_step: number;
  best_ms: number;
  cpu_ms_per_step: number;
  peak_rss_mb: number;
  rss_start_mb: number;
  native_peak_mb?: number;
  allocations_during_steps?: number;
  backend?: string;
  layout?: string;
  torch?: string;
  onednn?: string;
}

interface Options {
  threads: number;
  models: string[];
  recalibrations: string[];
  modes: string[];
  batch: number;
  steps: number;
  warmup: number;
  rounds: number;
  torchLayouts: string[];
  torch: boolean;
  docs: boolean;
}

const USAGE = 'npm run bench -- [--quick] [--threads 2] [--models resnet20,resnet56] [--recalibrations none,se,mssar] [--modes train,eval] [--batch 128] [--steps 10] [--warmup 3] [--rounds 1] [--torch-layouts channels_last] [--no-torch] [--no-docs]';
const OPTIONS = {
  quick: { type: 'boolean' },
  threads: { type: 'string' },
  models: { type: 'string' },
  recalibrations: { type: 'string' },
  modes: { type: 'string' },
  batch: { type: 'string' },
  steps: { type: 'string' },
  warmup: { type: 'string' },
  rounds: { type: 'string' },
  'torch-layouts': { type: 'string' },
  'no-torch': { type: 'boolean' },
  'no-docs': { type: 'boolean' },
} as const;

function options(): Options {
  checkFlags(USAGE, ...flagsOf(OPTIONS));
  const { values } = parseArgs({
    options: OPTIONS,
  });
  const list = (v: string | undefined, fallback: string[]) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : fallback);
  const num = (v: string | undefined, fallback: number) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`bench: expected a positive integer, got '${v}'`);
    return n;
  };
  const quick = values.quick ?? false;
  return {
    threads: num(values.threads, 2),
    models: list(values.models, quick ? ['resnet20'] : ['resnet20', 'resnet56']),
    recalibrations: list(values.recalibrations, ['none', 'se', 'mssar']),
    modes: list(values.modes, ['train', 'eval']),
    batch: num(values.batch, 128),
    steps: num(values.steps, quick ? 5 : 10),
    warmup: num(values.warmup, quick ? 2 : 3),
    rounds: num(values.rounds, 1),
    torchLayouts: list(values['torch-layouts'], ['channels_last']),
    torch: !(values['no-torch'] ?? false),
    // Restricted runs leave the published table alone unless asked otherwise.
    docs: !(values['no-docs'] ?? false),
  };
}

/** The PyTorch venv's python, or why there is none. */
function torchPython(): { python: string } | { why: string } {
  try {
    const python = torchVenvPython(600_000);
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return { python };
  } catch (e) {
    return { why: `scripts/torch-venv.sh gave no working PyTorch (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
}

/** Runs one child and returns the JSON line it printed last. */
function runChild(cmd: string, args: string[], threads: number): SideResult {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads) };
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 24 });
  const lines = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{'));
  if (r.status !== 0 || lines.length === 0) {
    throw new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed (status ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return JSON.parse(lines[lines.length - 1]) as SideResult;
}

function oursOnce(o: Options, model: string, recalibration: string, mode: string): SideResult {
  return runChild(process.execPath, [path.join(__dirname, 'resnet.js'), '--model', model, '--recalibration', recalibration,
    '--mode', mode, '--threads', String(o.threads), '--batch', String(o.batch), '--steps', String(o.steps),
    '--warmup', String(o.warmup)], o.threads);
}

function torchOnce(o: Options, python: string, model: string, recalibration: string, mode: string, layout: string): SideResult {
  return runChild(python, [path.join(root, 'bench', 'torch', 'resnet.py'), '--threads', String(o.threads), '--batch',
    String(o.batch), '--steps', String(o.steps), '--warmup', String(o.warmup), '--config',
    `${model}:${recalibration}:${mode}:${layout}`], o.threads);
}

/** The faster of several runs of one side (a busy machine only ever slows a run down). */
function fastest(runs: SideResult[]): SideResult {
  return runs.reduce((a, b) => (b.ms_per_step < a.ms_per_step ? b : a));
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux: fall through
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function main(): void {
  const o = options();
  const t0 = Date.now();
  const loadStart = os.loadavg();
  const py = o.torch ? torchPython() : { why: 'disabled with --no-torch' };
  const python = 'python' in py ? py.python : null;
  if (!python) console.log(`PyTorch: not measured, ${'why' in py ? py.why : 'unavailable'}; timing ours alone.`);
  console.log(`${o.threads} threads, batch ${o.batch}, ${o.warmup} warm-up + ${o.steps} timed steps per configuration, ` +
    `${o.rounds} round(s); ${cpuModel()}, ${os.cpus().length} cpus, load ${loadStart.map((l) => l.toFixed(1)).join(' ')}`);

  const rows: Row[] = [];
  let index = 0;
  for (const model of o.models) {
    for (const mode of o.modes) {
      for (const recalibration of o.recalibrations) {
        const ours: SideResult[] = [], theirs: SideResult[] = [];
        for (let r = 0; r < o.rounds; r++) {
          // The two sides take turns going first.
          const oursFirst = (index + r) % 2 === 0;
          if (oursFirst) ours.push(oursOnce(o, model, recalibration, mode));
          if (python) for (const layout of o.torchLayouts) theirs.push(torchOnce(o, python, model, recalibration, mode, layout));
          if (!oursFirst) ours.push(oursOnce(o, model, recalibration, mode));
        }
        index++;
        const row: Row = { model, recalibration, mode, ours: fastest(ours), torch: theirs.length ? fastest(theirs) : null };
        rows.push(row);
        const t = row.torch;
        console.log(`${model.padEnd(9)} ${recalibration.padEnd(6)} ${mode.padEnd(6)} ours ${row.ours.images_per_s.toFixed(1).padStart(7)} img/s` +
          ` (peak RSS ${row.ours.peak_rss_mb.toFixed(0)} MiB)` +
          (t ? `   pytorch ${t.images_per_s.toFixed(1).padStart(7)} img/s (${t.layout}, peak RSS ${t.peak_rss_mb.toFixed(0)} MiB)` +
            `   ours/pytorch ${(row.ours.images_per_s / t.images_per_s).toFixed(2)}x` : ''));
      }
    }
  }
  const loadEnd = os.loadavg();
  const torchInfo = rows.find((r) => r.torch)?.torch;
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpuModel(), cpus: os.cpus().length, loadavgStart: loadStart, loadavgEnd: loadEnd,
      platform: `${os.type()} ${os.release()}`,
    },
    threads: o.threads,
    batch: o.batch,
    steps: o.steps,
    warmup: o.warmup,
    rounds: o.rounds,
    versions: {
      // The children's own report (the thread count is theirs, not this process's).
      ours: rows[0]?.ours.backend ?? native.backends()[0].info ?? 'unknown',
      node: process.version,
      torch: torchInfo?.torch ?? null,
      torchOnednn: torchInfo?.onednn ?? null,
    },
    torchMissing: python ? null : 'why' in py ? py.why : null,
    note: 'images/s from the median step time after warm-up; PyTorch in channels_last (its fastest layout on the CPU) ' +
      'unless --torch-layouts says otherwise; peak RSS of the configuration\'s own process; native peak: our live tensors',
    configurations: rows,
    summary: summaryLines(rows),
    seconds: (Date.now() - t0) / 1000,
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'resnet.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('\n' + result.summary.join('\n'));
  if (o.docs) {
    const doc = path.join(root, 'docs', 'performance.md');
    const table = markdownTable(result, rows);
    const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n\n<!-- bench:start -->\n<!-- bench:end -->\n';
    fs.writeFileSync(doc, replaceBetweenMarkers(text, table));
    console.log(`\nwrote bench/results/resnet.json and the table in docs/performance.md (${result.seconds.toFixed(0)} s)`);
  } else {
    console.log(`\nwrote bench/results/resnet.json (${result.seconds.toFixed(0)} s)`);
  }
}

main();
