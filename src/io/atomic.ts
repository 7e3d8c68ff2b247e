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
  refuseDirectory('writeFileAtomic', file);
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    try {
      for (const c of chunks) {
        let off = 0;
        while (off < c.length) off += fs.writeSync(fd, c, off, c.length - off);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    // A failed write or rename (a full disk, a directory created at `file` meanwhile) leaves no
    // temporary file behind, and the old version whole.
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  // Make the rename itself durable.
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some filesystems do not allow fsync on a directory; the rename is still atomic.
  }
}

/** Throws, naming `fn`, when `file` is an existing directory: nothing could replace it. */
export function refuseDirectory(fn: string, file: string): void {
  let isDir = false;
  try {
    isDir = fs.statSync(file).isDirectory();
  } catch {
    return; // absent (or unreadable: the write says why)
  }
  if (isDir) throw new Error(`${fn}: ${show(file)} is a directory, not a file to write`);
}
