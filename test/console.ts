// What code under test prints with console.log and console.error, captured line by line.

/** Runs fn with console.log and console.error captured; each call is one line. */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value: T; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    return { value: await fn(), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Runs a command-like fn with console output captured: its exit code and the lines joined. */
export async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const { value, out, err } = await captureConsole(fn);
  return { code: value, out: out.join('\n'), err: err.join('\n') };
}
