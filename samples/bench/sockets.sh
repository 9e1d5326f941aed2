#!/usr/bin/env bash
# Loopback TCP throughput (issue #8): samples/bench/sockets.c built natively for Linux and with
# mingw-w64 for winrun (through ws2_32); prints both and winrun/native. Target: ≥ 0.9×.
#
#   samples/bench/sockets.sh [RUNS]     (default 5 runs each; the best run counts)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
cc -O2 -pthread -o "$work/sockets-native" samples/bench/sockets.c
x86_64-w64-mingw32-gcc -O2 -o "$work/sockets.exe" samples/bench/sockets.c -lws2_32

for _ in $(seq "$runs"); do
    "$work/sockets-native" >>"$work/native"
    "$winrun" "$work/sockets.exe" | tr -d '\r' >>"$work/winrun"
done
python3 - "$work/native" "$work/winrun" <<'PY'
import sys
best = lambda path: max(float(l.split()[1]) for l in open(path))
native, ours = best(sys.argv[1]), best(sys.argv[2])
print(f"{'program':<8} {'MiB/s':>10}")
print(f"{'native':<8} {native:>10.1f}")
print(f"{'winrun':<8} {ours:>10.1f}")
print(f"winrun/native: {ours / native:.2f}x (target >= 0.90x)")
PY
