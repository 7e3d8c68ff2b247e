// A training run's place in a distributed job: which rank of how many, and the share of the data
// and of the work that falls to it. Outside an MPI launch: rank 0 of 1, and nothing changes.
import { setNumThreads } from '../backends';
import { UsageError } from '../cli/command';
import { allReduce } from '../distributed/collectives';
import { threadsPerRank } from '../distributed/launch';
import { init, isLaunched } from '../distributed/world';
import { tensor } from '../creation';
import type { TrainConfig } from './config';

export interface RunWorld {
  rank: number;
  size: number;
  localSize: number;
}

/**
 * Starts MPI when this process was launched by mpirun (srun), checks that the global batch divides
 * among the ranks, and gives each rank its share of the cores unless --threads says otherwise.
 */
export function joinWorld(config: TrainConfig): RunWorld {
  if (!isLaunched()) return { rank: 0, size: 1, localSize: 1 };
  const w = init();
  if (w.worldSize > 1 && config.batchSize % w.worldSize !== 0) {
    throw new UsageError(`--batch-size ${config.batchSize} (the global batch) must divide among the ${w.worldSize} ranks`);
  }
  if (config.threads === null) setNumThreads(threadsPerRank(w.localSize));
  return { rank: w.rank, size: w.worldSize, localSize: w.localSize };
}

/** The sums of `values` over every rank (float64; a world of one returns them as they are). */
export function sumOverRanks(world: RunWorld, values: number[]): number[] {
  if (world.size === 1) return values;
  const t = tensor(values, [values.length], { dtype: 'float64' });
  const s = allReduce(t);
  t.dispose();
  const out = Array.from(s.toArray() as Float64Array);
  s.dispose();
  return out;
}

/** Whether any rank says yes (a stop request seen by one rank ends the epoch on all at the same batch). */
export function anyRank(world: RunWorld, flag: boolean): boolean {
  return world.size === 1 ? flag : sumOverRanks(world, [flag ? 1 : 0])[0] > 0;
}
