// One rank of the fault tests: rank 1 fails after a moment while rank 0 waits in all-reduces for it.
// MSSAR_FAULT=throw: an uncaught Error; kill: SIGKILL; hang: rank 1 stays alive but never joins a
// collective, and rank 0's all-reduce times out (MSSAR_DISTRIBUTED_TIMEOUT), which it reports and
// ends on, as `mssar train` does.
import * as mssar from '../../src/index';
import { native } from '../../src/native';

const d = mssar.distributed;
const { rank } = d.init();
const t = mssar.ones([1024]);
const fault = process.env.MSSAR_FAULT;
if (rank === 1) {
  if (fault === 'hang') {
    setInterval(() => undefined, 1000);
  } else {
    setTimeout(() => {
      if (fault === 'kill') process.kill(process.pid, 'SIGKILL');
      throw new Error('rank 1 fails on purpose');
    }, 300);
  }
} else {
  try {
    for (;;) d.allReduce(t).dispose();
  } catch (e) {
    console.error(`rank ${rank}: ${(e as Error).message}`);
    // A collective that timed out leaves MPI stuck: exit at once (distributed.abort), never finalize.
    native.distAbort(1);
  }
}
