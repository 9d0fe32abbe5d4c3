// How much of each failure report a size-limited format keeps, tried from the most generous down;
// 0 keeps only each failure's one-line summary.
export const REPORT_CAPS = [8000, 4000, 2000, 1000, 500, 200, 0] as const;

// The first rendering (most generous cap first) whose UTF-8 size fits in maxBytes, or undefined when
// even the shortest does not: for formats whose consumer rejects or cuts a larger file.
export function fitToBudget(render: (cap: number) => string, maxBytes: number, caps: readonly number[] = REPORT_CAPS): string | undefined {
  for (const cap of caps) {
    const text = render(cap);
    if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  }
  return undefined;
}
