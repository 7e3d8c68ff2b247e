// Every JavaScript code block of README.md runs, as written, in its own Node process.
//
// The convention (also stated in README.md, "Using it"):
// - a block fenced ```js, ```javascript or ```cjs is a CommonJS script (`require('mssar')`), run as
//   a .cjs file;
// - a block fenced ```mjs is an ES module (`import ... from 'mssar'`, top-level await allowed), run
//   as a .mjs file;
// - a block fenced ```ts or ```typescript is an ES module too: its types are stripped with
//   TypeScript's transpileModule (not type-checked) and it runs as a .mjs file;
// - shell blocks (```sh, ```bash, ...) and plain text are not run; any other fence language fails
//   the test, so that a new kind of block is a decision and not an oversight.
// Each block must be self-contained (its own require or import) and quick (a few seconds; no long
// training, no download). It runs in a fresh temporary folder, its working directory, that holds
// node_modules/mssar as a symbolic link to this checkout, so that `require('mssar')` and
// `import 'mssar'` load this checkout's build (package.json `main`: dist/src/index.js) and
// whatever the block writes is removed afterwards. A failure names the block by its line in
// README.md and shows the end of its output.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const BLOCK_TIMEOUT_MS = 90_000;

export type SnippetKind = 'cjs' | 'mjs' | 'ts';

export interface Snippet {
  /** The file it came from, for messages. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language, as written. */
  lang: string;
  kind: SnippetKind;
  code: string;
}

const RUNNABLE: Record<string, SnippetKind> = {
  js: 'cjs', javascript: 'cjs', cjs: 'cjs', mjs: 'mjs', ts: 'ts', typescript: 'ts',
};
const NOT_RUN = new Set(['', 'sh', 'bash', 'shell', 'console', 'text', 'txt', 'json', 'jsonl', 'diff', 'cpp', 'c', 'cmake', 'python', 'py']);

/** Every fenced block of a Markdown text: its language, the line of its opening fence and its text. */
export function fencedBlocks(markdown: string): { line: number; lang: string; code: string }[] {
  const lines = markdown.split(/\r?\n/);
  const out: { line: number; lang: string; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      // Content lines lose up to the fence's indentation (CommonMark).
      let k = 0;
      while (k < indent.length && lines[j][k] === ' ') k++;
      body.push(lines[j].slice(k));
    }
    out.push({ line: i + 1, lang: info.toLowerCase(), code: body.join('\n') + '\n' });
    i = j; // an unclosed fence runs to the end of the document
  }
  return out;
}

/** The blocks of `markdown` that are run, and the fence languages that are neither run nor known. */
export function runnableSnippets(markdown: string, file: string): { snippets: Snippet[]; unknown: { line: number; lang: string }[] } {
  const snippets: Snippet[] = [];
  const unknown: { line: number; lang: string }[] = [];
  for (const b of fencedBlocks(markdown)) {
    const kind = RUNNABLE[b.lang];
    if (kind) snippets.push({ file, line: b.line, lang: b.lang, kind, code: b.code });
    else if (!NOT_RUN.has(b.lang)) unknown.push({ line: b.line, lang: b.lang });
  }
  return { snippets, unknown };
}

export interface RunResult {
  ok: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
  /** What went wrong, naming the block; empty when ok. */
  message: string;
}

/** Source of the file to run and its extension. */
function toRunnable(s: Snippet): { source: string; ext: string } {
  if (s.kind === 'cjs') return { source: s.code, ext: '.cjs' };
  if (s.kind === 'mjs') return { source: s.code, ext: '.mjs' };
  const js = ts.transpileModule(s.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: 'snippet.ts',
  }).outputText;
  return { source: js, ext: '.mjs' };
}

/**
 * Runs one block with `node` in a temporary folder whose node_modules/mssar links to `packageRoot`,
 * and says whether it exited 0 within `timeoutMs`.
 */
export async function runSnippet(s: Snippet, opts: { timeoutMs?: number; packageRoot?: string } = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? BLOCK_TIMEOUT_MS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-readme-'));
  const link = path.join(dir, 'node_modules', 'mssar');
  try {
    fs.mkdirSync(path.dirname(link));
    fs.symlinkSync(opts.packageRoot ?? ROOT, link, 'dir');
    const { source, ext } = toRunnable(s);
    const file = path.join(dir, `readme-line-${s.line}${ext}`);
    fs.writeFileSync(file, source);
    const r = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [file], { cwd: dir, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, timedOut, output }); });
    });
    const ok = !r.timedOut && r.code === 0;
    const where = `${s.file}:${s.line} (\`\`\`${s.lang} block)`;
    const why = r.timedOut ? `did not finish within ${timeoutMs / 1000} s` : r.signal ? `was killed by ${r.signal}` : `exited with code ${r.code}`;
    const tail = r.output.length > 4000 ? '...' + r.output.slice(-4000) : r.output;
    return { ...r, ok, message: ok ? '' : `${where} ${why}; its output:\n${tail}` };
  } finally {
    // Remove the link first, so that nothing below it is ever touched, then the folder.
    try { fs.unlinkSync(link); } catch { /* not made */ }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('README.md code blocks', function () {
  const markdown = fs.readFileSync(README, 'utf8');
  const { snippets, unknown } = runnableSnippets(markdown, 'README.md');

  it('has JavaScript blocks, and no fence language outside the convention', function () {
    assert.ok(snippets.some((s) => s.kind === 'cjs'), 'README.md has no ```js (CommonJS) block');
    assert.ok(snippets.some((s) => s.kind === 'mjs'), 'README.md has no ```mjs (ES module) block');
    assert.deepEqual(unknown, [], 'fence languages neither run nor known not to be code (see test/readme.test.ts)');
  });

  it('the package main the blocks load is built', function () {
    const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main as string;
    assert.ok(fs.existsSync(path.join(ROOT, main)), `${main} is missing: build the TypeScript first`);
  });

  for (const s of snippets) {
    it(`runs the \`\`\`${s.lang} block at README.md:${s.line}`, async function () {
      this.timeout(BLOCK_TIMEOUT_MS + 30_000);
      const r = await runSnippet(s);
      assert.ok(r.ok, r.message);
    });
  }
});

describe('README block runner', function () {
  this.timeout(60_000);
  const snippet = (kind: SnippetKind, code: string, line = 1): Snippet => ({ file: 'test.md', line, lang: kind === 'cjs' ? 'js' : kind, kind, code });

  it('finds fenced blocks with their languages and opening lines', function () {
    const md = [
      '# t', '', '```js', 'a()', '```', '', '```sh', 'npm ci', '```', '  ```mjs', '  await b()', '  ```',
      '~~~ts', 'const c: number = 1', '~~~', '````jsx', 'x', '````', '```', 'plain', '```',
    ].join('\n');
    const { snippets, unknown } = runnableSnippets(md, 'test.md');
    assert.deepEqual(snippets.map((s) => [s.line, s.lang, s.kind, s.code]), [
      [3, 'js', 'cjs', 'a()\n'],
      [10, 'mjs', 'mjs', 'await b()\n'],
      [13, 'ts', 'ts', 'const c: number = 1\n'],
    ]);
    assert.deepEqual(unknown, [{ line: 16, lang: 'jsx' }]);
  });

  it('resolves mssar to this checkout from CommonJS and from an ES module', async function () {
    const main = path.join(fs.realpathSync(ROOT), 'dist', 'src', 'index.js');
    const cjs = await runSnippet(snippet('cjs',
      `const assert = require('assert');\nassert.equal(require.resolve('mssar'), ${JSON.stringify(main)});\n`));
    assert.ok(cjs.ok, cjs.message);
    const esm = await runSnippet(snippet('mjs',
      `import { createRequire } from 'module';\nimport * as m from 'mssar';\n` +
      `if (typeof m.tensor !== 'function') throw new Error('no named exports');\n` +
      `if (createRequire(import.meta.url).resolve('mssar') !== ${JSON.stringify(main)}) throw new Error('wrong mssar');\n`));
    assert.ok(esm.ok, esm.message);
  });

  it('runs a TypeScript block with its types stripped', async function () {
    const r = await runSnippet(snippet('ts', `import { tensor } from 'mssar';\nconst n: number = tensor([1, 2, 3]).size;\nif (n !== 3) process.exit(1);\n`));
    assert.ok(r.ok, r.message);
  });

  it('detects a block that throws, and names its line', async function () {
    const r = await runSnippet(snippet('cjs', `require('mssar');\nthrow new Error('deliberately broken');\n`, 42));
    assert.equal(r.ok, false);
    assert.notEqual(r.code, 0);
    assert.match(r.message, /^test\.md:42 \(```js block\) exited with code 1/);
    assert.match(r.message, /deliberately broken/);
  });

  it('detects a CommonJS block that uses top-level for await (a SyntaxError)', async function () {
    const r = await runSnippet(snippet('cjs', `const xs = [1];\nfor await (const x of xs) console.log(x);\n`));
    assert.equal(r.ok, false);
    assert.match(r.output, /SyntaxError/);
  });

  it('detects a block that does not finish in time', async function () {
    const r = await runSnippet(snippet('cjs', 'setInterval(() => {}, 1000);\n'), { timeoutMs: 1500 });
    assert.equal(r.ok, false);
    assert.equal(r.timedOut, true);
    assert.match(r.message, /did not finish within 1\.5 s/);
  });
});
