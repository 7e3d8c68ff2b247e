// Issue 11, faults: a real run killed with SIGKILL at seeded random moments, several of them inside
// the writes that end an epoch (the training state, last, best, the metrics line), is always
// resumable; after the repair a resumed run makes, last, best and last.state agree with
// metrics.jsonl; and the run resumed to its end equals an uninterrupted one bit for bit.
import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadSafetensors } from '../../src/io';
import { EpochMetrics, loadTrainState, readCheckpointMeta, readMetrics, TIMING_FIELDS } from '../../src/train';
import { FixtureRng } from '../data/fixtures';
import { quickFlags, removeDir, tempRunDir, train, writeTinyFashion } from './fixture';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'mssar.js');
const EPOCHS = 10;
const STATE = 'last.state.safetensors';

/** When to kill: as soon as a file of the run directory is touched (plus a few ms), or after a delay. */
type Moment = { kind: 'file'; prefix: string; delayMs: number } | { kind: 'time'; ms: number };

const describeMoment = (m: Moment): string => m.kind === 'time' ? `${m.ms} ms after the start` : `${m.delayMs} ms after ${m.prefix}* was touched`;

/**
 * The moments, drawn from `seed`: one inside each write that ends an epoch (the temporary file of
 * the training state, of last and of best appears, the state is renamed into place, the metrics
 * line is appended) and two at a random time in the first one and a half epochs after a start
 * of `startMs` (`epochMs` an epoch). The kill inside best's
 * write comes first: a new run always writes best at its first epoch, later ones may not.
 */
function moments(seed: number, startMs: number, epochMs: number): Moment[] {
  const rng = new FixtureRng(seed);
  const rest: Moment[] = ['.last.state.safetensors.', 'last.state.safetensors', '.last.safetensors.', 'metrics.jsonl']
    .map((prefix) => ({ kind: 'file', prefix, delayMs: rng.below(5) }));
  for (let i = 0; i < 2; i++) rest.push({ kind: 'time', ms: Math.round(startMs + (rng.below(1000) / 1000) * 1.5 * epochMs) });
  for (let i = rest.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [{ kind: 'file', prefix: '.best.safetensors.', delayMs: rng.below(5) }, ...rest];
}

interface Ended {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs `mssar train args`, killing it with SIGKILL at `moment` (if it is still running then). */
function runUntil(args: string[], dir: string, moment: Moment | null): Promise<Ended> {
  return new Promise((resolve) => {
    let output = '';
    let watcher: fs.FSWatcher | null = null;
    let timer: NodeJS.Timeout | null = null;
    let proc: ChildProcess | null = null;
    const kill = (): void => {
      if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    };
    if (moment?.kind === 'file') {
      watcher = fs.watch(dir, (_event, name) => {
        if (name !== null && name.startsWith(moment.prefix) && timer === null) timer = setTimeout(kill, moment.delayMs);
      });
    }
    const t0 = Date.now();
    proc = spawn(process.execPath, [BIN, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    if (moment?.kind === 'time') timer = setTimeout(kill, moment.ms);
    proc.on('exit', (code, signal) => {
      watcher?.close();
      if (timer) clearTimeout(timer);
      resolve({ ms: Date.now() - t0, code, signal, output });
    });
  });
}

const withoutTiming = (r: EpochMetrics): Record<string, unknown> => {
  const o: Record<string, unknown> = { ...r };
  for (const k of TIMING_FIELDS) delete o[k];
  return o;
};

/** Every tensor of two safetensors files, byte for byte. */
function sameFileTensors(a: string, b: string): void {
  const ta = loadSafetensors(a).tensors;
  const tb = loadSafetensors(b).tensors;
  assert.deepStrictEqual([...ta.keys()].sort(), [...tb.keys()].sort(), `${a} and ${b} hold different tensors`);
  for (const [k, t] of ta) assert.ok(Buffer.from(t.bytes).equals(Buffer.from(tb.get(k)!.bytes)), `${k} differs between ${a} and ${b}`);
}

/**
 * After a kill: the directory is resumable (a training state whenever an epoch was recorded), and
 * once a resumed run has repaired it (run here in-process with --epochs at the state's epoch, so
 * that it repairs and trains nothing), last, best and the state agree with metrics.jsonl.
 * Returns the epochs done.
 */
async function checkAfterKill(dir: string, what: string): Promise<number> {
  const state = path.join(dir, STATE);
  if (!fs.existsSync(state)) {
    assert.deepStrictEqual(readMetrics(dir, () => {}), [], `${what}: metrics without a training state`);
    for (const f of ['last.safetensors', 'best.safetensors']) assert.ok(!fs.existsSync(path.join(dir, f)), `${what}: ${f} without a training state`);
    return 0;
  }
  const meta = loadTrainState(state).meta;
  const repair = await train(['--out', dir, '--resume', '--epochs', String(meta.epoch)]);
  assert.strictEqual(repair.result.outcome, 'already-done', `${what}: ${repair.stdout}${repair.stderr}`);
  const rows = readMetrics(dir);
  assert.deepStrictEqual(rows.map((r) => r.epoch), Array.from({ length: meta.epoch }, (_, i) => i + 1), `${what}: metrics epochs`);
  const last = readCheckpointMeta(path.join(dir, 'last.safetensors'));
  assert.strictEqual(last.epoch, meta.epoch, `${what}: last's epoch`);
  const stateModel = loadTrainState(state).model;
  const lastModel = loadSafetensors(path.join(dir, 'last.safetensors')).tensors;
  for (const [k, t] of lastModel) assert.ok(Buffer.from(t.bytes).equals(Buffer.from(stateModel.get(k)!.bytes)), `${what}: last's ${k} is not the state's`);
  // best: the first epoch of the highest top-1 in the metrics, as the state and the last row say.
  const top = Math.max(...rows.map((r) => r.top1));
  const bestEpoch = rows.findIndex((r) => r.top1 === top) + 1;
  const best = readCheckpointMeta(path.join(dir, 'best.safetensors'));
  assert.strictEqual(best.epoch, bestEpoch, `${what}: best's epoch`);
  assert.strictEqual(meta.bestEpoch, bestEpoch, `${what}: the state's best epoch`);
  assert.strictEqual(meta.bestTop1, top, `${what}: the state's best top-1`);
  assert.strictEqual(rows[rows.length - 1].best_top1, top, `${what}: the last row's best_top1`);
  assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], `${what}: temporary files left`);
  return meta.epoch;
}

describe('train: kill -9 at random moments (issue 11)', function () {
  this.timeout(180000);
  let dataDir: string;
  const dirs: string[] = [];

  before(() => {
    dataDir = writeTinyFashion(64, 32);
  });

  after(() => {
    for (const d of dirs) removeDir(d);
    removeDir(dataDir);
  });

  it('is always resumable, consistent after repair, and resumed to the end equals an uninterrupted run bit for bit', async () => {
    const flags = (out: string): string[] => quickFlags(dataDir, out, ['--epochs', String(EPOCHS), '--augment', 'standard']);
    const straight = tempRunDir('kill-straight');
    const killed = tempRunDir('kill-resumed');
    dirs.push(straight, killed);
    const ref = await runUntil(flags(straight), straight, null);
    assert.strictEqual(ref.code, 0, ref.output);

    // The timed kills land in the first one and a half epochs, at this machine's speed (the
    // uninterrupted run's), so that the seven kills never let the run reach its end: at most 1.5
    // epochs each for the two timed ones, one each for those inside the writes, fewer than EPOCHS.
    const rows = readMetrics(straight);
    const epochMs = (1000 * rows.reduce((t, r) => t + r.seconds, 0)) / rows.length;
    const startMs = Math.max(0, ref.ms - epochMs * rows.length);
    let kills = 0;
    let killedInWrites = 0;
    const log: string[] = [];
    for (const moment of moments(11, startMs, epochMs)) {
      const resumable = fs.existsSync(path.join(killed, STATE));
      const before = resumable ? readMetrics(killed, () => {}).length : 0;
      const r = await runUntil(resumable ? ['--out', killed, '--resume'] : flags(killed), killed, moment);
      const what = `kill ${describeMoment(moment)} (after epoch ${before})`;
      if (r.signal !== 'SIGKILL') {
        assert.strictEqual(r.code, 0, `${what}: the run failed:\n${r.output}`);
        log.push(`${what}: the run had ended`);
        break;
      }
      kills++;
      if (moment.kind === 'file') killedInWrites++;
      const done = await checkAfterKill(killed, what);
      log.push(`${what}: ${done} epochs kept`);
    }
    assert.ok(kills >= 5 && killedInWrites >= 3, `too few kills landed (${kills}, ${killedInWrites} in writes):\n${log.join('\n')}`);

    const end = await runUntil(['--out', killed, '--resume'], killed, null);
    assert.strictEqual(end.code, 0, end.output);
    assert.deepStrictEqual(readMetrics(killed).map(withoutTiming), readMetrics(straight).map(withoutTiming), log.join('\n'));
    for (const f of ['last.safetensors', 'best.safetensors', STATE]) sameFileTensors(path.join(straight, f), path.join(killed, f));
    for (const f of ['last.safetensors', 'best.safetensors']) {
      const a = readCheckpointMeta(path.join(straight, f));
      const b = readCheckpointMeta(path.join(killed, f));
      assert.deepStrictEqual([b.epoch, b.bestEpoch, b.bestTop1], [a.epoch, a.bestEpoch, a.bestTop1], f);
    }
    const sa = loadTrainState(path.join(straight, STATE)).meta;
    const sb = loadTrainState(path.join(killed, STATE)).meta;
    assert.deepStrictEqual([sb.rngState, sb.optimizerScalars], [sa.rngState, sa.optimizerScalars]);
  });
});
