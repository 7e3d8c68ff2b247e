// Starting a job of N ranks on this machine with Open MPI's mpirun (the CLI's --nproc, the tests
// and bench/distributed use it), and turning mpirun's account of a failed rank into an Error.
import { spawn, spawnSync } from 'child_process';
import * as os from 'os';

export interface LaunchOptions {
  /** Open MPI's TCP transport alone (over loopback here): the path that crosses machines. */
  tcp?: boolean;
  /** Extra environment for every rank. */
  env?: Record<string, string>;
  /** mpirun ends (SIGTERM, then SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  /** Also pass the ranks' output on to this process's stdout and stderr as it comes. */
  echo?: boolean;
}

export interface LaunchResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** The path of mpirun, or null when Open MPI's launcher is not installed. */
export function findMpirun(): string | null {
  const r = spawnSync('mpirun', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'mpirun' : null;
}

/** mpirun's arguments for `np` ranks on this machine. */
export function mpirunArgs(np: number, opts: LaunchOptions = {}): string[] {
  const args = ['-np', String(np), '--oversubscribe'];
  // Open MPI refuses root unless told; containers often run as root.
  if (process.getuid?.() === 0) args.push('--allow-run-as-root');
  // Containers often forbid the cross-memory-attach calls of the shared-memory transport.
  args.push('--mca', 'btl_vader_single_copy_mechanism', 'none');
  if (opts.tcp) args.push('--mca', 'btl', 'self,tcp', '--mca', 'btl_tcp_if_include', 'lo', '--mca', 'pml', 'ob1');
  // Ranks bound to cores would share the first ones; the kernels' threads are set per rank instead.
  args.push('--bind-to', 'none');
  for (const k of Object.keys(opts.env ?? {})) args.push('-x', k);
  return args;
}

/** Runs `command` as `np` ranks under mpirun and collects what they print. */
export function launch(np: number, command: string[], opts: LaunchOptions = {}): Promise<LaunchResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('mpirun', [...mpirunArgs(np, opts), ...command], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // Kept whole up to a point; beyond it the tail, where mpirun's report of a failed rank is.
    const keep = (s: string): string => (s.length > 4_000_000 ? s.slice(-1_000_000) : s);
    child.stdout.on('data', (d: Buffer) => {
      stdout = keep(stdout + d.toString());
      if (opts.echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = keep(stderr + d.toString());
      if (opts.echo) process.stderr.write(d);
    });
    let timedOut = false;
    const timer = opts.timeoutMs === undefined ? null : setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, opts.timeoutMs);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`mpirun could not start: ${e.message} (apt-get install openmpi-bin)`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/**
 * Which rank ended a failed job, from mpirun's report ("Process name: [[job,1],RANK]" or
 * "process rank RANK with PID ..."), with how it ended; null when mpirun named none.
 */
export function failedRank(output: string): { rank: number; how: string } | null {
  const killed = /process rank (\d+) with PID \d+ on node \S+ exited on signal (\d+)/.exec(output);
  if (killed) return { rank: Number(killed[1]), how: `was killed by signal ${killed[2]}` };
  const named = /Process name: \[\[\d+,\d+\],(\d+)\][\s\S]*?Exit code:\s+(\d+)/.exec(output);
  if (named) return { rank: Number(named[1]), how: `exited with code ${named[2]}` };
  const improper = /process rank (\d+) with PID/.exec(output);
  if (improper) return { rank: Number(improper[1]), how: 'exited without finalize()' };
  return null;
}

/** The default CPU threads of each of `localRanks` processes sharing this machine. */
export function threadsPerRank(localRanks: number): number {
  return Math.max(1, Math.floor(os.cpus().length / Math.max(1, localRanks)));
}
