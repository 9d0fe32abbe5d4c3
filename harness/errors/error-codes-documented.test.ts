import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../paths.ts';

// The README's "Error codes" tables must list exactly the codes of the SockgradeErrorCode union, and no
// code may be produced (or matched by a fixture) that the union lacks: the docs stay true as codes come and go.

const CODE = /^E_[A-Z_]+$/;
// This file's own examples are not codes in use.
const THIS_FILE = path.join('harness', 'errors', 'error-codes-documented.test.ts');

function read(file: string): string {
  return readFileSync(path.join(packageRoot, file), 'utf8');
}

// Line comments out, so a comment's example ("E_CODE") is not taken for a code in use.
function withoutComments(source: string): string {
  return source.replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/\s.*$/gm, '');
}

// The members of the union, in order (duplicates kept, so they can be found).
function unionCodes(source: string): string[] {
  const start = source.indexOf('export type SockgradeErrorCode =');
  if (start < 0) throw new Error('no SockgradeErrorCode union');
  const body = withoutComments(source.slice(start));
  const end = body.indexOf(';');
  return [...body.slice(0, end).matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
}

// The codes of the rows of the tables under "## Error codes" (up to the next "## " heading).
function documentedCodes(readme: string): { code: string; cells: string[] }[] {
  const start = readme.indexOf('\n## Error codes\n');
  if (start < 0) throw new Error('README.md has no "## Error codes" section');
  const rest = readme.slice(start + 1);
  const next = rest.indexOf('\n## ', 1);
  const section = next < 0 ? rest : rest.slice(0, next);
  return section
    .split('\n')
    .filter((line) => /^\| `E_/.test(line))
    .map((line) => {
      const cells = line.split(' | ').map((cell) => cell.replace(/^\|\s*|\s*\|$/g, '').trim());
      return { code: (cells[0] ?? '').replace(/`/g, ''), cells };
    });
}

// Files under dir (relative to the package root) whose names end with one of the suffixes.
function filesUnder(dir: string, suffixes: readonly string[]): string[] {
  return (readdirSync(path.join(packageRoot, dir), { recursive: true }) as string[])
    .filter((name) => suffixes.some((suffix) => name.endsWith(suffix)) && !name.split(path.sep).includes('node_modules'))
    .map((name) => path.join(dir, name));
}

// Every quoted code literal in the sources, with the files it appears in.
function codesInSources(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const files = [...['harness', 'specs', 'reference'].flatMap((dir) => filesUnder(dir, ['.ts', '.js', '.py'])), ...filesUnder('fixtures', ['.test.ts', 'run-cli.ts']), 'bin/sockgrade.js'];
  for (const file of files.filter((name) => name !== THIS_FILE)) {
    for (const match of withoutComments(read(file)).matchAll(/['"`](E_[A-Z_]+)['"`]/g)) {
      const code = match[1] as string;
      found.set(code, [...(found.get(code) ?? []), file]);
    }
  }
  return found;
}

// Every code a fixture's or a scaffold template's expected verdicts name.
function codesInExpectations(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const files = [...filesUnder('fixtures', ['expected.json']), ...filesUnder('templates', ['expected.json'])];
  for (const file of files) {
    for (const match of read(file).matchAll(/"(E_[A-Z_]+)"/g)) {
      const code = match[1] as string;
      found.set(code, [...(found.get(code) ?? []), file]);
    }
  }
  return found;
}

const union = unionCodes(read('harness/errors/sockgrade-error.ts'));
const documented = documentedCodes(read('README.md'));

describe('error codes', () => {
  test('the union lists each code once, each a stable E_ name', () => {
    expect(union.length).toBeGreaterThan(30);
    expect(union.filter((code) => !CODE.test(code))).toEqual([]);
    expect(union.filter((code, i) => union.indexOf(code) !== i)).toEqual([]);
  });

  test('README.md documents exactly the codes of the union, each once, with its meaning and cause', () => {
    const codes = documented.map((row) => row.code);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i), 'documented twice').toEqual([]);
    expect(union.filter((code) => !codes.includes(code)), 'in the union, missing from README.md "Error codes"').toEqual([]);
    expect(codes.filter((code) => !union.includes(code)), 'in README.md "Error codes", not in the union').toEqual([]);
    expect(documented.filter((row) => row.cells.length !== 3 || row.cells.some((cell) => cell === '')).map((row) => row.code), 'rows without a meaning or a cause').toEqual([]);
  });

  test('no source produces or matches a code outside the union', () => {
    const stray = [...codesInSources()].filter(([code]) => !union.includes(code));
    expect(Object.fromEntries(stray)).toEqual({});
  });

  test("no fixture's expected verdict names a code outside the union", () => {
    const stray = [...codesInExpectations()].filter(([code]) => !union.includes(code));
    expect(Object.fromEntries(stray)).toEqual({});
  });

  test('the parsers find what they look for (so the checks above cannot pass by reading nothing)', () => {
    expect(unionCodes("export type SockgradeErrorCode =\n  // 'E_NOT_THIS'\n  | 'E_A' // E_CODE\n  | 'E_B';\nconst x = 'E_C';")).toEqual(['E_A', 'E_B']);
    expect(documentedCodes('# x\n\n## Error codes\n\n| code | a | b |\n|---|---|---|\n| `E_A` | means | cause |\n\n## Next\n| `E_B` | x | y |\n')).toEqual([{ code: 'E_A', cells: ['`E_A`', 'means', 'cause'] }]);
    expect(codesInSources().get('E_MISMATCH')?.length).toBeGreaterThan(5);
  });
});
