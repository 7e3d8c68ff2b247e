// The package's version, read from its package.json (this file runs as dist/src/version.js).
import * as fs from 'fs';
import * as path from 'path';

let cached: string | null = null;

/** The version in package.json, or 'unknown' when the file cannot be read. */
export function version(): string {
  if (cached === null) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
      cached = pkg.version ?? 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
