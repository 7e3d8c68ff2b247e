// Studies: a grid of training runs (configurations x seeds) and its report. The public surface is
// what the CLI uses; the statistics and the variant parser are internal (src/study/stats.ts,
// variants.ts).
export { parseStudyArgs, studyUsage } from './args';
export type { StudyArgs } from './args';
export { runStudy } from './run';
export type { StudyResult, StudyHooks } from './run';
export { VARIANT_SCHEME } from './variants';
export type { Variant } from './variants';
export type { StudyReport, ConfigReport, RunReport } from './report';
