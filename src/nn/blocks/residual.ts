// What the residual blocks share: the shape check of the addition when profiling.
import type { Shape } from '../profile';

/** Throws unless the residual and the shortcut have the same shape; returns it. */
export function residualSum(op: string, residual: Shape, shortcut: Shape): number[] {
  if (residual.join(',') !== shortcut.join(',')) {
    throw new Error(`${op}: residual [${residual.join(',')}] and shortcut [${shortcut.join(',')}] differ in shape`);
  }
  return residual.slice();
}
