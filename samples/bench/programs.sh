#!/usr/bin/env bash
# The real programs of shared/TARGETS.md side by side: under winrun, under Wine (when
# /usr/lib/wine/wine64 is installed, with a warm wineserver) and, where one exists on this
# machine, the native Linux equivalent (grep, ninja, 7zz from Debian's 7zip, esbuild, ruff).
# Prints one table of medians (hyperfine) and ratios, then the peak resident set size of one
# run of each (GNU time's %M: for Wine that is the wine64 process, which execs wine64-preloader
# and then wine64 again in the same pid; the wineserver, already running, is not counted);
# 7za's CPU benchmark prints its ratings. A program that does not run under winrun yet shows
# "does not run yet" instead of a time.
#
#   samples/bench/programs.sh [RUNS]        (RUNS for the quick rows, default 10)
#   BENCH_ONLY=ninja,find samples/bench/programs.sh (only the rows whose name contains one of these)
#   BENCH_HEAVY_RUNS=1 samples/bench/programs.sh (runs of the 64 MiB rows, default 3)
#   WINRUN_BIN=/path/to/winrun samples/bench/programs.sh (measure that binary; no cargo build)
#
# Rows are printed as they finish; the whole run takes several minutes (the 64 MiB rows and
# 7-Zip's benchmark dominate).
#
# The Windows programs come from the cache the test suite fills (tests/tests/programs.rs:
# `cargo test --release -p winrun-tests --test programs`), so run that once first.
#
# Go and Rust programs (esbuild, ruff) import bcryptprimitives.dll!ProcessPrng, which Debian's
# Wine 8 lacks. For their Wine runs only, the script builds a stand-in bcryptprimitives.dll with
# mingw-w64 (ProcessPrng calling advapi32!SystemFunction036, i.e. RtlGenRandom) and puts it
# beside a second copy of the program; winrun runs the copy without it, on its own
# bcryptprimitives. Go loads the DLL with LOAD_LIBRARY_SEARCH_SYSTEM32, so for esbuild the DLL
# also goes into the Wine prefix's system32 for the duration of its row (never replacing one
# that is there; removed afterwards, and at exit). Without mingw-w64, Wine's column for them
# says "fails".
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
heavy_runs=${BENCH_HEAVY_RUNS:-3}
prepare=()       # hyperfine's --prepare for the rows that need one
bench_warmup=1   # warm-up runs before the timed ones (none for the 64 MiB rows)
repo=$PWD
work=$(mktemp -d)
placed_dll=   # the stand-in DLL while it sits in the Wine prefix's system32
trap 'rm -rf "$work"; [ -z "$placed_dll" ] || rm -f "$placed_dll"' EXIT

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
if [ -n "${WINRUN_BIN:-}" ]; then   # a winrun binary to measure instead of this tree's
    winrun=$WINRUN_BIN
else
    cargo build --release -q -p winrun || exit 1
    winrun=$repo/target/release/winrun
fi
cache=${WINRUN_TARGETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/winrun/targets}
wine=/usr/lib/wine/wine64
[ -x "$wine" ] || wine=
export WINEDEBUG=-all

pkg() { # the extracted package holding $2, or nothing
    local dir
    for dir in "$cache"/$1-*/; do
        [ -e "$dir/$2" ] && { echo "$dir/$2"; return; }
    done
}
find_exe=$(pkg libwine usr/lib/x86_64-linux-gnu/wine/x86_64-windows/find.exe)
ninja_exe=$(pkg ninja ninja-1.13.2.data/scripts/ninja.exe)
sevenza_exe=$(pkg 7zip-bin package/win/x64/7za.exe)
esbuild_exe=$(pkg @esbuild_win32-x64 package/esbuild.exe)
ruff_exe=$(pkg ruff ruff-0.17.6.data/scripts/ruff.exe)
if [ -z "$find_exe$ninja_exe$sevenza_exe$esbuild_exe$ruff_exe" ]; then
    echo "no programs in $cache: run 'cargo test --release -p winrun-tests --test programs' first"
    exit 2
fi

# Each Windows program alone in its own directory (DLLs beside it in a package are not part
# of what is measured).
install() { # install NAME PATH → the copy's path
    mkdir -p "$work/bin/$1" && cp "$2" "$work/bin/$1/" && echo "$work/bin/$1/$(basename "$2")"
}

# install_for_wine NAME PATH → a copy of the program with the stand-in bcryptprimitives.dll
# beside it (see above), or the path itself when the DLL cannot be built.
install_for_wine() {
    local dir="$work/wine-bin/$1"
    mkdir -p "$dir"
    if [ ! -e "$work/bcryptprimitives.dll" ]; then
        cat >"$work/prng.c" <<'C'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
/* Windows' ProcessPrng never fails; RtlGenRandom takes at most a ULONG at a time. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
C
        x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bcryptprimitives.dll" "$work/prng.c" \
            -ladvapi32 2>/dev/null || { echo "$2"; return; }
    fi
    cp "$2" "$work/bcryptprimitives.dll" "$dir/" && echo "$dir/$(basename "$2")"
}

if [ -n "$wine" ]; then
    "$wine" "$repo/samples/bin/hello.exe" >/dev/null 2>&1   # start the wineserver, warm the prefix
    wineserver -p 600 2>/dev/null                           # and keep it running
fi

selected() { # selected NAME: is the row asked for (BENCH_ONLY, comma-separated)?
    local want w
    [ -z "${BENCH_ONLY:-}" ] && return 0
    IFS=, read -ra want <<<"$BENCH_ONLY"
    for w in "${want[@]}"; do [[ "$1" == *"$w"* ]] && return 0; done
    return 1
}

ratio() { python3 -c "
import sys
try: print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}x')
except ValueError: print('—')" "$1" "$2"; }

printf '%-28s %16s %12s %12s %12s %14s %12s %10s %12s\n' benchmark "winrun ms" "wine ms" \
    "native ms" "wine/winrun" "winrun/native" "winrun KiB" "wine KiB" "RSS vs wine"
row() { # row NAME WINRUN WINE NATIVE WINRUN_KIB WINE_KIB
    printf '%-28s %16s %12s %12s %12s %14s %12s %10s %12s\n' "$1" "$2" "$3" "$4" \
        "$(ratio "$3" "$2")" "$(ratio "$2" "$4")" "$5" "$6" "$(ratio "$5" "$6")"
}

median_ms() { # median_ms RUNS DIR COMMAND → median in ms of the command run in DIR
    local n=$1 dir=$2 warmup=${bench_warmup:-1}
    shift 2
    (cd "$dir" && hyperfine -N -i --warmup "$warmup" --runs "$n" "${prepare[@]}" \
        --export-json "$work/t.json" "$*" >/dev/null 2>&1) || { echo "fails"; return; }
    python3 -c "import json,statistics,sys; r=json.load(open(sys.argv[1]))['results'][0]; \
print(f\"{statistics.median(r['times'])*1000:.1f}\")" "$work/t.json"
}

peak_kib() { # peak_kib DIR COMMAND... → peak RSS in KiB of one run (GNU time's %M)
    local dir=$1
    shift
    [ ${#prepare[@]} -gt 0 ] && (cd "$dir" && sh -c "${prepare[1]}")
    (cd "$dir" && /usr/bin/time -f %M -o "$work/rss" timeout 600 "$@" >/dev/null 2>&1) &&
        tail -n 1 "$work/rss" || echo "—"
}

runs_ok() { # runs_ok DIR COMMAND...: does the command succeed (exit 0) within 900 s?
    local dir=$1
    shift
    (cd "$dir" && timeout 900 "$@" >/dev/null 2>&1)
}

# bench NAME RUNS DIR EXE ARGS -- NATIVE COMMAND (or nothing). `wine_exe`, when set, is the
# copy of EXE that Wine runs (with the stand-in DLL beside it).
bench() {
    local name=$1 n=$2 dir=$3 exe=$4
    shift 4
    selected "$name" || return
    local args=() native=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
    [ $# -gt 0 ] && shift && native=("$@")
    local w="—" wi="—" na="—" wk="—" wik="—" wexe=${wine_exe:-$exe}
    if [ -z "$exe" ]; then
        w="not fetched"
    elif runs_ok "$dir" "$winrun" "$exe" "${args[@]}"; then
        w=$(median_ms "$n" "$dir" "$winrun" "$exe" "${args[@]}")
        wk=$(peak_kib "$dir" "$winrun" "$exe" "${args[@]}")
    else
        w="does not run yet"
    fi
    if [ -n "$wine" ] && [ -n "$exe" ]; then
        if runs_ok "$dir" "$wine" "$wexe" "${args[@]}"; then
            wi=$(median_ms "$n" "$dir" "$wine" "$wexe" "${args[@]}")
            wik=$(peak_kib "$dir" "$wine" "$wexe" "${args[@]}")
        else
            wi="fails"
        fi
    fi
    if [ ${#native[@]} -gt 0 ] && command -v "${native[0]}" >/dev/null; then
        na=$(median_ms "$n" "$dir" "${native[@]}")
    fi
    row "$name" "$w" "$wi" "$na" "$wk" "$wik"
}

# hello: start to exit.
mkdir -p "$work/hello"
cc -O2 -o "$work/hello/hello-native" samples/hello.c
bench "hello start-to-exit" "$runs" "$work/hello" "$repo/samples/bin/hello.exe" -- "$work/hello/hello-native"

# find: a word in a 10 MB CRLF text file.
if [ -n "$find_exe" ]; then
    find_exe=$(install find "$find_exe")
    mkdir -p "$work/find"
    python3 - "$work/find/text.txt" <<'PY'
import random, sys
words = "alpha beta gamma delta winrun portable executable needle haystack".split()
rng = random.Random(1)
with open(sys.argv[1], "wb") as f:
    for i in range(200_000):
        f.write((" ".join(rng.choice(words) for _ in range(8)) + "\r\n").encode())
PY
fi
bench "find a word in 10 MB" "$runs" "$work/find" "$find_exe" needle text.txt -- grep needle text.txt

# ninja: a no-op build of 1,000 targets (every output newer than its input). The edges are
# generator edges, so the no-op needs no .ninja_log from an earlier real build.
mkdir -p "$work/ninja/in" "$work/ninja/out"
{
    printf 'rule cp\n  command = cp $in $out\n  generator = 1\n'
    for i in $(seq 1000); do printf 'build out/%d.txt: cp in/%d.txt\n' "$i" "$i"; done
} >"$work/ninja/build.ninja"
for i in $(seq 1000); do : >"$work/ninja/in/$i.txt"; done
sleep 1
for i in $(seq 1000); do : >"$work/ninja/out/$i.txt"; done
[ -n "$ninja_exe" ] && ninja_exe=$(install ninja "$ninja_exe")
bench "ninja no-op, 1000 targets" "$runs" "$work/ninja" "$ninja_exe" -- ninja

# 7za: compress and extract 64 MiB of text-like data, one thread.
mkdir -p "$work/7z"
python3 - "$work/7z/data.txt" <<'PY'
import random, sys
words = b"the quick brown fox jumps over lazy dog winrun maps portable executable 0123 42\r\n".split(b" ")
rng = random.Random(7)
with open(sys.argv[1], "wb") as f:
    left = 64 << 20
    while left > 0:
        chunk = b" ".join(rng.choice(words) for _ in range(20000))[:left]
        f.write(chunk)
        left -= len(chunk)
PY
[ -n "$sevenza_exe" ] && sevenza_exe=$(install 7za "$sevenza_exe")
prepare=(--prepare "rm -f a.7z n.7z")
bench_warmup=0
bench "7za a 64 MiB (-mmt1)" "$heavy_runs" "$work/7z" "$sevenza_exe" a -bd -mmt1 -y a.7z data.txt \
    -- 7zz a -bd -mmt1 -y n.7z data.txt
prepare=()
# The archive to extract: whichever program made one.
selected "7za x 64 MiB" && (cd "$work/7z" && for c in "$winrun $sevenza_exe" "$wine $sevenza_exe" 7zz; do
    [ -e a.7z ] || timeout 600 $c a -bd -y a.7z data.txt >/dev/null 2>&1
done)
bench "7za x 64 MiB (-mmt1)" "$heavy_runs" "$work/7z" "$sevenza_exe" x -bd -mmt1 -y -oout a.7z \
    -- 7zz x -bd -mmt1 -y -onout a.7z
bench_warmup=1

# esbuild: bundle and minify 300 modules.
mkdir -p "$work/esbuild/src"
for i in $(seq 0 299); do
    next=$((i + 1))
    if [ $i -lt 299 ]; then
        printf "import { f%d } from './m%d.js';\n" "$next" "$next"
        printf 'export function f%d(x) { const list = [x, x * 2, x * 3].map((v) => v + %d); return f%d(list.reduce((a, b) => a + b, 0)); }\n' "$i" "$i" "$next"
    else
        printf 'export function f%d(x) { return x; }\n' "$i"
    fi >"$work/esbuild/src/m$i.js"
done
printf "import { f0 } from './src/m0.js';\nconsole.log(f0(1));\n" >"$work/esbuild/index.js"
wine_exe=
if [ -n "$esbuild_exe" ]; then
    if [ -n "$wine" ]; then
        wine_exe=$(install_for_wine esbuild "$esbuild_exe")
        system32=${WINEPREFIX:-$HOME/.wine}/drive_c/windows/system32
        if [ -e "$work/bcryptprimitives.dll" ] && [ -d "$system32" ] &&
            [ ! -e "$system32/bcryptprimitives.dll" ]; then
            placed_dll=$system32/bcryptprimitives.dll
            cp "$work/bcryptprimitives.dll" "$placed_dll"
        fi
    fi
    esbuild_exe=$(install esbuild "$esbuild_exe")
fi
bench "esbuild bundle 300 modules" "$runs" "$work/esbuild" "$esbuild_exe" index.js --bundle --minify \
    --outfile=out.js --log-level=error -- esbuild index.js --bundle --minify --outfile=nout.js --log-level=error
wine_exe=
[ -z "$placed_dll" ] || rm -f "$placed_dll"
placed_dll=

# ruff: lint 300 Python files.
mkdir -p "$work/ruff/pkg"
for i in $(seq 0 299); do
    printf 'import os\n\n\ndef f%d(path: str) -> bool:\n    """Whether the file exists."""\n    return os.path.exists(path + "%d")\n' "$i" "$i" \
        >"$work/ruff/pkg/m$i.py"
done
wine_exe=
if [ -n "$ruff_exe" ]; then
    [ -n "$wine" ] && wine_exe=$(install_for_wine ruff "$ruff_exe")
    ruff_exe=$(install ruff "$ruff_exe")
fi
bench "ruff check 300 files" "$runs" "$work/ruff" "$ruff_exe" check --isolated --no-cache pkg \
    -- ruff check --isolated --no-cache pkg
wine_exe=

# 7za's CPU benchmark: its own MIPS ratings (higher is better), one thread.
rating() { # the total rating from a 7-Zip benchmark's "Tot:" line
    timeout 600 "$@" b -mmt1 2>/dev/null | awk '/^Tot:/ {print $NF}'
}
if [ -n "$sevenza_exe" ] && selected "7za b"; then
    echo
    printf '%-28s %16s %12s %12s %14s\n' "7za b -mmt1 (MIPS)" winrun wine "native 7zz" "winrun/wine"
    w=$(rating "$winrun" "$sevenza_exe")
    [ -n "$w" ] || w="does not run yet"
    wi="—"
    [ -n "$wine" ] && wi=$(rating "$wine" "$sevenza_exe")
    na="—"
    command -v 7zz >/dev/null && na=$(rating 7zz)
    printf '%-28s %16s %12s %12s %14s\n' "" "$w" "${wi:-fails}" "$na" "$(ratio "$w" "$wi")"
fi
