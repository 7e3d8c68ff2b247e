import { parseTrainArgs, runTraining, trainUsage } from '../../train';
import { Command } from '../command';

async function run(argv: string[]): Promise<number> {
  const args = parseTrainArgs(argv);
  if (args.help) {
    console.log(trainUsage());
    return 0;
  }
  return (await runTraining(args)).exitCode;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a model on fashion-mnist, cifar10, cifar100 or imagenet (metrics, checkpoints, resume)',
  run,
};
