#!/usr/bin/env bash
# Restore benchmark: a full restore of a generated 20,000-file workspace with `brainrepo restore --to`,
# against `git archive <commit> | tar -x` and `git checkout` of the same commit into a fresh folder
# (and `git checkout` followed by `sync -f`, which matches restore's durability: restore ends with a
# syncfs). One untimed warm-up of each, then RUNS interleaved runs; median wall-clock seconds and the
# median CPU (user+system, all processes). The CLI is published natively (AOT), as bench/run.sh does:
# the shipped form. Usage: bench/restore.sh [FILES] [RUNS]
set -euo pipefail

FILES=${1:-20000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/brainrepo-bench-restore.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export BRAINREPO_HOME="$WORK/home" CI=1

dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$WORK/bin" -v q -nologo >/dev/null
BR="$WORK/bin/brainrepo"

# A deterministic workspace: FILES text files (200 B .. 8 KiB) in 3 levels of folders, 1% executable,
# 0.5% symlinks. (bench/BrainRepo.Bench.Workspace, when present, generates a richer one.)
python3 - "$WORK/ws" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20000)
words = [w for w in "alpha beta gamma delta memory decision agent skill note config brain context".split()]
for i in range(n):
    d = os.path.join(root, f"area{i % 10}", f"topic{(i // 10) % 20}", f"sub{(i // 200) % 10}")
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, f"file{i:05d}.md")
    if i % 200 == 199:
        os.symlink(f"file{i - 1:05d}.md", p)
        continue
    size = rng.randint(200, 8192)
    text = " ".join(rng.choice(words) for _ in range(size // 6))[:size]
    with open(p, "w") as f:
        f.write(f"# {i}\n{text}\n")
    if i % 100 == 7:
        os.chmod(p, 0o755)
PY

"$BR" sync --init "$WORK/ws" >/dev/null || [ $? -eq 3 ]
REPO=$(find "$BRAINREPO_HOME/workspaces" -maxdepth 2 -name repo.git -type d)
COMMIT=$(git --git-dir="$REPO" rev-parse refs/heads/main)

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_it NAME command...: appends "wall cpu" (seconds) to $WORK/times-NAME. CPU is user+system of the
# command and its children, from bash's `times` in a subshell.
time_it() {
  local name=$1; shift
  ( s=$(now); "$@" >/dev/null; e=$(now)
    times >"$WORK/times.raw" # a builtin with a redirection: no fork, so the children's CPU is seen
    cpu=$(tr '\n' ' ' <"$WORK/times.raw" | sed 's/[ms]/ /g' | awk '{print $5*60+$6+$7*60+$8}')
    echo "$(echo "$e - $s" | bc) $cpu" >>"$WORK/times-$name" )
}

restore_br() { "$BR" restore "$COMMIT" -w "$WORK/ws" --to "$1"; }
restore_archive() { mkdir -p "$1" && git --git-dir="$REPO" archive "$COMMIT" | tar -x -C "$1"; }
restore_checkout() {
  mkdir -p "$1" && GIT_INDEX_FILE="$1.index" git --git-dir="$REPO" --work-tree="$1" -c core.bare=false \
    -c core.hooksPath=/dev/null checkout -f "$COMMIT" -- .
}
restore_checkout_sync() { restore_checkout "$1" && sync -f "$1"; }
TOOLS="br archive checkout checkout_sync"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for t in $TOOLS; do sync; "restore_$t" "$WORK/warm-$t" >/dev/null; rm -rf "$WORK/warm-$t" "$WORK/warm-$t.index"; done
for run in $(seq 1 "$RUNS"); do
  for t in $TOOLS; do sync; time_it "$t" "restore_$t" "$WORK/out-$t-$run"; done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The phase breakdown of one more (untimed) restore, from its --verbose log.
sync
"$BR" restore "$COMMIT" -w "$WORK/ws" --to "$WORK/out-phases" -v 2>&1 >/dev/null | sed -n 's/.*Restore phase /  /p' >"$WORK/phases"

# Sanity: the restored folder equals git's checkout (the report folder aside).
if diff -r --no-dereference -x .brainrepo "$WORK/out-br-1" "$WORK/out-checkout-1" >/dev/null; then
  echo "restored tree identical to git checkout (content, modes aside): yes"
else
  echo "restored tree identical to git checkout: NO"; exit 1
fi
# Modes too: diff -r does not compare them.
modes() { (cd "$1" && find . -path ./.brainrepo -prune -o -printf '%p %y %m\n' | sort); }
[ "$(modes "$WORK/out-br-1")" = "$(modes "$WORK/out-checkout-1")" ] && echo "modes identical: yes" || { echo "modes identical: NO"; exit 1; }

FILES_IN=$(git --git-dir="$REPO" ls-tree -r "$COMMIT" | wc -l)
echo "files in snapshot: $FILES_IN (incl. .brainrepo/report.json); runs: $RUNS; cores: $(nproc)"
echo "load average before: $LOAD_BEFORE; after: $LOAD_AFTER"
label() { case $1 in br) echo "brainrepo restore --to";; archive) echo "git archive | tar -x";; checkout) echo "git checkout (fresh dir)";; checkout_sync) echo "git checkout + sync -f";; esac; }
printf '%-32s %10s %10s\n' "tool" "wall (s)" "cpu (s)"
for t in $TOOLS; do
  printf '%-32s %10s %10s\n' "$(label "$t")" "$(cut -d' ' -f1 "$WORK/times-$t" | median)" "$(cut -d' ' -f2 "$WORK/times-$t" | median)"
done
echo "phases of one brainrepo restore (--verbose):"
cat "$WORK/phases"
