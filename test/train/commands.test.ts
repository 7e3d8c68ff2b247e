import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { backends } from '../../src';
import { readMetrics } from '../../src/train';
import { chooseDevice } from '../../src/train/device';
import { cli, quickFlags, removeDir, tempRunDir, train, writeTinyFashion } from './fixture';

/** Checks that every tag opened is closed in order (enough to catch a malformed SVG). */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<style>[\s\S]*?<\/style>/, '<style/>');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.strictEqual(stack.pop(), name, `</${name}> closes another element`);
    else stack.push(name);
  }
  assert.deepStrictEqual(stack, [], 'unclosed elements');
  const stripped = body.replace(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '');
  assert.ok(!stripped.includes('<'), `stray '<' in ${stripped.slice(0, 200)}`);
  assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;)/.test(stripped), 'unescaped &');
}

describe('train: the eval and plot commands, and the device choice', function () {
  this.timeout(120000);
  let dataDir: string;
  let plainRun: string;
  let mssarRun: string;

  before(async () => {
    dataDir = writeTinyFashion();
    const root = tempRunDir('commands');
    plainRun = path.join(root, 'fmnist-none');
    mssarRun = path.join(root, 'fmnist-mssar & co');
    assert.strictEqual((await train(quickFlags(dataDir, plainRun, ['--recalibration', 'none']))).result.outcome, 'finished');
    assert.strictEqual((await train(quickFlags(dataDir, mssarRun, ['--recalibration', 'mssar', '--epochs', '1']))).result.outcome, 'finished');
  });

  after(() => {
    removeDir(path.dirname(plainRun));
    removeDir(dataDir);
  });

  it('eval rebuilds the model from the checkpoint and reproduces the run\'s last test metrics', async () => {
    const file = path.join(plainRun, 'last.safetensors');
    const r = await cli(['eval', '--checkpoint', file, '--data', dataDir, '--device', 'cpu', '--json']);
    assert.strictEqual(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { model: string; recalibration: string; epoch: number; images: number; loss: number; top1: number; top5: number };
    const last = readMetrics(plainRun)[1];
    assert.strictEqual(out.model, 'resnet20');
    assert.strictEqual(out.recalibration, 'none');
    assert.strictEqual(out.epoch, 2);
    assert.strictEqual(out.images, 32);
    assert.strictEqual(out.top1, last.top1);
    assert.strictEqual(out.top5, last.top5);
    assert.ok(Math.abs(out.loss - last.test_loss) < 1e-6, `${out.loss} vs ${last.test_loss}`);
    const text = await cli(['eval', '--checkpoint', path.join(mssarRun, 'best.safetensors'), '--device', 'cpu']);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, /resnet20 \+ mssar, epoch 1 on fashion-mnist/);
    assert.match(text.stdout, /fashion-mnist test \(32 images from .*\): loss [\d.]+ {2}top-1 [\d.]+% {2}top-5 [\d.]+%/);
  });

  it('eval reports a missing or corrupt checkpoint, and usage mistakes', async () => {
    const missing = await cli(['eval', '--checkpoint', '/nonexistent/last.safetensors']);
    assert.strictEqual(missing.code, 1);
    assert.match(missing.stderr, /\/nonexistent\/last\.safetensors: no such file/);
    const bad = path.join(path.dirname(plainRun), 'bad.safetensors');
    fs.writeFileSync(bad, Buffer.alloc(40, 7));
    const corrupt = await cli(['eval', '--checkpoint', bad]);
    assert.strictEqual(corrupt.code, 1);
    assert.match(corrupt.stderr, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid safetensors file`));
    const noFile = await cli(['eval']);
    assert.strictEqual(noFile.code, 2);
    assert.match(noFile.stderr, /--checkpoint FILE is required/);
    const wrongDataset = await cli(['eval', '--checkpoint', path.join(plainRun, 'last.safetensors'), '--dataset', 'svhn']);
    assert.strictEqual(wrongDataset.code, 2);
  });

  it('plot writes one SVG with one curve per run per panel and a legend with the recalibrations', async () => {
    const file = path.join(path.dirname(plainRun), 'curves.svg');
    const r = await cli(['plot', plainRun, mssarRun, '--out', file]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*curves\.svg: fmnist-none \(none, 2 epochs\), fmnist-mssar & co \(mssar, 1 epochs\)/);
    const svg = fs.readFileSync(file, 'utf8');
    assert.ok(svg.startsWith('<?xml'));
    assert.match(svg, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    assertWellFormed(svg);
    const panels = svg.split('<g class="panel">').slice(1);
    assert.strictEqual(panels.length, 2);
    assert.match(panels[0], /training loss/);
    assert.match(panels[1], /test top-1/);
    for (const p of panels) {
      const curves = [...p.matchAll(/<path class="curve" data-run="([^"]*)" d="([^"]*)"/g)];
      assert.deepStrictEqual(curves.map((c) => c[1]), ['fmnist-none', 'fmnist-mssar &amp; co']);
      assert.strictEqual(curves[0][2].split('L').length, 2, 'two epochs: two points');
    }
    assert.match(svg, /fmnist-none \(none\), best top-1 [\d.]+%/);
    assert.match(svg, /fmnist-mssar &amp; co \(mssar\), best top-1 [\d.]+%/);
    assert.ok(!/<(script|image|use)\b|href=/.test(svg), 'self-contained, no external references');
  });

  it('plot names a directory without metrics', async () => {
    const empty = tempRunDir('empty');
    const r = await cli(['plot', empty, '--out', path.join(empty, 'x.svg')]);
    assert.strictEqual(r.code, 1);
    assert.match(r.stderr, /no metrics\.jsonl/);
    const noSvg = await cli(['plot', plainRun, '--out', path.join(empty, 'x.png')]);
    assert.strictEqual(noSvg.code, 2);
    removeDir(empty);
  });

  it('--device cuda without a GPU is an Error carrying the reason; auto says why it takes the cpu', async function () {
    const cuda = backends().find((b) => b.name === 'cuda')!;
    if (cuda.available) {
      assert.strictEqual(chooseDevice('auto').device, 'cuda');
      assert.match(chooseDevice('auto').message, /^device: cuda/);
      return; // with a GPU, auto takes it; the rest is about machines without one
    }
    assert.ok(cuda.reason && cuda.reason.length > 0);
    const escaped = cuda.reason!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await assert.rejects(train(quickFlags(dataDir, tempRunDir('cuda'), ['--device', 'cuda'])),
      new RegExp(`--device cuda: cuda is not available: ${escaped}`));
    const auto = chooseDevice('auto');
    assert.strictEqual(auto.device, 'cpu');
    assert.strictEqual(auto.message, `device: cpu (auto: cuda is not available: ${cuda.reason})`);
  });
});
