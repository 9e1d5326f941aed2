#!/usr/bin/env bash
# File system benchmark (issue #4): samples/bench/files.c built natively for Linux and with
# mingw-w64, run RUNS times each on the same directory natively, under winrun (and under Wine
# when it is installed); prints each figure's median and its ratio to native.
# Targets: write/read throughput ≥ 0.95× native (time ratio ≤ 1.05), open-close and attribute
# queries ≤ 1.5×, listing 10k entries ≤ 1.5× a native readdir+stat.
#
#   samples/bench/files.sh [DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
dir=${1:-$work}
runs=${2:-3}
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
wine=/usr/lib/wine/wine64
cc -O2 -o "$work/files-native" samples/bench/files.c
x86_64-w64-mingw32-gcc -O2 -o "$work/files.exe" samples/bench/files.c

measure() { # name dir-argument command...
    local name=$1 arg=$2
    shift 2
    for _ in $(seq "$runs"); do
        "$@" "$arg" | tr -d '\r' | sed "s/^/$name /"
    done >>"$work/results"
}
measure native "$dir" "$work/files-native"
measure winrun "$dir" "$winrun" "$work/files.exe"
if [ -x "$wine" ]; then
    # Wine sees the host root as Z:.
    measure wine "Z:$dir" env WINEDEBUG=-all "$wine" "$work/files.exe"
fi

python3 - "$work/results" <<'PY'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, figure, seconds = line.split()
    runs[(who, figure)].append(float(seconds))
median = {k: statistics.median(v) for k, v in runs.items()}
whos = list(dict.fromkeys(w for w, _ in runs))
figures = list(dict.fromkeys(f for _, f in runs))
print(f"{'figure':<12}" + "".join(f"{w:>20}" for w in whos))
for f in figures:
    base = median[("native", f)]
    cells = []
    for w in whos:
        m = median.get((w, f))
        cell = f"{m:.4f}s" + (f" {m / base:5.2f}x" if w != "native" else "")
        cells.append(cell if m is not None else "")
    print(f"{f:<12}" + "".join(f"{c:>20}" for c in cells))
print("(median seconds of each figure; ratio = time / native time, lower is better)")
PY
