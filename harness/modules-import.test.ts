import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, test, vi } from 'vitest';
import { HOSTILE_ENVIRONMENT } from '../fixtures/hostile-environment.ts';

// No module may throw while it is imported (issue 10): a module that reads and validates the
// environment on import would crash the CLI with a stack trace before it could say one line. So every
// module of the harness is imported here under an environment where each variable sockgrade knows
// holds a bad value; the CLI reads them once, later, and says what is wrong.

const harnessDir = path.dirname(fileURLToPath(import.meta.url));
// Every module of the harness (test files are not modules of the product).
const modules = (readdirSync(harnessDir, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts')).sort();

afterAll(() => {
  vi.unstubAllEnvs();
});

// Transforming ~170 modules takes seconds on a loaded machine: a budget, not a measure.
test('every module of harness/ imports under an environment of bad values without throwing', { timeout: 60_000 }, async () => {
  for (const [name, value] of Object.entries(HOSTILE_ENVIRONMENT)) vi.stubEnv(name, value);
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
