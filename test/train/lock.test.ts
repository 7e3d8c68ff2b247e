// Issue 11: one live process per run directory, and a torn last metrics line.
import { strict as assert } from 'assert';
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { acquireRunLock, LOCK_FILE } from '../../src/train/lock';
import { readMetrics } from '../../src/train/metrics';
import { quickFlags, removeDir, tempRunDir, train, writeTinyFashion } from './fixture';

/** A process that takes DIR's lock and holds it until killed; resolves once it holds it. */
function holder(dir: string): Promise<ChildProcess> {
  const lockModule = path.join(__dirname, '..', '..', 'src', 'train', 'lock.js');
  const code = `const l = require(${JSON.stringify(lockModule)}).acquireRunLock(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => (d.toString().includes('held') ? resolve(child) : undefined));
    child.on('exit', (c) => reject(new Error(`holder exited with ${c}`)));
  });
}

describe('run directory lock (issue 11)', function () {
  this.timeout(120000);
  let dir = '';
  let data = '';
  before(() => {
    data = writeTinyFashion(32, 16);
  });
  beforeEach(() => {
    dir = tempRunDir('lock');
  });
  afterEach(() => removeDir(dir));
  after(() => removeDir(data));

  it('refuses a second owner naming the live owner, and takes over a dead owner\'s lock', async () => {
    const child = await holder(dir);
    try {
      assert.equal(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim(), String(child.pid));
      assert.throws(() => acquireRunLock(dir), new RegExp(`in use by a running training process \\(pid ${child.pid}`));
      // The live owner's checkpoint being written: a --resume beside it used to delete it as stale.
      const writing = `.last.state.safetensors.${child.pid}.tmp`;
      fs.writeFileSync(path.join(dir, writing), 'partial');
      // train and --resume are refused the same way, before anything is loaded or written.
      await assert.rejects(train(quickFlags(data, dir, ['--epochs', '1'])), new RegExp(`pid ${child.pid}`));
      await assert.rejects(train(quickFlags(data, dir, ['--resume'])), new RegExp(`pid ${child.pid}`));
      assert.deepEqual(fs.readdirSync(dir).sort(), [writing, LOCK_FILE].sort());
      fs.rmSync(path.join(dir, writing));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    // Killed: its lock is stale and taken over.
    assert.ok(fs.existsSync(path.join(dir, LOCK_FILE)));
    const lock = acquireRunLock(dir);
    assert.equal(fs.readFileSync(lock.file, 'utf8').trim(), String(process.pid));
    assert.throws(() => acquireRunLock(dir), /this one/);
    lock.release();
    assert.ok(!fs.existsSync(lock.file));
  });

  it('a run holds the lock while it trains and releases it at the end', async () => {
    let seen = '';
    const run = await train(quickFlags(data, dir, ['--epochs', '1']), {
      stdout: { write: (s: string) => { if (!seen && fs.existsSync(path.join(dir, LOCK_FILE))) seen = fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'); return true; } },
    });
    assert.equal(run.result.outcome, 'finished');
    assert.equal(seen.trim(), String(process.pid));
    assert.ok(!fs.existsSync(path.join(dir, LOCK_FILE)));
  });

  it('drops a torn last line of metrics.jsonl with a warning, and only the last', () => {
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, '{"epoch":1,"top1":0.5}\n{"epoch":2,"to');
    const warnings: string[] = [];
    const rows = readMetrics(dir, (m) => warnings.push(m));
    assert.deepEqual(rows.map((r) => r.epoch), [1]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /torn last line/);
    fs.writeFileSync(file, '{"epoch":1,"to\n{"epoch":2,"top1":0.5}\n');
    assert.throws(() => readMetrics(dir, () => {}), /metrics.jsonl:1: not a JSON line/);
    // A complete last line that is not JSON is corruption, not a torn write.
    fs.writeFileSync(file, '{"epoch":1,"top1":0.5}\nxx\n');
    assert.throws(() => readMetrics(dir, () => {}), /metrics.jsonl:2: not a JSON line/);
  });
});
