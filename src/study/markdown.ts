// DIR/report.md: the report of a study for people (report.json holds the same numbers unrounded).
import type { ConfigReport, PairedComparison, StudyReport, Summary } from './report';

const pct = (x: number): string => (100 * x).toFixed(2);
const pm = (s: Summary): string => (s.n === 0 ? '-' : s.std === null ? `${pct(s.mean)}` : `${pct(s.mean)} ± ${pct(s.std)}`);
const int = (x: number | null): string => (x === null ? '-' : x.toLocaleString('en-US'));
const secs = (x: number | null): string => (x === null ? '-' : x.toFixed(1));
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${pct(x)}`;

function versus(c: ConfigReport, v: PairedComparison): string {
  if (v.n === 0) return `| ${c.name} | 0 | - | - | no paired seeds finished |`;
  const ci = v.ci95 === null ? 'undefined (n = 1)' : `[${signed(v.ci95[0])}, ${signed(v.ci95[1])}]`;
  return `| ${c.name} | ${v.n} | ${signed(v.mean)} | ${ci} | ${v.verdict} |`;
}

const codeName = (commit: string | null, version: string): string => (commit !== null ? `git commit ${commit}` : `mssar ${version}`);

/**
 * The runs (and epochs) that other code than the report's trained, grouped by code; null when
 * every run that has started was trained by the report's code alone.
 */
function runsCode(r: StudyReport): string | null {
  const here = codeName(r.environment.commit, r.environment.version);
  const groups = new Map<string, string[]>();
  const add = (code: string, what: string): void => {
    groups.set(code, [...(groups.get(code) ?? []), what]);
  };
  for (const run of r.runs) {
    if (run.epochs === 0) continue;
    if (run.code === null) {
      add('not recorded (trained before run.json recorded its code)', run.name);
      continue;
    }
    run.code.forEach((c, i) => {
      const last = i + 1 < run.code!.length ? run.code![i + 1].fromEpoch - 1 : run.epochs;
      if (c.fromEpoch > last) return;
      const what = c.fromEpoch === 1 && last === run.epochs ? run.name : `${run.name} (epochs ${c.fromEpoch}-${last})`;
      add(codeName(c.commit, c.version), what);
    });
  }
  groups.delete(here);
  if (groups.size === 0) return null;
  return [...groups].map(([code, runs]) => `${code}: ${runs.join(', ')}`).join('; ');
}

/** The paired comparisons on the test set, then (runs with a validation set) on the validation set. */
function comparisonTables(lines: string[], test: [ConfigReport, PairedComparison][], val: [ConfigReport, PairedComparison][] | null): void {
  const table = (rows: [ConfigReport, PairedComparison][]): void => {
    lines.push('| configuration | n | mean difference (pp) | 95% CI (pp) | verdict |');
    lines.push('| --- | ---: | ---: | ---: | --- |');
    for (const [c, v] of rows) lines.push(versus(c, v));
  };
  table(test);
  if (val) {
    lines.push('', 'The same on the validation set:', '');
    table(val);
  }
}

export function renderMarkdown(r: StudyReport): string {
  const e = r.environment;
  const lines: string[] = [];
  lines.push(`# Study: ${r.configurations.map((c) => c.name).join(', ')}`, '');
  lines.push(`- command: \`${r.command}\``);
  lines.push(`- code: ${e.commit !== null ? `git commit ${e.commit}` : 'not a git checkout'}, mssar ${e.version}`);
  const mixed = runsCode(r);
  if (mixed) lines.push(`- code of the runs (run.json), where it is not the above: ${mixed}`);
  lines.push(`- machine: ${e.cpu}, ${e.cores} cores, ${e.platform}; Node ${e.node}`);
  lines.push(`- ${r.jobs} run${r.jobs > 1 ? 's' : ''} at once, ${r.threadsPerRun} kernel thread${r.threadsPerRun > 1 ? 's' : ''} per run; ${r.epochs} epochs per run`);
  lines.push(`- flags given to every run: ${r.trainFlags.length ? `\`${r.trainFlags.join(' ')}\`` : '(none: the recipe)'}`);
  lines.push(`- written ${r.created}`, '');
  lines.push('Top-1 in percent: mean ± sample standard deviation (n - 1) over the finished runs (n). Final: after the last epoch; ' +
    'best: the best epoch of each run. Time: mean wall time of an epoch (training, evaluation, checkpoint); it counts whatever else ' +
    'the machine ran meanwhile, so compare costs with `node dist/bench/train.js` on an idle machine, not with this column.', '');
  const withVal = r.configurations.some((c) => c.finalValTop1 !== null);
  if (withVal) {
    lines.push('The runs hold out a validation set (--val-split): choose between configurations by the validation columns; ' +
      'the test columns then measure the choice without having made it.', '');
  }
  lines.push(`| configuration | parameters | multiply-adds | s / epoch |${withVal ? ' final val top-1 (%) |' : ''} final top-1 (%) | best top-1 (%) | n |`);
  lines.push(`| --- | ---: | ---: | ---: |${withVal ? ' ---: |' : ''} ---: | ---: | ---: |`);
  for (const c of r.configurations) {
    const val = withVal ? ` ${c.finalValTop1 === null ? '-' : pm(c.finalValTop1)} |` : '';
    lines.push(`| ${c.name} | ${int(c.parameters)} | ${int(c.macs)} | ${secs(c.meanEpochSeconds)} |${val} ${pm(c.finalTop1)} | ${pm(c.bestTop1)} | ${c.finalTop1.n} |`);
  }
  lines.push('', `## Against ${r.baseline}`, '');
  lines.push(`Final top-1 of each configuration minus ${r.baseline}'s, seed by seed (the same seed: the same initialisation draws where the ` +
    'shapes agree, the same data order), in percentage points: the mean difference and its 95% confidence interval (Student t, ' +
    'n - 1 degrees of freedom). "better": the interval is above 0; "worse": below 0; otherwise no difference at this budget.', '');
  if (r.configurations.length < 2) {
    lines.push('(one configuration: nothing to compare)');
  } else {
    const rest = r.configurations.slice(1);
    comparisonTables(lines, rest.map((c) => [c, c.vsBaseline!]), withVal ? rest.map((c) => [c, c.vsBaselineVal!]) : null);
  }
  for (const b of r.against ?? []) {
    lines.push('', `## Against ${b}`, '');
    lines.push(`The same with ${b} in place of ${r.baseline} (--against).`, '');
    const rows = r.configurations.flatMap((c) => (c.vsOthers ?? []).filter((o) => o.against === b).map((o) => [c, o] as const));
    comparisonTables(lines, rows.map(([c, o]) => [c, o.test]), withVal ? rows.map(([c, o]) => [c, o.val!]) : null);
  }
  lines.push('', '## Runs', '');
  lines.push('Every run of the grid. Rerun one with its command below (add `--overwrite` to replace it, or `--resume` to continue it).', '');
  lines.push(`| run | configuration | seed | status | epochs |${withVal ? ' final val top-1 (%) |' : ''} final top-1 (%) | best top-1 (%) | s / epoch |`);
  lines.push(`| --- | --- | ---: | --- | ---: |${withVal ? ' ---: |' : ''} ---: | ---: | ---: |`);
  for (const run of r.runs) {
    const status = run.status === 'finished' ? 'finished' : `${run.status}: ${run.note?.split('\n').slice(-1)[0] ?? ''}`;
    const val = withVal ? `${run.finalValTop1 === null ? '-' : pct(run.finalValTop1)} | ` : '';
    lines.push(`| ${run.name} | ${run.configuration} | ${run.seed} | ${status.replace(/\|/g, '\\|')} | ${run.epochs} | ${val}` +
      `${run.finalTop1 === null ? '-' : pct(run.finalTop1)} | ${run.bestTop1 === null ? '-' : pct(run.bestTop1)} | ${secs(run.meanEpochSeconds)} |`);
  }
  lines.push('', '## Commands', '');
  lines.push('```sh');
  for (const run of r.runs) lines.push(run.command);
  lines.push('```', '');
  return lines.join('\n');
}
