import { parseStudyArgs, runStudy, studyUsage } from '../../study';
import { Command } from '../command';

async function run(argv: string[]): Promise<number> {
  const args = parseStudyArgs(argv);
  if (args.help) {
    console.log(studyUsage());
    return 0;
  }
  return (await runStudy(args)).exitCode;
}

export const studyCommand: Command = {
  name: 'study',
  summary: 'a grid of training runs (configurations x seeds), resumable, with a report: mean ± std, paired differences, CIs',
  run,
};
