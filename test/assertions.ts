// The assertions the tests share: an Error whose message has every given part, and numbers close to
// the values they should have.
import { strict as assert } from 'assert';

/** `fn` throws an Error (not any other value) whose message contains each string and matches each pattern. */
export function rejects(fn: () => unknown, ...parts: (string | RegExp)[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `expected an Error, got ${String(e)}`);
    for (const p of parts) {
      if (typeof p === 'string') assert.ok(e.message.includes(p), `message "${e.message}" lacks "${p}"`);
      else assert.match(e.message, p);
    }
    return true;
  });
}

/** Every |got[i] - want[i]| <= atol + rtol |want[i]|, naming the element that is not. */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    assert.ok(err <= atol + rtol * Math.abs(want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]} (error ${err})`);
  }
}
