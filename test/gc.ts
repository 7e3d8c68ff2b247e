// Tests that count live tensors run the garbage collector first: tensors that earlier tests dropped
// without dispose() are freed by the collector's finalizers, which could otherwise run in the middle
// of a count and lower it.

/** Runs the garbage collector and its finalizers, when node runs with --expose-gc (.mocharc does). */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}
