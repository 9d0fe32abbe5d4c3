// Bytes received but not yet consumed by an expectation; grows by doubling so large transfers stay linear.
export class Inbox {
  // Starts empty: a crowd of thousands of clients must not hold 64 KiB each before anything arrives.
  #buf = Buffer.alloc(0);
  #start = 0;
  #end = 0;
  #consumedTotal = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  // Bytes consumed so far: the stream offset of the first unconsumed byte.
  get consumedTotal(): number {
    return this.#consumedTotal;
  }

  append(chunk: Buffer): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const needed = this.length + chunk.length;
      const next = needed * 2 > this.#buf.length ? Buffer.allocUnsafe(Math.max(needed * 2, 4096)) : this.#buf;
      this.#buf.copy(next, 0, this.#start, this.#end);
      this.#buf = next;
      this.#end = this.length;
      this.#start = 0;
    }
    chunk.copy(this.#buf, this.#end);
    this.#end += chunk.length;
  }

  // A view of unconsumed bytes [from, to); valid until the next append.
  peek(from = 0, to = this.length): Buffer {
    return this.#buf.subarray(this.#start + from, this.#start + Math.min(to, this.length));
  }

  take(n: number): Buffer {
    const out = Buffer.from(this.peek(0, n));
    this.#start += out.length;
    this.#consumedTotal += out.length;
    return out;
  }
}
