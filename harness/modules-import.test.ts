import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, test, vi } from 'vitest';

// No module may throw while it is imported (issue 10): a module that reads and validates the
// environment on import would crash the CLI with a stack trace before it could say one line. So every
// module of the harness is imported here under an environment where each variable sockgrade knows
// holds a bad value; the CLI reads them once, later, and says what is wrong.

const HOSTILE: Record<string, string> = {
  SOCKGRADE_TIMEOUT_SCALE: 'abc',
  SOCKGRADE_SEED: 'x',
  SOCKGRADE_RUN_ID: 'not a/run id',
  SOCKGRADE_CGROUPS: 'maybe',
  SOCKGRADE_TIMING: 'sometimes',
  SOCKGRADE_VERBOSE: 'very',
  SOCKGRADE_SERVER: '../../etc',
  SOCKGRADE_CHROMIUM: '/nonexistent/chromium',
  CI: 'perhaps',
  GITHUB_STEP_SUMMARY: '/nonexistent/summary.md',
  GITHUB_OUTPUT: '/nonexistent/output',
  TMPDIR: '/nonexistent/tmp',
  UV_THREADPOOL_SIZE: 'many',
};

const harnessDir = path.dirname(fileURLToPath(import.meta.url));
// Every module of the harness (test files are not modules of the product).
const modules = (readdirSync(harnessDir, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts')).sort();

afterAll(() => {
  vi.unstubAllEnvs();
});

// Transforming ~170 modules takes seconds on a loaded machine: a budget, not a measure.
test('every module of harness/ imports under an environment of bad values without throwing', { timeout: 60_000 }, async () => {
  for (const [name, value] of Object.entries(HOSTILE)) vi.stubEnv(name, value);
  expect(modules.length).toBeGreaterThan(100);
  const failed: string[] = [];
  for (const file of modules) {
    try {
      await import(pathToFileURL(path.join(harnessDir, file)).href);
    } catch (err) {
      failed.push(`${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  expect(failed).toEqual([]);
});
