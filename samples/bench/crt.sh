#!/usr/bin/env bash
# C runtime benchmark (issue #3): samples/bench/crt.c built natively for Linux, with mingw-w64
# (msvcrt.dll) and with zig (the UCRT), run RUNS times each under winrun (and Wine when it is
# installed); prints each figure's median and its ratio to native.
# Targets: memory/string primitives and file streams ≥ 0.9× native throughput (time ratio
# ≤ 1.11), printf ≥ 0.7× (ratio ≤ 1.43).
#
# What each build's figures measure (`winrun check` and `objdump -p` list the imports):
# - The zig build does not import strlen, memcmp or memcpy: zig links its own into the
#   program, so those three rows time zig's code, not the UCRT (Wine shows the same ratios).
#   Calling the DLL's export instead would measure a different program, so they stay as is.
# - The mingw build's fprintf is MinGW's own printf (libmingwex), which calls msvcrt's fputc
#   once per character: about 25 calls into winrun per line. At ~27 ns of CPU per fputc
#   (the Win64 entry saving xmm6-15, the stream lock, the buffer) those calls alone cost more
#   than the whole native figure, so that row cannot reach 1.43 without changing MinGW's
#   printf; Wine's is slower still. The zig build's printf is one call per line into winrun's
#   own formatter (__stdio_common_vfprintf), the figure the target is about.
# - malloc: msvcrt/UCRT malloc is the process heap, a glibc block with a 16-byte header
#   (HeapSize/_msize answer the exact size); the rest of the ratio is the cost of 8M calls
#   crossing the ABI.
# On a shared machine wall-clock medians swing; thread CPU time (GetThreadTimes /
# CLOCK_THREAD_CPUTIME_ID in place of the clocks in crt.c) separates the two.
#
#   samples/bench/crt.sh [DIR] [MIB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
dir=${1:-$work}
mib=${2:-512}
runs=${3:-5}
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
wine=/usr/lib/wine/wine64
cc -O2 -o "$work/crt-native" samples/bench/crt.c
x86_64-w64-mingw32-gcc -O2 -o "$work/crt-mingw.exe" samples/bench/crt.c
python3 -m ziglang cc -target x86_64-windows-gnu -O2 -o "$work/crt-zig.exe" samples/bench/crt.c

measure() { # name command...
    local name=$1
    shift
    for _ in $(seq "$runs"); do
        "$@" "$dir" "$mib" | tr -d '\r' | sed "s/^/$name /"
    done >>"$work/results"
}
measure native "$work/crt-native"
measure winrun-mingw "$winrun" "$work/crt-mingw.exe"
measure winrun-zig "$winrun" "$work/crt-zig.exe"
if [ -x "$wine" ]; then
    measure wine-mingw env WINEDEBUG=-all "$wine" "$work/crt-mingw.exe"
    measure wine-zig env WINEDEBUG=-all "$wine" "$work/crt-zig.exe"
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
print(f"{'figure':<8}" + "".join(f"{w:>22}" for w in whos))
for f in figures:
    base = median[("native", f)]
    cells = []
    for w in whos:
        m = median.get((w, f))
        cells.append(f"{m:>10.4f}s" + (f" {m / base:>7.2f}x" if w != "native" else " " * 9)
                     + "  " if m is not None else " " * 22)
    print(f"{f:<8}" + "".join(f"{c:>22}" for c in cells))
print("(median seconds of each figure; ratio = time / native time, lower is better)")
PY
