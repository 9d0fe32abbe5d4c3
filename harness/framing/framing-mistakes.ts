// The classic sticky-packet mistakes a reply can reveal, each as the failure message names it.
export const framingMistakes = {
  littleEndian: 'the length was read or written little-endian (struct.pack("i") or "<I" instead of "!I", network byte order)',
  oneRecvOneMessage:
    'one recv() was taken as one message (TCP keeps no message boundaries: loop until you have the 4 header bytes, then until you have the N payload bytes)',
  bodyCut: 'the body was read with a single recv() and cut (recv(n) may return fewer than n bytes: loop until you have all N)',
  merged: 'replies merged after a coalesced write (one recv() held several messages: split the buffer at exactly 4 + N bytes and answer each message)',
  missing: 'replies missing after a coalesced write (one recv() held several messages: answer every complete message in the buffer and keep the incomplete rest)',
} as const;

export type FramingMistake = keyof typeof framingMistakes;
