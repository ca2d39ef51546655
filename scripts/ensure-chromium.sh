#!/usr/bin/env bash
# Browser tests drive Debian's chromium. Install it when we can (root or sudo), otherwise say how.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
cmd="apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation"
if [ "$(id -u)" = "0" ]; then
  echo "ensure-chromium: installing Debian's chromium for the browser tests"
  bash -c "$cmd"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo bash -c "$cmd"
else
  echo "ensure-chromium: $CHROMIUM is missing. Run this once, then npm test again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y chromium fonts-liberation" >&2
  exit 1
fi
