#!/usr/bin/env bash
# Threading primitives side by side: samples/bench/threads.c built for Linux with pthreads and
# run natively, and built with mingw-w64 and run under winrun (release build). Prints
# nanoseconds per operation and the winrun/native ratio; the issue's targets are 1.5x for the
# lock, SRW, TLS and clock rows and the event ping-pong, 2x for thread create+join.
#
#   samples/bench/threads.sh [WINRUN]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
    winrun=$1
else
    cargo build --release -q -p winrun
    winrun=$PWD/target/release/winrun
fi
cc -O2 -pthread -o "$work/native" samples/bench/threads.c
x86_64-w64-mingw32-gcc -O2 -o "$work/threads.exe" samples/bench/threads.c

"$work/native" >"$work/native.txt"
"$winrun" "$work/threads.exe" >"$work/winrun.txt"

python3 - "$work/native.txt" "$work/winrun.txt" <<'PY'
import sys
native = dict(l.split() for l in open(sys.argv[1]))
winrun = dict(l.split() for l in open(sys.argv[2]))
print(f"{'operation':<16} {'native ns':>12} {'winrun ns':>12} {'ratio':>8}")
for name, n in native.items():
    w = float(winrun[name])
    print(f"{name:<16} {float(n):>12.1f} {w:>12.1f} {w / float(n):>7.2f}x")
PY
