#!/usr/bin/env bash
# System dependencies of the test suite, installed from Debian and npm only (no browser or
# Java downloads of their own): Debian's chromium, driven by Playwright at /usr/bin/chromium;
# Java for the W3C Nu HTML checker; Node and npm for the tools pinned in package-lock.json
# (vnu-jar, axe-core). Idempotent: a second run installs nothing and ends in a second.
# Run as root, or as a user with sudo (used for apt-get only, so node_modules stays yours).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_get() {
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get "$@"
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get "$@"
  fi
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Screenshots and the one-A4-page print check depend on the font: Noto covers Vietnamese.
# (grep without -q reads all of fc-list's output: an early exit would fail the pipe.)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list | grep "NotoSans-Regular" >/dev/null; }; then
  missing+=(fonts-noto-core)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime when none is found;
# we run the jar with Debian's java instead. The copied lock file marks a finished install.
stamp=node_modules/.vinhdanh-package-lock.json
if ! cmp -s package-lock.json "$stamp" || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "system-deps: npm ci"
  npm ci --ignore-scripts --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
echo "system-deps: chromium, java, node_modules ready"
