// Plain-text tables and number formats for the CLI.

/** 40742080 -> '40.74M', 1816560000 -> '1.82G'. */
export function si(n: number, digits = 2): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(digits)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(digits)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(digits)}K`;
  return String(n);
}

/** 269722 -> '269,722'. */
export function grouped(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Columns padded to their widest cell; the first `textColumns` left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][], textColumns = 1): string {
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]): string => r.map((cell, j) => (j < textColumns ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
