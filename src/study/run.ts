// A study from start (or rerun) to report: checks DIR/study.json, runs what the grid still needs,
// `jobs` at a time, each in its own `mssar train` process (finished runs skipped, interrupted ones
// resumed), then writes DIR/report.md, DIR/report.json and DIR/curves.svg from the runs' metrics.
import * as path from 'path';
import { writeFileAtomic } from '../io';
import type { ProgressStream } from '../train/progress';
import { parseStudyArgs, StudyArgs } from './args';
import { parseTrainArgs } from '../train/args';
import { RECALIBRATIONS } from '../train/config';
import type { Variant } from './variants';
import { Cell, cellName, cellRows, cellState, checkCellSettings, gridCells, hasFiles } from './cells';
import { longestFirst } from './schedule';
import { startTrain, ChildRun } from './child';
import { studyCurves } from './curves';
import { environment } from './environment';
import { renderMarkdown } from './markdown';
import { buildReport, Outcome, shellQuote, StudyReport } from './report';
import { StudyProgress } from './progress';
import { checkStudyDir, writeStudyFile } from './state';
import { checkObject, checkOptions, fail } from '../check';

export interface StudyHooks {
  stdout?: ProgressStream;
  /** Draw the progress line in place (default: whether stdout is a terminal). */
  tty?: boolean;
  /** The command line recorded in the report (default: process.argv). */
  command?: string;
}

export interface StudyResult {
  /** 0 every run finished; 1 a run failed; 130 interrupted. */
  exitCode: number;
  report: StudyReport;
  /** What each run needed this time: skipped (finished before), resumed, new. */
  actions: Map<string, 'skipped' | 'resumed' | 'new'>;
}

/** runStudy's arguments as parseStudyArgs makes them (a malformed one would start real training runs). */
function checkStudyArgs(a: StudyArgs): void {
  checkObject('runStudy', 'args', a, 'the result of parseStudyArgs');
  const like = (fn: string, what: string, ref: Record<string, unknown>, given: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(ref)) {
      const g = given[k];
      const ok = Array.isArray(v) ? Array.isArray(g) : v === null ? g === null || ['number', 'string'].includes(typeof g) : typeof g === typeof v;
      if (!ok) fail('runStudy', `${what}.${k}`, `${Array.isArray(v) ? 'an array' : `a ${typeof v}`} (${fn})`, g);
    }
  };
  like('parseStudyArgs', 'args', parseStudyArgs([]) as unknown as Record<string, unknown>, a as unknown as Record<string, unknown>);
  checkObject('runStudy', 'args.train', a.train, 'a training config (parseStudyArgs)');
  like('parseTrainArgs', 'args.train', parseTrainArgs([]).config as unknown as Record<string, unknown>, a.train as unknown as Record<string, unknown>);
  const variant = (v: Variant): boolean => typeof v === 'object' && v !== null && typeof v.name === 'string' && RECALIBRATIONS.includes(v.recalibration);
  if (a.variants.length === 0 || !a.variants.every(variant)) fail('runStudy', 'args.variants', 'configurations (parseStudyArgs)', a.variants);
  if (a.seeds.length === 0 || !a.seeds.every((x) => Number.isSafeInteger(x) && x >= 0)) fail('runStudy', 'args.seeds', 'non-negative integers', a.seeds);
  if (!a.trainFlags.every((x) => typeof x === 'string')) fail('runStudy', 'args.trainFlags', 'strings', a.trainFlags);
  for (const k of ['jobs', 'threads'] as const) if (!(Number.isSafeInteger(a[k]) && a[k] >= 1)) fail('runStudy', `args.${k}`, 'a positive integer', a[k]);
  if (a.out === '') fail('runStudy', 'args.out', 'a directory', a.out);
  if (!a.against.every((n) => a.variants.slice(1).some((v) => v.name === n))) fail('runStudy', 'args.against', 'configurations of the grid but the first', a.against);
}

export async function runStudy(a: StudyArgs, hooks: StudyHooks = {}): Promise<StudyResult> {
  checkStudyArgs(a);
  checkOptions('runStudy', 'hooks', hooks, ['stdout', 'tty', 'command']);
  if (hooks.tty !== undefined && typeof hooks.tty !== 'boolean') fail('runStudy', 'hooks.tty', 'true or false', hooks.tty);
  if (hooks.command !== undefined && typeof hooks.command !== 'string') fail('runStudy', 'hooks.command', 'a string', hooks.command);
  const stdout = hooks.stdout ?? process.stdout;
  checkStudyDir(a.out, a);
  const cells = gridCells(a);
  checkCellSettings(cells);
  if (!a.reportOnly) writeStudyFile(a.out, a);
  const epochs = a.train.epochs;
  // Each run's metrics, read once: its state, its epochs done (for progress and the start order) and epoch times.
  const rowsAtStart = new Map(cells.map((c) => [cellName(c), cellRows(c.dir)]));
  const states = new Map(cells.map((c) => [cellName(c), cellState(c.dir, epochs, rowsAtStart.get(cellName(c)))]));
  const doneEpochs = (c: Cell): number => new Set(rowsAtStart.get(cellName(c))!.map((r) => r.epoch)).size;
  const epochsLeft = cells.reduce((n, c) => n + (states.get(cellName(c)) === 'finished' ? 0 : epochs - doneEpochs(c)), 0);
  const progress = new StudyProgress(stdout, cells.length, epochsLeft, a.jobs, hooks.tty);
  progress.line(`study in ${a.out}: ${a.variants.length} configuration${a.variants.length > 1 ? 's' : ''} x ${a.seeds.length} seed${a.seeds.length > 1 ? 's' : ''} ` +
    `= ${cells.length} runs of ${epochs} epochs; ${a.jobs} at once, ${a.threads} kernel thread${a.threads > 1 ? 's' : ''} each`);

  const actions = new Map<string, 'skipped' | 'resumed' | 'new'>();
  const outcomes = new Map<string, Outcome>();
  const pending: Cell[] = [];
  for (const c of cells) {
    const state = states.get(cellName(c))!;
    if (a.reportOnly) {
      actions.set(cellName(c), 'skipped');
    } else if (state === 'finished') {
      actions.set(cellName(c), 'skipped');
      progress.skipped(cellName(c), 'finished before; skipped');
    } else {
      actions.set(cellName(c), state === 'resume' ? 'resumed' : 'new');
      pending.push(c);
    }
  }
  const epochSeconds = new Map<string, number[]>();
  for (const c of cells) {
    const name = c.variant.name;
    epochSeconds.set(name, [...(epochSeconds.get(name) ?? []), ...rowsAtStart.get(cellName(c))!.map((r) => r.seconds)]);
  }
  const queue = longestFirst(pending.map((c) => ({ item: c, configuration: c.variant.name, epochsLeft: epochs - doneEpochs(c) })), epochSeconds);

  let interrupted = false;
  const running = new Set<ChildRun>();
  const onSignal = (): void => {
    if (!interrupted) progress.line('interrupted: stopping the runs under way at their next batch (each keeps its last checkpoint); rerun the command to continue');
    interrupted = true;
    for (const r of running) r.child.kill('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c !== undefined && !interrupted; c = queue.shift()) {
      const name = cellName(c);
      const resume = actions.get(name) === 'resumed';
      const args = [...c.flags, ...(resume ? ['--resume'] : hasFiles(c.dir) ? ['--overwrite'] : [])];
      progress.started(name, doneEpochs(c), epochs, resume ? `resuming after epoch ${doneEpochs(c)}` : 'starting');
      const run = startTrain(args, c.dir, (row) => progress.epoch(name, row.epoch, row.seconds, row.top1));
      running.add(run);
      const code = await run.done;
      running.delete(run);
      const state = cellState(c.dir, epochs);
      if (code === 0 && state === 'finished') {
        progress.ended(name, 'finished');
      } else {
        const tail = run.stderrTail().split('\n').filter(Boolean).slice(-1)[0] ?? '';
        const note = code === 130 ? `interrupted (exit 130)` : `exit code ${code}${tail ? `: ${tail}` : ''} (log: ${path.join(c.dir, 'train.log')})`;
        outcomes.set(name, { status: code === 130 ? 'incomplete' : 'failed', note });
        progress.ended(name, note);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(a.jobs, Math.max(1, queue.length)) }, worker));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    progress.clear();
  }

  // The command that trains the grid (a report-only call records the study's own command).
  const command = hooks.command ?? ['npx', 'mssar', ...process.argv.slice(2).filter((x) => x !== '--report-only')].map(shellQuote).join(' ');
  const { report, rows } = buildReport(cells, {
    command, environment: environment(), jobs: a.jobs, threads: a.threads, epochs, trainFlags: a.trainFlags, outcomes, against: a.against,
  });
  const title = `${a.train.dataset} / ${a.train.model}: mean of each configuration's runs`;
  writeFileAtomic(path.join(a.out, 'report.json'), [Buffer.from(`${JSON.stringify(report, null, 2)}\n`)]);
  writeFileAtomic(path.join(a.out, 'report.md'), [Buffer.from(renderMarkdown(report))]);
  if (report.runs.some((r) => r.epochs > 0)) writeFileAtomic(path.join(a.out, 'curves.svg'), [Buffer.from(studyCurves(report, rows, title))]);
  const finished = report.runs.filter((r) => r.status === 'finished').length;
  progress.line(`${finished}/${report.runs.length} runs finished; wrote ${path.join(a.out, 'report.md')}, report.json and curves.svg`);
  const exitCode = interrupted ? 130 : finished === report.runs.length || a.reportOnly ? 0 : 1;
  return { exitCode, report, actions };
}

