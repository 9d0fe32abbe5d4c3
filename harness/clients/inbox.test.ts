import { expect, test } from 'vitest';
import { Inbox } from './inbox.ts';

test('appends, peeks and takes across growth', () => {
  const inbox = new Inbox();
  const big = Buffer.alloc(200_000, 7);
  inbox.append(Buffer.from('ab'));
  inbox.append(big);
  expect(inbox.length).toBe(200_002);
  expect(inbox.take(2).toString()).toBe('ab');
  expect(inbox.consumedTotal).toBe(2);
  expect(inbox.peek(0, 3)).toEqual(Buffer.from([7, 7, 7]));
  inbox.append(Buffer.from('z'));
  expect(inbox.take(200_001).at(-1)).toBe('z'.charCodeAt(0));
  expect(inbox.length).toBe(0);
});
