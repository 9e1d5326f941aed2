#!/usr/bin/env bash
# Microseconds per C++ throw+catch across 10 frames: samples/bench/throw.cpp built natively for
# Linux with g++, and with mingw-w64 g++ run under winrun (and Wine when installed). Median of
# RUNS runs of 20000 throws each.
#
#   samples/bench/throw.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
g++ -O2 -o "$work/throw-native" samples/bench/throw.cpp
x86_64-w64-mingw32-g++-win32 -O2 -static -o "$work/throw.exe" samples/bench/throw.cpp

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { for _ in $(seq "$runs"); do "$@"; done | tr -d '\r' | median; }

native=$(measure "$work/throw-native")
printf '%-8s %12s %10s\n' program "us/throw" "vs native"
printf '%-8s %12s %10s\n' native "$native" 1.00x
under=$(measure "$winrun" "$work/throw.exe")
printf '%-8s %12s %10s\n' winrun "$under" "$(python3 -c "print(f'{$under/$native:.2f}x')")"
if [ -x /usr/lib/wine/wine64 ]; then
    wine=$(WINEDEBUG=-all measure /usr/lib/wine/wine64 "$work/throw.exe" 2>/dev/null || echo -)
    printf '%-8s %12s\n' wine "$wine"
fi
