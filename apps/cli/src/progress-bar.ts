/** A one-line progress bar on stderr for long runs; silent when stderr is not a terminal. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly interactive = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (!this.interactive || (now - this.lastDraw < 100 && done < total)) return;
    this.lastDraw = now;
    const width = 30;
    const share = total > 0 ? done / total : 1;
    const filled = Math.round(share * width);
    const seconds = ((now - this.started) / 1000).toFixed(1);
    process.stderr.write(`\r${this.label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds}s`);
    if (done >= total) process.stderr.write('\n');
  }
}
