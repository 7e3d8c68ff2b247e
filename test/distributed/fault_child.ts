// One rank of the fault test: rank 1 fails after a moment (MSSAR_FAULT=throw: an uncaught Error;
// kill: SIGKILL) while rank 0 waits in all-reduces for it.
import * as mssar from '../../src/index';

const d = mssar.distributed;
const { rank } = d.init();
const t = mssar.ones([1024]);
if (rank === 1) {
  setTimeout(() => {
    if (process.env.MSSAR_FAULT === 'kill') process.kill(process.pid, 'SIGKILL');
    throw new Error('rank 1 fails on purpose');
  }, 300);
} else {
  for (;;) d.allReduce(t).dispose();
}
