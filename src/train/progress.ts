// Progress of a run. On a terminal: one line redrawn in place (epoch, batch/total, loss, accuracy,
// images/s, ETA). Elsewhere (a pipe, a CI log): plain lines, one per epoch and at most three more
// within an epoch (at its quarters, when at least `quietSeconds` have passed since the last line).
export interface BatchProgress {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch. */
  batch: number;
  batches: number;
  /** Running means over the epoch so far. */
  loss: number;
  acc: number;
  lr: number;
  imagesPerS: number;
  /** Seconds left in the whole run (estimated). */
  etaSeconds: number;
}

export interface ProgressStream {
  write(s: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** 75 -> '1:15', 3725 -> '1:02:05'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

export class Progress {
  private readonly tty: boolean;
  private lastDraw = 0;
  private lastLine = 0;
  private barShown = false;
  private quarter = 0;

  constructor(private readonly stream: ProgressStream, opts: { tty?: boolean; quietSeconds?: number } = {}) {
    this.tty = opts.tty ?? stream.isTTY === true;
    this.quietSeconds = opts.quietSeconds ?? 20;
    this.lastLine = performance.now();
  }

  private readonly quietSeconds: number;

  /** Reports the state after a batch; draws (terminal) or prints (quarters, elsewhere) when due. */
  batch(p: BatchProgress): void {
    const now = performance.now();
    if (this.tty) {
      if (now - this.lastDraw < 100 && p.batch < p.batches) return;
      this.lastDraw = now;
      this.draw(this.barLine(p));
      return;
    }
    if (p.batch === 1) this.quarter = 0;
    const q = Math.floor((4 * p.batch) / p.batches);
    if (q > this.quarter && q < 4) {
      this.quarter = q;
      if ((now - this.lastLine) / 1000 >= this.quietSeconds) this.line(this.plainLine(p));
    }
  }

  /** On a terminal, shows `text` in place of the progress bar until the next draw; elsewhere nothing. */
  status(text: string): void {
    if (this.tty) this.draw(text);
  }

  /** A line of its own (the progress bar, if any, is cleared first and redrawn by the next batch). */
  line(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
    this.lastLine = performance.now();
  }

  /** Removes the progress bar, if one is drawn. */
  clear(): void {
    if (this.barShown) {
      this.stream.write('\r\x1b[K');
      this.barShown = false;
    }
  }

  private draw(text: string): void {
    // A terminal of unknown width (a pseudo-terminal reporting 0 columns) gets 100.
    const columns = this.stream.columns && this.stream.columns > 0 ? this.stream.columns : 100;
    const width = Math.max(20, columns - 1);
    this.stream.write(`\r\x1b[K${text.length > width ? text.slice(0, width) : text}`);
    this.barShown = true;
  }

  private barLine(p: BatchProgress): string {
    const cells = 20;
    const filled = Math.round((cells * p.batch) / Math.max(1, p.batches));
    const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? (filled === cells ? '=' : '>') : ''}${' '.repeat(cells - filled)}`;
    const w = String(p.batches).length;
    return `epoch ${p.epoch + 1}/${p.epochs} [${bar}] ${String(p.batch).padStart(w)}/${p.batches}  loss ${p.loss.toFixed(4)}  ` +
      `acc ${pct(p.acc)}  ${p.imagesPerS.toFixed(0)} img/s  ETA ${formatDuration(p.etaSeconds)}`;
  }

  private plainLine(p: BatchProgress): string {
    return `epoch ${p.epoch + 1}/${p.epochs}  batch ${p.batch}/${p.batches}  loss ${p.loss.toFixed(4)}  acc ${pct(p.acc)}  ` +
      `lr ${p.lr.toPrecision(3)}  ${p.imagesPerS.toFixed(0)} img/s  ETA ${formatDuration(p.etaSeconds)}`;
  }
}
