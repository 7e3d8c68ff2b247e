// One live process per run directory. The lock is DIR/run.lock, created with O_EXCL ('wx') and
// holding its owner's pid. A second `train` (or a --resume) on the same directory is refused,
// naming the owner's pid, while the owner lives; a lock whose pid is dead (a killed process) is
// stale and taken over, so a crash never leaves a directory stuck.
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../cli/command';

export const LOCK_FILE = 'run.lock';

export interface RunLock {
  readonly file: string;
  release(): void;
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether process `pid` exists (signal 0 checks without sending anything; EPERM: it exists, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes DIR's lock (creating DIR), or throws a UsageError naming the live owner's pid. */
export function acquireRunLock(dir: string): RunLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, `${process.pid}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return {
        file,
        release: () => {
          // Only our own lock: never one a later owner took over.
          if (ownerOf(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = ownerOf(file);
    if (owner === null) {
      // Being written this instant by its owner (created, pid not yet in), or empty after a crash
      // between the two: wait a moment, then treat a still-empty lock as stale.
      const t = Date.now();
      while (Date.now() - t < 50) { /* spin briefly */ }
      if (ownerOf(file) !== null) continue;
    } else if (owner === process.pid || processAlive(owner)) {
      throw new UsageError(`${dir} is in use by a running training process (pid ${owner}${owner === process.pid ? ', this one' : ''}; ` +
        `lock ${file}): wait for it to end or stop it, or give another --out`);
    }
    // Stale: move it aside atomically (only one process wins the rename), then try again.
    const aside = `${file}.stale.${process.pid}`;
    try {
      fs.renameSync(file, aside);
      fs.rmSync(aside, { force: true });
    } catch {
      // Another process took it over first: the next attempt sees its lock.
    }
  }
  throw new UsageError(`${dir}: could not take the run lock ${file}`);
}
