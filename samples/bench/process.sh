#!/usr/bin/env bash
# CreateProcess + wait of a trivial child: samples/bench/process.c built for Linux
# (fork+exec+waitpid of itself) and built with mingw-w64 and run under winrun (CreateProcessA of
# itself, which starts a second winrun). Prints the medians in microseconds, winrun's own start
# (hello.exe, for reference), and the ratio. The issue's target: winrun <= 2x native + start.
#
#   samples/bench/process.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p winrun
winrun=$PWD/target/release/winrun
cc -O2 -o "$work/native" samples/bench/process.c
x86_64-w64-mingw32-gcc -O2 -o "$work/process.exe" samples/bench/process.c

native=$("$work/native" "$runs")
windows=$("$winrun" "$work/process.exe" "$runs")
# winrun's own start: the same child started from Linux, timed by the native build's clock.
start=$(python3 - "$winrun" "$work/process.exe" "$runs" <<'PY'
import statistics, subprocess, sys, time
winrun, exe, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([winrun, exe, "child"], check=True)
    times.append((time.perf_counter() - t) * 1e6)
print(f"{statistics.median(times):.1f}")
PY
)
python3 - "$native" "$windows" "$start" <<'PY'
import sys
native, windows, start = map(float, sys.argv[1:])
print(f"{'':<28} {'median us':>10}")
print(f"{'native fork+exec+wait':<28} {native:>10.1f}")
print(f"{'winrun CreateProcess+wait':<28} {windows:>10.1f}")
print(f"{'winrun start (from Linux)':<28} {start:>10.1f}")
print(f"ratio winrun/native: {windows / native:.1f}x; "
      f"target 2x native + start = {2 * native + start:.0f} us: "
      f"{'met' if windows <= 2 * native + start else 'NOT met'}")
PY
