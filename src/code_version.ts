// Which code is running: the git commit of the package's checkout, for the records that let a run
// or a study be reproduced (run.json, a study's report).
import { execFileSync } from 'child_process';
import * as path from 'path';

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/**
 * `git rev-parse HEAD` of the package's checkout, with ' (modified)' when tracked files differ
 * from it; null outside a checkout (an installed package: its version says which code it is).
 */
export function codeCommit(): string | null {
  const root = path.join(__dirname, '..', '..');
  const commit = git(['rev-parse', 'HEAD'], root);
  if (commit === null) return null;
  return git(['status', '--porcelain', '--untracked-files=no'], root) ? `${commit} (modified)` : commit;
}
