// Keeps the last `limit` bytes a stream produced, however much it produces.
export class OutputTail {
  #chunks: Buffer[] = [];
  #kept = 0;
  #total = 0;

  constructor(readonly limit = 16 * 1024) {}

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
    while (this.#kept - (this.#chunks[0]?.length ?? 0) >= this.limit) {
      this.#kept -= (this.#chunks.shift() as Buffer).length;
    }
  }

  // Counts bytes that were produced but never reached us (a relay kept only the newest): what was kept
  // before them no longer joins what comes after.
  skip(bytes: number): void {
    this.#total += bytes;
    this.#chunks = [];
    this.#kept = 0;
  }

  get totalBytes(): number {
    return this.#total;
  }

  // The last `maxLines` lines, each prefixed, with a note of what was dropped.
  lines(prefix: string, maxLines = 20): string[] {
    let buf = Buffer.concat(this.#chunks);
    if (buf.length > this.limit) buf = buf.subarray(buf.length - this.limit);
    const text = buf.toString('utf8').replace(/\s+$/, '');
    if (text === '') return [];
    const all = text.split(/\r?\n/);
    const shown = all.slice(-maxLines).map((line) => `${prefix} ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`);
    const dropped = this.#total - buf.length;
    if (all.length > maxLines || dropped > 0) shown.unshift(`${prefix} … (${this.#total} bytes in all, last ${shown.length} lines shown)`);
    return shown;
  }
}
