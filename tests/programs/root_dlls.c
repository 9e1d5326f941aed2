/* Run with --root: the DLL beside the program and the one in a PATH directory inside the
 * root load; one in a host PATH directory outside the root, or reached through `..` or a
 * symlink, does not. */
#include <windows.h>

#include "check.h"

typedef int (*where_fn)(void);

static int load(const char *name)
{
    HMODULE m = LoadLibraryA(name);
    if (!m)
        return 0;
    where_fn where = (where_fn)(void *)GetProcAddress(m, "where");
    return where ? where() : -1;
}

static void refused(const char *name)
{
    SetLastError(0xdeadbeef);
    HMODULE m = LoadLibraryA(name);
    ok(m == NULL && GetLastError() == ERROR_MOD_NOT_FOUND, "%s: loaded %p, error %lu", name, m,
       GetLastError());
}

int main(void)
{
    ok(load("near.dll") == 1, "the DLL beside the program loads");
    ok(load("ONPATH") == 2, "the DLL in a PATH directory inside the root loads");
    refused("outside.dll");
    refused("..\\outside\\outside.dll");
    refused("link.dll");
    refused("abslink.dll");
    return check_summary();
}
