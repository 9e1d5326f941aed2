#!/usr/bin/env bash
# Start-to-exit time and peak memory of hello world: the same C source built natively for
# Linux and run directly, built with mingw-w64 and run under winrun, and (when installed) under
# Wine with a warm wineserver. Prints medians and ratios from one run.
#
#   samples/bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
exe=$PWD/samples/bin/hello.exe
cc -O2 -o "$work/hello-native" samples/hello.c

cmds=("$work/hello-native" "$winrun $exe")
names=("native" "winrun")
wine=/usr/lib/wine/wine64
if [ -x "$wine" ]; then
    export WINEDEBUG=-all
    "$wine" "$exe" >/dev/null 2>&1 || true   # start the wineserver and warm the prefix
    wineserver -p 60 2>/dev/null || true     # keep it running between runs
    cmds+=("$wine $exe")
    names+=("wine")
fi

hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/times.json" "${cmds[@]}" >"$work/hyperfine.log" 2>&1 || { cat "$work/hyperfine.log"; exit 1; }

peak_rss_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

python3 - "$work/times.json" "${names[@]}" <<'PY' >"$work/table"
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
names = sys.argv[2:]
for name, r in zip(names, results):
    print(name, statistics.median(r["times"]) * 1000)
PY

native_ms=$(awk '$1=="native"{print $2}' "$work/table")
printf '%-8s %12s %12s %14s\n' program "median ms" "vs native" "peak RSS KiB"
i=0
while read -r name ms; do
    read -ra cmd <<<"${cmds[$i]}"
    rss=$(peak_rss_kib "${cmd[@]}")
    ratio=$(python3 -c "print(f'{$ms/$native_ms:.2f}x')")
    printf '%-8s %12.3f %12s %14s\n' "$name" "$ms" "$ratio" "$rss"
    i=$((i + 1))
done <"$work/table"
if grep -q '^wine ' "$work/table"; then
    python3 - "$work/table" <<'PY'
import sys
t = dict(l.split() for l in open(sys.argv[1]))
print(f"winrun is {float(t['wine'])/float(t['winrun']):.1f}x faster than Wine at start-to-exit")
PY
fi
