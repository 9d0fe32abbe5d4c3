#!/usr/bin/env bash
# Builds the zip to upload on Gradescope's "Configure Autograder" page: setup.sh and run_autograder at
# the zip's root, and the committed files of a sockgrade checkout (or of your course repository with
# sockgrade in its lock file) in sockgrade/. Optionally a sockgrade.json that every submission is
# graded with.
#
# Usage: make-autograder-zip.sh SOCKGRADE_CHECKOUT OUT.zip [SOCKGRADE_JSON]
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "usage: $0 SOCKGRADE_CHECKOUT OUT.zip [SOCKGRADE_JSON]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
checkout=$(cd "$1" && pwd)
out=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
chmod +x "$stage/setup.sh" "$stage/run_autograder"
mkdir "$stage/sockgrade"
# Committed files only: no node_modules, no local results.
git -C "$checkout" archive --format=tar HEAD | tar -x -C "$stage/sockgrade"
if [ "$#" -eq 3 ]; then cp "$3" "$stage/sockgrade.json"; fi

rm -f "$out"
(cd "$stage" && zip -qr "$out" .)
echo "wrote $out"
