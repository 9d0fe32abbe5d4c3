#!/usr/bin/env bash
# PrairieLearn's external grader runs this in the grading container (the image from ./Dockerfile):
# the student's files are in /grade/student, the question's tests/ folder in /grade/tests, and the
# grade is /grade/results/results.json.
#
# Environment (all optional):
#   SOCKGRADE_TIMEOUT_TOTAL  seconds for the grading run (default 150: below the question's
#                            externalGradingOptions.timeout of 180 s, which may be at most 600)
#   GRADE_ROOT               another folder laid out like /grade, to try this locally
#   SOCKGRADE_DIR            where sockgrade is installed (default: /sockgrade, as in the image)
set -uo pipefail

grade=${GRADE_ROOT:-/grade}
sockgrade=${SOCKGRADE_DIR:-/sockgrade}
mkdir -p "$grade/results"

# Students upload only their code; the question's tests/sockgrade.json says how to build and start it.
if [ -f "$grade/tests/sockgrade.json" ]; then
  cp "$grade/tests/sockgrade.json" "$grade/student/sockgrade.json"
fi

node "$sockgrade/bin/sockgrade.js" "$grade/student" \
  --timeout-total "${SOCKGRADE_TIMEOUT_TOTAL:-150}" \
  --prairielearn "$grade/results/results.json"
status=$?

# 0 and 1 are grades; 2 (could not grade) is written as "gradable": false, which costs the student
# no attempt. Anything else is a grader failure PrairieLearn should show as one.
if [ "$status" -le 2 ]; then exit 0; fi
exit "$status"
