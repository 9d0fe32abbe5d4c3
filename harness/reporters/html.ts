import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import type { AssignmentResult, GradeResult, TestResult } from '../grade/results.ts';
import type { ServerSummary } from '../launch/started-server.ts';
import { htmlPage } from './html/page.ts';
import { sequenceDiagram } from './html/sequence-diagram.ts';
import { visibleText } from './html/visible-text.ts';

const MARKS = { passed: '✓', failed: '✗', skipped: '–' } as const;

// A failure's diagram draws this many events at most (the first and last halves, and where it went
// wrong); a longer conversation is drawn whole again behind a click.
const ROWS_DRAWN = 40;

// An id for an assignment's section, the same in every page (the class index links to it).
export function assignmentAnchor(name: string): string {
  return `a-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function testAnchor(assignment: number, test: number): string {
  return `t-${assignment}-${test}`;
}

function points(test: TestResult): string {
  return test.status === 'skipped' ? 'skip' : `${test.score}/${test.maxScore}`;
}

function duration(ms: number): string {
  return `${Math.round(ms)} ms`;
}

// The score table: one sortable row per test, linking to its details below; the total in the footer.
function scoreTable(result: GradeResult): Element {
  const rows = result.assignments.flatMap((assignment, a) =>
    assignment.tests.map((test, t) =>
      h('tr', { className: [test.status] }, [
        h('td', { dataSort: String(['failed', 'skipped', 'passed'].indexOf(test.status)) }, h(`span.${test.status}-t`, `${MARKS[test.status]} ${test.status}`)),
        h('td', h('a', { href: `#${testAnchor(a, t)}` }, visibleText(test.name))),
        h('td', visibleText(assignment.name)),
        h('td.num', { dataSort: String(test.status === 'skipped' ? -1 : test.maxScore > 0 ? test.score / test.maxScore : 1) }, points(test)),
        h('td.num', { dataSort: String(Math.round(test.durationMs)) }, duration(test.durationMs)),
        h('td.why', test.status === 'passed' ? '' : [test.code ? h('span.code', test.code) : null, ' ', visibleText(test.summary)]),
      ]),
    ),
  );
  return h('table.scores.sortable', [
    h('thead', h('tr', [h('th', 'result'), h('th', 'test'), h('th', 'assignment'), h('th.num', 'points'), h('th.num', 'time'), h('th', 'what went wrong')])),
    h('tbody', rows),
    h('tfoot', h('tr', [h('td', { colSpan: 3 }, 'total'), h('td.num', `${result.score}/${result.maxScore}`), h('td.num', result.durationMs !== undefined ? duration(result.durationMs) : ''), h('td')])),
  ]);
}

// The server of a failed test: its command and address, how it ended, the last lines it printed.
function serverSection(server: ServerSummary): ElementContent[] {
  const onItsOwn = server.stoppedWith === undefined;
  const tail = (name: string, lines: readonly string[], bytes: number): ElementContent[] =>
    lines.length > 0 ? [h('h5', `${name}, last ${lines.length === 1 ? 'line' : `${lines.length} lines`} (of ${bytes} bytes)`), h('pre.tail', visibleText(lines.join('\n')))] : [h('p.none', `nothing on ${name}`)];
  return [
    h('h4', 'Server'),
    h('dl.server', [
      h('dt', 'command'),
      h('dd', h('code', visibleText(server.command))),
      h('dt', 'address'),
      h('dd', visibleText(server.endpoint)),
      h('dt', 'how it ended'),
      h('dd', { className: onItsOwn ? ['died-t'] : [] }, visibleText(server.status)),
    ]),
    ...tail('stderr', server.stderrTail, server.stderrBytes),
    ...(server.stdoutTail.length > 0 ? tail('stdout', server.stdoutTail, server.stdoutBytes) : []),
  ];
}

// What a failed test shows, open: the failure, the hint, the conversation drawn, the server, the text report.
function failureBody(test: TestResult): ElementContent[] {
  const events = test.events ?? [];
  const drawn = events.length > 0 || test.server !== undefined;
  const input = { events, ...(test.server ? { server: test.server } : {}), ...(test.mismatch ? { mismatch: test.mismatch } : {}), failure: test.summary || 'failed' };
  const long = events.length > ROWS_DRAWN;
  return [
    h('p.what', visibleText(test.summary || 'failed')),
    test.hint ? h('div.hint', [h('strong', 'Hint: '), visibleText(test.hint)]) : null,
    drawn ? h('h4', 'Wire conversation') : null,
    drawn ? h('div.seq-wrap', sequenceDiagram({ ...input, maxRows: ROWS_DRAWN })) : null,
    long ? h('details.more', [h('summary', `every event (${events.length})`), h('div.seq-wrap', sequenceDiagram(input))]) : null,
    ...(test.server ? serverSection(test.server) : []),
    drawn ? h('details.more', [h('summary', 'the full text report'), h('pre.message', visibleText(test.message))]) : h('pre.message', visibleText(test.message)),
  ].filter((part): part is Element => part !== null);
}

// One test, a <details>: a failure open with everything about it, a pass or skip folded to one line.
function testDetails(test: TestResult, a: number, t: number): Element {
  const body =
    test.status === 'failed' ? failureBody(test) : test.status === 'skipped' ? [h('p', ['Skipped: ', visibleText(test.message)])] : [h('p', `Passed in ${duration(test.durationMs)}.`)];
  return h('details', { className: ['test', test.status], id: testAnchor(a, t), open: test.status === 'failed' }, [
    h('summary', [
      h(`span.${test.status}-t`, MARKS[test.status]),
      h('span.name', visibleText(test.name)),
      test.status === 'failed' && test.code ? h('span.code', test.code) : null,
      h('span.pts', points(test)),
      h('span.dur', duration(test.durationMs)),
    ]),
    h('div.test-body', body),
  ]);
}

function assignmentSection(assignment: AssignmentResult, a: number): Element[] {
  return [
    h('h2', { id: assignmentAnchor(assignment.name) }, [h('span', visibleText(assignment.name)), h('span.pts', `${assignment.score}/${assignment.maxScore}`)]),
    ...assignment.tests.map((test, t) => testDetails(test, a, t)),
  ];
}

// The HTML report of one result: a self-contained page with the score table, then every test, each
// failure open with its wire conversation drawn as a sequence diagram (see ./html/sequence-diagram.ts).
export function renderHtml(result: GradeResult, { title }: { title: string }): string {
  const tests = result.assignments.flatMap((a) => a.tests);
  const count = (status: TestResult['status']): number => tests.filter((t) => t.status === status).length;
  const setup = result.gradable === false ? tests[0] : undefined;
  return htmlPage(`sockgrade: ${visibleText(title)} ${result.score}/${result.maxScore}`, [
    h('header.top', [
      h('div', [
        h('h1', ['sockgrade report: ', visibleText(title)]),
        h('p.counts', [h('span.failed-t', `${MARKS.failed} ${count('failed')} failed`), h('span.passed-t', `${MARKS.passed} ${count('passed')} passed`), h('span.skipped-t', `${MARKS.skipped} ${count('skipped')} skipped`)]),
      ]),
      h('p.score', `${result.score} / ${result.maxScore} points`),
    ]),
    setup ? h('div.banner', [h('p', [h('strong', 'Grading could not run: '), visibleText(setup.summary)]), h('p', 'The score is 0. The details are below.')]) : null,
    scoreTable(result),
    ...result.assignments.flatMap(assignmentSection),
  ].filter((part): part is Element => part !== null));
}
