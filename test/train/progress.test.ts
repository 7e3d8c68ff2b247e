import * as assert from 'assert';
import { functional, getNumThreads, models, randn, setNumThreads, tidy } from '../../src';
import { SGD } from '../../src/optim';
import { countCorrect } from '../../src/train';
import { BatchProgress, formatDuration, Progress } from '../../src/train/progress';
import { Capture } from './fixture';

const state = (batch: number, batches: number): BatchProgress => ({
  epoch: 1, epochs: 3, batch, batches, loss: 0.5, acc: 0.8125, lr: 0.05, imagesPerS: 250, etaSeconds: 125,
});

describe('train: progress, top-k, optimizer parameters', () => {
  it('on a terminal, redraws one line in place with epoch, batch, loss, accuracy, images/s and ETA', () => {
    const out = new Capture();
    const p = new Progress({ write: (s) => out.write(s), isTTY: true, columns: 200 });
    p.batch(state(1, 100));
    p.batch(state(100, 100));
    assert.ok(!out.text.includes('\n'));
    const draws = out.text.split('\r\x1b[K').filter(Boolean);
    assert.strictEqual(draws.length, 2);
    assert.strictEqual(draws[1], 'epoch 2/3 [====================] 100/100  loss 0.5000  acc 81.25%  250 img/s  ETA 2:05');
    p.line('epoch 2/3 done');
    assert.ok(out.text.endsWith('\r\x1b[Kepoch 2/3 done\n'));
    const narrow = new Capture();
    new Progress({ write: (s) => narrow.write(s), isTTY: true, columns: 40 }).batch(state(5, 100));
    assert.ok(narrow.text.length <= '\r\x1b[K'.length + 39);
  });

  it('elsewhere, prints at most three plain lines within an epoch, and none for a quick one', () => {
    const slow = new Capture();
    const p = new Progress(slow, { tty: false, quietSeconds: 0 });
    for (let b = 1; b <= 1000; b++) p.batch(state(b, 1000));
    const lines = slow.text.trim().split('\n');
    assert.strictEqual(lines.length, 3);
    assert.match(lines[0], /^epoch 2\/3 {2}batch 250\/1000 {2}loss 0\.5000 {2}acc 81\.25% {2}lr 0\.0500 {2}250 img\/s {2}ETA 2:05$/);
    assert.ok(!slow.text.includes('\r'));
    const quick = new Capture();
    const q = new Progress(quick, { tty: false, quietSeconds: 3600 });
    for (let b = 1; b <= 1000; b++) q.batch(state(b, 1000));
    assert.strictEqual(quick.text, '');
  });

  it('formats durations', () => {
    assert.strictEqual(formatDuration(75), '1:15');
    assert.strictEqual(formatDuration(3725), '1:02:05');
    assert.strictEqual(formatDuration(NaN), '--:--');
  });

  it('counts top-1 and top-5 with ties to the lower class and NaN scores wrong', () => {
    const logits = [
      0, 5, 1, 2, 3, 4, 9, 8, 7, 6, // label 6: first
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0, // label 4: fifth
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0, // label 5: sixth
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // label 0, all tied: first
      NaN, 1, 1, 1, 1, 1, 1, 1, 1, 1, // label 0 scores NaN: wrong
    ];
    assert.deepStrictEqual(countCorrect(logits, [6, 4, 5, 0, 0], 10), { top1: 2, top5: 3 });
  });

  it('SGD takes namedParameters() pairs and keys its state by parameter name (and a plain list by position)', () => {
    const model = models.create('resnet20', { inChannels: 1 });
    const opt = new SGD(model.namedParameters(), { lr: 0.1, momentum: 0.9 });
    const threads = getNumThreads();
    setNumThreads(1);
    tidy(() => functional.crossEntropy(model.forward(randn([2, 1, 8, 8])), [1, 2]).backward());
    opt.step();
    setNumThreads(threads);
    const keys = [...opt.stateDict().tensors.keys()];
    assert.strictEqual(keys.length, model.parameters().length);
    assert.ok(keys.includes('conv1.weight.momentum_buffer') && keys.includes('fc.bias.momentum_buffer'), keys.slice(0, 3).join());
    opt.dispose();
    const w = randn([3], { requiresGrad: true });
    const byPosition = new SGD([w], { lr: 0.1, momentum: 0.9 });
    w.grad = randn([3]).keep();
    byPosition.step();
    assert.deepStrictEqual([...byPosition.stateDict().tensors.keys()], ['0.momentum_buffer']);
    byPosition.dispose();
    model.dispose();
  });
});
