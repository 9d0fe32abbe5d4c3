import { expect, test } from 'vitest';
import { buildErrorLine } from './build.ts';

test('a compiler\'s error line, not the source excerpt and caret it prints after it', () => {
  const gcc = "server.c: In function 'main':\nserver.c:1:11: error: expected declaration specifiers before '{' token\n    1 | int main( { return 0; }\n      |           ^\n";
  expect(buildErrorLine(gcc)).toBe("server.c:1:11: error: expected declaration specifiers before '{' token");
});

test('without an error line, the last line that says anything', () => {
  expect(buildErrorLine('compiling\nmake: *** [all] Stopped\n\n')).toBe('make: *** [all] Stopped');
  expect(buildErrorLine('')).toBe('');
});
