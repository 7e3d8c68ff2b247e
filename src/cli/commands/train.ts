import { native } from '../../native';
import { finalize, isInitialized, isLaunched, rank, worldSize } from '../../distributed/world';
import { failedRank, findMpirun, launch } from '../../distributed/launch';
import { parseTrainArgs, runTraining, trainUsage } from '../../train';
import { Command, UsageError } from '../command';

/** --nproc N (the CLI's alone: it starts the ranks, it is no setting of the run), and the other flags. */
function takeNproc(argv: string[]): { nproc: number | null; rest: string[] } {
  const rest: string[] = [];
  let nproc: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const inline = a.startsWith('--nproc=') ? a.slice('--nproc='.length) : null;
    if (a !== '--nproc' && inline === null) {
      rest.push(a);
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined || !/^[1-9][0-9]{0,3}$/.test(v)) throw new UsageError(`--nproc takes a number of processes from 1 to 9999, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
    nproc = Number(v);
  }
  return { nproc, rest };
}

/** Starts `nproc` ranks of this command under mpirun on this machine; an Error names a rank that failed. */
async function launchRanks(nproc: number, rest: string[]): Promise<number> {
  if (!findMpirun()) throw new UsageError('--nproc starts the ranks with mpirun, which is not installed (apt-get install openmpi-bin libopenmpi-dev)');
  // Ctrl-C reaches mpirun and the ranks too (one process group): the ranks stop at the same batch and
  // say how to resume; this process waits for them.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  try {
    const r = await launch(nproc, [process.execPath, process.argv[1], 'train', ...rest], { echo: true });
    if (r.code === 0) return 0;
    const failed = failedRank(r.stdout + r.stderr);
    if (failed) throw new Error(`rank ${failed.rank} of ${nproc} ${failed.how}; mpirun ended the other ranks`);
    return r.code ?? 1;
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', ignore);
  }
}

async function run(argv: string[]): Promise<number> {
  const { nproc, rest } = takeNproc(argv);
  if (nproc !== null && nproc > 1 && !isLaunched()) return launchRanks(nproc, rest);
  const args = parseTrainArgs(rest);
  if (args.help) {
    console.log(trainUsage());
    return 0;
  }
  let code: number;
  try {
    code = (await runTraining(args)).exitCode;
  } catch (e) {
    if (isInitialized() && worldSize() > 1) {
      // The other ranks wait in a collective for this one: end the whole job now (the launcher
      // names this rank), rather than leave them hanging.
      console.error(`mssar train: rank ${rank()}: ${e instanceof Error ? e.message : String(e)}`);
      native.distAbort(1);
    }
    throw e;
  }
  // Every rank ends the same way (finished, stopped, interrupted at the same batch, diverged).
  if (isInitialized()) finalize();
  return code;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on fashion-mnist, cifar10, cifar100 or imagenet (metrics, checkpoints, resume; distributed with --nproc or mpirun)',
  run,
};
