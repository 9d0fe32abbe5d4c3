// What the batch shows while it runs: on a terminal one line rewritten in place (submissions graded,
// elapsed time); in a log (CI) one line per graded submission.
export class BatchProgress {
  private done = 0;
  private readonly started = performance.now();
  // On a terminal the elapsed time ticks every second, even while nothing finishes.
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
  ) {}

  // The class starts grading.
  start(): void {
    if (this.terminal) this.ticker ??= setInterval(() => this.redraw(), 1000).unref();
    this.redraw();
  }

  // One submission is done: its score, or why it was not graded.
  finish(submission: string, verdict: { score: number; maxScore: number } | { error: string }): void {
    this.done++;
    const what = 'error' in verdict ? `not graded: ${verdict.error}` : `${verdict.score}/${verdict.maxScore}`;
    const line = `[${this.done}/${this.total}] ${submission}  ${what}  (${this.seconds()} s)`;
    this.write(this.terminal ? `\r\x1b[K${line}\n` : `${line}\n`);
    this.redraw();
  }

  // Clears the live line before the final summary.
  end(): void {
    clearInterval(this.ticker);
    if (this.terminal) this.write('\r\x1b[K');
  }

  private seconds(): string {
    return ((performance.now() - this.started) / 1000).toFixed(1);
  }

  private redraw(): void {
    if (!this.terminal || this.done >= this.total) return;
    this.write(`\r\x1b[K${this.done}/${this.total} graded · ${Math.round((performance.now() - this.started) / 1000)} s`);
  }
}
