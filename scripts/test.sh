#!/usr/bin/env bash
# Installs everything the tests need and runs every check: lint, types, generated code, tests.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh" dev
# The view tests drive Debian's chromium (never a browser Playwright downloads).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing Debian's chromium for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
      || echo "   could not install chromium: the browser tests will be skipped"
  else
    echo "== chromium is not installed and cannot be installed here: the browser tests will be skipped"
  fi
fi
echo "== ruff";   ruff check . && ruff format --check .
echo "== mypy";   mypy
echo "== generated models in sync"; python -m ontology.generate --check
echo "== pytest"; python -m pytest "$@"
