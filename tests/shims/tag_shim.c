/* A test shim wrapping WriteFile that says on stderr when it is entered and left; built twice
 * with -DTAG='"a"' and -DTAG='"b"' to check the order of a chain. */
#include <stdio.h>

#include "winrun_shim.h"

typedef int BOOL;
typedef uint32_t DWORD;

static BOOL (WINAPI *next_WriteFile)(void *, const void *, DWORD, DWORD *, void *);

static BOOL WINAPI tag_WriteFile(void *file, const void *buffer, DWORD len, DWORD *written,
                                 void *overlapped)
{
    BOOL ok;
    fprintf(stderr, "enter %s\n", TAG);
    ok = next_WriteFile(file, buffer, len, written, overlapped);
    fprintf(stderr, "leave %s\n", TAG);
    return ok;
}

static const struct winrun_shim_entry entries[] = {
    WINRUN_SHIM_ENTRY("KERNEL32.dll", "WriteFile", tag_WriteFile, next_WriteFile),
};

static const struct winrun_shim table = {
    WINRUN_SHIM_ABI_VERSION, WINRUN_SHIM_COUNT(entries), "tag-" TAG, entries, NULL,
};

const struct winrun_shim *winrun_shim(void)
{
    return &table;
}
