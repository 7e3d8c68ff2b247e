import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../../io';
import { parseFlags } from '../../train/args';
import { readCheckpointMeta } from '../../train/checkpoint';
import { readMetrics } from '../../train/metrics';
import { PlotRun, renderCurves } from '../../train/plot';
import { lastCheckpoint, readRunInfo } from '../../train/rundir';
import { Command, UsageError } from '../command';

const usage = `usage: mssar plot DIR... [--out FILE.svg] [--title TEXT]

Draws the training curves of one or several runs of mssar train (their metrics.jsonl): training
loss and test top-1 against the epoch, one colour per run, named with its recalibration, as a
self-contained SVG.

options:
  --out FILE.svg     where to write (default curves.svg)
  --title TEXT       the title (default: the runs' dataset and model)
  -h, --help         this text`;

/** A run directory's curves and identity (run.json, else the checkpoint's metadata, else the folder's name). */
function loadRun(dir: string): PlotRun {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir}: no such run directory`);
  const rows = readMetrics(dir);
  if (rows.length === 0) throw new Error(`${dir}: no metrics.jsonl with finished epochs (is it a run directory of mssar train?)`);
  const name = path.basename(path.resolve(dir));
  const info = readRunInfo(dir);
  if (info) return { name, recalibration: info.recalibration, model: info.model, dataset: info.dataset, rows };
  if (fs.existsSync(lastCheckpoint(dir))) {
    const meta = readCheckpointMeta(lastCheckpoint(dir));
    return { name, recalibration: meta.modelOptions.recalibration ?? 'none', model: meta.model, dataset: meta.dataset, rows };
  }
  return { name, recalibration: '?', rows };
}

function run(argv: string[]): number {
  const { values: v, positionals } = parseFlags('plot', argv, {
    out: { type: 'string' }, title: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, true);
  if (v.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`give at least one run directory\n\n${usage}`);
  const out = (v.out as string | undefined) ?? 'curves.svg';
  if (!out.toLowerCase().endsWith('.svg')) throw new UsageError(`--out must name an .svg file; got '${out}'`);
  const runs = positionals.map(loadRun);
  writeFileAtomic(out, [Buffer.from(renderCurves(runs, { title: v.title as string | undefined }))]);
  console.log(`wrote ${out}: ${runs.map((r) => `${r.name} (${r.recalibration}, ${r.rows.length} epochs)`).join(', ')}`);
  return 0;
}

export const plotCommand: Command = {
  name: 'plot',
  summary: 'training curves of one or several runs as an SVG (loss and test top-1 per epoch)',
  run,
};
