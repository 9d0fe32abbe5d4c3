import { expect, test } from 'vitest';
import { serializeValue } from '@vitest/utils/serialize';
import { parseErrorStacktrace } from '@vitest/utils/source-map';
import { SockgradeError } from './sockgrade-error.ts';

test('a verdict crosses from vitest\'s worker with its frames parsed (none): the main thread reads no source map for it', () => {
  const sent = serializeValue(new SockgradeError('E_MISMATCH', 'different bytes came back')) as Record<string, unknown>;
  expect(sent.stacks).toEqual([]);
  expect(sent.stack).toMatch(/SockgradeError: different bytes came back\n\s+at /);
  const getSourceMap = (): undefined => {
    throw new Error('a source map was read');
  };
  expect(parseErrorStacktrace(sent as never, { getSourceMap })).toEqual([]);
  // Anything else is parsed as vitest does.
  expect(() => parseErrorStacktrace(serializeValue(new Error('a spec bug')) as never, { getSourceMap })).toThrow('a source map was read');
});
