import type { GradeResult, TestResult } from '../grade/results.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { reportText } from './report-text.ts';
import { MESSAGE_CHARS } from './tap.ts';
import { testLabel } from './test-label.ts';
import { readXmlAttribute, xmlAttribute, xmlText } from './xml-text.ts';

// What tap-junit 5 cannot write from TAP (its serialize.js), finished here from the same result:
// - a failure's text goes only into the `message` attribute (an attribute's newlines read back as
//   spaces) and the element body stays empty: we write the one-line summary as `message`, the
//   report with its newlines as the body (GitLab and Jenkins show the body), the code as `type`;
// - no `time` on test cases or suites (Jenkins shows 0 s): we add seconds from the result;
// - no per-test `classname` (its --classname names the one testsuite), and the TAP description
//   ("assignment › test") as the name: we write classname = assignment, name = the test's name;
// - an `id` attribute on each testcase, which the Jenkins JUnit schema rejects: we drop it;
// - `<skipped/>` without the reason: we write it as the element's text (the schema allows no
//   attribute on skipped).
// Every test case is matched by position and checked by name, so a different tap-junit output
// is an E_REPORT, never a silently wrong file.

const TESTCASE = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
const TAP_JUNIT_FAILURE = /<failure message="[^"]*" type="[^"]*"\/>/;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function mismatch(what: string): SockgradeError {
  return new SockgradeError('E_REPORT', `--junit: tap-junit's XML does not match the result (${what})`);
}

function addAttributes(xml: string, element: 'testsuites' | 'testsuite', attributes: string): string {
  const open = new RegExp(`<${element}\\b([^>]*)>`);
  if (!open.test(xml)) throw mismatch(`no <${element}>`);
  return xml.replace(open, `<${element}$1 ${attributes}>`);
}

function finishCase(attributes: string, body: string, assignment: string, test: TestResult, index: number): string {
  const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
  const label = testLabel(assignment, test.name).replace(/\s*\n\s*/g, ' ');
  if (name === undefined || readXmlAttribute(name) !== label) throw mismatch(`test ${index + 1} is ${JSON.stringify(name)}, expected ${JSON.stringify(label)}`);
  let inner = body;
  if (test.status === 'failed') {
    if (!TAP_JUNIT_FAILURE.test(inner)) throw mismatch(`test ${index + 1} has no failure`);
    const summary = reportText(test.summary || 'failed', 1000).replace(/\s*\n\s*/g, ' ');
    const failure = `<failure message="${xmlAttribute(summary)}" type="${xmlAttribute(test.code ?? 'E_SPEC_ERROR')}">${xmlText(reportText(test.message, MESSAGE_CHARS))}</failure>`;
    inner = inner.replace(TAP_JUNIT_FAILURE, () => failure);
  } else if (test.status === 'skipped') {
    if (!inner.includes('<skipped/>')) throw mismatch(`test ${index + 1} is not skipped`);
    inner = inner.replace('<skipped/>', () => `<skipped>${xmlText(reportText(test.summary || 'skipped', 1000))}</skipped>`);
  }
  return `<testcase name="${xmlAttribute(test.name)}" classname="${xmlAttribute(assignment)}" time="${seconds(test.durationMs)}">${inner}</testcase>`;
}

// tap-junit's XML for the result's TAP, made right for Jenkins, GitLab and the Jenkins JUnit schema.
export function finishJunit(xml: string, result: GradeResult): string {
  const tests = result.assignments.flatMap((a) => a.tests.map((test) => ({ assignment: a.name, test })));
  const totalMs = result.durationMs ?? tests.reduce((sum, { test }) => sum + test.durationMs, 0);
  let index = 0;
  const cases = xml.replace(TESTCASE, (_match, attributes: string, _end: string, body: string | undefined) => {
    const entry = tests[index];
    if (!entry) throw mismatch(`more test cases than the ${tests.length} tests`);
    return finishCase(attributes, body ?? '', entry.assignment, entry.test, index++);
  });
  if (index !== tests.length) throw mismatch(`${index} test cases for ${tests.length} tests`);
  return addAttributes(addAttributes(cases, 'testsuites', `time="${seconds(totalMs)}"`), 'testsuite', `time="${seconds(totalMs)}"`);
}
