#!/usr/bin/env bash
# File system benchmark (issue #4): samples/bench/files.c built natively for Linux and with
# mingw-w64 for winrun, run on the same directory; prints each figure and winrun/native.
# Targets: write/read throughput ≥ 0.95× native (time ratio ≤ 1.05), open-close and attribute
# queries ≤ 1.5×, listing 10k entries ≤ 1.5× a native readdir+stat.
#
#   samples/bench/files.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
dir=${1:-$work}
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
cc -O2 -o "$work/files-native" samples/bench/files.c
x86_64-w64-mingw32-gcc -O2 -o "$work/files.exe" samples/bench/files.c

"$work/files-native" "$dir" >"$work/native"
"$winrun" "$work/files.exe" "$dir" | tr -d '\r' >"$work/winrun"
python3 - "$work/native" "$work/winrun" <<'PY'
import sys
native = dict(l.split() for l in open(sys.argv[1]))
ours = dict(l.split() for l in open(sys.argv[2]))
print(f"{'figure':<12} {'native s':>10} {'winrun s':>10} {'ratio':>8}")
for name, t in native.items():
    w = float(ours[name])
    print(f"{name:<12} {float(t):>10.4f} {w:>10.4f} {w / float(t):>7.2f}x")
PY
