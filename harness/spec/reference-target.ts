import path from 'node:path';
import { loadManifestSync } from '../grade/manifest.ts';
import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import type { GradingTarget } from './target.ts';

// The reference of an assignment as a target: reference/<assignment>/ is a submission folder whose
// sockgrade.json has a command for the assignment. A missing or broken reference is one E_REFERENCE line.
export function referenceTargetIn(referenceDir: string, assignment: string, label = `reference/${assignment}`): GradingTarget {
  let manifest;
  try {
    manifest = loadManifestSync(referenceDir);
  } catch (err) {
    if (isSockgradeError(err, 'E_MANIFEST')) throw new SockgradeError('E_REFERENCE', `the reference of "${assignment}" is broken: ${err.shortMessage.replace(/; create it, or grade one command.*$/, '')} (a reference is a submission folder: ${path.join(referenceDir, 'sockgrade.json')} with a command for "${assignment}")`);
    throw err;
  }
  const command = manifest.assignments[assignment];
  if (command === undefined) throw new SockgradeError('E_REFERENCE', `the reference of "${assignment}" is broken: ${manifest.path} has no command for "${assignment}" (it has: ${Object.keys(manifest.assignments).join(', ')})`);
  return { id: 'reference', assignment, label, command, submissionDir: referenceDir };
}

// The reference for a spec file in a plain vitest run: <course>/reference/<assignment>/ beside <course>/specs/.
export function referenceTarget(specFile: string, assignment: string): GradingTarget {
  const course = path.dirname(path.dirname(path.dirname(specFile)));
  return referenceTargetIn(path.join(course, 'reference', assignment), assignment);
}
