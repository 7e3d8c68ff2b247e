// Malformed calls at the public TypeScript API (issue 11): every exported function and class and the
// CLI-facing loaders, thousands of calls with one poisoned or wrong argument each (test/fuzz_public/
// cases.ts). They run in child processes, a batch each, that write the index of each case before
// running it, so a native crash or a hang names its case. Asserted: no crash, no hang, every
// malformed call an Error whose message starts with the function's public name (or its class),
// never a TypeError or RangeError from JavaScript's internals, and the legal calls succeed.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as m from '../src/index';
import { buildCases, fixtures, coveredExports } from './fuzz_public/cases';
import type { Failure } from './fuzz_public/child';

const CHILD = path.join(__dirname, 'fuzz_public', 'child.js');
const BATCHES = 4;
/** No case takes more than this; a child silent for longer is hung on the case it last named. */
const STALL_MS = 20000;

interface BatchResult {
  failures: Failure[];
  threw: number;
  ran: number;
  crash?: string;
}

function runBatch(from: number, to: number, cwd: string, labels: string[]): Promise<BatchResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD], { cwd, env: { ...process.env, FUZZ_FROM: String(from), FUZZ_TO: String(to) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let last = -1;
    let timer = setTimeout(stall, STALL_MS);
    function stall() {
      child.kill('SIGKILL');
    }
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const starts = out.match(/^S (\d+)$/gm);
      if (starts) last = Number(starts[starts.length - 1].slice(2));
      clearTimeout(timer);
      timer = setTimeout(stall, STALL_MS);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('R '));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(2)) as BatchResult);
        return;
      }
      const what = last >= 0 ? `case ${last}: ${labels[last]}` : 'before the first case';
      resolve({ failures: [], threw: 0, ran: 0, crash: `exit ${code ?? signal} at ${what}\n${err.slice(-2000)}` });
    });
  });
}

describe('public API fuzz (issue 11)', function () {
  this.timeout(300000);
  let labels: string[] = [];
  let legal = 0;

  before(() => {
    const fx = fixtures();
    const cases = buildCases(fx);
    labels = cases.map((c) => c.label);
    legal = cases.filter((c) => c.legal).length;
    m.dispose(fx);
  });

  it('covers every exported function and class', () => {
    const covered = coveredExports();
    const missing: string[] = [];
    const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
      for (const [k, v] of Object.entries(o)) {
        const name = prefix + k;
        if (typeof v === 'function') {
          if (!covered.has(name)) missing.push(name);
        } else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) {
          walk(v as Record<string, unknown>, `${name}.`, depth + 1);
        }
      }
    };
    walk(m as unknown as Record<string, unknown>, '', 0);
    assert.deepEqual(missing, [], `exports with no fuzz cases: ${missing.join(', ')}`);
  });

  it('at least 2,000 malformed calls, each refused by our checks, and the legal calls succeed, in child processes', async () => {
    assert.ok(labels.length - legal >= 2000, `only ${labels.length - legal} malformed cases`);
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-fuzz-'));
    try {
      const per = Math.ceil(labels.length / BATCHES);
      const results: BatchResult[] = [];
      // Two at a time: the CI machine has two cores.
      for (let b = 0; b < BATCHES; b += 2) {
        const pair = [b, b + 1].filter((i) => i < BATCHES).map((i) => runBatch(i * per, Math.min(labels.length, (i + 1) * per), cwd, labels));
        results.push(...(await Promise.all(pair)));
      }
      const crashes = results.filter((r) => r.crash).map((r) => r.crash!);
      assert.deepEqual(crashes, [], `a child process crashed or hung:\n${crashes.join('\n')}`);
      const failures = results.flatMap((r) => r.failures);
      assert.deepEqual(failures.map((f) => `${f.label}: ${f.problem}`), []);
      const ran = results.reduce((s, r) => s + r.ran, 0);
      const threw = results.reduce((s, r) => s + r.threw, 0);
      assert.equal(ran, labels.length);
      assert.ok(threw >= 2000, `only ${threw} calls were refused`);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
