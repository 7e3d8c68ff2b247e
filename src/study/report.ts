// The numbers of a study's report, from its runs' own metrics.jsonl: per run, per configuration
// (mean ± sample std over the seeds), and per configuration against the first, paired by seed.
// Every run of the grid is in it, finished or not; the statistics count the finished ones.
import * as fs from 'fs';
import { readMetrics, EpochMetrics } from '../train/metrics';
import { lastCheckpoint, readRunCode, RunCode } from '../train/rundir';
import { Cell, cellName } from './cells';
import { ModelCost, modelCost } from './cost';
import type { Environment } from './environment';
import { mean, meanInterval, sampleStd, verdict, Verdict } from './stats';

export type RunStatus = 'finished' | 'incomplete' | 'failed';

export interface RunReport {
  name: string;
  configuration: string;
  seed: number;
  dir: string;
  status: RunStatus;
  /** Why a run is not finished (its exit code and last words), when it is not. */
  note?: string;
  epochs: number;
  /** Test top-1 after the last epoch (null until every epoch is done). */
  finalTop1: number | null;
  bestTop1: number | null;
  /** Validation top-1 after the last epoch (runs with --val-split; null otherwise or until finished). */
  finalValTop1: number | null;
  meanEpochSeconds: number | null;
  /** `npx mssar train ...`: the run's own command. */
  command: string;
  /** Which code trained which of its epochs (run.json); null for runs made before run.json recorded it. */
  code: RunCode[] | null;
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); null below two runs. */
  std: number | null;
}

export interface ConfigReport {
  name: string;
  flags: string[];
  parameters: number | null;
  macs: number | null;
  meanEpochSeconds: number | null;
  finalTop1: Summary;
  bestTop1: Summary;
  /** Final validation top-1 (null when the runs hold out no validation set). */
  finalValTop1: Summary | null;
  /** Against the first configuration: final top-1 of this one minus the first's, seed by seed (absent for the first). */
  vsBaseline?: PairedComparison;
  /** The same on the validation set (runs with --val-split): the comparison to choose a variant by. */
  vsBaselineVal?: PairedComparison;
  /** Against each configuration of --against (but itself), as vsBaseline and vsBaselineVal are against the first. */
  vsOthers?: OtherComparison[];
}

export interface OtherComparison {
  against: string;
  test: PairedComparison;
  /** On the validation set; null when the runs hold out none. */
  val: PairedComparison | null;
}

export interface PairedComparison {
  seeds: number[];
  differences: number[];
  n: number;
  mean: number;
  std: number | null;
  /** 95% interval (Student t, n - 1 degrees of freedom); null for n < 2. */
  ci95: [number, number] | null;
  verdict: Verdict;
}

export interface StudyReport {
  command: string;
  created: string;
  environment: Environment;
  jobs: number;
  threadsPerRun: number;
  epochs: number;
  trainFlags: string[];
  baseline: string;
  /** Further configurations every other one is compared with (--against). */
  against: string[];
  configurations: ConfigReport[];
  runs: RunReport[];
}

export interface Outcome {
  status: RunStatus;
  note?: string;
}

const summary = (xs: number[]): Summary => ({ n: xs.length, mean: mean(xs), std: xs.length >= 2 ? sampleStd(xs) : null });

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function runReport(cell: Cell, epochs: number, outcome: Outcome | undefined): RunReport & { rows: EpochMetrics[] } {
  const rows = readMetrics(cell.dir).filter((r) => r.epoch <= epochs).sort((a, b) => a.epoch - b.epoch);
  const complete = rows.length === epochs && rows.every((r, i) => r.epoch === i + 1);
  const code = readRunCode(cell.dir);
  const status: RunStatus = complete ? 'finished' : outcome?.status === 'failed' ? 'failed' : 'incomplete';
  return {
    name: cellName(cell), configuration: cell.variant.name, seed: cell.seed, dir: cell.dir, status,
    ...(status !== 'finished' ? { note: outcome?.note ?? `${rows.length} of ${epochs} epochs done` } : {}),
    epochs: rows.length,
    finalTop1: complete ? rows[rows.length - 1].top1 : null,
    finalValTop1: complete ? rows[rows.length - 1].val_top1 ?? null : null,
    bestTop1: rows.length ? Math.max(...rows.map((r) => r.top1)) : null,
    meanEpochSeconds: rows.length ? mean(rows.map((r) => r.seconds)) : null,
    command: `npx mssar train ${cell.flags.map(shellQuote).join(' ')}`,
    code: code.length > 0 ? code : null,
    rows,
  };
}

/** Collects the report of `cells` (the whole grid, in order; the first configuration is the baseline). */
export function buildReport(cells: Cell[], ctx: {
  command: string; environment: Environment; jobs: number; threads: number; epochs: number; trainFlags: string[];
  outcomes: Map<string, Outcome>;
  /** Further baselines (configurations of the grid other than the first); default none. */
  against?: string[];
}): { report: StudyReport; rows: Map<string, EpochMetrics[]> } {
  const against = ctx.against ?? [];
  const rowsByRun = new Map<string, EpochMetrics[]>();
  const runs = cells.map((c) => {
    const { rows, ...r } = runReport(c, ctx.epochs, ctx.outcomes.get(cellName(c)));
    rowsByRun.set(r.name, rows);
    return r;
  });
  const names = [...new Set(cells.map((c) => c.variant.name))];
  const bySeed = (config: string, pick: (r: RunReport) => number | null): Map<number, number> =>
    new Map(runs.filter((r) => r.configuration === config && pick(r) !== null).map((r) => [r.seed, pick(r)!]));
  const hasVal = runs.some((r) => r.finalValTop1 !== null);
  const paired = (name: string, pick: (r: RunReport) => number | null, baseline = names[0]): PairedComparison => {
    const base = bySeed(baseline, pick);
    const own = bySeed(name, pick);
    const seeds = [...own.keys()].filter((s) => base.has(s)).sort((a, b) => a - b);
    const differences = seeds.map((s) => own.get(s)! - base.get(s)!);
    const m = meanInterval(differences);
    return { seeds, differences, n: m.n, mean: m.mean, std: m.n >= 2 ? m.std : null, ci95: m.ci, verdict: verdict(m.ci) };
  };
  const configurations = names.map((name, i): ConfigReport => {
    const mine = runs.filter((r) => r.configuration === name);
    const finished = mine.filter((r) => r.status === 'finished');
    const cell = cells.find((c) => c.variant.name === name)!;
    let cost: ModelCost | null = null;
    const withCheckpoint = mine.find((r) => fs.existsSync(lastCheckpoint(r.dir)));
    if (withCheckpoint) cost = modelCost(lastCheckpoint(withCheckpoint.dir));
    const epochSeconds = mine.flatMap((r) => rowsByRun.get(r.name)!.map((x) => x.seconds));
    const config: ConfigReport = {
      name, flags: cell.flags.slice(cell.flags.indexOf('--recalibration'), cell.flags.indexOf('--seed')),
      parameters: cost?.parameters ?? null, macs: cost?.macs ?? null,
      meanEpochSeconds: epochSeconds.length ? mean(epochSeconds) : null,
      finalTop1: summary(finished.map((r) => r.finalTop1!)),
      bestTop1: summary(finished.map((r) => r.bestTop1!)),
      finalValTop1: null,
    };
    const withVal = finished.filter((r) => r.finalValTop1 !== null);
    if (withVal.length > 0) config.finalValTop1 = summary(withVal.map((r) => r.finalValTop1!));
    if (i > 0) {
      config.vsBaseline = paired(name, (r) => r.finalTop1);
      if (hasVal) config.vsBaselineVal = paired(name, (r) => r.finalValTop1);
    }
    const others = against.filter((b) => b !== name);
    if (others.length > 0) {
      config.vsOthers = others.map((b) => ({
        against: b, test: paired(name, (r) => r.finalTop1, b), val: hasVal ? paired(name, (r) => r.finalValTop1, b) : null,
      }));
    }
    return config;
  });
  return {
    report: {
      command: ctx.command, created: new Date().toISOString(), environment: ctx.environment, jobs: ctx.jobs, threadsPerRun: ctx.threads,
      epochs: ctx.epochs, trainFlags: ctx.trainFlags, baseline: names[0], against, configurations, runs,
    },
    rows: rowsByRun,
  };
}
