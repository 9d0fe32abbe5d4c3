import { expect, test } from 'vitest';
import { readCounter } from './server-cgroup.ts';

test('counters read from the kernel\'s "key value" files', () => {
  expect(readCounter('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n', 'oom_kill')).toBe(3);
  expect(readCounter('max 145\n', 'max')).toBe(145);
  expect(readCounter('', 'max')).toBe(0);
});
