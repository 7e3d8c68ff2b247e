// Analytic multiply-add counts (models.info and Module.profile) and the `mssar info` command.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as models from '../src/models';
import { AvgPool2d, Conv2d, MaxPool2d, profileModule } from '../src/nn';
import { main } from '../src/cli/main';
import { capture } from './console';

function within(got: number, want: number, rel: number, what: string): void {
  assert.ok(Math.abs(got / want - 1) <= rel, `${what}: ${got} is not within ${rel * 100}% of ${want}`);
}

describe('models.info', () => {
  it('counts ResNet-20 at about 41M multiply-adds on 32x32x3', () => {
    const i = models.info('resnet20');
    assert.deepEqual(i.inputShape, [1, 3, 32, 32]);
    assert.deepEqual(i.rows.map((r) => r.recalibration), ['none', 'se', 'mssar']);
    within(i.rows[0].macs, 41e6, 0.03, 'resnet20 MACs');
    assert.equal(i.rows[0].parameters, 269722);
  });

  it('counts the ImageNet ResNets as torchvision reports them (1.82G, 4.09G MACs at 224x224)', () => {
    within(models.info('resnet18').rows[0].macs, 1.82e9, 0.02, 'resnet18 MACs');
    within(models.info('resnet50').rows[0].macs, 4.09e9, 0.02, 'resnet50 MACs');
  });

  it('adds (9K + 2) MACs per recalibrated element for MS-SAR and the SE formula for SE', () => {
    const i = models.info('resnet20');
    // Nine blocks: three each on 16x32x32, 32x16x16, 64x8x8 maps.
    const elements = 3 * (16 * 32 * 32 + 32 * 16 * 16 + 64 * 8 * 8);
    assert.equal(i.rows[2].extraMacs, elements * (9 * 3 + 2));
    assert.equal(i.rows[2].extraParameters, 3 * (16 + 32 + 64) * (27 + 1));
    // SE per block: 2 * C * C/16 (fc) + C (pool) + C (sigmoid) + C * H * W (scale).
    const se = (c: number, hw: number): number => 2 * c * Math.max(1, Math.floor(c / 16)) + 2 * c + c * hw;
    assert.equal(i.rows[1].extraMacs, 3 * (se(16, 1024) + se(32, 256) + se(64, 64)));
    const single = models.info('resnet20', { scales: [4] });
    assert.equal(single.rows[2].extraMacs, elements * (9 + 2));
    // The global-average scale: C more parameters per block; per element one more addition (the
    // means), per plane a product and a sum.
    const global = models.info('resnet20', { global: true });
    assert.equal(global.rows[2].extraParameters, 3 * (16 + 32 + 64) * (27 + 2));
    assert.equal(global.rows[2].extraMacs, elements * (9 * 3 + 3) + 2 * 3 * (16 + 32 + 64));
  });

  it('uses 28x28x1 inputs for Fashion-MNIST', () => {
    const i = models.info('densenet121', { inChannels: 1 });
    assert.deepEqual(i.inputShape, [1, 1, 28, 28]);
    assert.ok(i.rows.every((r) => r.macs > 0 && r.parameters > 0));
  });

  it('takes another input size and keeps the layers when asked', () => {
    const i = models.info('resnet20', { inputSize: 64, layers: true });
    within(i.rows[0].macs, 4 * 40.7e6, 0.02, 'resnet20 at 64x64');
    const layers = i.rows[0].layers!;
    assert.equal(layers[0].name, 'conv1');
    assert.deepEqual(layers[0].output, [1, 16, 64, 64]);
    assert.equal(layers[0].macs, 16 * 3 * 9 * 64 * 64);
    assert.equal(layers.reduce((a, l) => a + l.macs, 0), i.rows[0].macs);
    assert.ok(layers.some((l) => l.name === 'layer2.0.shortcut' && l.output.join('x') === '1x32x32x32'));
  });

  it('profiles every model to [N, numClasses], on 32x32x3 and on 28x28x1 (Fashion-MNIST)', () => {
    for (const name of models.list()) {
      const m = models.create(name, { numClasses: 7 });
      assert.deepEqual(profileModule(m, [2, 3, 32, 32]).output, [2, 7], name);
      m.dispose();
      const g = models.create(name, { numClasses: 7, inChannels: 1 });
      assert.deepEqual(profileModule(g, [2, 1, 28, 28]).output, [2, 7], name);
      g.dispose();
    }
  });

  it('says which shape does not fit', () => {
    const m = models.create('resnet20');
    assert.throws(() => profileModule(m, [1, 1, 32, 32]), /Conv2d: expected 3 input channels, got \[1,1,32,32\]/);
    assert.throws(() => profileModule(m, [1, 3, 32]), /expected an input \[N, C, H, W\]/);
    m.dispose();
  });

  it('computes window output sizes as PyTorch does', () => {
    const c = new Conv2d(1, 1, 3, { stride: 2, padding: 1, dilation: 2 });
    // H: (9 + 2 - 2 * 2 - 1) / 2 + 1 = 4; W: floor((8 + 2 - 4 - 1) / 2) + 1 = 3.
    assert.deepEqual(profileModule(c, [1, 1, 9, 8]).output, [1, 1, 4, 3]);
    assert.deepEqual(profileModule(new MaxPool2d(3, { stride: 2, padding: 1 }), [1, 4, 112, 112]).output, [1, 4, 56, 56]);
    assert.deepEqual(profileModule(new AvgPool2d(2, { ceilMode: true }), [1, 4, 7, 1]).output, [1, 4, 4, 1]);
    assert.deepEqual(profileModule(new AvgPool2d(2), [1, 4, 7, 7]).output, [1, 4, 3, 3]);
    assert.throws(() => profileModule(new AvgPool2d(2), [1, 4, 1, 1]), /does not fit an input of size 1/);
    c.dispose();
  });
});

describe('mssar info (CLI)', () => {
  it('prints parameters and MACs for none, se and mssar', async () => {
    const r = await capture(() => main(['info', 'resnet20']));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /input 32x32x3, 10 classes/);
    assert.match(r.out, /none\s+269,722/);
    assert.match(r.out, /se\s+272,095/);
    assert.match(r.out, /mssar\s+279,130 \(279\.13K\)\s+\+9,408/);
  });

  it('takes options', async () => {
    const r = await capture(() => main(['info', 'resnet20', '--in-channels', '1', '--scales', '1,2', '--symmetric']));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /input 28x28x1/);
    // Two scales, symmetric: 2 * 3 * C + C per block, C = 16, 32, 64 three times each.
    assert.match(r.out, /mssar\s+271,786 \(271\.79K\)\s+\+2,352 /);
    const g = await capture(() => main(['info', 'resnet20', '--global']));
    assert.equal(g.code, 0, g.err);
    // 9 K C + 2 C per block.
    assert.match(g.out, /mssar\s+279,466 \(279\.47K\)\s+\+9,744 /);
  });

  it('reports mistakes with exit code 2', async () => {
    assert.equal((await capture(() => main(['info', 'nosuchnet']))).code, 2);
    assert.equal((await capture(() => main(['info', 'resnet20', '--bogus']))).code, 2);
    assert.equal((await capture(() => main(['info', 'resnet20', '--reduction', 'x']))).code, 2);
    const r = await capture(() => main(['frobnicate']));
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frobnicate'/);
    assert.match(r.err, /info\s+parameters and multiply-adds/);
  });

  it('runs from bin/mssar.js', () => {
    const bin = path.resolve(__dirname, '..', '..', 'bin', 'mssar.js');
    const out = execFileSync(process.execPath, [bin, 'info', 'densenet40'], { encoding: 'utf8' });
    assert.match(out, /none\s+1,019,722/);
  });
});
