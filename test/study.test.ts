// `mssar study` end to end on the tiny dataset: the report's numbers against the runs' own
// metrics.jsonl, a rerun that skips finished runs and resumes an interrupted one, a changed setting
// refused.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseStudyArgs, runStudy } from '../src/study';
import type { StudyReport } from '../src/study';
import { mean, meanInterval, sampleStd } from '../src/study/stats';
import { readMetrics } from '../src/train/metrics';
import { Capture, removeDir, tempRunDir, train, writeTinyFashion } from './train/fixture';

describe('study: a grid of runs, its report and its resume', function () {
  this.timeout(300000);
  let dataDir: string;
  let root: string;
  let out: string;
  let argv: string[];
  let first: { exitCode: number; report: StudyReport; actions: Map<string, string> };

  const study = async (args: string[]): Promise<{ exitCode: number; report: StudyReport; actions: Map<string, string>; text: string }> => {
    const stdout = new Capture();
    const r = await runStudy(parseStudyArgs(args), { stdout, tty: false, command: `npx mssar study ${args.join(' ')}` });
    return { ...r, text: stdout.text };
  };

  before(async () => {
    dataDir = writeTinyFashion();
    root = tempRunDir('study');
    out = path.join(root, 'grid');
    argv = ['--recalibration', 'none,mssar-s1', '--seeds', '2', '--epochs', '2', '--max-batches', '2', '--jobs', '2', '--out', out,
      '--dataset', 'fashion-mnist', '--data', dataDir, '--batch-size', '16', '--eval-batch-size', '16', '--device', 'cpu', '--threads', '1',
      '--workers', '1'];
    first = await study(argv);
  });

  after(() => {
    removeDir(dataDir);
    removeDir(root);
  });

  it('trains every run in DIR/<configuration>-seed<k> and reports each', () => {
    assert.strictEqual(first.exitCode, 0);
    assert.deepStrictEqual(first.report.runs.map((r) => [r.name, r.status, r.epochs]), [
      ['none-seed0', 'finished', 2], ['none-seed1', 'finished', 2], ['mssar-s1-seed0', 'finished', 2], ['mssar-s1-seed1', 'finished', 2]]);
    for (const r of first.report.runs) assert.strictEqual(readMetrics(path.join(out, r.name)).length, 2);
    assert.deepStrictEqual([...first.actions.values()], ['new', 'new', 'new', 'new']);
    const run = first.report.runs.find((r) => r.name === 'mssar-s1-seed1')!;
    assert.match(run.command, /^npx mssar train .*--recalibration mssar --mssar-scales 1 --seed 1 --out \S+mssar-s1-seed1$/);
  });

  it("the report's numbers are those of the runs' metrics.jsonl", () => {
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as StudyReport;
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    const final = (name: string, seed: number): number => readMetrics(path.join(out, `${name}-seed${seed}`)).find((r) => r.epoch === 2)!.top1;
    const best = (name: string, seed: number): number => Math.max(...readMetrics(path.join(out, `${name}-seed${seed}`)).map((r) => r.top1));
    const pct = (x: number): string => (100 * x).toFixed(2);
    for (const name of ['none', 'mssar-s1']) {
      const c = report.configurations.find((x) => x.name === name)!;
      const finals = [final(name, 0), final(name, 1)];
      const bests = [best(name, 0), best(name, 1)];
      assert.strictEqual(c.finalTop1.n, 2);
      assert.ok(Math.abs(c.finalTop1.mean - mean(finals)) < 1e-12);
      assert.ok(Math.abs(c.finalTop1.std! - sampleStd(finals)) < 1e-12);
      assert.ok(Math.abs(c.bestTop1.mean - mean(bests)) < 1e-12);
      assert.ok(md.includes(`| ${name} | ${c.parameters!.toLocaleString('en-US')} | ${c.macs!.toLocaleString('en-US')} |`), `${name}'s row`);
      assert.ok(md.includes(`${pct(mean(finals))} ± ${pct(sampleStd(finals))}`), `${name}'s final top-1 in report.md`);
      const seconds = [0, 1].flatMap((s) => readMetrics(path.join(out, `${name}-seed${s}`)).map((r) => r.seconds));
      assert.ok(Math.abs(c.meanEpochSeconds! - mean(seconds)) < 1e-9);
    }
    const [none, s1] = report.configurations;
    assert.ok(s1.parameters! > none.parameters! && s1.macs! > none.macs!, 'MS-SAR adds parameters and multiply-adds');
    const diffs = [0, 1].map((s) => final('mssar-s1', s) - final('none', s));
    const ci = meanInterval(diffs);
    assert.deepStrictEqual(s1.vsBaseline!.seeds, [0, 1]);
    assert.ok(Math.abs(s1.vsBaseline!.mean - mean(diffs)) < 1e-12);
    if (ci.ci === null) {
      assert.strictEqual(s1.vsBaseline!.ci95, null);
    } else {
      // Two pairs: half-width t(0.975, 1) * std / sqrt(2), t(0.975, 1) = 12.706.
      assert.ok(Math.abs(s1.vsBaseline!.ci95![1] - s1.vsBaseline!.ci95![0] - 2 * 12.7062 * sampleStd(diffs) / Math.sqrt(2)) < 1e-3);
    }
    const expected = ci.ci![0] > 0 ? 'better' : ci.ci![1] < 0 ? 'worse' : 'no difference at this budget';
    assert.strictEqual(s1.vsBaseline!.verdict, expected);
    assert.ok(md.includes(`| mssar-s1 | 2 | `) && md.includes(expected));
    assert.match(md, /git commit [0-9a-f]{40}|not a git checkout/);
    assert.ok(md.includes(report.environment.cpu) && md.includes(process.version));
    const svg = fs.readFileSync(path.join(out, 'curves.svg'), 'utf8');
    assert.strictEqual((svg.match(/<path class="curve"/g) ?? []).length, 4, 'two configurations x two panels');
  });

  it('with --val-split, reports final validation top-1 and the paired comparison on it, from the metrics', async () => {
    const valOut = path.join(root, 'val-grid');
    const args = ['--recalibration', 'none,se', '--seeds', '2', '--epochs', '1', '--max-batches', '2', '--jobs', '2', '--out', valOut,
      '--dataset', 'fashion-mnist', '--data', dataDir, '--batch-size', '16', '--eval-batch-size', '16', '--device', 'cpu', '--threads', '1',
      '--workers', '1', '--val-split', '0.25'];
    const r = await study(args);
    assert.strictEqual(r.exitCode, 0, r.text);
    const val = (name: string, seed: number): number => readMetrics(path.join(valOut, `${name}-seed${seed}`))[0].val_top1!;
    const [none, se] = r.report.configurations;
    assert.ok(Math.abs(none.finalValTop1!.mean - mean([val('none', 0), val('none', 1)])) < 1e-12);
    const diffs = [0, 1].map((s) => val('se', s) - val('none', s));
    assert.ok(Math.abs(se.vsBaselineVal!.mean - mean(diffs)) < 1e-12);
    assert.deepStrictEqual(se.vsBaselineVal!.differences, diffs);
    assert.ok(r.report.runs.every((x) => x.finalValTop1 !== null && x.command.includes('--val-split 0.25')));
    const md = fs.readFileSync(path.join(valOut, 'report.md'), 'utf8');
    assert.ok(md.includes('final val top-1 (%)') && md.includes('The same on the validation set'));
    assert.ok(md.includes(`${(100 * mean([val('se', 0), val('se', 1)])).toFixed(2)} ± `), "se's validation top-1 in report.md");
    // Without a split, the report has no validation columns.
    assert.ok(!fs.readFileSync(path.join(out, 'report.md'), 'utf8').includes('val top-1'));
  });

  it('--report-only writes the report as the runs stand and trains nothing; a study.json from before the newer settings is accepted', async () => {
    const studyJson = path.join(out, 'study.json');
    const saved = JSON.parse(fs.readFileSync(studyJson, 'utf8')) as { settings: Record<string, unknown> };
    // As a study recorded before --val-split and --recalibration-weight-decay existed.
    delete saved.settings.valSplit;
    delete saved.settings.recalibrationWeightDecay;
    fs.writeFileSync(studyJson, JSON.stringify(saved));
    fs.rmSync(path.join(out, 'report.md'));
    const metricsBefore = first.report.runs.map((r) => fs.readFileSync(path.join(r.dir, 'metrics.jsonl'), 'utf8'));
    const i = argv.indexOf('--seeds');
    const r = await study([...argv.slice(0, i), ...argv.slice(i + 2), '--seed-list', '0,1,5', '--report-only', '--against', 'mssar-s1']);
    assert.strictEqual(r.exitCode, 0, r.text);
    // --against: none against mssar-s1 is mssar-s1 against none, negated, seed by seed.
    const [none, s1] = r.report.configurations;
    const vs = none.vsOthers!;
    assert.deepStrictEqual(vs.map((o) => [o.against, o.test.seeds, o.val]), [['mssar-s1', [0, 1], null]]);
    assert.deepStrictEqual(vs[0].test.differences, s1.vsBaseline!.differences.map((d) => 0 - d)); // 0 - d: +0, never -0, where the two tie
    assert.strictEqual(s1.vsOthers, undefined, 'no comparison of a configuration with itself');
    const againstMd = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    assert.ok(againstMd.includes('## Against mssar-s1') && againstMd.includes(`| none | 2 | ${vs[0].test.mean >= 0 ? '+' : ''}${(100 * vs[0].test.mean).toFixed(2)} |`));
    assert.ok([...r.actions.values()].every((x) => x === 'skipped'));
    assert.deepStrictEqual(r.report.runs.map((x) => x.status), ['finished', 'finished', 'incomplete', 'finished', 'finished', 'incomplete']);
    assert.ok(!fs.existsSync(path.join(out, 'none-seed5')), 'nothing was trained');
    assert.deepStrictEqual(first.report.runs.map((x) => fs.readFileSync(path.join(x.dir, 'metrics.jsonl'), 'utf8')), metricsBefore);
    assert.ok(fs.readFileSync(path.join(out, 'report.md'), 'utf8').includes('| none-seed5 | none | 5 | incomplete'));
    // study.json is left as it was (a report changes no settings).
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(studyJson, 'utf8')), saved);
  });

  it('a rerun skips finished runs and resumes an interrupted one; a changed setting is refused', async () => {
    const victim = path.join(out, 'mssar-s1-seed1');
    const before = readMetrics(victim);
    // Interrupt one run after its first epoch: its own command, replaced, stopped after epoch 1.
    const command = first.report.runs.find((r) => r.name === 'mssar-s1-seed1')!.command.split(' ').slice(3);
    const stopped = await train([...command, '--overwrite', '--stop-after', '1']);
    assert.strictEqual(stopped.result.outcome, 'stopped');
    assert.strictEqual(readMetrics(victim).length, 1);
    const others = ['none-seed0', 'none-seed1', 'mssar-s1-seed0'].flatMap((n) =>
      ['metrics.jsonl', 'last.safetensors', 'last.state.safetensors', 'best.safetensors'].map((f) => path.join(out, n, f)));
    const mtimes = others.map((f) => fs.statSync(f).mtimeMs);

    const again = await study(argv);
    assert.strictEqual(again.exitCode, 0);
    assert.deepStrictEqual([...again.actions.entries()], [
      ['none-seed0', 'skipped'], ['none-seed1', 'skipped'], ['mssar-s1-seed0', 'skipped'], ['mssar-s1-seed1', 'resumed']]);
    assert.deepStrictEqual(others.map((f) => fs.statSync(f).mtimeMs), mtimes, 'finished runs untouched');
    const after = readMetrics(victim);
    assert.deepStrictEqual(after.map((r) => r.epoch), [1, 2]);
    assert.deepStrictEqual(after.map((r) => r.top1), before.map((r) => r.top1), 'the resumed run computes what the first one did');
    assert.strictEqual(again.report.runs.filter((r) => r.status === 'finished').length, 4);

    const changed = argv.map((a) => (a === '16' ? '8' : a));
    await assert.rejects(study(changed), /these differ: --batch-size 8 \(the study has 16\)/);
    await assert.rejects(study([...argv, '--lr', '0.05']), /--lr 0.05 \(the study has 0.1\)/);
    // run.json records the code of each start: the resumed run's two, from epochs 1 and 2.
    const here = again.report.environment.commit;
    const code = again.report.runs.find((r) => r.name === 'mssar-s1-seed1')!.code!;
    assert.deepStrictEqual(code.map((c) => [c.commit, c.fromEpoch]), [[here, 1], [here, 2]]);
    assert.ok(again.report.runs.every((r) => r.code !== null && r.code.every((c) => c.commit === here)));
    assert.ok(!fs.readFileSync(path.join(out, 'report.md'), 'utf8').includes('code of the runs'), 'one code: no per-run line');
  });

  it('the report names the runs (and epochs) that other code trained, and those whose code is not recorded', async () => {
    const edit = (run: string, f: (info: { code?: { commit: string | null }[] }) => void): void => {
      const file = path.join(out, run, 'run.json');
      const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { code?: { commit: string | null }[] };
      f(info);
      fs.writeFileSync(file, JSON.stringify(info));
    };
    const other = 'f'.repeat(40);
    edit('none-seed0', (i) => {
      i.code![0].commit = other;
    });
    edit('none-seed1', (i) => {
      delete i.code;
    });
    edit('mssar-s1-seed1', (i) => {
      i.code![1].commit = other;
    });
    const r = await study([...argv, '--report-only']);
    assert.strictEqual(r.exitCode, 0, r.text);
    const line = fs.readFileSync(path.join(out, 'report.md'), 'utf8').split('\n').find((l) => l.startsWith('- code of the runs'));
    assert.ok(line, 'a per-run code line');
    assert.ok(line.includes(`git commit ${other}: none-seed0, mssar-s1-seed1 (epochs 2-2)`), line);
    assert.ok(line.includes('not recorded (trained before run.json recorded its code): none-seed1'), line);
    // The runs (and epochs) the report's own code trained are not listed.
    assert.ok(!/mssar-s1-seed0|epochs 1-1/.test(line), line);
  });
  it('refuses runs trained as another configuration than their name means now (a changed default), and names them', async () => {
    const file = path.join(out, 'mssar-s1-seed0', 'run.json');
    const text = fs.readFileSync(file, 'utf8');
    const info = JSON.parse(text) as { config: Record<string, unknown> };
    info.config.mssarInitBias = 0;
    fs.writeFileSync(file, JSON.stringify(info));
    try {
      for (const args of [argv, [...argv, '--report-only']]) {
        await assert.rejects(study(args), /mssar-s1-seed0 was trained with mssarInitBias 0 \(the name means 4\)/);
      }
      // Every setting that differs is named.
      info.config.mssarScales = [1, 2, 4];
      fs.writeFileSync(file, JSON.stringify(info));
      await assert.rejects(study(argv), /mssarScales \[1,2,4\] \(the name means \[1\]\), mssarInitBias 0/);
    } finally {
      fs.writeFileSync(file, text);
    }
    assert.strictEqual((await study([...argv, '--report-only'])).exitCode, 0);
    // A plain run is not refused for MS-SAR settings it ignores (as runs from before the default bias changed record 0).
    const plain = path.join(out, 'none-seed0', 'run.json');
    const plainText = fs.readFileSync(plain, 'utf8');
    const plainInfo = JSON.parse(plainText) as { config: Record<string, unknown> };
    Object.assign(plainInfo.config, { mssarInitBias: 0, mssarScales: [2], recalibrationWeightDecay: 0 });
    fs.writeFileSync(plain, JSON.stringify(plainInfo));
    try {
      assert.strictEqual((await study([...argv, '--report-only'])).exitCode, 0);
      plainInfo.config.seed = 7;
      fs.writeFileSync(plain, JSON.stringify(plainInfo));
      await assert.rejects(study([...argv, '--report-only']), /none-seed0 was trained with seed 7 \(the name means 0\)/);
    } finally {
      fs.writeFileSync(plain, plainText);
    }
  });
});
