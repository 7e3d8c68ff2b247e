// One child process of the public-API fuzz test: runs cases [FUZZ_FROM, FUZZ_TO) of buildCases,
// writing "S <index>" before each (so a crash names its case) and "R <json>" at the end.
import { writeSync } from 'fs';
import * as m from '../../src/index';
import { buildCases, MAYBE } from './cases';

export interface Failure {
  index: number;
  label: string;
  problem: string;
}

function named(e: unknown, names: string[]): boolean {
  if (!(e instanceof Error)) return false;
  return names.some((n) => e.message.startsWith(`${n}:`) || e.message.startsWith(`${n}.`) || e.message.startsWith(`${n} `));
}

async function main(): Promise<void> {
  const from = Number(process.env.FUZZ_FROM ?? 0);
  const to = Number(process.env.FUZZ_TO ?? Infinity);
  m.manualSeed(3);
  const fx = m.tidy(() => {
    const f = require('./cases').fixtures();
    for (const t of Object.values(f)) if (t instanceof m.Tensor && !t.isDisposed) m.keep(t);
    return f;
  });
  const cases = buildCases(fx);
  const failures: Failure[] = [];
  let threw = 0;
  const threads = m.getNumThreads();
  for (let i = from; i < Math.min(to, cases.length); ++i) {
    const c = cases[i];
    writeSync(1, `S ${i}\n`);
    let error: unknown = null;
    try {
      let result: unknown;
      m.tidy(() => {
        result = c.run();
      });
      if (result instanceof Promise) await result;
    } catch (e) {
      error = e;
    }
    if (c.legal) {
      if (error) failures.push({ index: i, label: c.label, problem: `legal call failed: ${String(error)}` });
    } else if (error) {
      threw++;
      if (!named(error, c.names)) {
        failures.push({ index: i, label: c.label, problem: `${(error as Error)?.constructor?.name}: ${(error as Error)?.message ?? String(error)}` });
      }
    } else if (!c.label.endsWith(MAYBE)) {
      failures.push({ index: i, label: c.label, problem: 'malformed call accepted' });
    }
    // State some cases change on purpose when legal.
    if (m.getNumThreads() !== threads) m.setNumThreads(threads);
    if (m.data.getMaxImagePixels() !== 2 ** 26) m.data.setMaxImagePixels(2 ** 26);
  }
  writeSync(1, `R ${JSON.stringify({ failures, threw, ran: Math.max(0, Math.min(to, cases.length) - from), total: cases.length })}\n`);
}

void main();
