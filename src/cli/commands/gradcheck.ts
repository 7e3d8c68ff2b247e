import { parseArgs } from 'util';
import { allSpecs } from '../../gradcheck/cases/index';
import { gradcheckCase, parityCase } from '../../gradcheck/checks';
import { GradcheckResult } from '../../gradcheck/gradcheck';
import { Rng } from '../../gradcheck/rng';
import { backends } from '../../backends';
import { Command, UsageError } from '../command';
import { table } from '../format';

const usage = `usage: mssar gradcheck [options]

Checks every op the way the test suite does, and prints a table:
  fd fast   central differences (float64) against the fast kernels' gradients
  fd ref    central differences against the float64 reference kernels' gradients
  cpu, cuda the float32 kernels' output and gradients against the reference: the worst
            |fast - ref| / (atol + rtol |ref|) over all elements (<= 1 passes)

options:
  --op NAME        only this op (repeatable)
  --device D       cpu, cuda or all (default: all that are available)
  --seed S         seed of the random shapes and values (default 20261125)
  --no-fd          skip the finite-difference checks (parity only)`;

function fd(r: GradcheckResult): string {
  return `${r.ok ? 'ok' : 'FAIL'} ${r.maxAbsError.toExponential(1)}`;
}

function run(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      op: { type: 'string', multiple: true },
      device: { type: 'string' },
      seed: { type: 'string' },
      'no-fd': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const specs = allSpecs();
  const known = specs.map((s) => s.op);
  for (const op of values.op ?? []) {
    if (!known.includes(op)) throw new UsageError(`unknown op '${op}'; ops: ${known.join(', ')}`);
  }
  const cuda = backends().find((b) => b.name === 'cuda')!;
  const device = values.device ?? 'all';
  if (!['cpu', 'cuda', 'all'].includes(device)) throw new UsageError(`--device must be cpu, cuda or all, got '${device}'`);
  if (device === 'cuda' && !cuda.available) throw new Error(`cuda is not available: ${cuda.reason}`);
  const onCpu = device !== 'cuda';
  const onCuda = device !== 'cpu' && cuda.available;
  const seed = values.seed === undefined ? 20261125 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'`);

  const header = ['op', 'case', 'fd fast', 'fd ref', 'cpu', 'cuda'];
  const rows: string[][] = [];
  let failures = 0;
  for (const spec of specs) {
    if (values.op && !values.op.includes(spec.op)) continue;
    for (const c of spec.cases(new Rng(seed))) {
      const cells = [spec.op, c.name];
      const check = (ok: boolean, text: string) => {
        if (!ok) failures++;
        cells.push(text);
      };
      if (values['no-fd'] || c.skipGradcheck) {
        cells.push('-', '-');
      } else {
        const fast = gradcheckCase(c, false);
        check(fast.ok, fd(fast));
        const ref = gradcheckCase(c, true);
        check(ref.ok, fd(ref));
      }
      for (const [on, dev] of [[onCpu, 'cpu'], [onCuda, 'cuda']] as const) {
        if (!on) {
          cells.push('-');
          continue;
        }
        const p = parityCase(c, dev);
        check(p.ok, `${p.ok ? 'ok' : 'FAIL'} ${p.worstRatio.toFixed(2)}`);
      }
      rows.push(cells);
    }
  }
  console.log(table(header, rows, 2));
  if (!onCuda) console.log(`\ncuda: not checked (${cuda.available ? 'not asked for' : cuda.reason})`);
  console.log(`\n${rows.length} cases, ${failures === 0 ? 'all checks passed' : `${failures} checks FAILED`}`);
  return failures === 0 ? 0 : 1;
}

export const gradcheckCommand: Command = {
  name: 'gradcheck',
  summary: 'check every op: finite differences and float32 parity with the float64 reference',
  run,
};
