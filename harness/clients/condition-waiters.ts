// Waits for conditions over a client's state: every socket event calls notify(), which re-evaluates
// each pending check; a check returns a value when satisfied, undefined to keep waiting, or throws.
export class ConditionWaiters {
  readonly #waiters = new Set<() => void>();

  notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  // Resolves with the check's first value, rejects with what it throws, or with onTimeout() at the deadline.
  waitFor<T>(check: () => T | undefined, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const waiter = (): void => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        }
      };
      this.#waiters.add(waiter);
      timer = setTimeout(() => {
        finish();
        reject(onTimeout());
      }, timeoutMs);
      waiter();
    });
  }
}
