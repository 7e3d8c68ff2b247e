// Shared by the distributed tests: starting ranks under mpirun and reading their results.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as mssar from '../../src/index';
import { findMpirun, launch, LaunchResult } from '../../src/distributed/launch';

export const CHILD = (name: string): string => path.join(__dirname, `${name}.js`);

/** Runs `child` as `np` ranks; returns mpirun's outcome and each rank's result file (test/distributed/result.ts), by rank. */
export async function runRanks(np: number, child: string, opts: { tcp?: boolean; env?: Record<string, string> } = {}): Promise<{ run: LaunchResult; ranks: Record<string, unknown>[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-dist-'));
  try {
    const run = await launch(np, [process.execPath, CHILD(child)], { timeoutMs: 90000, tcp: opts.tcp, env: { ...opts.env, MSSAR_TEST_OUT: dir } });
    const ranks: Record<string, unknown>[] = [];
    for (let r = 0; r < np; r++) {
      const f = path.join(dir, `rank${r}.json`);
      if (fs.existsSync(f)) ranks.push(JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>);
    }
    return { run, ranks };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function mpiReason(): string | null {
  if (!findMpirun()) return 'mpirun not found (apt-get install openmpi-bin libopenmpi-dev)';
  const mpi = mssar.distributed.backends().find((b) => b.name === 'mpi');
  return mpi?.available ? null : mpi?.reason ?? 'mpi unavailable';
}

