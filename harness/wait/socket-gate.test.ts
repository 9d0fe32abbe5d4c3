import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import getPort from 'get-port';
import { SocketGate } from './socket-gate.ts';
import { forListeningPort } from './for-listening-port.ts';
import { tcpListeners } from '../probes/accept-queue.ts';
import { systemClock } from '../time/clock.ts';
import { pollUntil } from '../probes/wait-until.ts';

// A child with pipes for stdio (socket pairs, as a server's are) that listens on the ports it is told to.
function listenerChild() {
  const child = spawn(process.execPath, ['-e', `
    const net = require('net');
    require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
      const [what, port] = line.split(' ');
      if (what === 'socket') { require('dgram').createSocket('udp4').bind(0, '127.0.0.1', () => console.log('ok')); }
      else net.createServer().listen(+port, '127.0.0.1', () => console.log('ok'));
    });`], { stdio: ['pipe', 'pipe', 'pipe'] });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async tell(line: string) {
      child.stdin.write(`${line}\n`);
      await replies.next();
    },
  };
}

describe.runIf(process.platform === 'linux')('SocketGate', () => {
  const children: ReturnType<typeof listenerChild>['child'][] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill();
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    }
  });

  test('shut while the process holds only its stdio socket pairs; open for a new inet socket; shut again once it listens on another port', async () => {
    const { child, tell } = listenerChild();
    children.push(child);
    const gate = new SocketGate(async () => [child.pid as number]);
    expect(await gate.open()).toBe(false);
    await tell('socket');
    expect(await gate.open()).toBe(true);
    const [wrong, right] = [await getPort(), await getPort()];
    await tell(`listen ${wrong}`);
    expect(await gate.open()).toBe(true);
    gate.settle(await tcpListeners(), right);
    // Still open: the UDP socket is not a listener, so it is never settled.
    expect(await gate.open()).toBe(true);
  });

  test('a server listening on a wrong port first, then on the awaited one, is seen ready', async () => {
    const { child, tell } = listenerChild();
    children.push(child);
    const [wrong, right] = [await getPort(), await getPort()];
    await tell(`listen ${wrong}`);
    let polls = 0;
    const processes = async (): Promise<number[]> => {
      polls++;
      return [child.pid as number];
    };
    const ready = forListeningPort({ processes }).waitUntilReady({ kind: 'tcp', host: '127.0.0.1', port: right }, new AbortController().signal, systemClock);
    let seen = false;
    void ready.then(() => (seen = true));
    // Several polls find only the wrong port.
    expect(await pollUntil(async () => polls >= 5, 10_000)).toBe(true);
    expect(seen).toBe(false);
    await tell(`listen ${right}`);
    await ready;
  });
});
