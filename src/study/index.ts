// Studies: a grid of training runs (configurations x seeds) and its report.
export { parseStudyArgs, studyUsage, defaultJobs } from './args';
export type { StudyArgs } from './args';
export { runStudy } from './run';
export type { StudyResult, StudyHooks } from './run';
export { parseVariant, parseVariantList, variantFlags, VARIANT_SCHEME } from './variants';
export type { Variant } from './variants';
export { mean, sampleStd, tQuantile, tCdf, meanInterval, verdict } from './stats';
export type { StudyReport, ConfigReport, RunReport } from './report';
