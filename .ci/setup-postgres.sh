#!/usr/bin/env bash
# Makes sure the PostgreSQL contract tests can run: the PostgreSQL 15 server binaries exist, and a non-root
# user exists to run initdb/pg_ctl (initdb refuses to run as root). Idempotent; CI calls it before the tests.
# The user name must match PostgresCluster.DefaultUser in tests/BrainRepo.Storage.Tests (override both with
# BRAINREPO_PG_USER).
set -euo pipefail

PG_BIN="${BRAINREPO_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_USER="${BRAINREPO_PG_USER:-brainrepo-pg}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  echo "setup-postgres: installing postgresql-15 (no $PG_BIN/initdb)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends postgresql-15
fi

if [ "$(id -u)" -eq 0 ]; then
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    echo "setup-postgres: creating user $PG_USER"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
  fi
  command -v runuser >/dev/null 2>&1 || { echo "setup-postgres: runuser (util-linux) is missing" >&2; exit 1; }
fi

"$PG_BIN/initdb" --version
echo "setup-postgres: ok (binaries in $PG_BIN; clusters run as ${PG_USER} when root)"
