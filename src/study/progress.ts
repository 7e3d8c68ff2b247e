// Progress of a whole study: runs done of the total, the runs under way (with their epoch), and an
// ETA from the epoch times seen so far. On a terminal one line is redrawn in place; elsewhere each
// event is a plain line.
import { formatDuration, Progress, ProgressStream } from '../train/progress';

interface Active {
  name: string;
  epoch: number;
  epochs: number;
}

export class StudyProgress {
  private readonly out: Progress;
  private readonly tty: boolean;
  private readonly active = new Map<string, Active>();
  private done = 0;
  /** Epochs still to train in the whole grid, and the seconds of the epochs seen. */
  private epochsLeft: number;
  private epochSeconds: number[] = [];

  constructor(stream: ProgressStream, private readonly total: number, epochsLeft: number, private readonly jobs: number, tty?: boolean) {
    this.tty = tty ?? stream.isTTY === true;
    this.out = new Progress(stream, { tty: this.tty });
    this.epochsLeft = epochsLeft;
  }

  /** A run that needs nothing more. */
  skipped(name: string, why: string): void {
    this.done++;
    this.out.line(`${name}: ${why}`);
    this.draw();
  }

  started(name: string, epoch: number, epochs: number, how: string): void {
    this.active.set(name, { name, epoch, epochs });
    if (!this.tty) this.out.line(`[${this.done}/${this.total}] ${name}: ${how}`);
    this.draw();
  }

  epoch(name: string, epoch: number, seconds: number, top1: number): void {
    const a = this.active.get(name);
    if (a) a.epoch = epoch;
    this.epochsLeft = Math.max(0, this.epochsLeft - 1);
    if (Number.isFinite(seconds) && seconds > 0) this.epochSeconds.push(seconds);
    if (!this.tty) this.out.line(`${name}: epoch ${epoch}/${a?.epochs ?? '?'} top-1 ${(100 * top1).toFixed(2)}% ${formatDuration(seconds)}  (study ETA ${this.eta()})`);
    this.draw();
  }

  ended(name: string, message: string): void {
    this.active.delete(name);
    this.done++;
    this.out.line(`[${this.done}/${this.total}] ${name}: ${message}`);
    this.draw();
  }

  /** Seconds per epoch seen so far times the epochs left, divided among the jobs. */
  eta(): string {
    if (this.epochSeconds.length === 0) return '?';
    const perEpoch = this.epochSeconds.reduce((a, b) => a + b, 0) / this.epochSeconds.length;
    return formatDuration((perEpoch * this.epochsLeft) / this.jobs);
  }

  line(text: string): void {
    this.out.line(text);
  }

  clear(): void {
    this.out.clear();
  }

  private draw(): void {
    if (!this.tty) return;
    const running = [...this.active.values()].map((a) => `${a.name} ${a.epoch}/${a.epochs}`).join(', ');
    this.out.status(`study: ${this.done}/${this.total} runs done${running ? `; running ${running}` : ''}; ETA ${this.eta()}`);
  }
}
