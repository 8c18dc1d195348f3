#!/usr/bin/env bash
# Real-world negative corpus for the secrets scanner: legitimate text that is already on a Debian + .NET SDK machine
# (documentation, Python/Perl/Node libraries, the .NET SDK's XML docs, NuGet packages). Prints files, bytes and the
# findings per rule, and writes every finding with its surrounding text to bench/out/secrets-realworld/review.tsv
# (git-ignored) for classification by hand. The hand classification of the latest run is in docs/benchmarks-secrets.md.
#
#   bench/secrets-realworld.sh [extra roots...]
#
# Roots that do not exist on a machine are reported and skipped, so compare the printed byte count between machines.
# bench/out/secretlint-bench/secretlint/node_modules exists after bench/secrets-vs-secretlint.sh (or its npm install).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/out/secrets-realworld"
GEN="$OUT/bin"
mkdir -p "$OUT"

ROOTS=(
  /usr/share/doc
  /usr/share/man
  /usr/lib/python3
  /usr/lib/python3.11
  /usr/share/perl
  /usr/share/perl5
  /usr/share/postgresql
  /usr/share/postgresql-common
  /usr/lib/node_modules
  /usr/share/dotnet
  "$HOME/.nuget/packages"
  "$ROOT/bench/out/secretlint-bench/secretlint/node_modules"
  "$@"
)

dotnet build "$ROOT/bench/BrainRepo.Bench.Secrets" -c Release -o "$GEN" -v quiet -nologo >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$GEN/BrainRepo.Bench.Secrets.dll" realworld --review "$OUT/review.tsv" "${ROOTS[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
