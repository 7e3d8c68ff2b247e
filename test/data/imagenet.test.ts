// ImageNet (ILSVRC2012 layouts) and folder-per-class trees of JPEGs made with libjpeg-turbo.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { data } from '../../src';
import { equalBytes, JpegFile, removeDir, tempDir, wnids, writeJpegTree } from './fixtures';
import { chwToHwc } from './reference';

function decodedHwc(file: string): { px: Uint8Array; w: number; h: number } {
  const d = data.decodeJpeg(fs.readFileSync(file));
  return { px: d.data, w: d.width, h: d.height };
}

function assertFiles(ds: data.NativeDataset, files: JpegFile[]): void {
  assert.equal(ds.length, files.length);
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (let i = 0; i < ds.length; i++) {
    const s = ds.get(i);
    const f = byPath.get(s.path);
    assert.ok(f, `unexpected file ${s.path}`);
    assert.equal(s.label, f.label, s.path);
    assert.deepEqual(s.shape, [3, f.height, f.width]);
    const want = decodedHwc(f.path);
    assert.ok(equalBytes(chwToHwc(s.image, 3, f.height, f.width), want.px), `${s.path}: pixels differ from decodeJpeg`);
  }
}

describe('data: ImageNet and imageFolder', () => {
  let dir: string;
  const classes = wnids(3);
  let train: JpegFile[];
  before(() => {
    dir = tempDir('imagenet');
    train = writeJpegTree(path.join(dir, 'train'), classes, 4, { min: 40, max: 120 });
  });
  after(() => removeDir(dir));

  it('train: classes are the sorted wnids, labels by folder, pixels as libjpeg-turbo decodes them (CHW)', () => {
    const ds = data.imagenet(dir);
    assert.deepEqual(ds.classes, [...classes].sort());
    assert.deepEqual(ds.sampleShape, [3, -1, -1]);
    assertFiles(ds, train);
  });

  it('files come sorted by path within a class, classes in order', () => {
    const ds = data.imagenet(dir);
    const paths = Array.from({ length: ds.length }, (_, i) => ds.get(i).path);
    assert.deepEqual(paths, [...paths].sort());
  });

  it('val in class folders: labels follow the training classes', () => {
    const root = path.join(dir, 'val-folders');
    fs.mkdirSync(root);
    fs.symlinkSync(path.join(dir, 'train'), path.join(root, 'train'));
    // Only two of the three classes in val: the label indices must still be those of train.
    const val = writeJpegTree(path.join(root, 'val'), [classes[2], classes[1]], 2, { min: 30, max: 50 }, 7)
      .map((f) => ({ ...f, label: classes.indexOf(path.basename(path.dirname(f.path))) }));
    const ds = data.imagenet(root, { split: 'val' });
    assert.deepEqual(ds.classes, classes);
    assertFiles(ds, val);
  });

  function flatVal(root: string, labelOf: (i: number) => number): JpegFile[] {
    // Encode into class folders first, then move the files up: a flat val/ of ILSVRC2012_val_*.JPEG.
    const tmp = path.join(root, 'tmp');
    const files = writeJpegTree(tmp, ['x'], 6, { min: 30, max: 60 }, 11);
    fs.mkdirSync(path.join(root, 'val'), { recursive: true });
    const out = files.map((f, i) => {
      const p = path.join(root, 'val', `ILSVRC2012_val_${String(i + 1).padStart(8, '0')}.JPEG`);
      fs.renameSync(f.path, p);
      return { ...f, path: p, label: labelOf(i) };
    });
    fs.rmSync(tmp, { recursive: true });
    return out;
  }

  it('flat val with LOC_val_solution.csv (first wnid of the prediction string)', () => {
    const root = path.join(dir, 'flat-csv');
    fs.mkdirSync(root);
    fs.symlinkSync(path.join(dir, 'train'), path.join(root, 'train'));
    const files = flatVal(root, (i) => (i * 2) % 3);
    const lines = ['ImageId,PredictionString', ...files.map((f) => `${path.basename(f.path, '.JPEG')},${classes[f.label]} 10 20 30 40 ${classes[(f.label + 1) % 3]} 1 2 3 4`)];
    fs.writeFileSync(path.join(root, 'LOC_val_solution.csv'), lines.reverse().join('\r\n'));
    assertFiles(data.imagenet(root, { split: 'val' }), files);
  });

  it('flat val with a "filename label" file of class indices (val.txt), and with wnids', () => {
    const root = path.join(dir, 'flat-txt');
    fs.mkdirSync(root);
    fs.symlinkSync(path.join(dir, 'train'), path.join(root, 'train'));
    const files = flatVal(root, (i) => (i + 1) % 3);
    fs.writeFileSync(path.join(root, 'val.txt'), files.map((f) => `${path.basename(f.path)} ${f.label}`).join('\n') + '\n');
    assertFiles(data.imagenet(root, { split: 'val' }), files);
    const other = path.join(root, 'mine.txt');
    fs.writeFileSync(other, files.map((f) => `${path.basename(f.path)}\t${classes[f.label]}`).join('\n'));
    assertFiles(data.imagenet(root, { split: 'val', labelsFile: other }), files);
  });

  it("Kaggle's layout: ILSVRC/Data/CLS-LOC/{train,val}, LOC_val_solution.csv and LOC_synset_mapping.txt at the top", () => {
    const top = path.join(dir, 'kaggle');
    const cls = path.join(top, 'ILSVRC', 'Data', 'CLS-LOC');
    fs.mkdirSync(cls, { recursive: true });
    const files = flatVal(cls, (i) => i % 3);
    fs.writeFileSync(path.join(top, 'LOC_val_solution.csv'), ['ImageId,PredictionString',
      ...files.map((f) => `${path.basename(f.path, '.JPEG')},${classes[f.label]} 1 2 3 4`)].join('\n'));
    fs.writeFileSync(path.join(top, 'LOC_synset_mapping.txt'), classes.map((c) => `${c} some name, other name`).join('\n'));
    const ds = data.imagenet(top, { split: 'val' });
    assert.deepEqual(ds.classes, classes);
    assertFiles(ds, files);
  });

  it('imageFolder: classes sorted by name, images found at any depth, other files ignored', () => {
    const root = path.join(dir, 'folder');
    const names = ['zebra', 'Apple', 'mango'];
    const files = writeJpegTree(root, names, 2, { min: 20, max: 40 }, 5, (c, k) => (k === 0 ? `deep/er/${c}.jpg` : `${c}${k}.jpeg`));
    fs.writeFileSync(path.join(root, 'mango', 'notes.txt'), 'not an image');
    const sorted = [...names].sort();
    const ds = data.imageFolder(root);
    assert.deepEqual(ds.classes, sorted);
    assertFiles(ds, files.map((f) => ({ ...f, label: sorted.indexOf(names[f.label]) })));
  });

  it('grey JPEGs come out as RGB with equal channels; CMYK (YCCK) JPEGs as R = C * K / 255', () => {
    const root = path.join(dir, 'colour');
    fs.mkdirSync(path.join(root, 'grey'), { recursive: true });
    fs.mkdirSync(path.join(root, 'cmyk'), { recursive: true });
    const w = 48, h = 32;
    const grey = new Uint8Array(w * h).map((_, i) => (i * 5) & 255);
    fs.writeFileSync(path.join(root, 'grey', 'g.jpg'), data.encodeJpeg(grey, w, h, 1, 95));
    // Flat colour patches, so that JPEG's loss stays small.
    const cmyk = new Uint8Array(w * h * 4);
    const inks = [[255, 128, 0, 200], [40, 250, 180, 255]];
    for (let p = 0; p < w * h; p++) cmyk.set(inks[(p % w) < w / 2 ? 0 : 1], p * 4);
    fs.writeFileSync(path.join(root, 'cmyk', 'c.jpg'), data.encodeJpeg(cmyk, w, h, 4, 98));
    const ds = data.imageFolder(root);
    const c = ds.get(0); // 'cmyk' sorts first
    assert.deepEqual(c.shape, [3, h, w]);
    for (const [x, ink] of [[8, inks[0]], [40, inks[1]]] as const) {
      for (let k = 0; k < 3; k++) {
        const got = c.image[k * w * h + 16 * w + x], want = (ink[k] * ink[3]) / 255;
        assert.ok(Math.abs(got - want) <= 4, `channel ${k} at x ${x}: ${got} vs ${want}`);
      }
    }
    const g = ds.get(1);
    assert.deepEqual(g.shape, [3, h, w]);
    for (let p = 0; p < w * h; p++) {
      assert.equal(g.image[p], g.image[w * h + p]);
      assert.equal(g.image[p], g.image[2 * w * h + p]);
      assert.ok(Math.abs(g.image[p] - grey[p]) <= 12);
    }
  });

  it('the loader gives [B, 3, 224, 224] with imagenetTrain and imagenetEval', async () => {
    const ds = data.imagenet(dir);
    for (const transform of [data.transforms.imagenetTrain(), data.transforms.imagenetEval()]) {
      const l = data.loader(ds, { batchSize: 5, transform, workers: 2, seed: 3 });
      const sizes: number[] = [];
      for await (const b of l) {
        assert.deepEqual(b.images.shape.slice(1), [3, 224, 224]);
        sizes.push(b.images.shape[0]);
        const px = b.images.toArray();
        assert.ok(px.every((v) => Number.isFinite(v) && v > -2.2 && v < 2.7), 'normalized values out of range');
        b.images.dispose();
        b.labels.dispose();
      }
      assert.deepEqual(sizes, [5, 5, 2]);
    }
  });
});
