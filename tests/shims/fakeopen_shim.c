/* A test shim that provides CreateFileW and CreateFileA without touching the file system: a
 * name containing "secret" fails with ERROR_ACCESS_DENIED, any other opens as handle 0x1234.
 * It stands in for winrun's file APIs so the fsaudit shim can be tested wrapping them. */
#include <string.h>
#include <wchar.h>

#include "winrun_shim.h"

typedef uint32_t DWORD;
typedef void *HANDLE;
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#define ERROR_ACCESS_DENIED 5

static void *next_CreateFileW, *next_CreateFileA;

static HANDLE result(int secret)
{
    if (secret) {
        winrun_shim_set_last_error(ERROR_ACCESS_DENIED);
        return INVALID_HANDLE_VALUE;
    }
    winrun_shim_set_last_error(0);
    return (HANDLE)0x1234;
}

static HANDLE WINAPI fake_CreateFileW(const uint16_t *name, DWORD access, DWORD share,
                                      void *security, DWORD disposition, DWORD flags, HANDLE tmpl)
{
    static const uint16_t secret[] = {'s', 'e', 'c', 'r', 'e', 't'};
    size_t i, n = 0;
    int found = 0;
    (void)access, (void)share, (void)security, (void)disposition, (void)flags, (void)tmpl;
    while (name[n])
        n++;
    for (i = 0; i + 6 <= n && !found; i++)
        found = memcmp(name + i, secret, sizeof secret) == 0;
    return result(found);
}

static HANDLE WINAPI fake_CreateFileA(const char *name, DWORD access, DWORD share,
                                      void *security, DWORD disposition, DWORD flags, HANDLE tmpl)
{
    (void)access, (void)share, (void)security, (void)disposition, (void)flags, (void)tmpl;
    return result(strstr(name, "secret") != NULL);
}

static const struct winrun_shim_entry entries[] = {
    WINRUN_SHIM_ENTRY("kernel32", "CreateFileW", fake_CreateFileW, next_CreateFileW),
    WINRUN_SHIM_ENTRY("kernel32", "CreateFileA", fake_CreateFileA, next_CreateFileA),
};

static const struct winrun_shim table = {
    WINRUN_SHIM_ABI_VERSION, WINRUN_SHIM_COUNT(entries), "fakeopen", entries, NULL,
};

const struct winrun_shim *winrun_shim(void)
{
    return &table;
}
