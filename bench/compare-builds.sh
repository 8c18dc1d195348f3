#!/usr/bin/env bash
# Interleaved before/after comparison of two builds of BrainRepo on the 20,000-file benchmark tree,
# with git in between: the fairest comparison on a shared machine, since every round sees the same load.
#
#   bash bench/compare-builds.sh OLD_COMMIT [RUNS]
#
# Builds OLD_COMMIT (in a temporary worktree) and the working tree natively, gives each its own data
# folder and backup repository, then per round: apply the fixed change set, time an incremental sync of
# each build and git's `add -A && commit`, rotating who goes first; undo it (untimed); time a no-change
# sync of each and git's no-op, rotating likewise.
# Prints one line per round (milliseconds) and the medians.
set -euo pipefail
OLD=${1:?usage: bench/compare-builds.sh OLD_COMMIT [RUNS]}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/brainrepo-compare.XXXXXX")
trap 'git -C "$ROOT" worktree remove --force "$WORK/old-src" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
export GIT_CONFIG_NOSYSTEM=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

git -C "$ROOT" worktree add -q --detach "$WORK/old-src" "$OLD"
dotnet publish "$WORK/old-src/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$WORK/old" -v q -nologo >/dev/null
dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$WORK/new" -v q -nologo >/dev/null
dotnet build "$ROOT/bench/BrainRepo.Bench.Workspace" -c Release -v q -nologo >/dev/null
GEN=$ROOT/bench/BrainRepo.Bench.Workspace/bin/Release/net10.0/brainrepo-bench-workspace
WS=$WORK/ws
"$GEN" generate --out "$WS" --files 20000 --max-mb 0 --seed 42 >/dev/null

G=$WORK/git.git
git init -q --bare "$G"
git --git-dir="$G" config core.bare false
git --git-dir="$G" config core.worktree "$WS"
git --git-dir="$G" config gc.auto 0
echo 'node_modules/' >>"$G/info/exclude"
git --git-dir="$G" add -A && git --git-dir="$G" commit -qm initial
for b in old new; do
    BRAINREPO_HOME=$WORK/home-$b "$WORK/$b/brainrepo" init "$WS" --repo "$WORK/$b.git" >/dev/null
    BRAINREPO_HOME=$WORK/home-$b "$WORK/$b/brainrepo" sync -w "$WS" >/dev/null
done

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "FAIL: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
sync_b() { BRAINREPO_HOME=$WORK/home-$1 "$WORK/$1/brainrepo" sync -w "$WS"; }
git_commit() { git --git-dir="$G" add -A && git --git-dir="$G" commit -qm s; }
git_noop() { git --git-dir="$G" add -A && git --git-dir="$G" diff --cached --quiet; }
: >"$WORK/rows"
for i in $(seq 1 "$RUNS"); do
    "$GEN" mutate --out "$WS" --files 20000 --max-mb 0 --seed 42 >/dev/null
    # The first command after the change is measurably slower (likely its writeback, or memory the previous
    # process just freed): rotate who goes first.
    case $((i % 3)) in
        1) a=$(ms sync_b old); b=$(ms sync_b new); c=$(ms git_commit) ;;
        2) b=$(ms sync_b new); c=$(ms git_commit); a=$(ms sync_b old) ;;
        0) c=$(ms git_commit); a=$(ms sync_b old); b=$(ms sync_b new) ;;
    esac
    "$GEN" restore --out "$WS" --files 20000 --max-mb 0 --seed 42 >/dev/null
    sync_b old >/dev/null; sync_b new >/dev/null; git --git-dir="$G" add -A && git --git-dir="$G" commit -qm r
    case $((i % 3)) in
        1) d=$(ms sync_b old); e=$(ms sync_b new); f=$(ms git_noop) ;;
        2) e=$(ms sync_b new); f=$(ms git_noop); d=$(ms sync_b old) ;;
        0) f=$(ms git_noop); d=$(ms sync_b old); e=$(ms sync_b new) ;;
    esac
    echo "$a $b $c $d $e $f" >>"$WORK/rows"
    echo "round $i: incremental old $a new $b git $c | no change old $d new $e git $f | load $(cut -d' ' -f1 /proc/loadavg)"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "medians (ms): incremental old $(cut -d' ' -f1 "$WORK/rows" | median) new $(cut -d' ' -f2 "$WORK/rows" | median) git $(cut -d' ' -f3 "$WORK/rows" | median)" \
     "| no change old $(cut -d' ' -f4 "$WORK/rows" | median) new $(cut -d' ' -f5 "$WORK/rows" | median) git $(cut -d' ' -f6 "$WORK/rows" | median)"
