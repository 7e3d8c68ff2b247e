import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const bin = path.resolve(__dirname, '..', '..', 'bin', 'mssar.js');

describe('mssar gradcheck', () => {
  it('prints a row per case and exits 0 when every check passes', () => {
    const r = spawnSync(process.execPath, [bin, 'gradcheck', '--op', 'relu', '--op', 'sigmoid'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => /^(relu|sigmoid)\s/.test(l));
    assert.ok(rows.length >= 4, r.stdout);
    for (const row of rows) assert.match(row, /^\S+\s+.*?(ok \S+\s+ok \S+|-\s+-)\s+ok /);
    assert.doesNotMatch(r.stdout, /FAIL/);
    assert.match(r.stdout, /all checks passed/);
  });

  it('refuses an unknown op with the list of ops', () => {
    const r = spawnSync(process.execPath, [bin, 'gradcheck', '--op', 'nope'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown op 'nope'; ops: relu/);
  });
});
