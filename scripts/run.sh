#!/usr/bin/env bash
# Sets up (first time) and starts the desk on the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/desk "$@"
