import path from 'node:path';
import { expect, test as base } from 'vitest';
import type { TestAPI } from 'vitest';
import './task-meta.ts';
import type { Endpoint, EndpointKind } from '../launch/endpoint.ts';
import type { LaunchOptions } from '../launch/launch-server.ts';
import { launchServer } from '../launch/launch-server.ts';
import type { StartedServer } from '../launch/started-server.ts';
import type { ServedRoot } from '../launch/test-folder.ts';
import { StreamClient } from '../clients/stream-client.ts';
import { UdpClient } from '../clients/udp-client.ts';
import { Transcript } from '../clients/transcript.ts';
import { StdinWriter } from '../clients/stdin-writer.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { runSettings, useRunSettings } from '../run/run-settings.ts';
import type { ServerLimits } from '../sandbox/server-limits.ts';
import { parseLimits, resolveLimits } from '../sandbox/server-limits.ts';
import type { LimitHit } from '../sandbox/limit-verdict.ts';
import { explainByLimit } from './server-limit-verdict.ts';
import { scaled } from '../time/timeouts.ts';
import type { GradingTarget } from './target.ts';
import { providedContext } from './target.ts';
import { multiTargetTest } from './multi-target-test.ts';
import { referenceTarget } from './reference-target.ts';
import { explainByServerExit } from './server-exit-verdict.ts';
import type { ExitStatus } from '../launch/exit-status.ts';

const START_HINT =
  'The server must bind the address it is given ({host}/{port} or {socket} on the command line, also $HOST/$PORT/$SOCKET_PATH), start within the start timeout, and keep running until it is killed.';

// Fixtures every assignment test gets; each owns its teardown.
export interface AssignmentFixtures {
  // How this test's server is launched (the program this test grades).
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
  // What each server may use, where this assignment needs other values than the course's or the
  // defaults (harness/sandbox/server-limits.ts), e.g. { memoryMiB: 1024, processes: 512 }.
  readonly limits?: Partial<ServerLimits>;
}

// The spec file being collected; its folder under specs/ is the assignment's name.
function currentSpecFile(): string {
  const file = expect.getState().testPath;
  if (!file) throw new SockgradeError('E_SPECS', 'assignmentTest() must be called at the top level of a spec file (specs/<assignment>/<name>.spec.ts)');
  return file;
}

// Marks the end of a test's own actions, before its clients are torn down. After a failure, a server that
// is dying already (its client saw it stop listening or hang up) is given a moment to end, so its death
// counts the same on every run; an exit provoked later by the teardown of its clients does not count.
async function endOfTest(server: StartedServer, task: { result?: { state?: string } }): Promise<void> {
  if (task.result?.state === 'fail') await server.exitWithin(scaled(1000));
  server.markTestOver();
}

// The fixtures of one target's tests.
function targetTest(target: GradingTarget, options: AssignmentOptions, specFile: string): TestAPI<AssignmentFixtures> {
  const { endpoint, beforeStart, root, log, stdin } = options;
  const settings = runSettings();
  // The defaults, then the course's, this spec's, the command line's, and a fixture's own (sockgrade check).
  const specLimits = options.limits === undefined ? undefined : parseLimits(options.limits, `${specFile}: assignmentTest option "limits"`, 'E_SPECS');
  const limits = resolveLimits([settings.limits?.course, specLimits, settings.limits?.cli, target.limits], settings.timeoutScale);
  const launch: LaunchOptions = {
    label: target.label,
    command: target.command,
    submissionDir: target.submissionDir,
    endpoint,
    ...(root ? { root } : {}),
    ...(log ? { log: log === true ? {} : log } : {}),
    ...(stdin ? { stdin } : {}),
    ...(beforeStart ? { beforeStart } : {}),
    limits,
  };
  return base.extend<AssignmentFixtures>({
    // eslint-disable-next-line no-empty-pattern
    launchOptions: async ({}, use) => {
      await use(launch);
    },
    transcript: async ({ task }, use) => {
      const transcript = new Transcript();
      await use(transcript);
      if (transcript.events.length > 0) {
        task.meta.transcript = transcript.render();
        task.meta.events = transcript.toJSON();
      }
    },
    server: async ({ task, launchOptions, onTestFailed }, use) => {
      let server: StartedServer;
      try {
        server = await launchServer(launchOptions);
      } catch (err) {
        // The test never ran: its own hint would mislead, so say what a server must do to start.
        if (!beforeStart) task.meta.hint = START_HINT;
        throw err;
      }
      // Runs after this fixture's teardown: by then the server's end is known, and whether it ran into a
      // limit (which, when it did, is the verdict on the failure). Only an exit while the test ran counts,
      // not one the teardown of its clients provoked.
      let ended: ExitStatus | undefined;
      let hit: LimitHit | undefined;
      onTestFailed(({ task: failed }) => {
        const errors = failed.result?.errors as unknown as Parameters<typeof explainByServerExit>[0];
        if (hit) explainByLimit(errors, hit);
        else if (ended) explainByServerExit(errors, ended);
      });
      try {
        await use(server);
      } finally {
        await endOfTest(server, task);
        await server.stop();
        ended = server.exitWhileTested;
        hit = await server.limitHit({ withStderr: true });
        task.meta.server = server.describe();
        task.meta.serverSummary = server.summary();
      }
    },
    connect: async ({ task, server, transcript }, use) => {
      const clients: StreamClient[] = [];
      await use(async (label) => {
        const client = await StreamClient.connect(server.endpoint, label ?? `client ${clients.length + 1}`, transcript);
        clients.push(client);
        return client;
      });
      await endOfTest(server, task);
      await Promise.all(clients.map((client) => client[Symbol.asyncDispose]()));
      // vitest keeps every test's context, and so this fixture, until the run ends: let go of the clients
      // and the bytes they hold, or a class's batch grows by megabytes per test.
      clients.length = 0;
    },
    udp: async ({ task, server, transcript }, use) => {
      const clients: UdpClient[] = [];
      await use(async (label) => {
        const client = await UdpClient.open(server.endpoint, label ?? `client ${clients.length + 1}`, transcript, { peers: () => clients });
        clients.push(client);
        return client;
      });
      await endOfTest(server, task);
      await Promise.all(clients.map((client) => client[Symbol.asyncDispose]()));
      // vitest keeps every test's context, and so this fixture, until the run ends: let go of the clients
      // and the bytes they hold, or a class's batch grows by megabytes per test.
      clients.length = 0;
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
  });
}

// The vitest `test` for a spec file, with its server and clients as fixtures. The assignment is the spec
// file's folder (specs/<assignment>/); the programs it grades are the run's targets for that assignment
// (the CLI's submission, or the reference and fixtures for `sockgrade check`), and in a plain vitest run,
// the course's reference. An older spec that still names its assignment must name its own folder.
export function assignmentTest(options: AssignmentOptions): TestAPI<AssignmentFixtures>;
export function assignmentTest(assignment: string, options: AssignmentOptions): TestAPI<AssignmentFixtures>;
export function assignmentTest(first: string | AssignmentOptions, second?: AssignmentOptions): TestAPI<AssignmentFixtures> {
  const file = currentSpecFile();
  const assignment = path.basename(path.dirname(file));
  const options = typeof first === 'string' ? second : first;
  if (!options) throw new SockgradeError('E_SPECS', `${file}: assignmentTest() needs its options, e.g. assignmentTest({ endpoint: 'tcp' })`);
  if (typeof first === 'string' && first !== assignment) {
    throw new SockgradeError('E_SPECS', `${file} calls assignmentTest('${first}', …) but lives in specs/${assignment}/: an assignment's name is its folder's, so drop the name (assignmentTest({ endpoint: '${options.endpoint}' }))`);
  }
  const context = providedContext();
  if (context) useRunSettings(context.settings);
  const targets = context ? context.targets.filter((target) => target.assignment === assignment) : [referenceTarget(file, assignment)];
  if (targets.length === 0) throw new SockgradeError('E_SPECS', `${file}: this run has no program to grade for assignment "${assignment}"`);
  return multiTargetTest(targets, (target) => targetTest(target, options, file));
}
