import * as assert from 'assert';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readMetrics } from '../../src/train';
import { loadCheckpoint } from '../../src/train';
import { quickFlags, removeDir, tempRunDir, writeTinyFashion } from './fixture';

const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'mssar.js');

interface Child {
  proc: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Child {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const c: Child = {
    proc, stdout: '', stderr: '',
    exit: new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  proc.stdout!.on('data', (d: Buffer) => (c.stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (c.stderr += d.toString()));
  return c;
}

async function waitFor(what: string, check: () => boolean, child: Child, timeoutMs = 60000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (child.proc.exitCode !== null) throw new Error(`the run ended before ${what}:\n${child.stdout}\n${child.stderr}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}:\n${child.stdout}\n${child.stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('train: Ctrl-C', function () {
  this.timeout(120000);
  let dataDir: string;
  const dirs: string[] = [];

  before(() => {
    dataDir = writeTinyFashion(96, 32);
  });

  after(() => {
    for (const d of dirs) removeDir(d);
    removeDir(dataDir);
  });

  it('stops at a batch boundary, keeps the checkpoint intact, says how to resume, exits 130; --resume then goes on', async () => {
    const out = tempRunDir('sigint');
    dirs.push(out);
    const child = start(['train', ...quickFlags(dataDir, out, ['--epochs', '1000', '--recalibration', 'se'])]);
    await waitFor('the first epoch', () => readMetrics(out).length >= 1, child);
    child.proc.kill('SIGINT');
    const { code, signal } = await child.exit;
    assert.strictEqual(signal, null, child.stderr);
    assert.strictEqual(code, 130, child.stderr);
    assert.match(child.stderr, /SIGINT received: stopping after this batch/);
    assert.match(child.stderr, /interrupted by SIGINT (at epoch \d+, batch \d+\/6 \(this epoch's progress is not kept\)|before epoch \d+); the last checkpoint, .*last\.safetensors \(epoch \d+\), is intact/);
    assert.match(child.stderr, new RegExp(`resume with: npx mssar train --out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --resume`));
    assert.deepStrictEqual(fs.readdirSync(out).filter((f) => f.endsWith('.tmp')), []);
    const ckpt = loadCheckpoint(path.join(out, 'last.safetensors'));
    const done = ckpt.meta.epoch;
    assert.ok(done >= 1);
    assert.strictEqual(readMetrics(out).length, done);

    const resumed = start(['train', '--out', out, '--resume', '--epochs', String(done + 1)]);
    const r = await resumed.exit;
    assert.strictEqual(r.code, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`resuming after epoch ${done}`));
    assert.deepStrictEqual(readMetrics(out).map((x) => x.epoch), Array.from({ length: done + 1 }, (_, i) => i + 1));
  });

  it('a second Ctrl-C ends the process at once, and the checkpoint on disk is still whole', async () => {
    const out = tempRunDir('sigint2');
    dirs.push(out);
    // A deep model makes each step long enough for the second signal to land inside one.
    const child = start(['train', ...quickFlags(dataDir, out, ['--epochs', '1000', '--model', 'resnet110', '--batch-size', '48'])]);
    await waitFor('the first epoch', () => readMetrics(out).length >= 1, child);
    child.proc.kill('SIGINT');
    await waitFor('the first SIGINT to be seen', () => child.stderr.includes('SIGINT received'), child);
    child.proc.kill('SIGINT');
    const { code, signal } = await child.exit;
    assert.strictEqual(signal, 'SIGINT', `expected death by SIGINT, got exit code ${code}: ${child.stderr}`);
    const ckpt = loadCheckpoint(path.join(out, 'last.safetensors'));
    assert.ok(ckpt.meta.epoch >= 1);
  });
});
