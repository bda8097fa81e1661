#!/usr/bin/env bash
# Sets up (first time), starts a local PostgreSQL 15 for the team-mode tests when one is installed,
# then runs the linters and the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

if [ -z "${DESK_TEST_PG_URL:-}" ] && command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -n "$ver" ]; then
    pg_ctlcluster "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='desk'\"" | grep -q 1 \
      || su postgres -c "psql -qc \"CREATE ROLE desk SUPERUSER LOGIN PASSWORD 'desk'\""
    export DESK_TEST_PG_URL="postgresql://desk:desk@127.0.0.1:5432/postgres"
  fi
fi

.venv/bin/ruff check desk tests db scripts
.venv/bin/lint-imports
.venv/bin/mypy   # strict on the Qt-free domain (desk/core), see [tool.mypy]
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"
