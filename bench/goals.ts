// Issue 14's goals, each next to the figure the bench measured for it.
import { markdownTable } from './markdown-table.ts';

export interface Goal {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

// A goal met when value ≤ limit (a value that could not be measured, NaN, is not met).
export function atMost(name: string, value: number, limit: number, format: (n: number) => string): Goal {
  return { name, target: `≤ ${format(limit)}`, measured: format(value), met: value <= limit };
}

// The goals table: met or not met, and how many were met.
export function goalsTable(goals: readonly Goal[]): string {
  const rows = goals.map((g) => [g.name, g.target, g.measured, g.met ? 'met' : '**not met**']);
  return `${markdownTable(['goal (issue 14)', 'target', 'measured', ''], rows)}\n\n${goals.filter((g) => g.met).length} of ${goals.length} goals met.`;
}
