#!/usr/bin/env bash
# Smoke test of the native (AOT) build: `dotnet test` runs the JIT build of the same code, so this
# publishes the CLI as it is installed and runs every command once against a real workspace, a real
# backup repository and a real local remote, checking exit codes, that every --json output is non-empty
# valid JSON, and what the commands did on disk. Reflection-dependent code that a native build broke would
# fail here. It also checks that the executable is position-independent (ASLR) and its start-up page faults.
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
    # JSON_MODE=lines: one JSON document per line, at least one line; otherwise one document. Empty output fails.
    if [ "$json" = yes ] && ! python3 -c 'import json,sys
t = open(sys.argv[1]).read()
lines = [l for l in t.splitlines() if l.strip()]
if not lines:
    sys.exit("empty output")
if sys.argv[2] == "lines":
    [json.loads(l) for l in lines]
else:
    json.loads(t)' "$out" "${JSON_MODE:-doc}" 2>"$WORK/json.err"; then
        echo "FAIL $name: output is not valid JSON"; head -c 600 "$out" | sed 's/^/    /'; sed 's/^/    /' "$WORK/json.err" | tail -n 3; fail=$((fail + 1)); return
    fi
    if grep -q "internal error" "$err" "$out"; then
        echo "FAIL $name: internal error"; sed 's/^/    /' "$err" | tail -n 15; fail=$((fail + 1)); return
    fi
    echo "ok   $name"
    pass=$((pass + 1))
}
# expect NAME -- command... (a check on what a command did; it runs with its output discarded)
expect() {
    local name=$1
    shift 2
    if "$@" >/dev/null 2>&1; then
        echo "ok   $name"; pass=$((pass + 1))
    else
        echo "FAIL $name"; fail=$((fail + 1))
    fi
}
# fingerprint DIR: every entry below DIR, never following symlinks: path, type, mode, content hash or link target.
fingerprint() {
    python3 -c 'import hashlib,os,stat,sys
root = sys.argv[1]
out = []
for dirpath, dirnames, filenames in os.walk(root):
    for name in sorted(dirnames + filenames):
        path = os.path.join(dirpath, name)
        st = os.lstat(path)
        rel = os.path.relpath(path, root)
        if stat.S_ISLNK(st.st_mode):
            out.append(f"{rel} -> {os.readlink(path)}")
        elif stat.S_ISDIR(st.st_mode):
            out.append(f"{rel}/ {oct(st.st_mode & 0o7777)}")
        else:
            with open(path, "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()
            out.append(f"{rel} {oct(st.st_mode & 0o7777)} {digest}")
print("\n".join(sorted(out)))' "$1"
}
# expect_json NAME PYTHON_EXPRESSION (on the last command's output, parsed as `d`)
expect_json() {
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$WORK/out.txt"; then
        echo "ok   $1"; pass=$((pass + 1))
    else
        echo "FAIL $1: $2 is false on:"; head -c 600 "$WORK/out.txt" | sed 's/^/    /'; fail=$((fail + 1))
    fi
}

# The executable is position-independent, so the kernel loads it at a random address (ASLR) like its libraries:
# it handles credentials. readelf comes with binutils; `file` says "pie executable" where readelf is missing.
if [ -z "${AOT_SMOKE_ANY_BUILD:-}" ]; then
    if command -v readelf >/dev/null; then
        elf_type=$(readelf -h "$BR" | awk '/^ *Type:/ {print $2}')
        check "position-independent executable (readelf: Type $elf_type)" 0 no -- test "$elf_type" = DYN
    else
        check "position-independent executable (file)" 0 no -- bash -c 'file -L "$0" | grep -q "pie executable"' "$BR"
    fi
fi
check "--help" 0 no -- "$BR" --help
check "--version" 0 no -- "$BR" --version
if grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+' "$WORK/out.txt"; then echo "ok   --version prints a version"; pass=$((pass + 1)); else echo "FAIL --version printed: $(head -c 200 "$WORK/out.txt")"; fail=$((fail + 1)); fi
check "init" 0 no -- "$BR" init "$WS"
check "workspaces --json" 0 yes -- "$BR" workspaces --json
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
check "scan of clean files (exit 0)" 0 no -- "$BR" scan "$WS/notes" --json
expect "scan of clean files prints no finding" -- test ! -s "$WORK/out.txt"
ws_before=$(fingerprint "$WS")
check "restore --dry-run --json" 0 yes -- "$BR" restore HEAD -w "$WS" --to "$WORK/restored" --dry-run --json
expect "restore --dry-run creates no target" -- test ! -e "$WORK/restored"
expect "restore --dry-run leaves the workspace as it was" -- test "$ws_before" = "$(fingerprint "$WS")"
# A dry run in place, with a file that differs from the snapshot: it is planned, and nothing is written.
head_before=$(git --git-dir="$REPO" rev-parse HEAD)
tags_before=$(git --git-dir="$REPO" tag -l)
cp "$WS/notes/a.md" "$WORK/a.md.orig"
echo "# changed after the snapshot" >"$WS/notes/a.md"
ws_changed=$(fingerprint "$WS")
check "restore in place --dry-run --json" 0 yes -- "$BR" restore HEAD -w "$WS" --dry-run --json
expect "restore in place --dry-run plans the changed file" -- grep -q "notes/a.md" "$WORK/out.txt"
expect "restore in place --dry-run writes nothing" -- test "$ws_changed" = "$(fingerprint "$WS")"
expect "restore in place --dry-run makes no safety snapshot" -- test "$head_before" = "$(git --git-dir="$REPO" rev-parse HEAD)" -a "$tags_before" = "$(git --git-dir="$REPO" tag -l)"
cp "$WORK/a.md.orig" "$WS/notes/a.md"
check "restore --to --json" 0 yes -- "$BR" restore HEAD -w "$WS" --to "$WORK/restored" --json
check "restored tree equals the workspace" 0 no -- diff -r --no-dereference "$WS/notes" "$WORK/restored/notes"
check "restore --path" 0 yes -- "$BR" restore HEAD -w "$WS" --path notes/deep --to "$WORK/restored-part" --json
expect "restore --path restores that path" -- cmp "$WS/notes/deep/b.yaml" "$WORK/restored-part/notes/deep/b.yaml"
expect "restore --path restores nothing else" -- test "$(cd "$WORK/restored-part" && find . \( -type f -o -type l \) -not -path './.brainrepo/*' | sort)" = "./notes/deep/b.yaml"
check "remote set (local path)" 0 yes -- "$BR" remote set "$WORK/remote.git" -w "$WS" --json
check "push --json" 0 yes -- "$BR" push -w "$WS" --json
expect_json "push verified" 'd["pushed"] is True and d["remote_commit"] == d["snapshot"]'
check "remote show --json" 0 yes -- "$BR" remote show -w "$WS" --json
echo "# edited" >>"$WS/notes/a.md"
check "sync pushes" 0 yes -- "$BR" sync -w "$WS" --json
check "remote ref equals local head" 0 no -- test "$(git --git-dir="$WORK/remote.git" rev-parse refs/heads/main)" = "$(git --git-dir="$REPO" rev-parse refs/heads/main)"
# tags_exist: every tag named in the last --json output exists in the backup repository, on the commit it reports.
tags_exist() {
    python3 -c 'import json,subprocess,sys
d = json.load(open(sys.argv[1]))
tags = d["tags"] if "tags" in d else [d]
assert tags, "no tag reported"
for t in tags:
    name, commit = t["tag"], t["commit"]
    listed = subprocess.run(["git", "--git-dir=" + sys.argv[2], "tag", "-l", name], capture_output=True, text=True, check=True).stdout.split()
    assert listed == [name], f"{name} is not in the repository: {listed}"
    target = subprocess.run(["git", "--git-dir=" + sys.argv[2], "rev-parse", name + "^{commit}"], capture_output=True, text=True, check=True).stdout.strip()
    assert target == commit, f"{name} points to {target}, reported {commit}"' "$WORK/out.txt" "$REPO"
}
check "tag --json" 0 yes -- "$BR" tag -w "$WS" --daily --json
expect "tag: the daily tag exists in the backup repository" -- tags_exist
expect "tag: it is named snapshot/daily/YYYY-MM-DD" -- grep -Eq '"snapshot/daily/[0-9]{4}-[0-9]{2}-[0-9]{2}"' "$WORK/out.txt"
check "milestone --json" 0 yes -- "$BR" milestone smoke -w "$WS" --json
expect "milestone: the tag exists in the backup repository" -- tags_exist
expect "milestone: it is named milestone/smoke" -- git --git-dir="$REPO" rev-parse --verify -q refs/tags/milestone/smoke
check "snapshots --json" 0 yes -- "$BR" snapshots -w "$WS" --json
check "forget --dry-run --json" 0 yes -- "$BR" forget -w "$WS" --keep-daily 7 --keep-weekly 4 --dry-run --json
check "restore from the remote on a 'new machine'" 0 yes -- env BRAINREPO_HOME="$WORK/home2" "$BR" restore --from "$WORK/remote.git" HEAD --to "$WORK/dr" --json
check "disaster-recovered tree equals the workspace" 0 no -- diff -r --no-dereference "$WS/notes" "$WORK/dr/notes"
check "worker --drain" 0 no -- "$BR" worker --drain
check "cancel (nothing running)" 0 no -- "$BR" cancel -w "$WS"
check "remote remove --json" 0 yes -- "$BR" remote remove -w "$WS" --json
check "bad config is exit 2" 2 no -- "$BR" sync -w "$WORK/not-registered"
cp "$WORK/err.txt" "$WORK/bad-config.err"
check "bad config prints its BR2xxx code" 0 no -- grep -Eq '^error BR2[0-9]{3}: ' "$WORK/bad-config.err"
check "remote URL with credentials is exit 2" 2 no -- "$BR" remote set "https://me:tok@example.com/b.git" -w "$WS"
cp "$WORK/err.txt" "$WORK/bad-url.err"
check "remote URL with credentials prints BR2005" 0 no -- grep -q '^error BR2005: ' "$WORK/bad-url.err"
sed -i 's/^secrets = .*/secrets = "seal"/' "$BRAINREPO_HOME"/workspaces/*/brainrepo.toml
cp "$WORK/gh.txt" "$WS/notes/leak.env"
check "seal: sync stores the file encrypted" 0 yes -- "$BR" sync -w "$WS" --json
expect_json "seal: reported as sealed, not as not stored" 'd["status"] == "complete" and d["sealed"] == 1 and "sealed-secret" not in d["not_stored"]'
check "seal: plain files are readable in the objects" 0 no -- bash -c 'git --git-dir="$0" cat-file --batch-all-objects --batch | grep -a -q "decision: keep it simple"' "$REPO"
check "seal: the secret is in no object" 1 no -- bash -c 'git --git-dir="$0" cat-file --batch-all-objects --batch | grep -a -q a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8' "$REPO"
check "secrets key --json" 0 yes -- "$BR" secrets key -w "$WS" --json
check "seal: restore decrypts" 0 yes -- "$BR" restore HEAD -w "$WS" --to "$WORK/sealed-out" --json
check "seal: restored byte-identical" 0 no -- cmp "$WS/notes/leak.env" "$WORK/sealed-out/notes/leak.env"

# Start-up page faults (BrainRepo.Cli.csproj, Native/startup_hugepages.c). Before main() the runtime unpacks about
# 6 MB of type data into fresh memory; a constructor asks for huge pages there, as HugePages.cs does for the managed
# heap. Page-fault counts, not time, less those of `true` (what spawning a process costs the caller's child).
# Measured on the development VM (docs/benchmarks.md, "Start-up of the native executable"): --help takes about 1,550
# faults with huge pages and 2,550 without (BRAINREPO_HUGE_PAGES=0, or transparent huge pages set to "never"). The
# limits leave about 20 % for other kernels and C libraries; a regression of the constructor, or more unpacked data,
# goes past them.
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
if grep -q '\[always\]\|\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    without=$(( $(faults env BRAINREPO_HUGE_PAGES=0 "$BR" --help) - $(faults env BRAINREPO_HUGE_PAGES=0 true) ))
    check "start-up with huge pages: $startup page faults for --help, $without without" 0 no -- test "$startup" -lt "$((without - 500))"
    check "start-up page faults for --help under 2,200 ($startup)" 0 no -- test "$startup" -lt 2200
else
    check "start-up page faults for --help under 3,400 without huge pages ($startup)" 0 no -- test "$startup" -lt 3400
fi

echo "aot smoke: ${pass} passed, ${fail} failed"
[ "$fail" -eq 0 ]
