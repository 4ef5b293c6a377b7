#!/usr/bin/env bash
# Installs everything the tests need and runs every check: lint, types, generated code, tests.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh" dev
echo "== ruff";   ruff check . && ruff format --check .
echo "== mypy";   mypy
echo "== generated models in sync"; python -m ontology.generate --check
echo "== pytest"; python -m pytest "$@"
