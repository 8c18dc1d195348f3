#!/usr/bin/env bash
# BrainRepo benchmark: BrainRepo sync versus plain git on the same generated tree.
#
#   bash bench/run.sh
#
# Environment knobs (defaults in brackets):
#   RUNS [4]            timed runs per measurement (median reported; a warm-up run is extra)
#   FILES [20000]       files of the main workspace
#   MAX_MB [0]          cap on the main workspace's stored bytes (0: none, about 490 MB)
#   BIG_FILES [200000]  files of the scaling workspace (0 skips the scaling part)
#   BIG_MAX_MB [1000]   cap on the scaling workspace's stored bytes
#   SEED [42]           generator seed
#   OUT [bench/out]     scratch folder (git-ignored); trees are regenerated each run
#
# Everything runs as whole processes, as a user would run them. The page cache cannot be
# dropped here (no root-only sysctl in CI-like sandboxes is assumed), so each measurement
# starts with an untimed warm-up run and every timed run is on a warm cache.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-4}
FILES=${FILES:-20000}
MAX_MB=${MAX_MB:-0}
BIG_FILES=${BIG_FILES:-200000}
BIG_MAX_MB=${BIG_MAX_MB:-1000}
SEED=${SEED:-42}
OUT=${OUT:-$ROOT/bench/out}
BR=$OUT/bin/brainrepo
GEN=$ROOT/bench/BrainRepo.Bench.Workspace/bin/Release/net10.0/brainrepo-bench-workspace
RESULTS=$OUT/results.tsv
LOG=$OUT/run.log

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$LOG" >&2; }
die() { log "FAIL: $*"; exit 1; }

# --- prerequisites -------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (/usr/bin/time) for peak RSS" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
fi
[ -x /usr/bin/time ] || die "/usr/bin/time is required"

mkdir -p "$OUT"
: >"$LOG"
printf 'scenario\ttool\trun\tseconds\tpeak_rss_kb\tcpu_seconds\tload1\n' >"$RESULTS"

log "publishing the CLI (Release, native AOT: the way it is installed)"
dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$OUT/bin" -v q -nologo >>"$LOG" 2>&1 || die "publish of the CLI failed (see $LOG)"
dotnet build "$ROOT/bench/BrainRepo.Bench.Workspace" -c Release -v q -nologo >>"$LOG" 2>&1 || die "build of the generator failed"

# timed SCENARIO TOOL RUN -- command...   Records wall seconds and peak RSS (KiB; for a shell
# pipeline, the largest single process) unless RUN is "warm-up". Leaves the command's
# stdout in $OUT/last.out and its exit code in $LAST_RC.
timed() {
    local scenario=$1 tool=$2 run=$3
    shift 4
    local t0 t1
    t0=$(date +%s%N)
    set +e
    /usr/bin/time -f '%M %U %S' -o "$OUT/time.out" "$@" >"$OUT/last.out" 2>"$OUT/last.err"
    LAST_RC=$?
    set -e
    t1=$(date +%s%N)
    local secs rss cpu load
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    read -r rss cpu < <(tail -n 1 "$OUT/time.out" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }')
    load=$(cut -d' ' -f1 /proc/loadavg)
    log "$scenario $tool $run: ${secs}s wall, ${cpu}s cpu, ${rss}KiB, load $load, rc=$LAST_RC"
    if [ "$run" != warm-up ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$tool" "$run" "$secs" "$rss" "$cpu" "$load" >>"$RESULTS"
    fi
}

# git_new DIR WORKSPACE: a fresh repository whose work tree is WORKSPACE, written only to DIR.
git_new() {
    rm -rf "$1"
    git init -q --bare "$1"
    git --git-dir="$1" config core.bare false
    git --git-dir="$1" config core.worktree "$2"
    # No background auto-gc/maintenance: it would detach and steal CPU from the next timed run.
    git --git-dir="$1" config gc.auto 0
    git --git-dir="$1" config maintenance.auto false
    # Same content as BrainRepo stores: skip node_modules (any depth).
    echo 'node_modules/' >>"$1/info/exclude"
}

git_snapshot() { # git_snapshot GITDIR: the measured git operation
    git --git-dir="$1" add -A && git --git-dir="$1" commit -q -m snapshot
}
export -f git_snapshot

# br_new HOME REPO WORKSPACE: a fresh BrainRepo data folder and backup repository.
br_new() {
    rm -rf "$1" "$2"
    BRAINREPO_HOME=$1 "$BR" init "$3" --repo "$2" >>"$LOG" 2>&1 || die "brainrepo init failed"
}

br_sync() { # br_sync HOME WORKSPACE
    BRAINREPO_HOME=$1 "$BR" sync -w "$2" --json
}
export -f br_sync
export BR

json_field() { sed -n "s/^  \"$1\": \\(.*\\),\$/\\1/p" "$OUT/last.out" | head -n 1; }

generate() { # generate DIR FILES MAXMB
    rm -rf "$1"
    log "generating $2 files into $1 (max-mb $3, seed $SEED)"
    "$GEN" generate --out "$1" --files "$2" --max-mb "$3" --seed "$SEED" | tee -a "$LOG" >&2
}

mutate() { "$GEN" mutate --out "$1" --files "$2" --max-mb "$3" --seed "$SEED" >>"$LOG"; }
restore() { "$GEN" restore --out "$1" --files "$2" --max-mb "$3" --seed "$SEED" >>"$LOG"; }

# BrainRepo goes first after a change on odd runs, git on even ones: the first command after a change
# is measurably slower (likely the change's writeback, or memory the previous process just freed).
first_is_git() { [ "$1" != warm-up ] && [ $(($1 % 2)) = 0 ]; }

# incremental WS FILES MAXMB HOME BRREPO GITDIR LABEL
# Each run: apply the change set, time BrainRepo and git (alternating who goes first), then restore the
# tree and bring both repositories back to it (untimed), so every run measures the same change.
incremental() {
    local ws=$1 files=$2 maxmb=$3 home=$4 brrepo=$5 gitdir=$6 label=$7
    local run
    for run in warm-up $(seq 1 "$RUNS"); do
        mutate "$ws" "$files" "$maxmb"
        if first_is_git "$run"; then incremental_git "$label" "$run" "$gitdir"; fi
        timed "$label" brainrepo "$run" -- bash -c 'br_sync "$0" "$1"' "$home" "$ws"
        [ "$LAST_RC" = 0 ] || die "incremental brainrepo sync exit $LAST_RC"
        [ "$(json_field added)/$(json_field modified)/$(json_field deleted)" = "10/20/5" ] \
            || die "incremental sync saw $(json_field added)/$(json_field modified)/$(json_field deleted) (want 10/20/5)"
        if ! first_is_git "$run"; then incremental_git "$label" "$run" "$gitdir"; fi
        restore "$ws" "$files" "$maxmb"
        br_sync "$home" "$ws" >/dev/null || die "restore sync failed"
        git_snapshot "$gitdir" || die "restore git commit failed"
    done
    # After restore, both repositories hold the original tree again.
    [ "$(git --git-dir="$gitdir" rev-parse HEAD^{tree})" = "$(git --git-dir="$gitdir" rev-parse HEAD~2^{tree})" ] \
        || die "restore did not bring the tree back"
}

incremental_git() { # incremental_git LABEL RUN GITDIR
    timed "$1" git "$2" -- bash -c 'git_snapshot "$0"' "$3"
    [ "$LAST_RC" = 0 ] || die "git incremental exit $LAST_RC"
    [ "$(git --git-dir="$3" diff --name-only HEAD~1 HEAD | wc -l)" = 35 ] || die "git did not see 35 changes"
}

nochange_git() { # nochange_git LABEL RUN GITDIR
    # For reference: git's own no-op, `git add -A` plus a check that nothing is staged.
    timed "$1" git "$2" -- bash -c 'git --git-dir="$0" add -A && git --git-dir="$0" diff --cached --quiet' "$3"
    [ "$LAST_RC" = 0 ] || die "git saw a change where there is none"
}

# nochange WS HOME BRREPO GITDIR LABEL
nochange() {
    local ws=$1 home=$2 brrepo=$3 gitdir=$4 label=$5 run before after
    before=$(git --git-dir="$brrepo" rev-parse HEAD)
    for run in warm-up $(seq 1 "$RUNS"); do
        if first_is_git "$run"; then nochange_git "$label" "$run" "$gitdir"; fi
        timed "$label" brainrepo "$run" -- bash -c 'br_sync "$0" "$1"' "$home" "$ws"
        [ "$LAST_RC" = 0 ] || die "no-change sync exit $LAST_RC"
        [ "$(json_field unchanged)" = true ] || die "no-change sync did not report unchanged"
        if ! first_is_git "$run"; then nochange_git "$label" "$run" "$gitdir"; fi
    done
    after=$(git --git-dir="$brrepo" rev-parse HEAD)
    [ "$before" = "$after" ] || die "a no-change sync created commit $after"
}

# compare_trees BRREPO GITDIR: BrainRepo's snapshot holds exactly git's files, blob for blob.
compare_trees() {
    diff <(git --git-dir="$1" ls-tree -r HEAD | grep -v $'\t.brainrepo/') <(git --git-dir="$2" ls-tree -r HEAD) >"$OUT/tree.diff" \
        || die "BrainRepo and git stored different trees (see $OUT/tree.diff)"
    log "trees identical: $(git --git-dir="$2" ls-tree -r HEAD | wc -l) files, same blob ids"
}

# --- main workspace ------------------------------------------------------------------
WS=$OUT/ws-$FILES
generate "$WS" "$FILES" "$MAX_MB"

log "initial sync: warm-up + $RUNS runs each"
for run in warm-up $(seq 1 "$RUNS"); do
    br_new "$OUT/home" "$OUT/br.git" "$WS"
    timed initial brainrepo "$run" -- bash -c 'br_sync "$0" "$1"' "$OUT/home" "$WS"
    [ "$LAST_RC" = 0 ] || die "initial brainrepo sync exit $LAST_RC: $(cat "$OUT/last.err")"
    STORED_FILES=$(json_field stored)
    STORED_BYTES=$(json_field stored_bytes)
    git_new "$OUT/git.git" "$WS"
    timed initial git "$run" -- bash -c 'git_snapshot "$0"' "$OUT/git.git"
    [ "$LAST_RC" = 0 ] || die "git initial commit exit $LAST_RC"
done
compare_trees "$OUT/br.git" "$OUT/git.git"

log "correctness: brainrepo verify, git fsck --strict"
timed verify brainrepo 1 -- env BRAINREPO_HOME="$OUT/home" "$BR" verify -w "$WS"
cp "$OUT/last.out" "$OUT/verify.out"
[ "$LAST_RC" = 0 ] || die "brainrepo verify failed: $(tail -n 20 "$OUT/verify.out")"
git --git-dir="$OUT/br.git" fsck --strict --no-progress >"$OUT/fsck.out" 2>&1 || die "git fsck --strict failed: $(head "$OUT/fsck.out")"
log "verify: ok; fsck --strict: ok ($(wc -l <"$OUT/fsck.out") lines of output)"

log "no change"
nochange "$WS" "$OUT/home" "$OUT/br.git" "$OUT/git.git" nochange
log "incremental (20 edits, 10 additions, 5 deletions)"
incremental "$WS" "$FILES" "$MAX_MB" "$OUT/home" "$OUT/br.git" "$OUT/git.git" incremental
compare_trees "$OUT/br.git" "$OUT/git.git"
rm -rf "$OUT/home" "$OUT/br.git" "$OUT/git.git"

# --- scaling workspace ---------------------------------------------------------------
if [ "$BIG_FILES" -gt 0 ]; then
    BIG=$OUT/ws-$BIG_FILES
    generate "$BIG" "$BIG_FILES" "$BIG_MAX_MB"
    br_new "$OUT/home-big" "$OUT/br-big.git" "$BIG"
    timed initial-big brainrepo 1 -- bash -c 'br_sync "$0" "$1"' "$OUT/home-big" "$BIG"
    [ "$LAST_RC" = 0 ] || die "initial brainrepo sync (big) exit $LAST_RC"
    git_new "$OUT/git-big.git" "$BIG"
    timed initial-big git 1 -- bash -c 'git_snapshot "$0"' "$OUT/git-big.git"
    compare_trees "$OUT/br-big.git" "$OUT/git-big.git"
    nochange "$BIG" "$OUT/home-big" "$OUT/br-big.git" "$OUT/git-big.git" nochange-big
    incremental "$BIG" "$BIG_FILES" "$BIG_MAX_MB" "$OUT/home-big" "$OUT/br-big.git" "$OUT/git-big.git" incremental-big
fi

# --- report --------------------------------------------------------------------------
python3 - "$RESULTS" "$FILES" "$BIG_FILES" "$STORED_FILES" "$STORED_BYTES" <<'PY'
import csv, statistics, sys
path, files, big, stored, stored_bytes = sys.argv[1:]
rows = list(csv.DictReader(open(path), delimiter="\t"))
def get(scn, tool):
    r = [x for x in rows if x["scenario"] == scn and x["tool"] == tool]
    if not r:
        return None
    s = sorted(float(x["seconds"]) for x in r)
    return dict(med=statistics.median(s), lo=s[0], hi=s[-1], n=len(s),
                cpu=statistics.median(float(x["cpu_seconds"]) for x in r),
                rss=max(int(x["peak_rss_kb"]) for x in r),
                load=statistics.mean(float(x["load1"]) for x in r))
def wall(v):
    if v is None:
        return "–"
    return f"{v['med']:.2f} s ({v['lo']:.2f}–{v['hi']:.2f})" if v["n"] > 1 else f"{v['med']:.2f} s (1 run)"
def cpu(v): return "–" if v is None else f"{v['cpu']:.2f} s"
def rss(v): return "–" if v is None else f"{v['rss'] / 1024:.0f} MiB"
print(f"Workspace: {stored} stored files, {int(stored_bytes or 0) / 1e6:.0f} MB (+ node_modules, skipped); scaling workspace: {big} files.")
print("Wall time: median (min–max) of the timed runs; CPU: median user+sys; RSS: largest peak of any run.\n")
print("| scenario | BrainRepo wall | git wall | BrainRepo / git (wall) | target | BrainRepo CPU | git CPU | BrainRepo peak RSS | git peak RSS | load avg |")
print("|---|---|---|---|---|---|---|---|---|---|")
targets = {
    "initial": ("initial sync", "≤ 0.5"),
    "incremental": ("incremental: 20 edits, 10 adds, 5 deletes", "≤ 1.0"),
    "nochange": ("no change (git: `add -A` + `diff --cached --quiet`)", "BrainRepo ≪ 1 s"),
    "verify": ("`brainrepo verify` after initial sync", "–"),
    "initial-big": (f"initial sync, {big} files", "–"),
    "incremental-big": (f"incremental, {big} files", "≤ 1.0"),
    "nochange-big": (f"no change, {big} files", "BrainRepo ≪ 1 s"),
}
for key, (name, target) in targets.items():
    b, g = get(key, "brainrepo"), get(key, "git")
    if b is None and g is None:
        continue
    ratio = f"{b['med'] / g['med']:.2f}" if b and g else "–"
    load = statistics.mean(v["load"] for v in (b, g) if v)
    print(f"| {name} | {wall(b)} | {wall(g)} | {ratio} | {target} | {cpu(b)} | {cpu(g)} | {rss(b)} | {rss(g)} | {load:.1f} |")
ib, ibb = get("incremental", "brainrepo"), get("incremental-big", "brainrepo")
ig, igb = get("incremental", "git"), get("incremental-big", "git")
nb, nbb = get("nochange", "brainrepo"), get("nochange-big", "brainrepo")
if ib and ibb:
    print(f"\nScaling {files} → {big} files (wall medians): BrainRepo incremental {ib['med']:.2f} → {ibb['med']:.2f} s (×{ibb['med'] / ib['med']:.1f}), "
          f"git incremental {ig['med']:.2f} → {igb['med']:.2f} s (×{igb['med'] / ig['med']:.1f}), "
          f"BrainRepo no-change {nb['med']:.2f} → {nbb['med']:.2f} s (×{nbb['med'] / nb['med']:.1f}).")
PY
log "raw timings: $RESULTS; log: $LOG"
# Cleanup last: deleting 200,000 files and as many loose git objects can take minutes on a slow disk.
if [ "$BIG_FILES" -gt 0 ]; then
    log "removing the scaling workspace and its repositories"
    rm -rf "$OUT/home-big" "$OUT/br-big.git" "$OUT/git-big.git" "$BIG"
fi
