import { expect, test } from 'vitest';
import { fitToBudget } from './fit-budget.ts';

test('keeps the most generous rendering that fits, measured in UTF-8 bytes', () => {
  const render = (cap: number) => 'é'.repeat(cap);
  expect(fitToBudget(render, 10_000)).toBe('é'.repeat(4000));
  expect(fitToBudget(render, 1000)).toBe('é'.repeat(500));
});

test('undefined when even the shortest rendering is too large', () => {
  expect(fitToBudget(() => 'x'.repeat(100), 10)).toBeUndefined();
});
