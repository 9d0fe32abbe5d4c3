import { plural } from '../bytes/show-bytes.ts';

// What an unexpected datagram most likely is, judged from the datagrams still awaited and those other
// clients sent: joined replies, a truncated one, or one meant for another client. Undefined if none fits.
export function diagnoseDatagram(received: Buffer, awaited: readonly Buffer[], sentByOthers: ReadonlyMap<string, readonly Buffer[]>, ownLabel = 'this client'): string | undefined {
  for (const [label, sent] of sentByOthers) {
    if (received.length > 0 && sent.some((d) => d.equals(received))) {
      return `these are the bytes ${label} sent: the reply went to the wrong address (send each reply to the address recvfrom() returned with that datagram)`;
    }
  }
  const joined = joinedFrom(received, [...awaited.map((bytes) => ({ bytes, label: ownLabel })), ...[...sentByOthers].flatMap(([label, sent]) => sent.map((bytes) => ({ bytes, label })))]);
  if (joined) {
    const senders = [...new Set(joined)];
    const whose = senders.length === 1 && senders[0] === ownLabel ? '' : ` (sent by ${senders.join(', ')})`;
    return `it is ${plural(joined.length, 'datagram')} joined into one${whose}: datagram boundaries were not kept (answer each recvfrom() with its own sendto(), to its sender)`;
  }
  const cut = awaited.find((d) => received.length > 0 && received.length < d.length && d.subarray(0, received.length).equals(received));
  if (cut) return `it is the first ${plural(received.length, 'byte')} of a ${cut.length}-byte datagram: truncated (is the recvfrom() buffer smaller than ${cut.length}?)`;
  return undefined;
}

// The senders of two or more non-empty datagrams whose concatenation is exactly `received`, if there are such.
function joinedFrom(received: Buffer, sent: readonly { bytes: Buffer; label: string }[], at = 0): string[] | undefined {
  if (at === received.length) return [];
  for (const { bytes, label } of sent) {
    if (bytes.length === 0 || bytes.length > received.length - at || !received.subarray(at, at + bytes.length).equals(bytes)) continue;
    const rest = joinedFrom(received, sent, at + bytes.length);
    if (rest && (at > 0 || rest.length > 0)) return [label, ...rest];
  }
  return undefined;
}
