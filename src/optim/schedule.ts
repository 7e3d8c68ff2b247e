// Learning-rate schedules as functions of the fractional epoch (epoch + batch / batchesPerEpoch),
// so the rate changes smoothly within an epoch and a resumed run sees exactly the same rates.
import { checkNumber, checkFunction, fail, show } from '../check';

export type Schedule = (epoch: number) => number;

export function constant(lr: number): Schedule {
  checkNumber('constant', 'lr', lr, { min: 0 });
  return () => lr;
}

/** lr * gamma^(number of milestones passed), e.g. milestones [0.5, 0.75] * epochs, gamma 0.1. */
export function multiStep(lr: number, milestones: readonly number[], gamma = 0.1): Schedule {
  checkNumber('multiStep', 'lr', lr, { min: 0 });
  if (!Array.isArray(milestones) || !milestones.every((m) => typeof m === 'number' && Number.isFinite(m) && m >= 0)) {
    fail('multiStep', 'milestones', 'an array of finite epochs >= 0', milestones);
  }
  checkNumber('multiStep', 'gamma', gamma, { min: 0 });
  const sorted = [...milestones].sort((a, b) => a - b);
  return (epoch) => lr * gamma ** sorted.filter((m) => epoch >= m).length;
}

/** Cosine annealing from lr to minLr over totalEpochs. */
export function cosine(lr: number, totalEpochs: number, minLr = 0): Schedule {
  checkNumber('cosine', 'lr', lr, { min: 0 });
  checkNumber('cosine', 'totalEpochs', totalEpochs, { above: 0 });
  checkNumber('cosine', 'minLr', minLr, { min: 0 });
  return (epoch) => minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * Math.min(epoch, totalEpochs) / totalEpochs));
}

/** Linear warm-up from lr * startFactor to the schedule's value over warmupEpochs, then the schedule. */
export function warmup(schedule: Schedule, warmupEpochs: number, startFactor = 0.1): Schedule {
  checkFunction('warmup', 'schedule', schedule);
  checkNumber('warmup', 'warmupEpochs', warmupEpochs, { min: 0 });
  checkNumber('warmup', 'startFactor', startFactor, { min: 0 });
  if (!(warmupEpochs > 0)) return schedule;
  return (epoch) => {
    if (epoch >= warmupEpochs) return schedule(epoch);
    const f = startFactor + (1 - startFactor) * (epoch / warmupEpochs);
    return schedule(epoch) * f;
  };
}

export type ScheduleName = 'constant' | 'multistep' | 'cosine';

/** The schedules the training CLI offers by name. */
export function namedSchedule(name: ScheduleName, lr: number, epochs: number, warmupEpochs = 0): Schedule {
  if (!['constant', 'multistep', 'cosine'].includes(name as string)) {
    throw new Error(`namedSchedule: unknown schedule ${show(name)}: expected constant, multistep or cosine`);
  }
  checkNumber('namedSchedule', 'lr', lr, { min: 0 });
  checkNumber('namedSchedule', 'epochs', epochs, { above: 0 });
  checkNumber('namedSchedule', 'warmupEpochs', warmupEpochs, { min: 0 });
  let s: Schedule;
  switch (name) {
    case 'constant': s = constant(lr); break;
    case 'multistep': s = multiStep(lr, [0.5 * epochs, 0.75 * epochs]); break;
    case 'cosine': s = cosine(lr, epochs); break;
    default: throw new Error(`unknown schedule '${String(name)}': expected constant, multistep or cosine`);
  }
  return warmup(s, warmupEpochs);
}
