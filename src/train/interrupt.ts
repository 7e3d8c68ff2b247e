// Ctrl-C during training: the first SIGINT asks the loop to stop at the next batch boundary; the
// handler then removes itself, so a second SIGINT takes the default action and ends the process at
// once. Checkpoints are written atomically, so even that never leaves a half-written file.
export class StopRequest {
  private requested = false;
  private signal: NodeJS.Signals | null = null;
  private readonly handler = (sig: NodeJS.Signals): void => {
    this.requested = true;
    this.signal = sig;
    this.detach();
    process.stderr.write(`\n${sig} received: stopping after this batch (press Ctrl-C again to quit at once)\n`);
  };
  private attached = false;

  /** Listens for SIGINT and SIGTERM. */
  attach(): this {
    if (!this.attached) {
      process.on('SIGINT', this.handler);
      process.on('SIGTERM', this.handler);
      this.attached = true;
    }
    return this;
  }

  detach(): void {
    if (!this.attached) return;
    process.removeListener('SIGINT', this.handler);
    process.removeListener('SIGTERM', this.handler);
    this.attached = false;
  }

  /** Asks the loop to stop, as a signal would. */
  request(): void {
    this.requested = true;
  }

  get stopRequested(): boolean {
    return this.requested;
  }

  /** The signal that asked to stop, if one did. */
  get receivedSignal(): NodeJS.Signals | null {
    return this.signal;
  }
}
