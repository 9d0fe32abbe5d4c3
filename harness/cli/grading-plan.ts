import { statSync } from 'node:fs';
import path from 'node:path';
import type { CliArgs } from './args.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { knownAssignments } from '../grade/assignments.ts';
import { loadManifest } from '../grade/manifest.ts';
import type { SubmissionTarget } from '../spec/target.ts';

// What one CLI run grades: which assignments, with which commands, after which build.
export interface GradingPlan {
  readonly submissionDir: string;
  readonly build?: string;
  readonly assignments: readonly string[];
  readonly targets: Readonly<Record<string, SubmissionTarget>>;
}

function checkKnown(name: string, where: string): void {
  const known = knownAssignments();
  if (!known.includes(name)) throw new SockgradeError('E_UNKNOWN_ASSIGNMENT', `unknown assignment "${name}"${where} (known: ${known.join(', ')})`);
}

// Resolves the arguments and manifest into a plan; every problem is one line (exit 2).
export async function planGrading(args: CliArgs): Promise<GradingPlan> {
  const submissionDir = path.resolve(args.submissionDir ?? '.');
  let isDir = false;
  try {
    isDir = statSync(submissionDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new SockgradeError('E_USAGE', `submission folder ${submissionDir} does not exist or is not a folder`);

  if (args.run !== undefined) {
    if (args.assignments.length !== 1) throw new SockgradeError('E_USAGE', `--run grades one command, so it needs exactly one --assignment NAME (got ${args.assignments.length})`);
    const name = args.assignments[0] as string;
    checkKnown(name, '');
    return { submissionDir, assignments: [name], targets: { [name]: { command: args.run, submissionDir } } };
  }

  const manifest = await loadManifest(submissionDir);
  for (const name of Object.keys(manifest.assignments)) checkKnown(name, ` in ${manifest.path}`);
  for (const name of args.assignments) {
    checkKnown(name, '');
    if (!(name in manifest.assignments)) throw new SockgradeError('E_USAGE', `--assignment ${name}: ${manifest.path} has no command for it (it has: ${Object.keys(manifest.assignments).join(', ')})`);
  }
  const chosen = args.assignments.length > 0 ? [...new Set(args.assignments)] : Object.keys(manifest.assignments);
  const targets = Object.fromEntries(chosen.map((name) => [name, { command: manifest.assignments[name] as string, submissionDir }]));
  return { submissionDir, ...(manifest.build ? { build: manifest.build } : {}), assignments: chosen, targets };
}
