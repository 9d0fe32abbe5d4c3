import { SockgradeError, isSockgradeError } from '../errors/sockgrade-error.ts';
import { loadManifest } from '../grade/manifest.ts';
import type { GradingTarget } from '../spec/target.ts';
import { referenceTargetIn } from '../spec/reference-target.ts';
import type { Assignment } from './course.ts';
import type { Catalog } from './catalog.ts';
import type { FixtureCase } from './fixture-case.ts';
import { loadFixtureCases } from './fixture-case.ts';
import { onPath } from './which.ts';
import { canUseCgroups } from '../sandbox/server-cgroup.ts';
import { runSettings } from '../run/run-settings.ts';

// The requirement a fixture names when its verdicts need servers limited by cgroups (memory, processes).
const CGROUPS = 'cgroups';

async function cgroupsUsable(): Promise<boolean> {
  return runSettings().cgroups !== false && (await canUseCgroups());
}

// One program `sockgrade check` grades, with what it must get.
export interface CheckItem {
  readonly assignment: string;
  // "reference" must pass every test; a fixture must get exactly its declared verdicts.
  readonly kind: 'reference' | 'fixture';
  readonly label: string;
  readonly targets: readonly GradingTarget[];
  readonly fixture?: FixtureCase;
  readonly build?: { readonly command: string; readonly dir: string };
  // Why it is not graded: a program it needs is missing (skipped on a developer's machine, failed in CI).
  readonly missing?: readonly string[];
}

// What `sockgrade check` grades for these assignments: each reference, then each fixture.
export async function planCheck(assignments: readonly Assignment[], catalog: Catalog, { path: envPath }: { path?: string } = {}): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  for (const assignment of assignments) {
    const reference = referenceTargetIn(assignment.referenceDir, assignment.name);
    const referenceManifest = await loadManifest(assignment.referenceDir);
    items.push({ assignment: assignment.name, kind: 'reference', label: reference.label, targets: [{ ...reference, id: reference.label }], ...(referenceManifest.build ? { build: { command: referenceManifest.build, dir: assignment.referenceDir } } : {}) });
    for (const fixture of loadFixtureCases(assignment.fixturesDir)) {
      const label = `fixtures/${assignment.name}/${fixture.name}`;
      const missing = [];
      for (const need of fixture.requires) if (!(need === CGROUPS ? await cgroupsUsable() : onPath(need, envPath))) missing.push(need);
      const manifest = await loadManifest(fixture.dir).catch((err: unknown) => {
        throw isSockgradeError(err) ? new SockgradeError('E_FIXTURE', `${label}: ${err.shortMessage.replace(/; create it, or grade one command.*$/, '')}`) : err;
      });
      const targets = [...fixture.verdicts.keys()].map((name) => {
        catalog.get(name, ` in ${label}/expected.json`);
        const command = manifest.assignments[name];
        if (command === undefined) throw new SockgradeError('E_FIXTURE', `${label}/expected.json declares verdicts for "${name}" but ${manifest.path} has no command for it`);
        return { id: label, assignment: name, label, command, submissionDir: fixture.dir, ...(fixture.limits ? { limits: fixture.limits } : {}) };
      });
      items.push({ assignment: assignment.name, kind: 'fixture', label, targets, fixture, ...(manifest.build ? { build: { command: manifest.build, dir: fixture.dir } } : {}), ...(missing.length > 0 ? { missing } : {}) });
    }
  }
  return items;
}
