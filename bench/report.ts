// The benchmark suite's report: the markdown table of docs/performance.md and the summary lines
// checked against the project's targets.
import type { SideResult } from './run';

export interface Row {
  model: string;
  recalibration: string;
  mode: string;
  ours: SideResult;
  torch: SideResult | null;
}

export interface ReportHeader {
  date: string;
  machine: { cpu: string; cpus: number; loadavgStart: number[]; loadavgEnd: number[] };
  threads: number;
  batch: number;
  steps: number;
  warmup: number;
  versions: { ours: string; node: string; torch: string | null; torchOnednn: string | null };
  torchMissing: string | null;
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

function find(rows: Row[], model: string, recalibration: string, mode: string): Row | undefined {
  return rows.find((r) => r.model === model && r.recalibration === recalibration && r.mode === mode);
}

/** The targets, each with what this run measured. */
export function summaryLines(rows: Row[]): string[] {
  const out: string[] = [];
  const models = [...new Set(rows.map((r) => r.model))];
  for (const model of models) {
    for (const mode of ['train', 'eval']) {
      const none = find(rows, model, 'none', mode);
      if (!none) continue;
      const training = mode === 'train';
      const what = `${model} ${training ? 'training' : 'inference'}`;
      // The project's targets are about training steps; inference is reported alongside.
      const target = (t: string) => (training ? ` (target ${t})` : '');
      if (none.torch) {
        out.push(`${what}: ours ${fmt(none.ours.images_per_s)} img/s, PyTorch ${fmt(none.torch.images_per_s)} img/s: ` +
          `${fmt(none.ours.images_per_s / none.torch.images_per_s, 2)}x${target('>= 1.0')}`);
      }
      const mssar = find(rows, model, 'mssar', mode);
      if (mssar?.torch) {
        out.push(`${what} with MS-SAR: ours ${fmt(mssar.ours.images_per_s)} img/s, PyTorch (depthwise conv + sigmoid + mul) ` +
          `${fmt(mssar.torch.images_per_s)} img/s: ${fmt(mssar.ours.images_per_s / mssar.torch.images_per_s, 2)}x${target('>= 3')}`);
      }
      if (mssar) {
        out.push(`${what}: our MS-SAR step takes ${fmt(mssar.ours.ms_per_step / none.ours.ms_per_step, 3)}x our plain step` +
          target('<= 1.15'));
      }
      const se = find(rows, model, 'se', mode);
      if (se) out.push(`${what}: our SE step takes ${fmt(se.ours.ms_per_step / none.ours.ms_per_step, 3)}x our plain step${target('<= 1.10')}`);
    }
  }
  const paired = rows.filter((r) => r.torch);
  if (paired.length) {
    const lower = paired.filter((r) => r.ours.peak_rss_mb <= r.torch!.peak_rss_mb).length;
    out.push(`peak RSS: ours at or below PyTorch's in ${lower} of ${paired.length} configurations (target: all)`);
  }
  return out;
}

/** The generated section of docs/performance.md. */
export function markdownTable(h: ReportHeader, rows: Row[]): string {
  const lines: string[] = [];
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' ');
  lines.push(`Measured ${h.date.slice(0, 16).replace('T', ' ')} UTC on ${h.machine.cpu} (${h.machine.cpus} cpus), ` +
    `${h.threads} thread${h.threads === 1 ? '' : 's'} on both sides, batch ${h.batch}, ${h.warmup} warm-up + ${h.steps} timed steps, ` +
    `load average ${load(h.machine.loadavgStart)} at the start and ${load(h.machine.loadavgEnd)} at the end.`);
  lines.push(`Ours: ${h.versions.ours}, Node ${h.versions.node}. ` +
    (h.versions.torch ? `PyTorch ${h.versions.torch} (oneDNN ${h.versions.torchOnednn ?? '?'}), channels_last.`
      : `PyTorch: not measured (${h.torchMissing ?? 'unavailable'}).`));
  lines.push('');
  lines.push('| model | recalibration | mode | ours img/s | PyTorch img/s | ours / PyTorch | ours ms/step | PyTorch ms/step | ours peak RSS MiB | our tensors peak MiB | PyTorch peak RSS MiB |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const t = r.torch;
    lines.push(`| ${r.model} | ${r.recalibration} | ${r.mode} | ${fmt(r.ours.images_per_s)} | ${t ? fmt(t.images_per_s) : '-'} | ` +
      `${t ? `${fmt(r.ours.images_per_s / t.images_per_s, 2)}x` : '-'} | ${fmt(r.ours.ms_per_step)} | ${t ? fmt(t.ms_per_step) : '-'} | ` +
      `${fmt(r.ours.peak_rss_mb, 0)} | ${r.ours.native_peak_mb !== undefined ? fmt(r.ours.native_peak_mb, 0) : '-'} | ` +
      `${t ? fmt(t.peak_rss_mb, 0) : '-'} |`);
  }
  lines.push('');
  for (const s of summaryLines(rows)) lines.push(`- ${s}`);
  return lines.join('\n');
}

const START = '<!-- bench:start -->', END = '<!-- bench:end -->';

/** text with the part between the bench markers replaced (the markers appended when missing). */
export function replaceBetweenMarkers(text: string, body: string): string {
  const a = text.indexOf(START), b = text.indexOf(END);
  const block = `${START}\n${body}\n${END}`;
  if (a < 0 || b < a) return `${text.trimEnd()}\n\n${block}\n`;
  return text.slice(0, a) + block + text.slice(b + END.length);
}
