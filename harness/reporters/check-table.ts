import { styleText } from 'node:util';
import type { CheckRow } from '../course/check-outcome.ts';

type Style = Parameters<typeof styleText>[0];

// The table `sockgrade check` prints: one line per program (reference, fixture) with what held, then
// every problem in full, so a teacher sees at once which spec or fixture to fix.
export function renderCheckTable(rows: readonly CheckRow[], { color = false }: { color?: boolean } = {}): string {
  const paint = (style: Style, text: string): string => (color ? styleText(style, text) : text);
  const width = Math.max(20, ...rows.map((r) => r.item.label.length));
  const lines = rows.map((row) => {
    const mark = row.state === 'held' ? paint('green', '✓') : row.state === 'failed' ? paint('red', '✗') : paint('yellow', '-');
    const about = row.item.fixture?.about ? paint('dim', `  ${row.item.fixture.about}`) : '';
    return `${mark} ${row.item.label.padEnd(width)}  ${row.summary}${about}`;
  });
  const held = rows.filter((r) => r.state === 'held').length;
  const failed = rows.filter((r) => r.state === 'failed');
  const skipped = rows.filter((r) => r.state === 'skipped').length;
  lines.push('', paint('bold', `${held} held, ${failed.length} did not, ${skipped} skipped`));
  const problems = failed.flatMap((r) => r.problems);
  if (problems.length > 0) lines.push('', ...problems.map((p) => `${paint('red', '✗')} ${p}`));
  return lines.join('\n');
}
