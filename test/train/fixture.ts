// A tiny Fashion-MNIST-format dataset (IDX files, 16x16 images) for fast training tests: each class
// is a bright bar at its own place on noise, so a few steps already learn something.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FixtureRng, idxImages, idxLabels } from '../data/fixtures';
import { main } from '../../src/cli/main';
import { parseTrainArgs, runTraining, RunHooks, RunResult } from '../../src/train';
import { captureConsole } from '../console';

export const SIZE = 16;

function samples(n: number, rng: FixtureRng): { images: Uint8Array[]; labels: number[] } {
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const label = rng.below(10);
    const img = new Uint8Array(SIZE * SIZE);
    for (let i = 0; i < img.length; i++) img[i] = rng.below(80);
    const row = 2 + label;
    for (let x = 2; x < SIZE - 2; x++) img[row * SIZE + x] = 200 + rng.below(56);
    images.push(img);
    labels.push(label);
  }
  return { images, labels };
}

/** Writes train (trainCount) and test (testCount) IDX files into a new temporary folder. */
export function writeTinyFashion(trainCount = 64, testCount = 32, seed = 7): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-train-data-'));
  const rng = new FixtureRng(seed);
  const train = samples(trainCount, rng);
  const test = samples(testCount, rng);
  fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte'), idxImages(train.images, SIZE, SIZE));
  fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), idxLabels(train.labels));
  fs.writeFileSync(path.join(dir, 't10k-images-idx3-ubyte'), idxImages(test.images, SIZE, SIZE));
  fs.writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte'), idxLabels(test.labels));
  return dir;
}

export function tempRunDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mssar-train-${tag}-`));
}

/** The flags of a quick CPU run on the tiny dataset (one kernel thread: fast on a busy machine, the same sums every time). */
export function quickFlags(data: string, out: string, extra: string[] = []): string[] {
  return ['--dataset', 'fashion-mnist', '--data', data, '--out', out, '--model', 'resnet20', '--batch-size', '16',
    '--eval-batch-size', '16', '--epochs', '2', '--device', 'cpu', '--threads', '1', '--workers', '1', '--seed', '3', ...extra];
}

/** Collects what a run writes. */
export class Capture {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

export interface QuickRun {
  result: RunResult;
  stdout: string;
  stderr: string;
}

/** runTraining in this process on the given flags, output captured (no progress bar). */
export async function train(flags: string[], hooks: RunHooks = {}): Promise<QuickRun> {
  const out = new Capture();
  const err = new Capture();
  const result = await runTraining(parseTrainArgs(flags), { stdout: out, stderr: err, tty: false, ...hooks });
  return { result, stdout: out.text, stderr: err.text };
}

/** The CLI in this process: exit code and what it printed with console.log / console.error. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { value, out, err } = await captureConsole(() => main(argv));
  const text = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');
  return { code: value, stdout: text(out), stderr: text(err) };
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
