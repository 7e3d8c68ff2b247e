// Skipping with a reason: the reason goes into the title of every test skipped, so the report says
// why each one did not run (mocha's this.skip() alone shows only the title).
import type { Context, Suite, Test } from 'mocha';
import { backends } from '../src/backends';

function allTests(suite: Suite): Test[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}

/**
 * Skips unless `ok`: from a test, that test; from a hook, every test of the hook's suite. `reason`
 * says why (e.g. backends()' reason for cuda).
 */
export function skipUnless(ctx: Context, ok: boolean, reason: string | null | undefined): void {
  if (ok) return;
  // In a test, ctx.test is the test; in a hook, the hook (and currentTest the test it runs for, if any).
  const runnable = ctx.test as { type?: string; title: string; parent?: Suite } | undefined;
  const why = ` (skipped: ${reason ?? 'unavailable'})`;
  if (runnable?.type === 'hook') {
    for (const t of allTests(runnable.parent!)) if (!t.title.endsWith(why)) t.title += why;
  } else if (runnable && !runnable.title.endsWith(why)) {
    runnable.title += why;
  }
  ctx.skip();
}

/** Why the cuda backend is unavailable (backends()' reason), for skipUnless. */
export function cudaReason(): string {
  return backends().find((b) => b.name === 'cuda')?.reason ?? 'cuda is unavailable';
}
