import path from 'node:path';
import { isSockgradeError } from '../errors/sockgrade-error.ts';
import type { SockgradeErrorCode } from '../errors/sockgrade-error.ts';
import { loadManifest } from '../grade/manifest.ts';
import type { Catalog } from '../course/catalog.ts';
import type { GradingTarget } from '../spec/target.ts';

// One submission of a class: what to build and grade, or why it cannot be graded (one line).
export interface SubmissionPlan {
  readonly name: string;
  readonly dir: string;
  readonly build?: string;
  readonly targets: readonly GradingTarget[];
  readonly error?: string;
  // The error's stable code (E_MANIFEST, E_BUILD, …), for the reports of a submission not graded.
  readonly errorCode?: SockgradeErrorCode;
}

// Reads each submission's manifest: its assignments (those asked for, if any), each a target named after
// the submission's folder. A missing or broken manifest, or an unknown assignment, is that
// submission's reason not to be graded; it never stops the class.
export async function planClass(dir: string, names: readonly string[], catalog: Catalog, only: readonly string[]): Promise<SubmissionPlan[]> {
  return Promise.all(
    names.map(async (name): Promise<SubmissionPlan> => {
      const submissionDir = path.join(dir, name);
      try {
        const manifest = await loadManifest(submissionDir);
        for (const assignment of Object.keys(manifest.assignments)) catalog.get(assignment, ` in ${manifest.path}`);
        const chosen = Object.keys(manifest.assignments).filter((a) => only.length === 0 || only.includes(a));
        const targets = chosen.map((assignment) => ({ id: name, assignment, label: name, command: manifest.assignments[assignment] as string, submissionDir }));
        return { name, dir: submissionDir, ...(manifest.build ? { build: manifest.build } : {}), targets };
      } catch (err) {
        if (!isSockgradeError(err)) throw err;
        return { name, dir: submissionDir, targets: [], error: err.shortMessage, errorCode: err.code };
      }
    }),
  );
}
