/* A test shim that wraps CreateFileW and says on stderr when it is entered and left, so a
 * test can see where it runs in a chain with fsaudit (which logs after the call returns). */
#include <stdio.h>

#include "winrun_shim.h"

typedef uint32_t DWORD;
typedef void *HANDLE;

static HANDLE (WINAPI *next_CreateFileW)(const uint16_t *name, DWORD access, DWORD share,
                                         void *security, DWORD disposition, DWORD flags,
                                         HANDLE tmpl);

static HANDLE WINAPI tag_CreateFileW(const uint16_t *name, DWORD access, DWORD share,
                                     void *security, DWORD disposition, DWORD flags, HANDLE tmpl)
{
    HANDLE h;
    fprintf(stderr, "enter open-tag\n");
    fflush(stderr);
    h = next_CreateFileW(name, access, share, security, disposition, flags, tmpl);
    fprintf(stderr, "leave open-tag\n");
    fflush(stderr);
    return h;
}

static const struct winrun_shim_entry entries[] = {
    WINRUN_SHIM_ENTRY("kernel32", "CreateFileW", tag_CreateFileW, next_CreateFileW),
};

static const struct winrun_shim table = {
    WINRUN_SHIM_ABI_VERSION, WINRUN_SHIM_COUNT(entries), "open-tag", entries, NULL,
};

const struct winrun_shim *winrun_shim(void)
{
    return &table;
}
