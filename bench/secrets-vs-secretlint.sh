#!/usr/bin/env bash
# BrainRepo's secrets scanner vs secretlint (recommended preset) on the same generated, labelled corpus.
# Usage: bench/secrets-vs-secretlint.sh [sizeMB=30] [seed=42] [runs=3]
# Everything goes to bench/out/secretlint-bench (git-ignored). Needs dotnet, node/npm, python3.
set -euo pipefail

SIZE_MB="${1:-30}"
SEED="${2:-42}"
RUNS="${3:-3}"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/out/secretlint-bench"
SL="$OUT/secretlint"
BR="$OUT/brainrepo"
GEN="$OUT/generator"
CORPUS="$OUT/corpus-${SIZE_MB}mb-seed${SEED}"
mkdir -p "$OUT" "$SL"

echo "== 1. secretlint from npm" >&2
if [[ ! -x "$SL/node_modules/.bin/secretlint" ]]; then
  npm install --no-save --no-audit --no-fund --prefix "$SL" secretlint @secretlint/secretlint-rule-preset-recommend >&2
fi
cat > "$SL/.secretlintrc.json" <<'JSON'
{
  "rules": [
    { "id": "@secretlint/secretlint-rule-preset-recommend" }
  ]
}
JSON
SL_VERSION="$(cd "$SL" && node -p 'require("./node_modules/secretlint/package.json").version')"
SL_PRESET_VERSION="$(cd "$SL" && node -p 'require("./node_modules/@secretlint/secretlint-rule-preset-recommend/package.json").version')"

echo "== 2. build BrainRepo CLI and the corpus generator" >&2
dotnet publish "$ROOT/src/BrainRepo.Cli" -c Release -r linux-x64 -o "$BR" -v quiet -nologo >&2
dotnet build "$ROOT/bench/BrainRepo.Bench.Secrets" -c Release -o "$GEN" -v quiet -nologo >&2
BR_EXE="$BR/brainrepo"
[[ -x "$BR_EXE" ]] || BR_EXE="$BR/BrainRepo.Cli"
# The corpus is cached by size and seed, and regenerated whenever the generator has changed since.
if [[ ! -f "$CORPUS.labels.tsv" || "$GEN/BrainRepo.Bench.Secrets.dll" -nt "$CORPUS.labels.tsv" ]]; then
  rm -rf "$CORPUS"
  dotnet "$GEN/BrainRepo.Bench.Secrets.dll" "$SIZE_MB" "$SEED" 1 --write-corpus "$CORPUS" >&2
fi
BYTES="$(find "$CORPUS" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')"

echo "== 3. run both tools ($RUNS runs each, whole process, wall clock)" >&2
time_runs() { # name, output file, command...   prints "median-wall median-cpu mean-load"
  local name="$1" out="$2"; shift 2
  local times=() cpus=() loads=()
  for ((i = 1; i <= RUNS; i++)); do
    local start end
    start="$(date +%s.%N)"
    /usr/bin/time -f '%U %S' -o "$out.time" "$@" > "$out" 2> "$out.err" || true   # both tools exit 1 when they find secrets
    end="$(date +%s.%N)"
    times+=("$(echo "$end - $start" | bc -l)")
    cpus+=("$(tail -n 1 "$out.time" | awk '{print $1 + $2}')")
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    echo "   $name run $i: ${times[-1]} s wall, ${cpus[-1]} s CPU, load ${loads[-1]}" >&2
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${loads[@]}" | awk '{s+=$1} END {printf "%.1f", s/NR}')"
}
read -r BR_TIME BR_CPU BR_LOAD < <(cd "$CORPUS" && time_runs brainrepo "$OUT/brainrepo.jsonl" "$BR_EXE" scan . --json)
read -r SL_TIME SL_CPU SL_LOAD < <(cd "$CORPUS" && time_runs secretlint "$OUT/secretlint.json" "$SL/node_modules/.bin/secretlint" \
  --secretlintrc "$SL/.secretlintrc.json" --format json --maskSecrets --no-color "**/*")

echo "== 4. score" >&2
python3 - "$CORPUS" "$OUT/brainrepo.jsonl" "$OUT/secretlint.json" "$BYTES" "$BR_TIME" "$SL_TIME" "$RUNS" \
  "$SL_VERSION" "$SL_PRESET_VERSION" "$SIZE_MB" "$SEED" "$BR_CPU" "$SL_CPU" "$BR_LOAD" "$SL_LOAD" <<'PY'
import json, os, sys
corpus, br_out, sl_out, nbytes, br_t, sl_t, runs, slv, slpv, size_mb, seed, br_c, sl_c, br_l, sl_l = sys.argv[1:]
nbytes, br_t, sl_t, br_c, sl_c = int(nbytes), float(br_t), float(sl_t), float(br_c), float(sl_c)

labels = {}
with open(corpus.rstrip('/') + '.labels.tsv') as f:
    next(f)
    for row in f:
        p, line, rule = row.rstrip('\n').split('\t')
        labels[(p, int(line))] = rule

def norm(p):
    p = os.path.relpath(os.path.join(corpus, p), corpus) if not os.path.isabs(p) else os.path.relpath(p, corpus)
    return p.replace('\\', '/')

br = set()
with open(br_out) as f:
    for row in f:
        row = row.strip()
        if not row.startswith('{'):
            continue
        o = json.loads(row)
        if 'line' in o and o.get('line') is not None:
            br.add((norm(o['path']), int(o['line'])))

sl = set()
with open(sl_out) as f:
    text = f.read().strip()
for result in (json.loads(text) if text else []):
    for m in result.get('messages', []):
        sl.add((norm(result['filePath']), int(m['loc']['start']['line'])))

# Planted types for which secretlint 12's recommended preset bundles a rule (aws, github, gitlab, openai, anthropic,
# huggingface, groq, npm, slack, sendgrid, privatekey, basicauth/database-connection-string, linear, figma, notion).
# Its gcp rule covers service-account JSON only, so gcp-api-key is not counted; the other planted types have no rule.
SL_COVERED = {
    'aws-access-key-id', 'aws-secret-access-key', 'github-token', 'github-fine-grained-pat', 'gitlab-token',
    'openai-api-key', 'anthropic-api-key', 'huggingface-token', 'groq-api-key', 'npm-token', 'slack-token',
    'slack-webhook', 'sendgrid-api-key', 'private-key', 'url-credentials', 'linear-api-key', 'figma-token',
    'notion-token',
}
covered = {k for k, r in labels.items() if r in SL_COVERED}

def score(found):
    tp = len(found & labels.keys()); fp = len(found) - tp; fn = len(labels) - tp
    p = tp / len(found) if found else 1.0
    r = tp / len(labels) if labels else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    rc = len(found & covered) / len(covered) if covered else 1.0
    return tp, fp, fn, p, r, f1, rc

mb = nbytes / 1024 / 1024
nfiles = sum(len(fs) for _, _, fs in os.walk(corpus))
print(f"Corpus: seed {seed}, {mb:.1f} MB, {nfiles} files, {len(labels)} planted secrets "
      f"({len(covered)} of types covered by secretlint's recommended preset); wall time = median of {runs} whole-process runs.")
print(f"secretlint {slv}, @secretlint/secretlint-rule-preset-recommend {slpv}.")
print()
print("| Tool | Wall time (median) | Throughput | CPU time (median) | MB/s of CPU | load avg | TP | FP | FN | Precision | Recall | F1 | Recall on shared types |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
res = {}
for name, found, t, c, l in (("BrainRepo `scan --json`", br, br_t, br_c, br_l), ("secretlint (preset-recommend)", sl, sl_t, sl_c, sl_l)):
    tp, fp, fn, p, r, f1, rc = score(found)
    res[name] = (mb / t, f1, mb / c)
    print(f"| {name} | {t:.2f} s | {mb / t:.1f} MB/s | {c:.2f} s | {mb / c:.1f} | {l} | {tp} | {fp} | {fn} | {p:.2%} | {r:.2%} | {f1:.3f} | {rc:.2%} |")
(bt, bf, bc), (st, sf, sc) = res.values()
print()
print(f"BrainRepo / secretlint throughput: {bt / st:.1f}x on wall time (goal >= 10x: {'met' if bt / st >= 10 else 'NOT met'}), "
      f"{bc / sc:.1f}x on CPU time; F1 {bf:.3f} vs {sf:.3f} ({'better' if bf > sf else 'NOT better'}).")

# Per-rule recall for secretlint on the shared types (helps to read the recall gap).
print()
print("| Planted type (shared) | Planted | BrainRepo found | secretlint found |")
print("| --- | --- | --- | --- |")
for rule in sorted(SL_COVERED):
    keys = {k for k, r in labels.items() if r == rule}
    if keys:
        print(f"| {rule} | {len(keys)} | {len(keys & br)} | {len(keys & sl)} |")
PY
