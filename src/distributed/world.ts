// The world of a distributed run: which process this is among how many. Collectives run on the
// native communication thread (native/core/distributed.h); this file holds the JavaScript state.
import { native, DistBackendInfo, DistWorldInfo } from '../native';

export type WorldInfo = DistWorldInfo;
export type { DistBackendInfo };

let world: WorldInfo | null = null;
let finalized = false;

/**
 * Starts the world: Open MPI when an MPI launcher (mpirun, srun) started this process, otherwise a
 * world of one in which every collective is a copy. Idempotent; returns who this process is.
 */
export function init(): WorldInfo {
  if (finalized) throw new Error('distributed.init: finalize() has run; MPI cannot start twice in one process');
  if (!world) {
    world = native.distInit();
    // A normal end finalizes (all ranks get here); a failed one must not: MPI_Finalize would wait for
    // the ranks still running, while without it the launcher ends the job and names this rank.
    process.once('exit', (code) => {
      if (code === 0 && !finalized) finalize();
    });
  }
  return { ...world };
}

export function isInitialized(): boolean {
  return world !== null && !finalized;
}

/** The world, or an Error naming `fn` when init() has not run (or finalize() has). */
export function requireWorld(fn: string): WorldInfo {
  if (finalized) throw new Error(`${fn}: finalize() has run`);
  if (!world) throw new Error(`${fn}: call distributed.init() first`);
  return world;
}

/** This process's rank, 0 to worldSize() - 1. */
export function rank(): number {
  return requireWorld('distributed.rank').rank;
}

/** The rank among the processes on this machine. */
export function localRank(): number {
  return requireWorld('distributed.localRank').localRank;
}

/** How many processes run on this machine. */
export function localSize(): number {
  return requireWorld('distributed.localSize').localSize;
}

export function worldSize(): number {
  return requireWorld('distributed.worldSize').worldSize;
}

/** Whether an MPI launcher started this process (then init() starts MPI). */
export function isLaunched(): boolean {
  return native.distLaunched();
}

/**
 * The transports: 'mpi' (libmssar_mpi.so over Open MPI, between processes) and 'nccl' (CUDA tensors,
 * libmssar_nccl.so), each with `available` and, when not, the `reason`.
 */
export function backends(): DistBackendInfo[] {
  return native.distBackends();
}

/** Waits for every rank, then ends the world; later collectives fail. */
export function finalize(): void {
  if (finalized) return;
  native.distFinalize();
  finalized = true;
  world = null;
}
