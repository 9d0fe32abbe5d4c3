// The public entry for spec authors: fixtures, clients, byte helpers, probes and the error type.
export { assignmentTest, launchOptionsFor } from './spec/assignment-test.ts';
export type { AssignmentFixtures, AssignmentOptions } from './spec/assignment-test.ts';
export { StreamClient } from './clients/stream-client.ts';
export { Transcript } from './clients/transcript.ts';
export { launchServer } from './launch/launch-server.ts';
export type { LaunchOptions } from './launch/launch-server.ts';
export { StartedServer } from './launch/started-server.ts';
export type { Endpoint } from './launch/endpoint.ts';
export { toBuffer, firstDifference, allByteValues, patternBytes } from './bytes/bytes.ts';
export type { ByteInput } from './bytes/bytes.ts';
export { showBytes, compareBytes, hex, escapeText } from './bytes/show-bytes.ts';
export { SockgradeError, isSockgradeError } from './errors/sockgrade-error.ts';
export { busyShare, canMeasureCpu } from './probes/cpu-usage.ts';
export { serverSideState } from './probes/tcp-connections.ts';
export { openDescriptorCount, boundAddresses } from './probes/process-sockets.ts';
export { pollUntil } from './probes/wait-until.ts';
export { scaled, defaultTimeouts } from './time/timeouts.ts';
