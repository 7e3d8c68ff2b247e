// The benchmark scripts check their command line before measuring anything: --help prints the
// usage, and an unknown flag, a stray argument or a missing value is refused with exit status 2,
// so that a typo never starts a long run that overwrites a results file.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkFlags } from '../bench/common';

const root = path.resolve(__dirname, '..', '..');
// Every script of bench/ (common and report are the scripts' libraries), so that a new one is checked too.
const SCRIPTS = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') && !['common.ts', 'report.ts'].includes(f))
  .map((f) => f.slice(0, -3));

function runScript(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', `${name}.js`), ...args], { encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** checkFlags in this process, with process.exit and the streams caught. */
function check(argv: string[], valued: string[], switches: string[] = []): { code: number | null; out: string } {
  const exit = process.exit, write = [process.stdout.write, process.stderr.write];
  let out = '';
  let code: number | null = null;
  process.exit = ((c?: number) => {
    code = c ?? 0;
    throw new Error('exit');
  }) as typeof process.exit;
  process.stdout.write = process.stderr.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  try {
    checkFlags('bench x [--a N] [--b]', valued, switches, argv);
  } catch (e) {
    if ((e as Error).message !== 'exit') throw e;
  } finally {
    process.exit = exit;
    [process.stdout.write, process.stderr.write] = write;
  }
  return { code, out };
}

describe('bench scripts: their command lines', function () {
  this.timeout(120000);

  it('checkFlags takes the flags given, refuses others, prints the usage on --help', () => {
    assert.deepStrictEqual(check(['--a', '3', '--b'], ['a'], ['b']), { code: null, out: '' });
    assert.deepStrictEqual(check(['--a=3'], ['a']), { code: null, out: '' });
    assert.deepStrictEqual(check(['--help'], ['a']), { code: 0, out: 'usage: bench x [--a N] [--b]\n' });
    assert.deepStrictEqual(check(['-h'], ['a']).code, 0);
    for (const [argv, why] of [[['--c'], 'unknown flag --c'], [['--a'], '--a needs a value'], [['--a', '--b'], '--a needs a value'],
      [['3'], "unexpected argument '3'"], [['--b=1'], 'unknown flag --b=1']] as const) {
      const r = check([...argv], ['a'], ['b']);
      assert.strictEqual(r.code, 2, argv.join(' '));
      assert.strictEqual(r.out, `${why}\nusage: bench x [--a N] [--b]\n`);
    }
  });

  it('finds the scripts', () => assert.ok(SCRIPTS.includes('train') && SCRIPTS.includes('run') && SCRIPTS.length >= 13, SCRIPTS.join(', ')));

  for (const name of SCRIPTS) {
    it(`${name}: --help prints its usage, an unknown flag is refused, and neither measures or writes anything`, () => {
      const results = fs.readdirSync(path.join(root, 'bench', 'results')).map((f) => [f, fs.statSync(path.join(root, 'bench', 'results', f)).mtimeMs]);
      const help = runScript(name, ['--help']);
      assert.strictEqual(help.status, 0, help.stderr);
      assert.match(help.stdout, /^usage: /);
      const bad = runScript(name, ['--no-such-flag']);
      assert.strictEqual(bad.status, 2, bad.stdout + bad.stderr);
      assert.match(bad.stderr, /^unknown flag --no-such-flag\nusage: /);
      assert.deepStrictEqual(fs.readdirSync(path.join(root, 'bench', 'results')).map((f) => [f, fs.statSync(path.join(root, 'bench', 'results', f)).mtimeMs]), results);
    });
  }
});
