#!/usr/bin/env bash
# Secrets scanner throughput on the 500 MB benchmark workspace of bench/run.sh (issue 3).
#
#   bench/secrets-workspace.sh
#
# Environment: RUNS [3] timed runs (median; one untimed warm-up first), FILES [20000], SEED [42],
# OUT [bench/out/secrets-ws] (git-ignored), SYNC [1] (0 skips the initial-sync comparison).
#
# 1. Generates the workspace with bench/BrainRepo.Bench.Workspace, same settings as bench/run.sh (20,000 stored files,
#    about 490 MB, plus about 13 MB in node_modules folders that the sync policy skips).
# 2. `brainrepo scan <ws> --json` as a whole process (CLI published native AOT, as bench/run.sh does): wall time, CPU
#    (user+sys) and MB/s. `scan` has no policy: it reads and scans the node_modules folders too, so its MB/s is over
#    every byte under the workspace.
# 3. The scanner alone, in process, one thread, over the stored files only (node_modules skipped, as a sync does).
# 4. With SYNC=1: the initial `brainrepo sync` of the same workspace (fresh data folder and repository each run), so the
#    scanner's CPU can be put against the sync's CPU.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=${RUNS:-3}
FILES=${FILES:-20000}
SEED=${SEED:-42}
SYNC=${SYNC:-1}
OUT=${OUT:-$ROOT/bench/out/secrets-ws}
WS="$OUT/ws-$FILES"
BR="$OUT/bin/brainrepo"
GEN="$ROOT/bench/BrainRepo.Bench.Workspace/bin/Release/net10.0/brainrepo-bench-workspace"
SECBENCH="$OUT/secbench/BrainRepo.Bench.Secrets.dll"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$OUT"

load() { cut -d' ' -f1 /proc/loadavg; }

echo "== build (CLI published native AOT, workspace generator, secrets bench)" >&2
dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$OUT/bin" -v q -nologo >&2
dotnet build "$ROOT/bench/BrainRepo.Bench.Workspace" -c Release -v q -nologo >&2
dotnet build "$ROOT/bench/BrainRepo.Bench.Secrets" -c Release -o "$OUT/secbench" -v q -nologo >&2

if [[ ! -f "$WS.digest" ]]; then
  rm -rf "$WS"
  echo "== generate $FILES files (seed $SEED) into $WS" >&2
  "$GEN" generate --out "$WS" --files "$FILES" --max-mb 0 --seed "$SEED" | tee "$WS.digest" >&2
fi
ALL_BYTES=$(find "$WS" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
ALL_FILES=$(find "$WS" -type f | wc -l)
NM_BYTES=$(find "$WS" -type d -name node_modules -prune -exec find {} -type f -printf '%s\n' \; | awk '{s+=$1} END {print s+0}')
NM_FILES=$(find "$WS" -type d -name node_modules -prune -exec find {} -type f \; | wc -l)
echo "workspace: $ALL_FILES files, $ALL_BYTES bytes; of which node_modules: $NM_FILES files, $NM_BYTES bytes"
echo "generator: $(tail -n 1 "$WS.digest")"

# timed NAME -- command...: appends "NAME wall cpu load rc" to $OUT/times.tsv
timed() {
  local name=$1; shift 2
  local t0 t1 rc
  t0=$(date +%s%N)
  set +e
  /usr/bin/time -f '%U %S %M' -o "$OUT/time.out" "$@" >"$OUT/last.out" 2>"$OUT/last.err"
  rc=$?
  set -e
  t1=$(date +%s%N)
  local wall cpu rss
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  read -r cpu rss < <(tail -n 1 "$OUT/time.out" | awk '{ printf "%.2f %d\n", $1 + $2, $3 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$cpu" "$rss" "$(load)" "$rc" | tee -a "$OUT/times.tsv" >&2
}
: >"$OUT/times.tsv"

echo "== brainrepo scan <ws> --json: warm-up + $RUNS runs" >&2
for run in warm-up $(seq 1 "$RUNS"); do
  timed "scan-$run" -- "$BR" scan "$WS" --json
done
FINDINGS=$(grep -c '"rule"' "$OUT/last.out" || true)

echo "== scanner alone, in process, 1 thread, stored files only" >&2
dotnet "$SECBENCH" folder "$WS" --skip node_modules --iterations "$RUNS" | tee "$OUT/inprocess.txt" >&2

if [[ "$SYNC" = 1 ]]; then
  echo "== initial brainrepo sync: warm-up + $RUNS runs" >&2
  for run in warm-up $(seq 1 "$RUNS"); do
    rm -rf "$OUT/home" "$OUT/repo.git"
    BRAINREPO_HOME="$OUT/home" "$BR" init "$WS" --repo "$OUT/repo.git" >/dev/null
    timed "sync-$run" -- env BRAINREPO_HOME="$OUT/home" "$BR" sync -w "$WS" --json
  done
  rm -rf "$OUT/home" "$OUT/repo.git" "$WS/.brainrepo"
fi

python3 - "$OUT/times.tsv" "$ALL_BYTES" "$ALL_FILES" "$NM_BYTES" "$FINDINGS" "$OUT/inprocess.txt" <<'PY'
import statistics, sys, re
path, all_bytes, all_files, nm_bytes, findings, inproc = sys.argv[1:]
all_bytes, nm_bytes = int(all_bytes), int(nm_bytes)
rows = [l.rstrip('\n').split('\t') for l in open(path)]
def med(prefix):
    r = [x for x in rows if x[0].startswith(prefix) and not x[0].endswith('warm-up')]
    if not r:
        return None
    return dict(wall=statistics.median(float(x[1]) for x in r), lo=min(float(x[1]) for x in r), hi=max(float(x[1]) for x in r),
                cpu=statistics.median(float(x[2]) for x in r), rss=max(int(x[3]) for x in r),
                load=statistics.mean(float(x[4]) for x in r), rc=sorted({x[5] for x in r}), n=len(r))
s = med('scan-')
print()
print(f"Workspace: {all_files} files, {all_bytes / 1e6:.1f} MB in all, of which node_modules {nm_bytes / 1e6:.1f} MB "
      f"(stored by a sync: {(all_bytes - nm_bytes) / 1e6:.1f} MB). `brainrepo scan` reads all of it; {findings} findings.")
print()
print("| measurement | wall (median, min–max) | MB/s (wall) | CPU (user+sys) | MB/s of CPU | peak RSS | load avg |")
print("| --- | --- | --- | --- | --- | --- | --- |")
print(f"| `brainrepo scan <ws> --json`, whole process, {s['n']} runs | {s['wall']:.2f} s ({s['lo']:.2f}–{s['hi']:.2f}) | "
      f"{all_bytes / 1e6 / s['wall']:.1f} | {s['cpu']:.2f} s | {all_bytes / 1e6 / s['cpu']:.1f} | {s['rss'] / 1024:.0f} MiB | {s['load']:.1f} |")
text = open(inproc).read()
m = re.search(r"best: ([\d.]+) s wall \(([\d.]+) MB/s\), ([\d.]+) s CPU \(([\d.]+) MB/s of CPU\), load ([\d.]+)", text)
if m:
    print(f"| scanner alone, in process, 1 thread, stored files (best pass) | {m.group(1)} s | {m.group(2)} | {m.group(3)} s | {m.group(4)} | – | {m.group(5)} |")
y = med('sync-')
if y:
    print(f"| initial `brainrepo sync`, whole process, {y['n']} runs | {y['wall']:.2f} s ({y['lo']:.2f}–{y['hi']:.2f}) | "
          f"{(all_bytes - nm_bytes) / 1e6 / y['wall']:.1f} (stored bytes) | {y['cpu']:.2f} s | – | {y['rss'] / 1024:.0f} MiB | {y['load']:.1f} |")
    if m:
        print()
        print(f"Scanner CPU / initial sync CPU: {float(m.group(3)):.2f} s / {y['cpu']:.2f} s = {float(m.group(3)) / y['cpu']:.0%} "
              f"(the scanner's single-thread CPU over the stored files, against the whole sync's CPU).")
PY
