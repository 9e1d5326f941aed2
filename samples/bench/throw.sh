#!/usr/bin/env bash
# Microseconds per C++ throw+catch across 10 frames: samples/bench/throw.cpp built natively for
# Linux with g++, and with mingw-w64 g++ run under winrun (and Wine when installed); and
# samples/bench/throw_msvc.cpp, the same loop built for the MSVC ABI with zig's clang (MSVC's C++
# exceptions through vcruntime140, the import libraries made from tests/exceptions/msvc/*.def).
# Median of RUNS runs of 20000 throws each.
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
zig() { python3 -m ziglang "$@"; }
for dll in vcruntime140 ucrtbase kernel32; do
    zig dlltool -m i386:x86-64 -d "tests/exceptions/msvc/$dll.def" -l "$work/$dll.lib"
done
zig c++ -target x86_64-windows-msvc -fexceptions -fcxx-exceptions -fno-stack-protector -O2 \
    -c samples/bench/throw_msvc.cpp -o "$work/throw_msvc.obj" 2>/dev/null
zig lld-link /nodefaultlib /entry:start /subsystem:console /out:"$work/throw_msvc.exe" \
    "$work/throw_msvc.obj" "$work"/{vcruntime140,ucrtbase,kernel32}.lib

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { for _ in $(seq "$runs"); do "$@"; done | tr -d '\r' | median; }

native=$(measure "$work/throw-native")
printf '%-18s %12s %10s\n' program "us/throw" "vs native"
printf '%-18s %12s %10s\n' native "$native" 1.00x
under=$(measure "$winrun" "$work/throw.exe")
ratio() { python3 -c "print(f'{$1/$native:.2f}x')"; }
printf '%-18s %12s %10s\n' winrun "$under" "$(ratio "$under")"
msvc=$(measure "$winrun" "$work/throw_msvc.exe")
printf '%-18s %12s %10s\n' "winrun (MSVC ABI)" "$msvc" "$(ratio "$msvc")"
if [ -x /usr/lib/wine/wine64 ]; then
    wine=$(WINEDEBUG=-all measure /usr/lib/wine/wine64 "$work/throw.exe" 2>/dev/null || echo -)
    printf '%-18s %12s\n' wine "$wine"
    wine=$(WINEDEBUG=-all measure /usr/lib/wine/wine64 "$work/throw_msvc.exe" 2>/dev/null || echo -)
    printf '%-18s %12s\n' "wine (MSVC ABI)" "$wine"
fi
