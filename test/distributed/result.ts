// A rank's result for the parent test: one JSON file per rank in MSSAR_TEST_OUT (mpirun interleaves
// long lines of the ranks' stdout).
import * as fs from 'fs';
import * as path from 'path';

export function writeResult(rank: number, value: unknown): void {
  const dir = process.env.MSSAR_TEST_OUT;
  if (!dir) throw new Error('MSSAR_TEST_OUT is not set');
  fs.writeFileSync(path.join(dir, `rank${rank}.json`), JSON.stringify(value));
}
