#!/usr/bin/env bash
# What a shim that calls `next` adds to an API call: GetLastError in a tight loop under winrun,
# without a shim and with a pass-through C shim (shims/bench/passthrough.c), each RUNS times;
# prints the medians and their difference.
#
#   shims/bench/call-cost.sh [RUNS] [CALLS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
calls=${2:-100000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
x86_64-w64-mingw32-gcc -O2 -o "$work/callcost.exe" shims/bench/callcost.c
cc -O2 -shared -fPIC -I shims/include -o "$work/libpassthrough.so" shims/bench/passthrough.c

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() {
    for _ in $(seq "$runs"); do
        "$winrun" "$@" "$work/callcost.exe" "$calls" | awk '{ print $1 }'
    done | median
}
direct=$(measure)
shimmed=$(measure --preload "$work/libpassthrough.so")
echo "direct:  $direct ns per call"
echo "shimmed: $shimmed ns per call"
awk -v a="$direct" -v b="$shimmed" 'BEGIN { printf "a shim calling next adds %.2f ns\n", b - a }'
