// The world of a distributed run: which process this is among how many. Collectives run on the
// native communication thread (native/core/distributed.h); this file holds the JavaScript state.
import { checkNumber, checkOptions, show } from '../check';
import { native, DistBackendInfo, DistWorldInfo } from '../native';

export type WorldInfo = DistWorldInfo;
export type { DistBackendInfo };

let world: WorldInfo | null = null;
let finalized = false;

export interface InitOptions {
  /**
   * Seconds a collective may wait for the other ranks before it throws an Error naming it (a rank
   * hangs, or died without ending the job); the process must then exit, and the launcher ends the
   * others. Default: the environment's MSSAR_DISTRIBUTED_TIMEOUT, else 1800 (PyTorch's default).
   * 0: wait forever. A later init() call that gives it sets it again; one that does not keeps it.
   */
  timeoutSeconds?: number;
}

const DEFAULT_TIMEOUT_SECONDS = 1800;

function defaultTimeout(): number {
  const env = process.env.MSSAR_DISTRIBUTED_TIMEOUT;
  if (env === undefined || env === '') return DEFAULT_TIMEOUT_SECONDS;
  const v = Number(env);
  if (!Number.isFinite(v) || v < 0) throw new Error(`distributed.init: MSSAR_DISTRIBUTED_TIMEOUT must be a number of seconds >= 0, got ${show(env)}`);
  return v;
}

/**
 * Starts the world: Open MPI when an MPI launcher (mpirun, srun) started this process, otherwise a
 * world of one in which every collective is a copy. Idempotent; returns who this process is.
 */
export function init(options: InitOptions = {}): WorldInfo {
  const o = checkOptions<InitOptions>('distributed.init', 'options', options, ['timeoutSeconds']);
  const timeout = o.timeoutSeconds === undefined ? (world === null ? defaultTimeout() : 0) : checkNumber('distributed.init', 'options.timeoutSeconds', o.timeoutSeconds, { min: 0 });
  if (finalized) throw new Error('distributed.init: finalize() has run; MPI cannot start twice in one process');
  const first = world === null;
  // Idempotent natively; a later call with a timeout sets it again, one without keeps it.
  if (first || o.timeoutSeconds !== undefined) world = native.distInit(timeout);
  if (first) {
    // A normal end finalizes (all ranks get here); a failed one must not: MPI_Finalize would wait for
    // the ranks still running, while without it the launcher ends the job and names this rank.
    process.once('exit', (code) => {
      if (code === 0 && !finalized) finalize();
    });
  }
  return { ...world! };
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
