// How every report names a test: "assignment › test name", the heading of its failure report too.
export function testLabel(assignment: string, testName: string): string {
  return `${assignment} › ${testName}`;
}
