#!/usr/bin/env bash
# What a shim that calls `next` adds to an API call: GetLastError in a tight loop under winrun,
# without a shim, with a pass-through C shim (shims/bench/passthrough.c) and with the same in
# Rust (shims/bench/passthrough.rs), each RUNS times; prints the medians and the differences.
#
#   shims/bench/call-cost.sh [RUNS] [CALLS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
calls=${2:-100000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
cargo build --release -q -p winrun-shims --example passthrough
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
c_shim=$(measure --preload "$work/libpassthrough.so")
rust_shim=$(measure --preload "$PWD/target/release/examples/libpassthrough.so")
echo "direct:         $direct ns per call"
echo "C shim:         $c_shim ns per call"
echo "Rust shim:      $rust_shim ns per call"
awk -v a="$direct" -v c="$c_shim" -v r="$rust_shim" \
    'BEGIN { printf "a shim calling next adds %.2f ns (C), %.2f ns (Rust)\n", c - a, r - a }'
