import { test as base } from 'vitest';
import './task-meta.ts';
import type { Endpoint, EndpointKind } from '../launch/endpoint.ts';
import type { LaunchOptions } from '../launch/launch-server.ts';
import { launchServer } from '../launch/launch-server.ts';
import type { StartedServer } from '../launch/started-server.ts';
import { referenceLaunch } from '../launch/reference.ts';
import { StreamClient } from '../clients/stream-client.ts';
import { UdpClient } from '../clients/udp-client.ts';
import { Transcript } from '../clients/transcript.ts';
import { StdinWriter } from '../clients/stdin-writer.ts';
import type { ServedRoot } from '../launch/test-folder.ts';
import type { GradingContext } from './target.ts';
import { submissionFor } from './target.ts';
import { inject } from 'vitest';
import { useRunSettings } from '../run/run-settings.ts';

const START_HINT =
  'The server must bind the address it is given ({host}/{port} or {socket} on the command line, also $HOST/$PORT/$SOCKET_PATH), start within the start timeout, and keep running until it is killed.';

// Fixtures every assignment test gets; each owns its teardown.
export interface AssignmentFixtures {
  // How this test's server is launched (the submission chosen by the CLI, or the reference).
  launchOptions: LaunchOptions;
  // The wire transcript of this test, attached to its result.
  transcript: Transcript;
  // A fresh server for this test, started and ready; stopped and cleaned up after it.
  server: StartedServer;
  // Opens a stream client (TCP or Unix) to the server, named "client 1", "client 2"… unless labelled.
  connect: (label?: string) => Promise<StreamClient>;
  // Opens a UDP client (its own socket and address) talking to the server, named like connect's.
  udp: (label?: string) => Promise<UdpClient>;
  // {root}: the folder the server serves from or stores into, and the secret beside it (option `root`).
  root: ServedRoot;
  // {log}: the file the server appends to (option `log`).
  log: { readonly path: string };
  // The server's stdin (option stdin: 'pipe'): write lines, then end() for EOF.
  stdin: StdinWriter;
}

export interface AssignmentOptions {
  readonly endpoint: EndpointKind;
  // Runs before each server starts, once its endpoint is chosen. Tests made with it are about the start
  // itself (e.g. over a stale socket file), so a failed start keeps their own hint.
  readonly beforeStart?: (endpoint: Endpoint) => Promise<void>;
  // Gives each server a fresh {root} ($ROOT_DIR), filled by this function before it starts; a secret file
  // is placed beside {root}, outside it.
  readonly root?: (dir: string) => Promise<void> | void;
  // Gives each server a {log} ($LOG_PATH) file in its working folder, holding `initial` (or empty) at start.
  readonly log?: true | { readonly initial?: string | Uint8Array };
  // 'pipe': the test writes the server's stdin (fixture `stdin`); default: an empty stdin.
  readonly stdin?: 'pipe';
}

// Launch settings for an assignment: the CLI's submission if one was provided, else the reference.
export function launchOptionsFor(assignment: string, endpoint: EndpointKind): LaunchOptions {
  const submission = submissionFor(assignment);
  if (submission) return { label: 'submission', command: submission.command, submissionDir: submission.submissionDir, endpoint };
  return { label: `reference/${assignment}`, endpoint, ...referenceLaunch(assignment) };
}

// The vitest `test` for an assignment's spec file, with its server and clients as fixtures.
export function assignmentTest(assignment: string, { endpoint, beforeStart, root, log, stdin }: AssignmentOptions) {
  const context = inject('sockgrade') as GradingContext | undefined;
  if (context?.settings) useRunSettings(context.settings);
  const files = { ...(root ? { root } : {}), ...(log ? { log: log === true ? {} : log } : {}), ...(stdin ? { stdin } : {}) };
  return base.extend<AssignmentFixtures>({
    // eslint-disable-next-line no-empty-pattern
    launchOptions: async ({}, use) => {
      await use({ ...launchOptionsFor(assignment, endpoint), ...files, ...(beforeStart ? { beforeStart } : {}) });
    },
    transcript: async ({ task }, use) => {
      const transcript = new Transcript();
      await use(transcript);
      if (transcript.events.length > 0) task.meta.transcript = transcript.render();
    },
    server: async ({ task, launchOptions }, use) => {
      let server: StartedServer;
      try {
        server = await launchServer(launchOptions);
      } catch (err) {
        // The test never ran: its own hint would mislead, so say what a server must do to start.
        if (!beforeStart) task.meta.hint = START_HINT;
        throw err;
      }
      try {
        await use(server);
      } finally {
        await server.stop();
        task.meta.server = server.describe();
      }
    },
    connect: async ({ server, transcript }, use) => {
      const clients: StreamClient[] = [];
      await use(async (label) => {
        const client = await StreamClient.connect(server.endpoint, label ?? `client ${clients.length + 1}`, transcript);
        clients.push(client);
        return client;
      });
      await Promise.all(clients.map((client) => client[Symbol.asyncDispose]()));
    },
    root: async ({ server }, use) => {
      if (!server.root) throw new TypeError('this spec gives its servers no {root}: pass assignmentTest the option root: (dir) => { /* fill it */ }');
      await use(server.root);
    },
    log: async ({ server }, use) => {
      if (!server.logPath) throw new TypeError('this spec gives its servers no {log}: pass assignmentTest the option log: true');
      await use({ path: server.logPath });
    },
    stdin: async ({ server, transcript }, use) => {
      await use(new StdinWriter(server.stdin, transcript));
    },
    udp: async ({ server, transcript }, use) => {
      const clients: UdpClient[] = [];
      await use(async (label) => {
        const client = await UdpClient.open(server.endpoint, label ?? `client ${clients.length + 1}`, transcript, { peers: () => clients });
        clients.push(client);
        return client;
      });
      await Promise.all(clients.map((client) => client[Symbol.asyncDispose]()));
    },
  });
}
