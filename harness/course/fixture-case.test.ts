import { describe, expect, it } from 'vitest';
import type { TestResult } from '../grade/results.ts';
import { parseVerdict, showVerdict, verdictHolds } from './fixture-case.ts';

const failed = (code: string): TestResult => ({ status: 'failed', code, message: `${code}: what went wrong` }) as TestResult;
const parse = (value: unknown) => parseVerdict(value, 'expected.json', 'verdicts["a"]["t"]');

describe('a fixture verdict', () => {
  it('reads a code, and holds only for that code', () => {
    const verdict = parse('E_EARLY_EOF');
    expect(verdictHolds(verdict, failed('E_EARLY_EOF'))).toBe(true);
    expect(verdictHolds(verdict, failed('E_RESET'))).toBe(false);
    expect(showVerdict(verdict)).toBe('E_EARLY_EOF');
  });

  it('reads a list of codes, and holds for any one of them', () => {
    const verdict = parse({ code: ['E_EARLY_EOF', 'E_RESET'] });
    expect(verdictHolds(verdict, failed('E_EARLY_EOF'))).toBe(true);
    expect(verdictHolds(verdict, failed('E_RESET'))).toBe(true);
    expect(verdictHolds(verdict, failed('E_TIMEOUT'))).toBe(false);
    expect(verdictHolds(verdict, { status: 'passed', message: '' } as TestResult)).toBe(false);
    expect(showVerdict(verdict)).toBe('E_EARLY_EOF or E_RESET');
  });

  it('matches a message substring beside the code', () => {
    const verdict = parse({ code: 'E_RESET', message: 'went wrong' });
    expect(verdictHolds(verdict, failed('E_RESET'))).toBe(true);
    expect(verdictHolds(parse({ code: 'E_RESET', message: 'elsewhere' }), failed('E_RESET'))).toBe(false);
  });

  it.each([
    [{ code: [] }, 'a list of them'],
    [{ code: ['E_RESET', 'reset'] }, 'a list of them'],
    [{ code: 42 }, 'must be an error code'],
    [{ status: 'passed', code: 'E_RESET' }, 'goes with a failure'],
    [{ codes: ['E_RESET'] }, 'unknown key "codes"'],
  ])('rejects %j with one E_FIXTURE line', (value, why) => {
    expect(() => parse(value)).toThrow(expect.objectContaining({ code: 'E_FIXTURE', message: expect.stringContaining(why) }));
  });
});
