// Who may see a test's result on a grading platform (Gradescope's four settings).
export type TestVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

// What a spec declares per test, and what the harness attaches for reports.
declare module 'vitest' {
  interface TaskMeta {
    // Points the test is worth (default 1).
    points?: number;
    // The teacher's hint, shown with the failure.
    hint?: string;
    // When students see this test on Gradescope (default: the run's --gradescope-visibility).
    visibility?: TestVisibility;
    // Rendered wire transcript of the test's clients.
    transcript?: string;
    // Server command, endpoint, exit status and output tails.
    server?: string;
    // The same, as data.
    serverSummary?: import('../launch/started-server.ts').ServerSummary;
    // The wire transcript as data (for the HTML report).
    events?: readonly import('../clients/transcript.ts').TranscriptEventJson[];
  }
}
