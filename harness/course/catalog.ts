import path from 'node:path';
import type { Assignment } from './course.ts';
import { builtInCourse, courseAssignments } from './course.ts';
import { SockgradeError } from '../errors/sockgrade-error.ts';

// Every assignment a run can grade: the course's own, then the built-in ones it does not redefine
// (a course's folder of the same name replaces the built-in assignment, so a teacher can adapt one).
export class Catalog {
  readonly #byName = new Map<string, Assignment>();

  constructor(readonly course: string | undefined, assignments: readonly Assignment[]) {
    for (const assignment of assignments) if (!this.#byName.has(assignment.name)) this.#byName.set(assignment.name, assignment);
  }

  // The catalog of a course folder (or of the built-in course alone when there is none).
  static load(course?: string): Catalog {
    const own = course && path.resolve(course) !== path.resolve(builtInCourse) ? courseAssignments(course, { builtIn: false }) : [];
    return new Catalog(course, [...own, ...courseAssignments(builtInCourse, { builtIn: true })]);
  }

  get names(): string[] {
    return [...this.#byName.keys()].sort();
  }

  // The assignments defined by the course folder itself (all of them for the built-in course).
  get own(): Assignment[] {
    const course = this.course ?? builtInCourse;
    return [...this.#byName.values()].filter((a) => path.resolve(a.course) === path.resolve(course)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  // The assignment called name; an unknown name is one E_UNKNOWN_ASSIGNMENT line listing the known ones.
  get(name: string, where = ''): Assignment {
    const found = this.#byName.get(name);
    if (!found) throw new SockgradeError('E_UNKNOWN_ASSIGNMENT', `unknown assignment "${name}"${where} (known: ${this.names.join(', ')})`);
    return found;
  }
}
