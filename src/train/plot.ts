// Training curves as a self-contained SVG: training loss and test top-1 against the epoch, one
// colour per run, a legend naming each run with its recalibration and best top-1. Each run is one
// <path class="curve"> per panel, so none / se / mssar can be compared at a glance.
import type { EpochMetrics } from './metrics';

export interface PlotRun {
  name: string;
  recalibration: string;
  model?: string;
  dataset?: string;
  rows: EpochMetrics[];
}

export interface PlotOptions {
  title?: string;
}

// Tableau 10: distinct for the colour-blind and on paper.
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'];

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A step of 1, 2 or 5 times a power of ten giving about `count` intervals over [lo, hi]. */
function niceStep(lo: number, hi: number, count: number): number {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
}

function niceAxis(values: number[], count: number, clamp?: { min?: number; max?: number }): Axis {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.05 : 0.5;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(lo, hi, count);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  if (clamp?.min !== undefined) lo = Math.max(lo, clamp.min);
  if (clamp?.max !== undefined) hi = Math.min(hi, clamp.max);
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step * 1e-6; t += step) ticks.push(Number(t.toFixed(10)));
  return { lo, hi, ticks };
}

function tickLabel(v: number, step: number): string {
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(digits);
}

interface Panel {
  title: string;
  value(r: EpochMetrics): number;
  clamp?: { min?: number; max?: number };
}

const PANEL_W = 420;
const PANEL_H = 300;
const MARGIN = { left: 64, right: 36, top: 70, gap: 84 };
const WIDTH = MARGIN.left + 2 * PANEL_W + MARGIN.gap + MARGIN.right;

function renderPanel(panel: Panel, runs: PlotRun[], x0: number, y0: number, maxEpoch: number): string {
  const values = runs.flatMap((r) => r.rows.map(panel.value)).filter(Number.isFinite);
  const yAxis = niceAxis(values.length ? values : [0, 1], 5, panel.clamp);
  const xStep = niceStep(0, maxEpoch, 8);
  const xTicks: number[] = [];
  for (let e = xStep >= 1 ? Math.max(1, Math.round(xStep)) : 1; e <= maxEpoch; e += Math.max(1, Math.round(xStep))) xTicks.push(e);
  if (!xTicks.includes(0)) xTicks.unshift(0);
  const sx = (e: number): number => x0 + (e / maxEpoch) * PANEL_W;
  const sy = (v: number): number => y0 + PANEL_H - ((v - yAxis.lo) / (yAxis.hi - yAxis.lo)) * PANEL_H;
  const out: string[] = [];
  out.push(`<g class="panel">`);
  out.push(`<text x="${x0 + PANEL_W / 2}" y="${y0 - 14}" class="panel-title" text-anchor="middle">${escapeXml(panel.title)}</text>`);
  out.push(`<rect x="${x0}" y="${y0}" width="${PANEL_W}" height="${PANEL_H}" fill="#fbfbfd" stroke="none"/>`);
  const yStep = yAxis.ticks.length > 1 ? yAxis.ticks[1] - yAxis.ticks[0] : 1;
  for (const t of yAxis.ticks) {
    const y = sy(t).toFixed(1);
    out.push(`<line x1="${x0}" y1="${y}" x2="${x0 + PANEL_W}" y2="${y}" class="grid"/>`);
    out.push(`<text x="${x0 - 8}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${tickLabel(t, yStep)}</text>`);
  }
  for (const e of xTicks) {
    const x = sx(e).toFixed(1);
    out.push(`<line x1="${x}" y1="${y0}" x2="${x}" y2="${y0 + PANEL_H}" class="grid"/>`);
    out.push(`<text x="${x}" y="${y0 + PANEL_H + 18}" class="tick" text-anchor="middle">${e}</text>`);
  }
  out.push(`<line x1="${x0}" y1="${y0 + PANEL_H}" x2="${x0 + PANEL_W}" y2="${y0 + PANEL_H}" class="axis"/>`);
  out.push(`<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y0 + PANEL_H}" class="axis"/>`);
  out.push(`<text x="${x0 + PANEL_W / 2}" y="${y0 + PANEL_H + 40}" class="label" text-anchor="middle">epoch</text>`);
  const showMarkers = runs.every((r) => r.rows.length <= 40);
  runs.forEach((run, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = run.rows.filter((r) => Number.isFinite(panel.value(r))).map((r) => [sx(r.epoch), sy(panel.value(r))] as const);
    const d = pts.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    out.push(`<path class="curve" data-run="${escapeXml(run.name)}" d="${d || `M${x0},${y0 + PANEL_H}`}" stroke="${colour}"/>`);
    if (showMarkers) {
      for (const [x, y] of pts) out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${colour}" stroke="#ffffff" stroke-width="1"/>`);
    }
  });
  out.push('</g>');
  return out.join('\n');
}

/** The SVG document of the runs' curves. */
export function renderCurves(runs: PlotRun[], opts: PlotOptions = {}): string {
  if (runs.length === 0) throw new Error('plot: no runs to plot');
  const maxEpoch = Math.max(1, ...runs.flatMap((r) => r.rows.map((x) => x.epoch)));
  const datasets = [...new Set(runs.map((r) => r.dataset).filter((d): d is string => !!d))];
  const modelsUsed = [...new Set(runs.map((r) => r.model).filter((m): m is string => !!m))];
  const subject = [datasets.length === 1 ? datasets[0] : '', modelsUsed.length === 1 ? modelsUsed[0] : ''].filter(Boolean).join(' / ');
  const title = opts.title ?? (subject === '' ? 'training curves' : subject);
  const panels: Panel[] = [
    { title: 'training loss', value: (r) => r.train_loss, clamp: { min: 0 } },
    { title: 'test top-1 accuracy (%)', value: (r) => 100 * r.top1, clamp: { min: 0, max: 100 } },
  ];
  // The legend: as many columns as fit, one row per few runs.
  const label = (run: PlotRun): string => {
    const best = run.rows.length ? Math.max(...run.rows.map((r) => r.top1)) : NaN;
    return `${run.name} (${run.recalibration})${Number.isFinite(best) ? `, best top-1 ${(100 * best).toFixed(2)}%` : ''}`;
  };
  // About 7 px per character at the legend's size.
  const entryW = Math.min(WIDTH - 40, 50 + 7 * Math.max(...runs.map((r) => label(r).length)));
  const perRow = Math.max(1, Math.floor((WIDTH - 40) / entryW));
  const legendRows = Math.ceil(runs.length / perRow);
  const legendY = MARGIN.top + PANEL_H + 70;
  const height = legendY + legendRows * 24 + 20;
  const parts: string[] = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ` +
    `font-family="'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif">`);
  parts.push(`<style>
  .title { font-size: 18px; font-weight: 600; fill: #222222; }
  .panel-title { font-size: 14px; font-weight: 600; fill: #333333; }
  .tick { font-size: 11px; fill: #555555; }
  .label { font-size: 12px; fill: #444444; }
  .legend { font-size: 12.5px; fill: #222222; }
  .grid { stroke: #e3e3ea; stroke-width: 1; }
  .axis { stroke: #888888; stroke-width: 1; }
  .curve { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
</style>`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(`<text x="${WIDTH / 2}" y="30" class="title" text-anchor="middle">${escapeXml(title)}</text>`);
  panels.forEach((p, k) => {
    parts.push(renderPanel(p, runs, MARGIN.left + k * (PANEL_W + MARGIN.gap), MARGIN.top, maxEpoch));
  });
  parts.push('<g class="legend">');
  const legendX0 = (WIDTH - Math.min(runs.length, perRow) * entryW) / 2;
  runs.forEach((run, i) => {
    const x = legendX0 + (i % perRow) * entryW;
    const y = legendY + Math.floor(i / perRow) * 24;
    const text = label(run);
    parts.push(`<line x1="${x}" y1="${y}" x2="${x + 26}" y2="${y}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="3" stroke-linecap="round"/>`);
    parts.push(`<text x="${x + 34}" y="${y}" class="legend" dominant-baseline="middle">${escapeXml(text)}</text>`);
  });
  parts.push('</g>');
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
