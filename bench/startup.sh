#!/usr/bin/env bash
# Start-up cost of native builds of the CLI, interleaved round by round so that every build sees the same load:
# `--version`, `--help`, and a no-change sync of a small workspace (1,000 files in 20 folders). Per build and
# command: wall time, CPU (user + system) and minor page faults of the process, median (min-max) over RUNS rounds.
#
#   bash bench/startup.sh                                 # publishes the working tree natively and measures it
#   bash bench/startup.sh old=/path/brainrepo new=/path/brainrepo   # compares existing native executables
#   RUNS=40 bash bench/startup.sh ...                     # more rounds (default 20)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/brainrepo-startup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid

builds=("$@")
if [ ${#builds[@]} -eq 0 ]; then
    dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$WORK/bin" -nologo -v q >/dev/null
    builds=("current=$WORK/bin/brainrepo")
fi

WS=$WORK/ws
for d in $(seq 1 20); do
    mkdir -p "$WS/notes/d$d"
    for f in $(seq 1 50); do
        printf '# note %s/%s\n\nSome text for the note, long enough to be a file.\n' "$d" "$f" >"$WS/notes/d$d/n$f.md"
    done
done
for b in "${builds[@]}"; do
    name=${b%%=*}
    path=${b#*=}
    if command -v readelf >/dev/null; then
        echo "$name: $(readelf -h "$path" | awk '/Type:/ {print $2}') ($path)"
    fi
    BRAINREPO_HOME=$WORK/home-$name "$path" init "$WS" --repo "$WORK/$name.git" >/dev/null
    BRAINREPO_HOME=$WORK/home-$name "$path" sync -w "$WS" >/dev/null
done

measure() {
    python3 - "$RUNS" "$WORK" "$@" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, work = int(sys.argv[1]), sys.argv[2]
rest = sys.argv[3:]
sep = rest.index("--")
builds = [b.split("=", 1) for b in rest[:sep]]
args = rest[sep + 1:]
res = {name: ([], [], []) for name, _ in builds}

def one(name, path):
    env = dict(os.environ, BRAINREPO_HOME=os.path.join(work, "home-" + name))
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([path] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (t1 - t0) * 1000, (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000, r1.ru_minflt - r0.ru_minflt

for name, path in builds:
    one(name, path)  # warm-up
for i in range(runs):
    k = i % len(builds)
    for name, path in builds[k:] + builds[:k]:
        for series, value in zip(res[name], one(name, path)):
            series.append(value)

def fmt(xs, digits):
    return f"{statistics.median(xs):.{digits}f} ({min(xs):.{digits}f}-{max(xs):.{digits}f})"

print(f"brainrepo {' '.join(args)}: {runs} interleaved rounds, load {os.getloadavg()[0]:.1f}")
for name, _ in builds:
    wall, cpu, faults = res[name]
    print(f"  {name:<20} wall {fmt(wall, 1)} ms   cpu {fmt(cpu, 0)} ms   page faults {fmt(faults, 0)}")
PY
}

measure "${builds[@]}" -- --version
measure "${builds[@]}" -- --help
measure "${builds[@]}" -- sync -w "$WS"
