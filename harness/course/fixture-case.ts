import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import type { TestResult } from '../grade/results.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { parseLimits } from '../sandbox/server-limits.ts';

// What a fixture declares one test's verdict to be. A failure is matched by its stable code (wording may
// change freely), and by a substring of its message only where the wording is the point. Several codes
// mean any one of them: where the kernel picks between two true verdicts by timing (a server that hangs
// up as our next message arrives gives a FIN or, with that message unread, an RST).
export interface ExpectedVerdict {
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly codes?: readonly string[];
  readonly message?: string;
}

// fixtures/<assignment>/<case>/: a submission folder plus expected.json.
export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  readonly about: string;
  // Programs the fixture needs on PATH (e.g. "socat"), or "cgroups" (servers limited by cgroups: see
  // harness/sandbox/); missing ones skip it on a developer's machine, fail it in CI.
  readonly requires: readonly string[];
  // Limits of its own for its servers, over the course's, the spec's and the command line's.
  readonly limits?: Partial<ServerLimits>;
  // assignment -> test name -> verdict.
  readonly verdicts: ReadonlyMap<string, ReadonlyMap<string, ExpectedVerdict>>;
}

export const EXPECTED_FILE = 'expected.json';
const CODE = /^E_[A-Z0-9_]+$/;

function bad(file: string, why: string): SockgradeError {
  return new SockgradeError('E_FIXTURE', `${file}: ${why}`);
}

// One verdict: "passed" | "skipped" | "failed" | "E_CODE" | {"code": "E_CODE" | ["E_A", "E_B"], "message":
// "substring"} (the older ["failed", "substring"] form is read too).
export function parseVerdict(value: unknown, file: string, where: string): ExpectedVerdict {
  if (value === 'passed' || value === 'skipped' || value === 'failed') return { status: value };
  if (typeof value === 'string' && CODE.test(value)) return { status: 'failed', codes: [value] };
  if (Array.isArray(value) && value[0] === 'failed' && typeof value[1] === 'string') return { status: 'failed', ...(CODE.test(value[1]) ? { codes: [value[1]] } : { message: value[1] }) };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { status = 'failed', code, message, ...rest } = value as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw bad(file, `${where}: unknown key "${unknown[0]}" (expected "status", "code", "message")`);
    if (status !== 'passed' && status !== 'failed' && status !== 'skipped') throw bad(file, `${where}: "status" must be "passed", "failed" or "skipped", got ${JSON.stringify(status)}`);
    const codes = code === undefined ? undefined : Array.isArray(code) ? code : [code];
    if (codes !== undefined && (codes.length === 0 || !codes.every((c) => typeof c === 'string' && CODE.test(c)))) throw bad(file, `${where}: "code" must be an error code like "E_MISMATCH", or a list of them (any one holds), got ${JSON.stringify(code)}`);
    if (codes !== undefined && status !== 'failed') throw bad(file, `${where}: "code" goes with a failure, not "${status}"`);
    if (message !== undefined && typeof message !== 'string') throw bad(file, `${where}: "message" must be a string, got ${JSON.stringify(message)}`);
    return { status, ...(codes !== undefined ? { codes: codes as string[] } : {}), ...(message !== undefined ? { message } : {}) };
  }
  throw bad(file, `${where}: a verdict is "passed", "skipped", "failed", an error code like "E_MISMATCH", or {"code": …, "message": …}; got ${JSON.stringify(value)}`);
}

// Reads one fixture's expected.json; every problem is one E_FIXTURE line naming the file and the key.
export function loadFixtureCase(dir: string): FixtureCase {
  const file = path.join(dir, EXPECTED_FILE);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw bad(file, `cannot be read as JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw bad(file, 'must hold a JSON object');
  const { about = '', requires = [], verdicts, limits, exitCode: _exitCode, ...rest } = data as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw bad(file, `unknown key "${unknown[0]}" (expected "about", "requires", "limits", "verdicts")`);
  if (typeof about !== 'string') throw bad(file, '"about" must be a string');
  if (!Array.isArray(requires) || !requires.every((r) => typeof r === 'string' && /^[\w.+-]+$/.test(r))) throw bad(file, '"requires" must be a list of program names, e.g. ["socat"]');
  if (!verdicts || typeof verdicts !== 'object' || Array.isArray(verdicts) || Object.keys(verdicts).length === 0) throw bad(file, '"verdicts" must map each assignment to {"test name": verdict}');
  const parsed = new Map<string, Map<string, ExpectedVerdict>>();
  for (const [assignment, tests] of Object.entries(verdicts as Record<string, unknown>)) {
    if (!tests || typeof tests !== 'object' || Array.isArray(tests)) throw bad(file, `verdicts["${assignment}"] must map test names to verdicts`);
    parsed.set(assignment, new Map(Object.entries(tests as Record<string, unknown>).map(([test, verdict]) => [test, parseVerdict(verdict, file, `verdicts["${assignment}"]["${test}"]`)])));
  }
  const ownLimits = limits === undefined ? undefined : parseLimits(limits, `${file} "limits"`, 'E_FIXTURE');
  return { name: path.basename(dir), dir, about, requires: requires as string[], ...(ownLimits ? { limits: ownLimits } : {}), verdicts: parsed };
}

// Every fixture of an assignment: the folders of fixtures/<assignment>/ holding an expected.json.
export function loadFixtureCases(fixturesDir: string): FixtureCase[] {
  if (!existsSync(fixturesDir)) return [];
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(fixturesDir, entry.name, EXPECTED_FILE)))
    .map((entry) => loadFixtureCase(path.join(fixturesDir, entry.name)))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

// The verdict as people read it: "passed", "E_MISMATCH", "failed (… \"stayed open\")".
export function showVerdict(verdict: ExpectedVerdict): string {
  if (verdict.status !== 'failed') return verdict.status;
  const parts = [verdict.codes?.join(' or ') ?? 'failed', ...(verdict.message ? [`containing ${JSON.stringify(verdict.message)}`] : [])];
  return parts.join(' ');
}

// What a test actually got, in the same terms.
export function showActual(test: TestResult): string {
  return test.status === 'failed' ? (test.code ?? 'failed') : test.status;
}

// True when the test's result (a TestResult, or vitest's own test state and error) is the declared verdict.
export function verdictHolds(expected: ExpectedVerdict, actual: { readonly status: string; readonly code?: string; readonly message: string }): boolean {
  if (expected.status !== actual.status) return false;
  if (expected.codes !== undefined && !expected.codes.includes(actual.code ?? '')) return false;
  if (expected.message !== undefined && !actual.message.includes(expected.message)) return false;
  return true;
}
