#!/usr/bin/env bash
# Restore benchmark: a full restore of a generated 20,000-file workspace with `brainrepo restore --to`,
# against `git archive <commit> | tar -x` and `git checkout` of the same commit into a fresh folder.
# Median of 3 runs each, wall-clock seconds. Usage: bench/restore.sh [FILES] [RUNS]
set -euo pipefail

FILES=${1:-20000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/brainrepo-bench-restore.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export BRAINREPO_HOME="$WORK/home" CI=1

dotnet build "$ROOT/src/BrainRepo.Cli" -c Release -v q -nologo >/dev/null
BR="$ROOT/src/BrainRepo.Cli/bin/Release/net10.0/brainrepo"

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
time_it() { local s e; s=$(now); "$@" >/dev/null; e=$(now); echo "$e - $s" | bc; }

declare -A RESULTS
for run in $(seq 1 "$RUNS"); do
  sync; RESULTS[brainrepo]+="$(time_it "$BR" restore "$COMMIT" -w "$WORK/ws" --to "$WORK/out-br-$run")"$'\n'
  sync; RESULTS[archive]+="$(time_it bash -c "mkdir -p '$WORK/out-ar-$run' && git --git-dir='$REPO' archive '$COMMIT' | tar -x -C '$WORK/out-ar-$run'")"$'\n'
  mkdir -p "$WORK/out-co-$run"
  sync; RESULTS[checkout]+="$(time_it env GIT_INDEX_FILE="$WORK/index-$run" git --git-dir="$REPO" --work-tree="$WORK/out-co-$run" -c core.bare=false -c core.hooksPath=/dev/null checkout -f "$COMMIT" -- .)"$'\n'
done

# Sanity: the restored folder equals git's checkout (the report folder aside).
diff -r --no-dereference -x .brainrepo "$WORK/out-br-1" "$WORK/out-co-1" >/dev/null && echo "restored tree identical to git checkout: yes"

FILES_IN=$(git --git-dir="$REPO" ls-tree -r "$COMMIT" | wc -l)
echo "files in snapshot: $FILES_IN (incl. .brainrepo/report.json); runs: $RUNS; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-32s %s\n' "brainrepo restore --to" "$(printf '%s' "${RESULTS[brainrepo]}" | median) s"
printf '%-32s %s\n' "git archive | tar -x" "$(printf '%s' "${RESULTS[archive]}" | median) s"
printf '%-32s %s\n' "git checkout (fresh dir)" "$(printf '%s' "${RESULTS[checkout]}" | median) s"
