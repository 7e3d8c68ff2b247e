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
