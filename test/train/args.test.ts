import * as assert from 'assert';
import { UsageError } from '../../src/cli/command';
import { parseTrainArgs, RECIPES } from '../../src/train';
import { cli } from './fixture';

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(() => parseTrainArgs(argv), (e: Error) => {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${e.constructor.name}: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('train: arguments', () => {
  it('fills what is not given from the dataset recipe', () => {
    const { config, given } = parseTrainArgs(['--dataset', 'fashion-mnist', '--model', 'resnet20', '--recalibration', 'mssar']);
    const r = RECIPES['fashion-mnist'];
    assert.strictEqual(config.epochs, r.epochs);
    assert.strictEqual(config.batchSize, r.batchSize);
    assert.strictEqual(config.lr, r.lr);
    assert.strictEqual(config.schedule, r.schedule);
    assert.strictEqual(config.warmup, r.warmup);
    assert.strictEqual(config.weightDecay, r.weightDecay);
    assert.strictEqual(config.nesterov, r.nesterov);
    assert.strictEqual(config.augment, r.augment);
    assert.strictEqual(config.device, 'auto');
    assert.strictEqual(config.recalibration, 'mssar');
    assert.strictEqual(config.data, null);
    assert.strictEqual(config.out, 'runs/fashion-mnist-resnet20-mssar');
    assert.deepStrictEqual([...given].sort(), ['dataset', 'model', 'recalibration']);
    const cifar = parseTrainArgs(['--dataset', 'cifar10']).config;
    assert.strictEqual(cifar.epochs, RECIPES.cifar10.epochs);
    assert.strictEqual(cifar.schedule, 'multistep');
    assert.strictEqual(parseTrainArgs(['--dataset', 'imagenet']).config.model, 'resnet18');
  });

  it('reads every flag', () => {
    const { config } = parseTrainArgs(['--dataset', 'cifar100', '--data', '/d', '--model', 'resnet32', '--recalibration', 'se',
      '--epochs', '7', '--batch-size', '64', '--lr', '0.05', '--schedule', 'constant', '--warmup', '0.5', '--momentum', '0.8',
      '--no-nesterov', '--weight-decay', '1e-3', '--recalibration-weight-decay', '0', '--recalibration-placement', 'before-bn', '--label-smoothing', '0.1', '--no-augment', '--val-split', '0.1',
      '--seed', '9', '--device', 'cpu',
      '--out', '/o', '--workers', '3', '--eval-batch-size', '200', '--threads', '1', '--max-batches', '5', '--stop-after', '2']);
    assert.deepStrictEqual(config, {
      dataset: 'cifar100', data: '/d', model: 'resnet32', recalibration: 'se', mssarScales: [1, 2, 4], mssarSymmetric: false, mssarInitBias: 4, mssarGlobal: false, epochs: 7, batchSize: 64, lr: 0.05, schedule: 'constant',
      warmup: 0.5, momentum: 0.8, nesterov: false, weightDecay: 1e-3, recalibrationWeightDecay: 0, recalibrationPlacement: 'beforeBn', labelSmoothing: 0.1, augment: 'none', valSplit: 0.1,
      seed: 9, device: 'cpu',
      out: '/o', resume: false, overwrite: false, workers: 3, evalBatchSize: 200, threads: 1, profile: false, maxBatches: 5, stopAfter: 2,
    });
  });

  it('reads the MS-SAR settings, with --recalibration mssar only', () => {
    const { config, given } = parseTrainArgs(['--recalibration', 'mssar', '--mssar-scales', '1,4', '--mssar-symmetric', '--mssar-init-bias=-0.5', '--mssar-global']);
    assert.deepStrictEqual([config.mssarScales, config.mssarSymmetric, config.mssarInitBias, config.mssarGlobal], [[1, 4], true, -0.5, true]);
    assert.deepStrictEqual([...given].sort(), ['mssarGlobal', 'mssarInitBias', 'mssarScales', 'mssarSymmetric', 'recalibration']);
    const d = parseTrainArgs(['--recalibration', 'mssar']).config;
    assert.deepStrictEqual([d.mssarScales, d.mssarSymmetric, d.mssarInitBias, d.mssarGlobal], [[1, 2, 4], false, 4, false]);
    usageError(['--recalibration', 'se', '--mssar-global'], /--mssar-global applies to --recalibration mssar only/);
    usageError(['--recalibration', 'se', '--mssar-scales', '1'], /--mssar-scales applies to --recalibration mssar only/);
    usageError(['--mssar-symmetric'], /--mssar-symmetric applies to --recalibration mssar only/);
    usageError(['--recalibration-weight-decay', '0'], /--recalibration-weight-decay applies to --recalibration se or mssar only/);
    usageError(['--recalibration-placement', 'before-bn'], /--recalibration-placement applies to --recalibration se or mssar only/);
    usageError(['--recalibration', 'se', '--recalibration-placement', 'beforeBn'], /--recalibration-placement must be one of after-bn, before-bn; got 'beforeBn'/);
    assert.strictEqual(parseTrainArgs(['--recalibration', 'se']).config.recalibrationPlacement, 'afterBn');
    usageError(['--recalibration', 'se', '--recalibration-weight-decay', '-1'], /--recalibration-weight-decay must be a number >= 0; got '-1'|ambiguous/);
    usageError(['--recalibration', 'mssar', '--mssar-scales', '1,x'], /--mssar-scales must be a comma-separated list of integers/);
    usageError(['--recalibration', 'mssar', '--mssar-scales', '0'], /--mssar-scales: scales must be/);
    usageError(['--recalibration', 'mssar', '--mssar-init-bias', 'b'], /--mssar-init-bias must be a number; got 'b'/);
  });

  it('names the flag of every unknown option or invalid value', () => {
    usageError(['--batchsize', '8'], /unknown option '--batchsize'.*did you mean --batch-size\?/);
    usageError(['--frobnicate'], /unknown option '--frobnicate'/);
    usageError(['--epochs', '0'], /--epochs must be an integer >= 1; got '0'/);
    usageError(['--epochs', '2.5'], /--epochs must be an integer/);
    usageError(['--batch-size', 'lots'], /--batch-size must be an integer/);
    usageError(['--lr', 'abc'], /--lr must be a number >= 0; got 'abc'/);
    usageError(['--lr=-1'], /--lr must be a number/);
    usageError(['--momentum', '1'], /--momentum must be a number in \[0, 1\)/);
    usageError(['--label-smoothing', '1.5'], /--label-smoothing/);
    usageError(['--dataset', 'mnist'], /--dataset must be one of fashion-mnist, cifar10, cifar100, imagenet; got 'mnist'/);
    usageError(['--model', 'resnet19'], /--model: unknown model 'resnet19'; available: resnet20/);
    usageError(['--recalibration', 'cbam'], /--recalibration must be one of none, se, mssar/);
    usageError(['--augment', 'crop'], /--augment must be one of standard, flip, none; got 'crop'/);
    usageError(['--augment', 'flip', '--no-augment'], /contradict/);
    usageError(['--schedule', 'step'], /--schedule must be one of constant, multistep, cosine/);
    usageError(['--device', 'gpu'], /--device must be one of auto, cpu, cuda; got 'gpu'/);
    usageError(['--lr'], /'--lr' needs a value|--lr/);
    usageError(['extra'], /unexpected argument 'extra'/);
    usageError(['--nesterov', '--no-nesterov'], /contradict/);
    usageError(['--nesterov', '--momentum', '0'], /--nesterov needs --momentum > 0/);
    usageError(['--resume', '--overwrite'], /give one/);
    usageError(['--epochs', '2', '--warmup', '3'], /--warmup 3 is longer than --epochs 2/);
  });

  it('the CLI answers a usage mistake with exit code 2 and the message, and --help with the flags', async () => {
    const bad = await cli(['train', '--epochs', 'x']);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /mssar train: --epochs must be an integer >= 1; got 'x'/);
    const help = await cli(['train', '--help']);
    assert.strictEqual(help.code, 0);
    for (const flag of ['--dataset', '--data', '--model', '--recalibration', '--epochs', '--batch-size', '--lr', '--schedule', '--device',
      '--seed', '--out', '--resume', '--momentum', '--weight-decay', '--nesterov', '--warmup', '--label-smoothing', '--workers',
      '--augment', '--no-augment', '--eval-batch-size', '--threads', '--profile', '--max-batches', '--stop-after', '--overwrite']) {
      assert.ok(help.stdout.includes(flag), `help lists ${flag}`);
    }
  });
});
