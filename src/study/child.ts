// One run of a study: `mssar train` in a child process of its own (its own process group, so that a
// Ctrl-C reaches it once, from the study), its output appended to DIR/train.log, each finished epoch
// reported as it ends.
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readMetrics, EpochMetrics } from '../train/metrics';

/** bin/mssar.js of this package (this file runs as dist/src/study/child.js). */
export const MSSAR_BIN = path.join(__dirname, '..', '..', '..', 'bin', 'mssar.js');

export interface ChildRun {
  child: ChildProcess;
  /** The exit code (a signal's death: 128 + its number, as a shell reports it). */
  done: Promise<number>;
  /** The last lines the run wrote to stderr (for the report of a failure). */
  stderrTail(): string;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Starts `mssar train ARGS` for the run in `dir`; `onEpoch` gets each metrics line as its epoch ends. */
export function startTrain(args: string[], dir: string, onEpoch: (row: EpochMetrics) => void): ChildRun {
  fs.mkdirSync(dir, { recursive: true });
  const log = fs.openSync(path.join(dir, 'train.log'), 'a');
  fs.writeSync(log, `\n# ${new Date().toISOString()}: mssar train ${args.join(' ')}\n`);
  const child = spawn(process.execPath, [MSSAR_BIN, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let pending = '';
  let errTail = '';
  let seen = readMetrics(dir).length;
  child.stdout!.on('data', (chunk: Buffer) => {
    fs.writeSync(log, chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    if (lines.some((l) => /^epoch \d+\/\d+ {2}train loss/.test(l))) {
      const rows = readMetrics(dir);
      for (const row of rows.slice(seen)) onEpoch(row);
      seen = rows.length;
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    fs.writeSync(log, chunk);
    errTail = (errTail + chunk.toString('utf8')).slice(-2000);
  });
  const done = new Promise<number>((resolve) => {
    child.on('error', (e) => {
      errTail += `\n${e.message}`;
      resolve(1);
    });
    child.on('close', (code, signal) => {
      fs.closeSync(log);
      resolve(code ?? (signal ? 128 + (SIGNALS[signal] ?? 1) : 1));
    });
  });
  return { child, done, stderrTail: () => errTail.trim() };
}
