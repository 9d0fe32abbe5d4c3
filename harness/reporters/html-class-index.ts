import type { Element } from 'hast';
import { h } from 'hastscript';
import type { GradeResult } from '../grade/results.ts';
import { assignmentAnchor } from './html.ts';
import { htmlPage } from './html/page.ts';
import { visibleText } from './html/visible-text.ts';
import { compareNames } from '../batch/shard.ts';

// One submission of a class: its result, or why it was not graded; `page` is its own report's file name.
export interface ClassIndexRow {
  readonly submission: string;
  readonly page: string;
  readonly result?: GradeResult;
  readonly error?: string;
}

// A relative link to a file in the same folder, whatever characters its name holds.
function hrefTo(file: string, anchor = ''): string {
  return `${encodeURIComponent(file)}${anchor ? `#${anchor}` : ''}`;
}

function share(score: number, maxScore: number): number {
  return maxScore > 0 ? score / maxScore : 1;
}

// A cell's colour: all points, none, or some.
function tone(score: number, maxScore: number): string {
  return score >= maxScore ? 'cell-full' : score <= 0 ? 'cell-none' : 'cell-part';
}

function scoreCell(score: number, maxScore: number, href: string, failed: number): Element {
  return h('td.num', { className: [tone(score, maxScore)], dataSort: share(score, maxScore).toFixed(4) }, [
    h('a', { href }, `${score}/${maxScore}`),
    failed > 0 ? h('span.why', ` (${failed} failed)`) : null,
  ]);
}

// The class at a glance (`sockgrade batch --reports DIR` writes it as DIR/index.html): one row per
// submission, one column per assignment, each cell linking to that part of the submission's own
// report; every column sorts (a little inline script; without it the table is in the gradebook's order,
// by submission name, assignments by name).
export function renderClassIndex(unsorted: readonly ClassIndexRow[], { title }: { title: string }): string {
  const rows = [...unsorted].sort((a, b) => compareNames(a.submission, b.submission));
  const assignments = [...new Set(rows.flatMap((row) => row.result?.assignments.map((a) => a.name) ?? []))].sort(compareNames);
  const body = rows.map((row) => {
    const name = h('td', h('a', { href: hrefTo(row.page) }, visibleText(row.submission)));
    if (!row.result) {
      return h('tr.not-graded', [
        name,
        ...assignments.map(() => h('td.num', { dataSort: '-1' }, '–')),
        h('td.num.cell-none', { dataSort: '-1' }, 'not graded'),
        h('td.why', visibleText(row.error ?? 'not graded')),
      ]);
    }
    const result = row.result;
    const failures = result.assignments.flatMap((a) => a.tests.filter((t) => t.status === 'failed').map((t) => `${a.name}: ${t.summary}`));
    return h('tr', [
      name,
      ...assignments.map((assignmentName) => {
        const a = result.assignments.find((x) => x.name === assignmentName);
        if (!a) return h('td.num', { dataSort: '-1' }, '–');
        return scoreCell(a.score, a.maxScore, hrefTo(row.page, assignmentAnchor(a.name)), a.tests.filter((t) => t.status === 'failed').length);
      }),
      scoreCell(result.score, result.maxScore, hrefTo(row.page), 0),
      h('td.why', failures.length > 0 ? visibleText(`${failures[0]}${failures.length > 1 ? ` (+${failures.length - 1} more)` : ''}`) : ''),
    ]);
  });
  const graded = rows.filter((row) => row.result);
  const mean = (pick: (r: GradeResult) => { score: number; maxScore: number } | undefined): string => {
    const scores = graded.map((row) => pick(row.result as GradeResult)).filter((s): s is { score: number; maxScore: number } => s !== undefined);
    if (scores.length === 0) return '';
    return `${(100 * (scores.reduce((sum, s) => sum + share(s.score, s.maxScore), 0) / scores.length)).toFixed(0)}%`;
  };
  return htmlPage(`sockgrade class: ${visibleText(title)}`, [
    h('header', [
      h('h1', ['sockgrade class report: ', visibleText(title)]),
      h('p.sub', `${rows.length} submission${rows.length === 1 ? '' : 's'}, ${graded.length} graded, ${rows.length - graded.length} not graded. Click a score for that submission's report; click a column's heading to sort.`),
    ]),
    h('table.scores.sortable.class', [
      h('thead', h('tr', [h('th', 'submission'), ...assignments.map((a) => h('th.num', visibleText(a))), h('th.num', 'total'), h('th', 'first failure')])),
      h('tbody', body),
      h('tfoot', h('tr', [h('td', 'class average'), ...assignments.map((a) => h('td.num', mean((r) => r.assignments.find((x) => x.name === a)))), h('td.num', mean((r) => r)), h('td')])),
    ]),
  ]);
}
