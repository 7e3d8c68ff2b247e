#!/usr/bin/env bash
# Checks the published package the way a dependent project gets it: npm pack, a new project,
# `npm install <tarball>` (which builds the native libraries and the TypeScript with scripts/setup.sh),
# then require('mssar') with a forward and backward pass, a strict TypeScript file against the public
# types, `npx mssar help` and `--version`, and the same after the project folder has moved (no
# absolute RUNPATH into the old path, every native library resolves).
# Prints PASS/FAIL lines; exits non-zero on any failure. Options: MSSAR_CUDA (default OFF here, so
# that the check stays a few minutes long), KEEP=1 keeps the temporary folder.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mssar-pack-check.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then echo "pack-check: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
# step NAME LOG COMMAND...: runs the command with its output in LOG; on failure prints LOG's tail.
step() {
  local name=$1 log=$2
  shift 2
  if "$@" >"$log" 2>&1; then
    pass "$name"
  else
    fail "$name (exit $?; last lines of $log:)"
    tail -n 40 "$log" | sed 's/^/    /'
    return 1
  fi
}
finish() {
  local wall=$((SECONDS - start))
  if [ "$failures" = 0 ]; then
    echo "pack-check: all passed in ${wall}s"
    exit 0
  fi
  echo "pack-check: $failures failure(s) in ${wall}s"
  exit 1
}

version=$(node -p "require('./package.json').version")

# 1. What the tarball holds: what the install needs, and no build output, wheels or test code.
files=$(npm pack --dry-run --json 2>/dev/null | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const f of r[0].files) console.log(f.path);')
if [ -z "$files" ]; then
  fail "npm pack --dry-run lists the files"
else
  missing=()
  for need in package.json CMakeLists.txt tsconfig.build.json README.md bin/mssar.js scripts/setup.sh \
              scripts/build-native.sh src/index.ts; do
    grep -qx "$need" <<<"$files" || missing+=("$need")
  done
  for dir in cmake/ native/ binding/ docs/ src/cli/; do
    grep -q "^$dir" <<<"$files" || missing+=("$dir")
  done
  junk=$(grep -E '^(build/|\.deps/|runs/|dist/test/|dist/bench/|test/|bench/|node_modules/|\.ci/|\.git/)' <<<"$files" | head -n 5)
  if [ ${#missing[@]} -eq 0 ] && [ -z "$junk" ]; then
    pass "tarball contents ($(wc -l <<<"$files") files: the sources, cmake/, scripts/, tsconfig.build.json; no build/, .deps/, runs/, dist/test, dist/bench)"
  else
    [ ${#missing[@]} -eq 0 ] || fail "tarball lacks: ${missing[*]}"
    [ -z "$junk" ] || fail "tarball ships junk, e.g.: $(tr '\n' ' ' <<<"$junk")"
  fi
fi

# 2. Pack, and install into a new project.
mkdir -p "$tmp/pack" "$tmp/a/app"
step "npm pack" "$tmp/pack.log" npm pack --pack-destination "$tmp/pack" || finish
tgz=$(ls "$tmp"/pack/mssar-*.tgz)
echo "pack-check: $(basename "$tgz"), $(du -h "$tgz" | cut -f1)"
app=$tmp/a/app
cd "$app"
step "npm init -y" "$tmp/init.log" npm init -y || finish
echo "pack-check: npm install $(basename "$tgz") (builds the native libraries; a few minutes)"
t0=$SECONDS
step "npm install <tarball> (MSSAR_CUDA=${MSSAR_CUDA:-OFF})" "$tmp/install.log" \
  env MSSAR_CUDA="${MSSAR_CUDA:-OFF}" npm install --foreground-scripts --no-audit --no-fund "$tgz" || finish
echo "pack-check: install took $((SECONDS - t0))s"
pkg=$app/node_modules/mssar

# 3. CommonJS: a forward and backward pass through conv2d and the fused MS-SAR op.
cat >"$app/check.js" <<'EOF'
'use strict';
const assert = require('assert');
const mssar = require('mssar');
const F = mssar.functional;
mssar.manualSeed(0);
const x = mssar.randn([2, 3, 8, 8]);
const w = mssar.randn([4, 3, 3, 3], { requiresGrad: true });
const mw = mssar.randn([3, 4, 3, 3], { requiresGrad: true });
const mb = mssar.zeros([4], { requiresGrad: true });
const y = F.relu(F.conv2d(x, w, null, { padding: 1 }));
const z = F.mssar(y, mw, mb, { scales: [1, 2, 4] });
assert.deepEqual([...z.shape], [2, 4, 8, 8]);
const loss = F.sum(z);
loss.backward();
for (const [name, t] of [['conv weight', w], ['mssar weight', mw], ['mssar bias', mb]]) {
  assert.ok(t.grad, `${name} has no gradient`);
  assert.deepEqual([...t.grad.shape], [...t.shape], `${name}: gradient shape`);
  const g = Array.from(t.grad.toArray());
  assert.ok(g.every(Number.isFinite), `${name}: gradient not finite`);
  assert.ok(g.some((v) => v !== 0), `${name}: gradient all zero`);
}
console.log(`loss ${loss.item().toFixed(4)}, |grad| ok; backends: ${mssar.backends().map((b) => `${b.name}=${b.available}`).join(' ')}`);
EOF
run_js() { (cd "$1" && node check.js); }
step "require('mssar'): forward + backward, finite non-zero gradients" "$tmp/cjs.log" run_js "$app" &&
  sed 's/^/    /' "$tmp/cjs.log"

# 4. Strict TypeScript against the public types (no skipLibCheck: the shipped .d.ts must compile too).
cat >"$app/check.ts" <<'EOF'
import * as mssar from 'mssar';
import { Tensor, functional as F, nn, models, optim } from 'mssar';
import type { DType, TensorOptions } from 'mssar';

const opts: TensorOptions = { requiresGrad: true };
const x: Tensor = mssar.randn([2, 4]);
const lin = new nn.Linear(4, 3);
const y: Tensor = lin.forward(x);
const loss: Tensor = F.sum(F.relu(y));
loss.backward();
const g: Tensor | null = lin.weight.grad;
const shape: readonly number[] = y.shape;
const dtype: DType = y.dtype;
const w = mssar.zeros([3, 4], opts);
const model: nn.Module<[Tensor], Tensor> = models.create('resnet20', { inChannels: 1, numClasses: 10 });
const sgd = new optim.SGD(model.namedParameters(), { lr: 0.1 });
const n: number = mssar.tidy(() => F.mean(w).item());
export { g, shape, dtype, sgd, n };
EOF
step "tsc --strict --noEmit on a file using the public types" "$tmp/tsc.log" \
  npx --no-install tsc --strict --noEmit --target es2022 --module commonjs --moduleResolution node --types node check.ts

# 5. The command line.
step "npx mssar help" "$tmp/help.log" npx --no-install mssar help
if out=$(npx --no-install mssar --version 2>&1) && [ "$out" = "$version" ]; then
  pass "npx mssar --version prints $out"
else
  fail "npx mssar --version printed '$out', want '$version'"
fi

# 6. Move the project: everything must still load and resolve, nothing may point into the old path.
libs() { ls "$1"/node_modules/mssar/build/Release/*.so "$1"/node_modules/mssar/build/Release/*.node 2>/dev/null; }
runpaths=$(for f in $(libs "$app"); do echo "$(basename "$f"): $(readelf -d "$f" | grep -E 'R(UN)?PATH' | sed 's/.*\[\(.*\)\]/\1/')"; done)
echo "$runpaths" | sed 's/^/    RUNPATH /'
bad=$(for f in $(libs "$app"); do readelf -d "$f" | grep -E 'R(UN)?PATH' | sed 's/.*\[\(.*\)\]/\1/' | tr ':' '\n' |
  grep -vE '^\$ORIGIN(/|$)' | grep -E "^($tmp|$root)" | sed "s|^|$(basename "$f"): |"; done)
if [ -z "$bad" ]; then pass "no absolute RUNPATH into the project or the checkout"; else fail "absolute RUNPATHs: $bad"; fi

moved=$tmp/b/moved-app
mkdir -p "$tmp/b"
mv "$app" "$moved"
if [ -d "$app" ] || [ ! -d "$moved/node_modules/mssar" ]; then fail "move the project to $moved"; finish; fi
pass "moved the project to another path"
step "after the move: require('mssar'): forward + backward" "$tmp/cjs2.log" run_js "$moved"
nf=$(for f in $(libs "$moved"); do ldd "$f" | grep -E 'not found' | sed "s|^|$(basename "$f"): |"; done)
old=$(for f in $(libs "$moved"); do ldd "$f" | grep -F "$app/" | sed "s|^|$(basename "$f"): |"; done)
count=$(libs "$moved" | wc -l)
if [ "$count" -ge 2 ] && [ -z "$nf" ] && [ -z "$old" ]; then
  pass "after the move: ldd resolves all $count native libraries, none from the old path"
else
  fail "after the move: $count libraries; not found: ${nf:-none}; from the old path: ${old:-none}"
fi
if out=$(cd "$moved" && npx --no-install mssar --version 2>&1) && [ "$out" = "$version" ]; then
  pass "after the move: npx mssar --version prints $out"
else
  fail "after the move: npx mssar --version printed '$out'"
fi

finish
