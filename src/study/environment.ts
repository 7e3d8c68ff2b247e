// Where and with what a study ran, for its report: the code (git commit, or the package's version
// outside a checkout), the machine's CPU, Node's version.
import * as os from 'os';
import { codeCommit } from '../code_version';
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

export function environment(): Environment {
  return {
    commit: codeCommit(), version: version(), node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism(),
    platform: `${os.platform()} ${os.release()}`,
  };
}
