import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { referenceDir } from '../paths.ts';

const bundles = new Map<string, Promise<string>>();

// The reference server's source file for an assignment.
export function referenceEntry(assignment: string): string {
  return path.join(referenceDir, assignment, 'server.ts');
}

// References are TypeScript; they are bundled once per process into plain JS and written into each
// server's own working directory, so they start as fast as `node server.mjs` and leave nothing behind.
function bundle(assignment: string): Promise<string> {
  let pending = bundles.get(assignment);
  if (!pending) {
    // esbuild is loaded only when a reference is graded: a submission's run never pays for it.
    pending = import('esbuild').then(({ build }) => build({ entryPoints: [referenceEntry(assignment)], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' }).then(
      (result) => result.outputFiles[0]?.text ?? '',
    ));
    bundles.set(assignment, pending);
  }
  return pending;
}

// Launch settings for the reference: an exact argv and a prepare step that writes the program.
export function referenceLaunch(assignment: string): { command: string[]; prepare: (workdir: string) => Promise<void> } {
  return {
    command: [process.execPath, 'server.mjs', '{port}{socket}'],
    prepare: async (workdir) => {
      await writeFile(path.join(workdir, 'server.mjs'), await bundle(assignment));
    },
  };
}
