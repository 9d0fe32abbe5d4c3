import { plural } from '../bytes/show-bytes.ts';

// What an unexpected datagram most likely is, judged from the datagrams still awaited and those other
// clients sent: joined replies, a truncated one, or one meant for another client. Undefined if none fits.
export function diagnoseDatagram(received: Buffer, awaited: readonly Buffer[], sentByOthers: ReadonlyMap<string, readonly Buffer[]>): string | undefined {
  for (const [label, sent] of sentByOthers) {
    if (received.length > 0 && sent.some((d) => d.equals(received))) {
      return `these are the bytes ${label} sent: the reply went to the wrong address (send each reply to the address recvfrom() returned with that datagram)`;
    }
  }
  // Two or more awaited datagrams, consecutive in sending order, back as one.
  for (let first = 0; first < awaited.length; first++) {
    let joined = Buffer.alloc(0);
    for (let last = first; last < awaited.length && joined.length < received.length; last++) {
      joined = Buffer.concat([joined, awaited[last] as Buffer]);
      if (last > first && joined.equals(received)) {
        return `it is ${plural(last - first + 1, 'datagram')} joined into one: datagram boundaries were not kept (answer each recvfrom() with its own sendto())`;
      }
    }
  }
  const cut = awaited.find((d) => received.length > 0 && received.length < d.length && d.subarray(0, received.length).equals(received));
  if (cut) return `it is the first ${plural(received.length, 'byte')} of a ${cut.length}-byte datagram: truncated (is the recvfrom() buffer smaller than ${cut.length}?)`;
  return undefined;
}
