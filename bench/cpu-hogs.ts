// CPU hogs for soaks: `yes > /dev/null` processes that keep every core busy while verdicts are taken,
// killed by their own pids when disposed (and on Ctrl-C), so nothing is left running.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export class CpuHogs implements AsyncDisposable {
  readonly #hogs: ChildProcess[];
  readonly #onSignal = (): void => {
    this.#kill();
    process.exit(130);
  };

  private constructor(count: number) {
    this.#hogs = Array.from({ length: count }, () => spawn('yes', [], { stdio: 'ignore' }));
    process.once('SIGINT', this.#onSignal);
    process.once('SIGTERM', this.#onSignal);
  }

  // Starts `count` hogs (0: none).
  static start(count: number): CpuHogs {
    return new CpuHogs(count);
  }

  get count(): number {
    return this.#hogs.length;
  }

  #kill(): void {
    for (const hog of this.#hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
  }

  async [Symbol.asyncDispose](): Promise<void> {
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
    this.#kill();
    await Promise.all(this.#hogs.map((hog) => (hog.exitCode !== null || hog.signalCode !== null ? undefined : new Promise((resolve) => hog.once('exit', resolve)))));
  }
}
