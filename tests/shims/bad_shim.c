/* Shims that winrun must refuse, one per -D flag:
 *   BAD_VERSION   built for ABI version 99
 *   BAD_DLL       replaces a function of a DLL that does not exist (kernel33)
 *   DUPLICATE     lists kernel32!WriteFile twice
 *   BAD_CASE      names kernel32!writefile (winrun has WriteFile)
 *   NO_NAME       an entry with neither a function name nor an ordinal
 *   HUGE_COUNT    a table claiming 100000 entries */
#include "winrun_shim.h"

static void *next_a, *next_b;

static int WINAPI replacement(void)
{
    return 0;
}

static const struct winrun_shim_entry entries[] = {
#if defined(BAD_DLL)
    WINRUN_SHIM_ENTRY("kernel32", "GetTickCount", replacement, next_a),
    WINRUN_SHIM_ENTRY("kernel33", "GetTickCount", replacement, next_b),
#elif defined(DUPLICATE)
    WINRUN_SHIM_ENTRY("kernel32", "WriteFile", replacement, next_a),
    WINRUN_SHIM_ENTRY("KERNEL32.dll", "WriteFile", replacement, next_b),
#elif defined(BAD_CASE)
    WINRUN_SHIM_ENTRY("kernel32", "writefile", replacement, next_a),
#elif defined(NO_NAME)
    {"kernel32", NULL, 0, 0, (const void *)replacement, &next_a},
#else
    WINRUN_SHIM_ENTRY("kernel32", "GetTickCount", replacement, next_a),
#endif
};

static const struct winrun_shim table = {
#ifdef BAD_VERSION
    99,
#else
    WINRUN_SHIM_ABI_VERSION,
#endif
#ifdef HUGE_COUNT
    100000,
#else
    WINRUN_SHIM_COUNT(entries),
#endif
    "bad", entries, NULL,
};

const struct winrun_shim *winrun_shim(void)
{
    (void)next_b;
    return &table;
}
