#!/usr/bin/env bash
# Builds the sample programs into samples/bin/ with mingw-w64.
# Usage: samples/build.sh   (from any directory; safe to run repeatedly)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/bin"
cc="${CC:-x86_64-w64-mingw32-gcc}"
# -s strips symbols: the binaries are committed and should stay small.
# --no-insert-timestamp keeps rebuilds byte-identical, so rerunning this
# script does not show up as a change to the committed binaries.
cflags=(-O2 -s -Wall -Wextra -Wl,--no-insert-timestamp)

mkdir -p "$out"

for prog in hello args exitcode clock; do
    "$cc" "${cflags[@]}" -o "$out/$prog.exe" "$here/$prog.c"
done
"$cc" "${cflags[@]}" -o "$out/netcheck.exe" "$here/netcheck.c" -lws2_32
"$cc" "${cflags[@]}" -o "$out/fcopy.exe" "$here/fcopy.c" -lshell32

# greet.def is the export list (ordinal-only and forwarded exports need it);
# the import library only exists to link usegreet.exe and is not kept.
implib="$(mktemp --suffix=.dll.a)"
trap 'rm -f "$implib"' EXIT
"$cc" "${cflags[@]}" -shared -o "$out/greet.dll" \
    "$here/greet/greet.c" "$here/greet/greet.def" \
    -Wl,--out-implib,"$implib"
"$cc" "${cflags[@]}" -I"$here/greet" -o "$out/usegreet.exe" \
    "$here/greet/usegreet.c" "$implib"

ls -l "$out"
