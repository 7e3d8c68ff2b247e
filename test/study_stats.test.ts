import * as assert from 'assert';
import { UsageError } from '../src/cli/command';
import { mean, meanInterval, sampleStd, tCdf, tQuantile, verdict } from '../src/study/stats';
import { parseVariant, parseVariantList, variantFlags } from '../src/study/variants';
import { parseStudyArgs } from '../src/study/args';
import { longestFirst, Pending } from '../src/study/schedule';

const close = (a: number, b: number, tol: number, what = ''): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('study: statistics', () => {
  it('mean and sample standard deviation (n - 1)', () => {
    assert.strictEqual(mean([1, 2, 3, 4]), 2.5);
    close(sampleStd([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7), 1e-12, 'std');
    assert.ok(Number.isNaN(sampleStd([1])));
  });

  it('the t quantile matches the tables', () => {
    // Two-sided 95% (p = 0.975) and one-sided 95% (p = 0.95) critical values, three decimals.
    const table: [number, number, number][] = [
      [0.975, 1, 12.706], [0.975, 2, 4.303], [0.975, 3, 3.182], [0.975, 4, 2.776], [0.975, 5, 2.571], [0.975, 9, 2.262],
      [0.975, 10, 2.228], [0.975, 20, 2.086], [0.975, 30, 2.042], [0.975, 120, 1.980], [0.95, 1, 6.314], [0.95, 10, 1.812],
      [0.995, 5, 4.032], [0.9, 7, 1.415],
    ];
    for (const [p, df, t] of table) close(tQuantile(p, df), t, 5e-4, `t(${p}, ${df})`);
    close(tQuantile(0.975, 1e6), 1.95996, 1e-4, 'normal limit');
    close(tQuantile(0.025, 4), -2.776, 5e-4, 'lower tail');
    close(tCdf(tQuantile(0.975, 7), 7), 0.975, 1e-10, 'cdf(quantile)');
    close(tCdf(1, 1), 0.75, 1e-12, 'Cauchy');
  });

  it('the 95% interval of a mean and the verdict', () => {
    // [1, 2, 3]: mean 2, std 1, half-width t(0.975, 2) / sqrt(3) = 2.4842.
    const m = meanInterval([1, 2, 3]);
    close(m.mean, 2, 1e-12);
    close(m.std, 1, 1e-12);
    close(m.ci![0], 2 - 4.302653 / Math.sqrt(3), 1e-5);
    close(m.ci![1], 2 + 4.302653 / Math.sqrt(3), 1e-5);
    assert.strictEqual(meanInterval([0.5]).ci, null);
    assert.strictEqual(verdict([0.1, 0.3]), 'better');
    assert.strictEqual(verdict([-0.3, -0.1]), 'worse');
    assert.strictEqual(verdict([-0.1, 0.3]), 'no difference at this budget');
    assert.match(verdict(null), /^undefined/);
  });
});

describe('study: configuration names and flags', () => {
  it('parses the MS-SAR variants strictly, one spelling each', () => {
    assert.deepStrictEqual(variantFlags(parseVariant('none')), ['--recalibration', 'none']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar')), ['--recalibration', 'mssar']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-sym')), ['--recalibration', 'mssar', '--mssar-symmetric']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-s1')), ['--recalibration', 'mssar', '--mssar-scales', '1']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-s1+2-sym-bias-0.5')),
      ['--recalibration', 'mssar', '--mssar-scales', '1,2', '--mssar-symmetric', '--mssar-init-bias=-0.5']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-wd0')), ['--recalibration', 'mssar', '--recalibration-weight-decay', '0']);
    assert.deepStrictEqual(variantFlags(parseVariant('se-wd1e-4')), ['--recalibration', 'se', '--recalibration-weight-decay', '0.0001']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-s2-bias1-wd0.5')),
      ['--recalibration', 'mssar', '--recalibration-weight-decay', '0.5', '--mssar-scales', '2', '--mssar-init-bias=1']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-prebn')), ['--recalibration', 'mssar', '--recalibration-placement', 'before-bn']);
    assert.deepStrictEqual(variantFlags(parseVariant('se-prebn-wd0')),
      ['--recalibration', 'se', '--recalibration-weight-decay', '0', '--recalibration-placement', 'before-bn']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-s1-bias2-prebn')),
      ['--recalibration', 'mssar', '--recalibration-placement', 'before-bn', '--mssar-scales', '1', '--mssar-init-bias=2']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-global')), ['--recalibration', 'mssar', '--mssar-global']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-s1-global')),
      ['--recalibration', 'mssar', '--mssar-scales', '1', '--mssar-global']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-sym-global-bias2-prebn')),
      ['--recalibration', 'mssar', '--recalibration-placement', 'before-bn', '--mssar-symmetric', '--mssar-global', '--mssar-init-bias=2']);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-global-bias2-prebn')),
      ['--recalibration', 'mssar', '--recalibration-placement', 'before-bn', '--mssar-global', '--mssar-init-bias=2']);
    assert.equal(parseVariant('mssar').global, undefined);
    // `mssar` is the library's default MS-SAR (bias 4 since the validation grid); the starting definition is `mssar-bias0`.
    assert.equal(parseVariant('mssar').initBias, 4);
    assert.deepStrictEqual(variantFlags(parseVariant('mssar-bias0')), ['--recalibration', 'mssar', '--mssar-init-bias=0']);
    assert.throws(() => parseVariantList('mssar,mssar-bias4'), /'mssar' and 'mssar-bias4' are the same configuration/);
    for (const bad of ['mssar-sym-s1', 'mssar-s', 'mssar-s1+', 'mssar2', 'se-sym', 'mssar-bias', 'SE', 'mssar-s0', 'none-wd0', 'mssar-wd0-wd1',
      'mssar-wd', 'mssar-wd-1', 'mssar-wd0-sym', 'mssar-s0-wd0', 'none-prebn', 'mssar-prebn-prebn', 'mssar-wd0-prebn', 'mssar-prebn-sym', 'prebn',
      'mssar-global-sym', 'mssar-bias1-global', 'mssar-global-global', 'se-global', 'none-global', 'mssar-global-s1', 'mssar-prebn-global']) {
      assert.throws(() => parseVariant(bad), (e: Error) => e instanceof UsageError && e.message.includes(`'${bad}'`), bad);
    }
    assert.throws(() => parseVariantList('mssar,mssar-s1+2+4'), /'mssar' and 'mssar-s1\+2\+4' are the same configuration/);
    assert.throws(() => parseVariantList('none,none'), /'none' is given twice/);
    assert.throws(() => parseVariantList('mssar-global,mssar-s1+2+4-global'), /'mssar-global' and 'mssar-s1\+2\+4-global' are the same configuration/);
  });

  it('passes train flags through, checked by parseTrainArgs, and refuses the per-run ones', () => {
    const a = parseStudyArgs(['--recalibration', 'none,mssar-s1', '--seeds', '2', '--epochs', '3', '--lr', '0.05', '--jobs', '2', '--out', '/tmp/s']);
    assert.deepStrictEqual(a.seeds, [0, 1]);
    assert.deepStrictEqual(a.trainFlags, ['--epochs', '3', '--lr', '0.05']);
    assert.strictEqual(a.train.lr, 0.05);
    assert.deepStrictEqual(parseStudyArgs(['--seed-list', '0,3,7']).seeds, [0, 3, 7]);
    assert.throws(() => parseStudyArgs(['--seed', '1']), /--seed is not a study flag/);
    assert.throws(() => parseStudyArgs(['--mssar-scales', '1']), /--mssar-scales is not a study flag/);
    assert.throws(() => parseStudyArgs(['--recalibration-weight-decay', '0']), /--recalibration-weight-decay is not a study flag: name it in --recalibration instead/);
    assert.throws(() => parseStudyArgs(['--epochs', '0']), /--epochs must be an integer >= 1/);
    assert.throws(() => parseStudyArgs(['--recalibration', 'none,mssar-x']), /unknown configuration 'mssar-x'/);
    assert.throws(() => parseStudyArgs(['--seeds', '2', '--seed-list', '1']), /contradict/);
  });

  it('--against names configurations of the grid but the first, each once', () => {
    assert.deepStrictEqual(parseStudyArgs(['--recalibration', 'none,se,mssar', '--against', 'se,mssar']).against, ['se', 'mssar']);
    assert.deepStrictEqual(parseStudyArgs([]).against, []);
    assert.throws(() => parseStudyArgs(['--against', 'none']), /--against: 'none' is the baseline already/);
    assert.throws(() => parseStudyArgs(['--against', 'mssar-s1']), /--against: 'mssar-s1' is not a configuration of this study \(none, se, mssar\)/);
    assert.throws(() => parseStudyArgs(['--against', 'se,se']), /--against: a configuration is given twice/);
  });
});

describe('study: the order runs start in (most work left first)', () => {
  const run = (item: string, configuration: string, epochsLeft: number): Pending<string> => ({ item, configuration, epochsLeft });

  it('keeps the grid order while nothing is recorded, and among equal work', () => {
    assert.deepStrictEqual(longestFirst([run('a', 'none', 6), run('b', 'se', 6), run('c', 'mssar', 6)], new Map()), ['a', 'b', 'c']);
    assert.deepStrictEqual(longestFirst([run('a', 'x', 3), run('b', 'x', 3)], new Map([['x', [10, 20]]])), ['a', 'b']);
  });

  it('puts the runs with more epochs left, and of slower configurations, first', () => {
    const seconds = new Map([['none', [100, 120]], ['se', [150]], ['mssar', [180, 0, NaN]]]);
    // Work: none-1 5 x 110 = 550, se-1 15 x 150 = 2250, mssar-0 15 x 180 = 2700, mssar-1 2 x 180 = 360.
    assert.deepStrictEqual(longestFirst([run('none-1', 'none', 5), run('se-1', 'se', 15), run('mssar-0', 'mssar', 15), run('mssar-1', 'mssar', 2)], seconds),
      ['mssar-0', 'se-1', 'none-1', 'mssar-1']);
  });

  it('gives a configuration with no recorded epoch the mean epoch of all others', () => {
    // The mean over none and se is 125: new 4 x 125 = 500 lies between se's 4 x 150 = 600 and none's 4 x 100 = 400.
    const seconds = new Map([['none', [100]], ['se', [150]], ['new', []]]);
    assert.deepStrictEqual(longestFirst([run('n', 'none', 4), run('x', 'new', 4), run('s', 'se', 4)], seconds), ['s', 'x', 'n']);
  });
});
