#!/usr/bin/env bash
# The main job: install, build the graph from data/ into the embedded store, show what is in it, serve the API.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
amur load data/
amur ingest data/articles
amur stats
amur show "Абрамов"
amur view overview -o .amur/views/overview.html
amur view ego "Абрамов" --depth 2 -o .amur/views/abramov.html
amur view event event:amurexpo-2026 -o .amur/views/amurexpo-2026.html
echo "Views written to .amur/views/ (open them in a browser; they need no network)"
echo "Serving the API: docs at http://${AMUR_HOST:-127.0.0.1}:${AMUR_PORT:-8000}/docs (Ctrl+C stops)"
exec amur serve
