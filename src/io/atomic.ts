// Files that are either wholly the old version or wholly the new one: write a temporary file next
// to the target, flush it to disk, then rename over the target (atomic on POSIX filesystems).
import { show } from '../check';
import * as fs from 'fs';
import * as path from 'path';

export function writeFileAtomic(file: string, chunks: readonly Uint8Array[]): void {
  if (typeof file !== 'string' || file === '') throw new Error(`writeFileAtomic: file must be a non-empty path, got ${show(file)}`);
  if (!Array.isArray(chunks) || !chunks.every((c) => c instanceof Uint8Array)) {
    throw new Error(`writeFileAtomic: chunks must be an array of Uint8Arrays, got ${show(chunks)}`);
  }
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const c of chunks) {
      let off = 0;
      while (off < c.length) off += fs.writeSync(fd, c, off, c.length - off);
    }
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  // Make the rename itself durable.
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some filesystems do not allow fsync on a directory; the rename is still atomic.
  }
}
