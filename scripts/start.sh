#!/usr/bin/env bash
# The main job: install, build the graph from data/ into the embedded store, show what is in it, serve the API.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
amur load data/
amur stats
amur show "Абрамов"
echo "Serving the API: docs at http://${AMUR_HOST:-127.0.0.1}:${AMUR_PORT:-8000}/docs (Ctrl+C stops)"
exec amur serve
