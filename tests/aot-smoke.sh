#!/usr/bin/env bash
# Smoke test of the native (AOT) build: `dotnet test` runs the JIT build of the same code, so this
# publishes the CLI as it is installed and runs every command once against a real workspace, a real
# backup repository and a real local remote, checking exit codes and that every --json output parses.
# Reflection-dependent code that a native build broke would fail here.
#
#   bash tests/aot-smoke.sh            # publishes to a temporary folder
#   BR=/path/to/brainrepo bash tests/aot-smoke.sh   # tests an existing native binary
#
# Prints "aot smoke: N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/brainrepo-aot-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [ -z "${BR:-}" ]; then
    echo "aot smoke: publishing the native CLI (this takes a few minutes)"
    if ! dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$WORK/bin" -nologo -v q >"$WORK/publish.log" 2>&1; then
        tail -n 30 "$WORK/publish.log"
        echo "aot smoke: 0 passed, 1 failed"
        exit 1
    fi
    BR=$WORK/bin/brainrepo
fi
if [ -z "${AOT_SMOKE_ANY_BUILD:-}" ]; then  # set it to run the same checks against a JIT build
file "$BR" 2>/dev/null | grep -q ELF || { echo "aot smoke: $BR is not a native executable"; echo "aot smoke: 0 passed, 1 failed"; exit 1; }
[ ! -e "$(dirname "$BR")/brainrepo.dll" ] || { echo "aot smoke: $BR is a JIT build (brainrepo.dll next to it)"; echo "aot smoke: 0 passed, 1 failed"; exit 1; }
fi

export BRAINREPO_HOME=$WORK/home CI=1
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=smoke GIT_AUTHOR_EMAIL=smoke@example.invalid GIT_COMMITTER_NAME=smoke GIT_COMMITTER_EMAIL=smoke@example.invalid
WS=$WORK/ws
mkdir -p "$WS/notes/deep" "$WS/node_modules/x"
echo "# hello" >"$WS/notes/a.md"
echo "decision: keep it simple" >"$WS/notes/deep/b.yaml"
echo "ignored" >"$WS/node_modules/x/index.js"
echo 'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYzq8"' >"$WORK/leak.env"
printf 'token = "ghp_%s"\n' "$(printf 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8')" >"$WORK/gh.txt"
ln -s a.md "$WS/notes/link.md"
git init -q --bare "$WORK/remote.git"

pass=0
fail=0
# check NAME EXPECTED_EXIT JSON(yes|no) -- command...
check() {
    local name=$1 want=$2 json=$3
    shift 4
    local out=$WORK/out.txt err=$WORK/err.txt rc
    "$@" >"$out" 2>"$err"
    rc=$?
    if [ "$rc" != "$want" ]; then
        echo "FAIL $name: exit $rc, expected $want"; sed 's/^/    /' "$err" | tail -n 15; fail=$((fail + 1)); return
    fi
    if [ "$json" = yes ] && ! python3 -c 'import json,sys; t=open(sys.argv[1]).read(); [json.loads(l) for l in t.splitlines() if l.strip()] if sys.argv[2]=="lines" else json.loads(t)' "$out" "${JSON_MODE:-doc}" 2>"$WORK/json.err"; then
        echo "FAIL $name: output is not valid JSON"; head -c 600 "$out" | sed 's/^/    /'; cat "$WORK/json.err"; fail=$((fail + 1)); return
    fi
    if grep -q "internal error" "$err" "$out"; then
        echo "FAIL $name: internal error"; sed 's/^/    /' "$err" | tail -n 15; fail=$((fail + 1)); return
    fi
    echo "ok   $name"
    pass=$((pass + 1))
}
# expect_json NAME PYTHON_EXPRESSION (on the last command's output, parsed as `d`)
expect_json() {
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$WORK/out.txt"; then
        echo "ok   $1"; pass=$((pass + 1))
    else
        echo "FAIL $1: $2 is false on:"; head -c 600 "$WORK/out.txt" | sed 's/^/    /'; fail=$((fail + 1))
    fi
}

check "--help" 0 no -- "$BR" --help
check "--version" 0 no -- "$BR" --version
if grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+' "$WORK/out.txt"; then echo "ok   --version prints a version"; pass=$((pass + 1)); else echo "FAIL --version printed: $(head -c 200 "$WORK/out.txt")"; fail=$((fail + 1)); fi
check "init" 0 no -- "$BR" init "$WS"
REPO=$(echo "$BRAINREPO_HOME"/workspaces/*/repo.git)
check "sync --json" 0 yes -- "$BR" sync -w "$WS" --json
expect_json "sync stored 3 files, excluded node_modules" 'd["status"] == "complete" and d["stored"] == 3 and d["not_stored"]["excluded"] >= 1'
check "sync (no change)" 0 yes -- "$BR" sync -w "$WS" --json
expect_json "no-change sync made no commit" 'd["unchanged"] is True'
check "status --json" 0 yes -- "$BR" status -w "$WS" --json
expect_json "status complete" 'd["status"] == "complete" and d["remote"]["url"] is None'
check "log --json" 0 yes -- "$BR" log -w "$WS" --json
check "ls --json" 0 yes -- "$BR" ls HEAD -w "$WS" --json
expect_json "ls lists the symlink as 120000" 'any(f["mode"] == "120000" for f in d)'
check "report --json" 0 yes -- "$BR" report -w "$WS" --json
check "verify --json" 0 yes -- "$BR" verify -w "$WS" --json
expect_json "verify ok" 'd["ok"] is True and d["unaccounted"] == []'
check "repair --json" 0 yes -- "$BR" repair -w "$WS" --json
expect_json "repair healthy" 'd["healthy"] is True and d["damaged_packs"] == [] and d["snapshots_checked"] >= 1'
check "secrets --json" 0 yes -- "$BR" secrets -w "$WS" --json
JSON_MODE=lines check "scan finds secrets (exit 1)" 1 yes -- "$BR" scan "$WORK/leak.env" "$WORK/gh.txt" --json
JSON_MODE=lines check "scan of clean files (exit 0)" 0 yes -- "$BR" scan "$WS/notes" --json
check "restore --dry-run --json" 0 yes -- "$BR" restore HEAD -w "$WS" --to "$WORK/restored" --dry-run --json
check "restore --to --json" 0 yes -- "$BR" restore HEAD -w "$WS" --to "$WORK/restored" --json
check "restored tree equals the workspace" 0 no -- diff -r --no-dereference "$WS/notes" "$WORK/restored/notes"
check "restore --path" 0 yes -- "$BR" restore HEAD -w "$WS" --path notes/deep --to "$WORK/restored-part" --json
check "remote set (local path)" 0 yes -- "$BR" remote set "$WORK/remote.git" -w "$WS" --json
check "push --json" 0 yes -- "$BR" push -w "$WS" --json
expect_json "push verified" 'd["pushed"] is True and d["remote_commit"] == d["snapshot"]'
check "remote show --json" 0 yes -- "$BR" remote show -w "$WS" --json
echo "# edited" >>"$WS/notes/a.md"
check "sync pushes" 0 yes -- "$BR" sync -w "$WS" --json
check "remote ref equals local head" 0 no -- test "$(git --git-dir="$WORK/remote.git" rev-parse refs/heads/main)" = "$(git --git-dir="$REPO" rev-parse refs/heads/main)"
check "tag --json" 0 yes -- "$BR" tag -w "$WS" --daily --json
check "milestone --json" 0 yes -- "$BR" milestone smoke -w "$WS" --json
check "snapshots --json" 0 yes -- "$BR" snapshots -w "$WS" --json
check "forget --dry-run --json" 0 yes -- "$BR" forget -w "$WS" --keep-daily 7 --keep-weekly 4 --dry-run --json
check "restore from the remote on a 'new machine'" 0 yes -- env BRAINREPO_HOME="$WORK/home2" "$BR" restore --from "$WORK/remote.git" HEAD --to "$WORK/dr" --json
check "disaster-recovered tree equals the workspace" 0 no -- diff -r --no-dereference "$WS/notes" "$WORK/dr/notes"
check "worker --drain" 0 no -- "$BR" worker --drain
check "cancel (nothing running)" 0 no -- "$BR" cancel -w "$WS"
check "remote remove --json" 0 yes -- "$BR" remote remove -w "$WS" --json
check "bad config is exit 2" 2 no -- "$BR" sync -w "$WORK/not-registered"
sed -i 's/^secrets = .*/secrets = "seal"/' "$BRAINREPO_HOME"/workspaces/*/brainrepo.toml
cp "$WORK/gh.txt" "$WS/notes/leak.env"
check "seal: sync stores the file encrypted" 0 yes -- "$BR" sync -w "$WS" --json
expect_json "seal: reported as sealed-secret" 'd["status"] == "complete" and d["not_stored"].get("sealed-secret") == 1'
check "seal: plain files are readable in the objects" 0 no -- bash -c 'git --git-dir="$0" cat-file --batch-all-objects --batch | grep -a -q "decision: keep it simple"' "$REPO"
check "seal: the secret is in no object" 1 no -- bash -c 'git --git-dir="$0" cat-file --batch-all-objects --batch | grep -a -q a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8' "$REPO"
check "secrets key --json" 0 yes -- "$BR" secrets key -w "$WS" --json
check "seal: restore decrypts" 0 yes -- "$BR" restore HEAD -w "$WS" --to "$WORK/sealed-out" --json
check "seal: restored byte-identical" 0 no -- cmp "$WS/notes/leak.env" "$WORK/sealed-out/notes/leak.env"

# Start-up without rehydration (BrainRepo.Cli.csproj: IlcDehydrate=false, linked at a fixed address): the runtime's
# type data is mapped from the file instead of being expanded into fresh memory before main(). --help takes about
# 1,150 page faults; the dehydrated build took 1,500 with huge pages and 2,500 without. Page-fault counts, not time.
# The page faults of a command, less those of `true` (what spawning a process costs the caller's child).
faults() {
    python3 -c 'import resource,subprocess,sys
def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - before
run(["true"])
print(run(sys.argv[1:]) - run(["true"]))' "$@"
}
startup=$(faults "$BR" --help)
check "start-up without rehydration: $startup page faults for --help" 0 no -- test "$startup" -lt 1400

echo "aot smoke: ${pass} passed, ${fail} failed"
[ "$fail" -eq 0 ]
