// Where and with what a study ran, for its report: the code (git commit, or the package's version
// outside a checkout), the machine's CPU, Node's version.
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { version } from '../version';

export interface Environment {
  /** `git rev-parse HEAD` of the package's checkout, with ' (modified)' when it has uncommitted changes; null outside a checkout. */
  commit: string | null;
  version: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function environment(): Environment {
  const root = path.join(__dirname, '..', '..', '..');
  let commit = git(['rev-parse', 'HEAD'], root);
  if (commit !== null && git(['status', '--porcelain', '--untracked-files=no'], root)) commit += ' (modified)';
  return {
    commit, version: version(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(),
    platform: `${os.platform()} ${os.release()}`,
  };
}
