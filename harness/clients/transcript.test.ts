import { describe, expect, test } from 'vitest';
import { Transcript } from './transcript.ts';

describe('Transcript', () => {
  test('consecutive chunks merge into one transfer, counted whole, held only at its start, in linear time', () => {
    const transcript = new Transcript();
    transcript.record('client 1', 'send', Buffer.from('GET /big HTTP/1.1\r\n\r\n'));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const started = performance.now();
    for (let i = 0; i < 96; i++) transcript.record('client 1', 'recv', chunk);
    // Copying the whole transfer for each chunk took about 0.7 s per 6 MiB here; holding its start takes ~1 ms.
    expect(performance.now() - started).toBeLessThan(200);
    const [request, response] = transcript.events;
    expect(request?.byteLength).toBe(21);
    expect(response?.byteLength).toBe(96 * 64 * 1024);
    expect(response?.bytes?.length).toBe(64 * 1024);
    expect(transcript.render()).toContain('client 1  ←  recv     6291456 bytes "aaaaaaaaaaaaaaaaaaaaaaaa"…');
    expect(transcript.toJSON()[1]).toMatchObject({ byteLength: 6291456 });
  });

  test('datagrams and other actors are events of their own', () => {
    const transcript = new Transcript();
    transcript.record('client 1', 'sendto', Buffer.from('a'));
    transcript.record('client 1', 'sendto', Buffer.from('b'));
    transcript.record('client 2', 'recv', Buffer.from('c'));
    transcript.record('client 1', 'recv', Buffer.from('d'));
    expect(transcript.events.map((e) => [e.actor, e.kind, e.bytes?.toString()])).toEqual([['client 1', 'sendto', 'a'], ['client 1', 'sendto', 'b'], ['client 2', 'recv', 'c'], ['client 1', 'recv', 'd']]);
  });
});
