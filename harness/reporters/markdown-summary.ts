import type { GradeResult, TestResult } from '../grade/results.ts';
import { reportText } from './report-text.ts';
import { testLabel } from './test-label.ts';

// GitHub keeps at most 1 MiB of step summary; each failure is cut to this, and the whole stays far below.
const FAILURE_CHARS = 4000;
const TOTAL_CHARS = 256 * 1024;

// A table cell: pipes would split it, newlines would end the row.
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A fenced block whose fence is longer than any backtick run inside (CommonMark §4.5).
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function mark(test: TestResult): string {
  return test.status === 'passed' ? '✅' : test.status === 'failed' ? '❌' : '⏭️';
}

// The Markdown for $GITHUB_STEP_SUMMARY: score per assignment and per test, then each failure's
// report (the student's transcript, trimmed) in a collapsed block.
export function renderMarkdownSummary(result: GradeResult, { title = 'sockgrade' }: { title?: string } = {}): string {
  const lines = [`### ${cell(title)}: ${result.score}/${result.maxScore} points`, ''];
  lines.push('| | test | points | time |', '|---|---|---:|---:|');
  for (const a of result.assignments) {
    lines.push(`| | **${html(cell(a.name))}** | **${a.score}/${a.maxScore}** | |`);
    for (const t of a.tests) {
      lines.push(`| ${mark(t)} | ${html(cell(t.name))}${t.status === 'passed' ? '' : `<br>${html(cell(t.summary))}`} | ${t.status === 'skipped' ? 'skipped' : `${t.score}/${t.maxScore}`} | ${Math.round(t.durationMs)} ms |`);
    }
  }
  lines.push(`| | **total** | **${result.score}/${result.maxScore}** | |`, '');
  let size = lines.join('\n').length;
  for (const a of result.assignments) {
    for (const t of a.tests.filter((test) => test.status === 'failed')) {
      const block = [`<details><summary>❌ ${html(testLabel(a.name, t.name))} (0/${t.maxScore}) ${html(t.code ?? 'E_SPEC_ERROR')}</summary>`, '', fenced(reportText(t.message, FAILURE_CHARS)), '', '</details>', ''];
      size += block.join('\n').length;
      if (size > TOTAL_CHARS) {
        lines.push('More failures are left out of this summary; the CLI output and the report files have them all.', '');
        return `${lines.join('\n')}\n`;
      }
      lines.push(...block);
    }
  }
  return `${lines.join('\n')}\n`;
}
