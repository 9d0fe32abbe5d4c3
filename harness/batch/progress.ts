import type { SubmissionGrade } from './grade-submission.ts';

// What the batch shows while it runs: on a terminal one line rewritten in place (done/total, who is
// being graded, elapsed time); in a log (CI) one line per graded submission.
export class BatchProgress {
  private readonly running = new Set<string>();
  private done = 0;
  private readonly started = performance.now();
  // On a terminal the elapsed time ticks every second, even while nothing finishes.
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
  ) {}

  start(submission: string): void {
    this.running.add(submission);
    if (this.terminal) this.ticker ??= setInterval(() => this.redraw(), 1000).unref();
    this.redraw();
  }

  finish(grade: SubmissionGrade): void {
    this.running.delete(grade.submission);
    this.done++;
    const verdict = grade.result ? `${grade.result.score}/${grade.result.maxScore}` : `not graded: ${grade.error ?? 'unknown error'}`;
    const line = `[${this.done}/${this.total}] ${grade.submission}  ${verdict}  (${(grade.wallMs / 1000).toFixed(1)} s)`;
    if (this.terminal) this.write(`\r\x1b[K${line}\n`);
    else this.write(`${line}\n`);
    this.redraw();
  }

  // Clears the live line before the final summary.
  end(): void {
    clearInterval(this.ticker);
    if (this.terminal) this.write('\r\x1b[K');
  }

  private redraw(): void {
    if (!this.terminal || this.running.size === 0) return;
    const seconds = Math.round((performance.now() - this.started) / 1000);
    const names = [...this.running].join(', ');
    this.write(`\r\x1b[K${this.done}/${this.total} graded · ${seconds} s · grading ${names.length > 60 ? `${names.slice(0, 59)}…` : names}`);
  }
}
