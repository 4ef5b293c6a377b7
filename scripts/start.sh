#!/usr/bin/env bash
# The main job: install, build the graph from data/ into the embedded store, show what is in it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
amur load data/
amur ingest data/articles
amur stats
amur show "Абрамов"
