#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu 22.04 by default):
# it installs Node.js >= 20.19 and python3, then sockgrade's locked dependencies. The zip that
# make-autograder-zip.sh builds holds this file, run_autograder and a copy of sockgrade (or of your
# course repository) in sockgrade/.
set -euo pipefail

NODE_MAJOR=22
SOCKGRADE_DIR=${SOCKGRADE_DIR:-/autograder/source/sockgrade}

node_is_recent() {
  command -v node >/dev/null && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}

if ! command -v python3 >/dev/null || ! command -v curl >/dev/null || ! command -v xz >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends ca-certificates curl xz-utils python3
fi

# Ubuntu's own nodejs package is far older than 20.19: take the latest Node 22 release tarball and
# check it against the release's SHA256 list.
if ! node_is_recent; then
  base="https://nodejs.org/dist/latest-v${NODE_MAJOR}.x"
  work=$(mktemp -d)
  curl -fsSL "$base/SHASUMS256.txt" -o "$work/SHASUMS256.txt"
  tarball=$(awk '/ node-v[0-9.]+-linux-x64\.tar\.xz$/ { print $2 }' "$work/SHASUMS256.txt")
  curl -fsSL "$base/$tarball" -o "$work/$tarball"
  (cd "$work" && grep " $tarball\$" SHASUMS256.txt | sha256sum -c -)
  tar -xJf "$work/$tarball" -C /usr/local --strip-components=1 --no-same-owner
  rm -rf "$work"
fi
node_is_recent || { echo "setup.sh: Node.js >= 20.19 is needed, got $(node --version 2>/dev/null || echo none)" >&2; exit 1; }
echo "setup.sh: node $(node --version), $(python3 --version)"

# Exactly the dependencies sockgrade's lock file pins; npm ci also builds dist/ (its prepare script,
# which needs the TypeScript compiler, a dev dependency).
(cd "$SOCKGRADE_DIR" && npm ci --no-audit --no-fund)
