import type { GradeResult } from '../grade/results.ts';
import { assignmentResult, gradeResult } from '../grade/results.ts';
import { byteMismatch } from '../bytes/byte-mismatch.ts';

// Markup a server or a spec could put in a report, meant to break out of it: a script, an SVG that
// runs code when it loads, a comment and CDATA opener, a NUL, an ESC colour code, a lone surrogate.
export const HOSTILE_TEXT = '</script><script>window.pwned=1</script><svg onload="window.pwned=2"><!-- ]]> \u0000 \u001b[31m \ud800 &amp; <b>bold</b>';

// Wire bytes: invalid UTF-8 (a lone continuation byte, a truncated sequence, 0xff, 0xfe), a NUL, then markup.
export const HOSTILE_BYTES = Buffer.concat([Buffer.from([0x80, 0xc3, 0x28, 0xff, 0xfe, 0x00]), Buffer.from('<img src=x onerror="window.pwned=3"></pre></details>')]);

const b64 = (bytes: Buffer): string => bytes.toString('base64');

// A result whose every text and byte field carries hostile input, with a full wire conversation: two
// clients and stdin, connect, send, a wrong reply, a reset, a FIN, notes of the kernel and the harness,
// a server that died with the markup on stderr. For the HTML report's tests (unit and browser).
export function hostileResult(): GradeResult {
  const expected = Buffer.from('hello <b>world</b>');
  const received = Buffer.concat([Buffer.from('hello '), HOSTILE_BYTES]);
  const events = [
    { atMs: 1.2, actor: 'client 1', kind: 'connect' as const, text: `connected to 127.0.0.1:4242 (TCP) ${HOSTILE_TEXT}` },
    { atMs: 1.5, actor: 'client 1', kind: 'send' as const, bytes: b64(expected), byteLength: expected.length },
    { atMs: 2, actor: 'stdin', kind: 'send' as const, bytes: b64(HOSTILE_BYTES), byteLength: HOSTILE_BYTES.length },
    { atMs: 3, actor: `client ${HOSTILE_TEXT}`, kind: 'reset' as const, text: HOSTILE_TEXT },
    { atMs: 4, actor: 'kernel', kind: 'note' as const, text: HOSTILE_TEXT },
    { atMs: 5, actor: 'harness', kind: 'note' as const, text: HOSTILE_TEXT },
    { atMs: 40.4, actor: 'client 1', kind: 'recv' as const, bytes: b64(received), byteLength: received.length, note: HOSTILE_TEXT },
    { atMs: 41, actor: 'client 1', kind: 'eof' as const, text: 'server closed its sending side (FIN)' },
    { atMs: 42, actor: 'client 1', kind: 'error' as const, text: `ECONNRESET ${HOSTILE_TEXT}` },
  ];
  const failed = {
    name: `echoes ${HOSTILE_TEXT}`,
    status: 'failed' as const,
    score: 0,
    maxScore: 2,
    message: `tcp-echo › echoes\n${HOSTILE_TEXT}\nhint: ${HOSTILE_TEXT}`,
    summary: `client 1 expected 18 bytes back but received different bytes ${HOSTILE_TEXT}`,
    code: 'E_MISMATCH' as const,
    durationMs: 45,
    hint: HOSTILE_TEXT,
    events,
    mismatch: byteMismatch('client 1', expected, received, { streamOffset: 0 }),
    server: {
      label: HOSTILE_TEXT,
      command: `python3 ${HOSTILE_TEXT} 4242`,
      endpoint: `127.0.0.1:4242 (TCP) ${HOSTILE_TEXT}`,
      status: `exited with code 1 after 44ms ${HOSTILE_TEXT}`,
      exitCode: 1,
      signal: null,
      stderrTail: [HOSTILE_TEXT, 'Traceback (most recent call last):'],
      stdoutTail: [HOSTILE_TEXT],
      stderrBytes: 300,
      stdoutBytes: 90,
    },
  };
  return gradeResult([
    assignmentResult(`tcp-echo ${HOSTILE_TEXT}`, [
      failed,
      { name: `passes ${HOSTILE_TEXT}`, status: 'passed', score: 1, maxScore: 1, message: '', summary: '', durationMs: 3 },
      { name: 'skips', status: 'skipped', score: 0, maxScore: 1, message: HOSTILE_TEXT, summary: HOSTILE_TEXT, durationMs: 0 },
    ]),
  ]);
}
