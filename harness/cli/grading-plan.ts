import { statSync } from 'node:fs';
import path from 'node:path';
import type { CliArgs } from './args.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';
import { loadManifest } from '../grade/manifest.ts';
import type { Catalog } from '../course/catalog.ts';
import type { GradingTarget } from '../spec/target.ts';

// What one CLI run grades: which assignments of the submission, with which commands, after which build.
export interface GradingPlan {
  readonly submissionDir: string;
  readonly build?: string;
  readonly targets: readonly GradingTarget[];
  readonly specFiles: readonly string[];
}

// The submission's targets, all with the id "submission" (one student, several assignments).
function submissionTargets(catalog: Catalog, submissionDir: string, commands: Readonly<Record<string, string>>, names: readonly string[]): Pick<GradingPlan, 'targets' | 'specFiles'> {
  const targets = names.map((assignment) => ({ id: 'submission', assignment, label: 'submission', command: commands[assignment] as string, submissionDir }));
  return { targets, specFiles: names.flatMap((name) => catalog.get(name).specFiles) };
}

// Resolves the arguments and manifest into a plan; every problem is one line (exit 2).
export async function planGrading(args: CliArgs, catalog: Catalog): Promise<GradingPlan> {
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
    catalog.get(name);
    return { submissionDir, ...submissionTargets(catalog, submissionDir, { [name]: args.run }, [name]) };
  }

  const manifest = await loadManifest(submissionDir);
  for (const name of Object.keys(manifest.assignments)) catalog.get(name, ` in ${manifest.path}`);
  for (const name of args.assignments) {
    catalog.get(name);
    if (!(name in manifest.assignments)) throw new SockgradeError('E_USAGE', `--assignment ${name}: ${manifest.path} has no command for it (it has: ${Object.keys(manifest.assignments).join(', ')})`);
  }
  const chosen = args.assignments.length > 0 ? [...new Set(args.assignments)] : Object.keys(manifest.assignments);
  return { submissionDir, ...(manifest.build ? { build: manifest.build } : {}), ...submissionTargets(catalog, submissionDir, manifest.assignments, chosen) };
}
