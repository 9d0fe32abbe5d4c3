#!/usr/bin/env bash
# Grades a pull request's submission with the harness, specs and references of the BASE branch.
# Both CI examples (github-grade.yml, gitlab-grade.yml) run exactly this after their checkouts, and
# fixtures/trusted-specs.test.ts runs it on a pull request that edits specs, references and this file.
#
# Usage: grade-pull-request.sh GRADER_DIR SUBMISSION_DIR OUT_DIR
#   GRADER_DIR      checkout of the base branch (trusted): sockgrade itself (bin/, harness/, specs/,
#                   reference/), or an assignment repo with sockgrade in its package-lock.json
#   SUBMISSION_DIR  the student's folder in the pull request's checkout (holds sockgrade.json);
#                   nothing else of the pull request is used
#   OUT_DIR         where the reports go: result.json, grade.tap, junit.xml, results.json (Gradescope);
#                   with $GITHUB_STEP_SUMMARY set, a Markdown summary is appended there too
# Environment: SOCKGRADE_TIMEOUT_TOTAL (seconds for the whole run, default 600).
# Exit status: sockgrade's (0 all passed, 1 some failed, 2 could not grade), or 3 if the grader
# checkout was changed while the submission ran.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 GRADER_DIR SUBMISSION_DIR OUT_DIR" >&2
  exit 2
fi
grader=$(cd "$1" && pwd)
submission=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)

# Dependencies exactly as the base branch's lock file pins them (never the pull request's).
if [ ! -d "$grader/node_modules" ]; then
  (cd "$grader" && npm ci --no-audit --no-fund)
fi
if [ -f "$grader/bin/sockgrade.js" ]; then
  cli="$grader/bin/sockgrade.js"
  # npm ci builds the harness (its prepare script); build it if the dependencies came from elsewhere.
  [ -f "$grader/dist/.built" ] || (cd "$grader" && npm run build --silent)
else
  cli="$grader/node_modules/sockgrade/bin/sockgrade.js"
fi

status=0
# From the grader's folder, so its package.json "sockgrade" settings (the course) apply.
cd "$grader"
node "$cli" "$submission" \
  --timeout-total "${SOCKGRADE_TIMEOUT_TOTAL:-600}" \
  --json "$out/result.json" --tap "$out/grade.tap" --junit "$out/junit.xml" --gradescope "$out/results.json" \
  || status=$?

# The submission's code ran on this machine as this user: make sure it left the grader as checked out.
if git -C "$grader" rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git -C "$grader" status --porcelain --untracked-files=no)" ]; then
  echo "grade-pull-request: the grader checkout was modified while the submission ran; this grade is void:" >&2
  git -C "$grader" status --short --untracked-files=no >&2
  exit 3
fi
exit "$status"
