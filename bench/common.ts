// What the benchmark scripts share: the repository root, command-line values, clocks, medians, and
// the PyTorch side process that answers one JSON line per request (bench/torch/*.py).
import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';

export const root = path.resolve(__dirname, '..', '..');

/**
 * Checks the script's command line before it measures anything: --help (or -h) prints `usage` and
 * exits 0; an unknown flag, a stray argument or a flag of `valued` without its value prints the
 * problem and `usage` and exits 2. So a typo or a --help never starts a long run that overwrites
 * the script's results file. `valued`: flags that take a value; `switches`: flags that do not.
 */
export function checkFlags(usage: string, valued: readonly string[], switches: readonly string[] = [], argv = process.argv.slice(2)): void {
  const refuse = (why: string): never => {
    process.stderr.write(`${why}\nusage: ${usage}\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(`usage: ${usage}\n`);
      process.exit(0);
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : null;
    if (name !== null && valued.includes(name)) {
      if (eq >= 0) continue;  // --name=value
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) refuse(`${a} needs a value`);
      i++;
    } else if (name === null || eq >= 0 || !switches.includes(name)) {
      refuse(name === null ? `unexpected argument '${a}'` : `unknown flag ${a}`);
    }
  }
}

/** The flags of a util.parseArgs options object, as checkFlags takes them: [valued, switches]. */
export function flagsOf(options: Record<string, { type: 'string' | 'boolean' }>): [string[], string[]] {
  const names = Object.keys(options);
  return [names.filter((n) => options[n].type === 'string'), names.filter((n) => options[n].type === 'boolean')];
}

/** The value after --name, or the fallback when the flag is absent or has no value. */
export function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** The number after --name, or the fallback when the flag is absent. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The fastest of `reps` timed calls of fn, in wall-clock milliseconds, after `warmups` untimed ones:
 * on a shared machine the other processes only ever add time.
 */
export function bestOfMs(fn: () => void, reps: number, warmups: number): number {
  for (let i = 0; i < warmups; i++) fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = nowMs();
    fn();
    best = Math.min(best, nowMs() - t0);
  }
  return best;
}

/** Wall-clock milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** CPU milliseconds of this process, all threads. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
}

/** The python of the PyTorch virtual environment that scripts/torch-venv.sh makes or finds; throws if it fails. */
export function torchVenvPython(timeoutMs?: number): string {
  const out = execFileSync('bash', [path.join(root, 'scripts', 'torch-venv.sh')], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs,
  }).trim().split('\n').pop()!;
  return path.isAbsolute(out) ? out : path.join(root, out);
}

/** A PyTorch process of bench/torch/ that reads one JSON request per line and answers one JSON line. */
export class TorchProcess {
  private lines: AsyncIterableIterator<string>;
  constructor(private proc: ChildProcessWithoutNullStreams) {
    this.lines = readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  }
  /** The next line it printed. */
  async read(): Promise<Record<string, unknown>> {
    const r = await this.lines.next();
    if (r.done) throw new Error('the PyTorch process ended early');
    return JSON.parse(r.value) as Record<string, unknown>;
  }
  async request(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.proc.stdin.write(JSON.stringify(req) + '\n');
    return this.read();
  }
  /** Sends the script's quit request and closes its input. */
  close(quit: Record<string, unknown>): void {
    this.proc.stdin.write(JSON.stringify(quit) + '\n');
    this.proc.stdin.end();
  }
}

/**
 * Starts bench/torch/<script> with the thread count as its argument, in the PyTorch virtual
 * environment, and reads the line it prints first (which torch, how many threads); or says why not.
 */
export async function startTorch(script: string, threads: number, env?: NodeJS.ProcessEnv):
    Promise<{ torch: TorchProcess; info: Record<string, unknown> } | { why: string }> {
  let python: string;
  try {
    python = torchVenvPython();
  } catch (e) {
    return { why: `scripts/torch-venv.sh failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const proc = spawn(python, [path.join(root, 'bench', 'torch', script), String(threads)], { cwd: root, env });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const torch = new TorchProcess(proc);
  try {
    return { torch, info: await torch.read() };
  } catch {
    return { why: `PyTorch did not start: ${stderr.trim().split('\n').pop() ?? 'no output'}` };
  }
}
