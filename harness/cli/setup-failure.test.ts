import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupFailureOf, setupFailureResult, writeSetupFailureReports } from './setup-failure.ts';
import { parseCliArgs } from './args.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { writeReport } from '../reporters/write-report.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-setup-failure-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('each setup error names its stage; anything else is sockgrade\'s own crash', () => {
  const stage = (code: ConstructorParameters<typeof SockgradeError>[0]) => setupFailureOf(new SockgradeError(code, 'why')).stage;
  expect(['E_USAGE', 'E_MANIFEST', 'E_UNKNOWN_ASSIGNMENT', 'E_BUILD', 'E_SPECS', 'E_REPORT'].map((c) => stage(c as 'E_USAGE'))).toEqual(['usage', 'manifest', 'assignments', 'build', 'specs', 'reports']);
  expect(setupFailureOf(new TypeError('x is undefined\n  at y'))).toEqual({ stage: 'internal', code: 'E_INTERNAL', reason: 'internal error: x is undefined', details: '' });
});

test('a failed build: score 0 of the points it would have been graded on, one failed test with the reason and the log\'s tail', () => {
  const log = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
  const result = setupFailureResult(setupFailureOf(new SockgradeError('E_BUILD', 'build failed: "make" exited with code 2: line 100', { details: log })), { maxScore: 22 });
  expect(result).toMatchObject({ score: 0, maxScore: 22, gradable: false });
  expect(result.assignments).toHaveLength(1);
  const [t] = result.assignments[0]!.tests;
  expect(t).toMatchObject({ name: 'build', status: 'failed', score: 0, maxScore: 22, code: 'E_BUILD', summary: 'build failed: "make" exited with code 2: line 100', visibility: 'visible' });
  const lines = t!.message.split('\n');
  expect(lines.slice(0, 3)).toEqual(['setup › build', 'build failed: "make" exited with code 2: line 100', 'build output (last 40 lines):']);
  expect(lines.slice(3)).toEqual(Array.from({ length: 40 }, (_, i) => `  line ${i + 61}`));
});

test('a manifest error has no log: the reason alone', () => {
  const result = setupFailureResult(setupFailureOf(new SockgradeError('E_MANIFEST', '/x/sockgrade.json not found')));
  expect(result.maxScore).toBe(0);
  expect(result.assignments[0]!.tests[0]!.message).toBe('setup › manifest\n/x/sockgrade.json not found');
});

test('writes every report asked for; without parsed arguments, none', async () => {
  const args = parseCliArgs([dir, '--json', path.join(dir, 'r.json'), '--tap', path.join(dir, 'g.tap'), '--prairielearn', path.join(dir, 'pl.json')]);
  const warnings: string[] = [];
  await writeSetupFailureReports(args, new SockgradeError('E_MANIFEST', 'sockgrade.json is not valid JSON'), (line) => warnings.push(line), {});
  expect(warnings).toEqual([]);
  expect(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'))).toMatchObject({ score: 0, maxScore: 0, assignments: [{ name: 'setup', tests: [{ name: 'manifest', status: 'failed', code: 'E_MANIFEST' }] }] });
  expect(await readFile(path.join(dir, 'g.tap'), 'utf8')).toContain('not ok 1 - setup › manifest');
  expect(JSON.parse(await readFile(path.join(dir, 'pl.json'), 'utf8'))).toMatchObject({ gradable: false, score: 0 });
  await writeSetupFailureReports(undefined, new SockgradeError('E_USAGE', "Unknown option '--x'"), (line) => warnings.push(line), {});
  expect(warnings).toEqual([]);
});

test('a report that cannot be written is told once: not again when it is the error being reported', async () => {
  const blocker = path.join(dir, 'a-file');
  await writeFile(blocker, '');
  const args = parseCliArgs([dir, '--gradescope', path.join(blocker, 'results.json'), '--tap', path.join(blocker, 'g.tap'), '--json', path.join(dir, 'ok.json')]);
  const gradescopeError = await writeReport('--gradescope', path.join(blocker, 'results.json'), '{}').catch((err: unknown) => err);
  const warnings: string[] = [];
  await writeSetupFailureReports(args, gradescopeError, (line) => warnings.push(line), {});
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^sockgrade: --tap .*a-file\/g\.tap: cannot write the report \(E[A-Z]+\)$/);
  expect(JSON.parse(await readFile(path.join(dir, 'ok.json'), 'utf8')).assignments[0].tests[0]).toMatchObject({ name: 'reports', code: 'E_REPORT' });
});
