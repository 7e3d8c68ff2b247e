// mssar.distributed: data-parallel training over processes started by an MPI launcher
// (docs/distributed.md).
export { init, isInitialized, isLaunched, rank, localRank, localSize, worldSize, backends, finalize } from './world';
export type { WorldInfo, DistBackendInfo, InitOptions } from './world';
export { allReduce, broadcast, allGather, barrier } from './collectives';
export type { ReduceOp, AllReduceOptions } from './collectives';
