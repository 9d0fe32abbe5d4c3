// The verdicts a fixture declares in expected.json, in either format: "passed" / "skipped" / "failed",
// ["failed", "message substring"], an error code ("E_MISMATCH"), or {"code", "message"}.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../harness/paths.ts';

export interface ExpectedVerdict {
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly code?: string;
  readonly message?: string;
}

export interface Fixture {
  // "<assignment>/<case>"
  readonly name: string;
  readonly dir: string;
  readonly exitCode: number;
  readonly build?: string;
  // assignment -> test name -> verdict
  readonly verdicts: ReadonlyMap<string, ReadonlyMap<string, ExpectedVerdict>>;
  readonly commands: Readonly<Record<string, string>>;
}

function verdict(raw: unknown): ExpectedVerdict {
  if (raw === 'passed' || raw === 'skipped' || raw === 'failed') return { status: raw };
  if (typeof raw === 'string') return { status: 'failed', code: raw };
  if (Array.isArray(raw)) return { status: 'failed', message: String(raw[1]) };
  const { code, message } = raw as { code?: string; message?: string };
  return { status: 'failed', ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

// Every fixtures/<assignment>/<case>/ with an expected.json.
export function allFixtures(): Fixture[] {
  const root = path.join(packageRoot, 'fixtures');
  return readdirSync(root, { withFileTypes: true })
    .filter((a) => a.isDirectory())
    .flatMap((a) =>
      readdirSync(path.join(root, a.name), { withFileTypes: true })
        .filter((c) => c.isDirectory() && existsSync(path.join(root, a.name, c.name, 'expected.json')))
        .map((c) => {
          const dir = path.join(root, a.name, c.name);
          const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { exitCode: number; verdicts: Record<string, Record<string, unknown>> };
          const manifest = JSON.parse(readFileSync(path.join(dir, 'sockgrade.json'), 'utf8')) as { build?: string; assignments: Record<string, string> };
          const verdicts = new Map(Object.entries(expected.verdicts).map(([assignment, tests]) => [assignment, new Map(Object.entries(tests).map(([name, v]) => [name, verdict(v)]))]));
          return { name: `${a.name}/${c.name}`, dir, exitCode: expected.exitCode, verdicts, commands: manifest.assignments, ...(manifest.build ? { build: manifest.build } : {}) };
        }),
    )
    .sort((x, y) => x.name.localeCompare(y.name));
}

// How an observed test result departs from its expected verdict, or undefined when it matches.
export function departure(expected: ExpectedVerdict | undefined, status: string, message: string, code?: string): string | undefined {
  if (!expected) return `unexpected test (${status})`;
  if (expected.status !== status) return `${status}, expected ${expected.status}${expected.code ? ` ${expected.code}` : ''}`;
  if (expected.code && code !== undefined && expected.code !== code) return `failed with ${code}, expected ${expected.code}`;
  if (expected.message && !message.includes(expected.message)) return `message lacks ${JSON.stringify(expected.message)}`;
  return undefined;
}
