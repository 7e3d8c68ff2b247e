// The order in which a study starts its runs: the most work left first (longest processing time
// first), so that a resumed grid does not end on one long run alone while the other job slots idle.
// A run's work is its epochs left times the mean seconds of an epoch of its configuration, over
// every epoch the grid has recorded (over all configurations where its own has none yet; with no
// epoch recorded at all, the runs keep the grid's order). Runs are independent and deterministic:
// the order changes when each finishes, never what it computes.
import { mean } from './stats';

export interface Pending<T> {
  item: T;
  configuration: string;
  epochsLeft: number;
}

/**
 * The items in the order to start them: most work left first, ties in the given order.
 * `epochSeconds`: the recorded epoch times (seconds) of each configuration.
 */
export function longestFirst<T>(pending: readonly Pending<T>[], epochSeconds: ReadonlyMap<string, readonly number[]>): T[] {
  const valid = (xs: readonly number[]): number[] => xs.filter((s) => Number.isFinite(s) && s > 0);
  const all = valid([...epochSeconds.values()].flat());
  const fallback = all.length > 0 ? mean(all) : 1;
  const perEpoch = (name: string): number => {
    const xs = valid(epochSeconds.get(name) ?? []);
    return xs.length > 0 ? mean(xs) : fallback;
  };
  return pending
    .map((p, i) => ({ p, i, work: p.epochsLeft * perEpoch(p.configuration) }))
    .sort((a, b) => b.work - a.work || a.i - b.i)
    .map((x) => x.p.item);
}
