/* combaseapi.h: COM initialisation per thread, the task allocator, GUIDs, and creating a
 * class nobody registered. */
#include <wchar.h>
#include <windows.h>
#include <objbase.h>

#include "check.h"

static const GUID test_guid = {0x12345678, 0x9abc, 0xdef0, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};

/* Defined here: mingw's IID_IUnknown lives in libuuid, which zig does not ship. */
static const GUID iid_unknown = {0, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

int main(void)
{
    ok(CoInitializeEx(NULL, COINIT_MULTITHREADED) == S_OK, "first CoInitializeEx");
    ok(CoInitializeEx(NULL, COINIT_MULTITHREADED) == S_FALSE, "second CoInitializeEx");
    ok(CoInitializeEx(NULL, COINIT_APARTMENTTHREADED) == RPC_E_CHANGED_MODE, "other model");
    CoUninitialize();

    BYTE *p = CoTaskMemAlloc(16);
    ok(p != NULL, "CoTaskMemAlloc");
    memset(p, 7, 16);
    p = CoTaskMemRealloc(p, 4096);
    ok(p && p[15] == 7, "CoTaskMemRealloc keeps the contents");
    CoTaskMemFree(p);
    CoTaskMemFree(NULL);

    WCHAR text[64];
    ok(StringFromGUID2(&test_guid, text, 64) == 39
           && !wcscmp(text, L"{12345678-9ABC-DEF0-0123-456789ABCDEF}"),
       "StringFromGUID2: %ls", text);
    ok(StringFromGUID2(&test_guid, text, 38) == 0, "too small a buffer");

    GUID a, b;
    ok(CoCreateGuid(&a) == S_OK && CoCreateGuid(&b) == S_OK && memcmp(&a, &b, sizeof(a)),
       "CoCreateGuid gives different GUIDs");
    ok((a.Data3 >> 12) == 4 && (a.Data4[0] & 0xc0) == 0x80, "version 4, RFC 4122 variant");

    void *obj = (void *)1;
    ok(CoCreateInstance(&test_guid, NULL, CLSCTX_INPROC_SERVER, &iid_unknown, &obj)
           == REGDB_E_CLASSNOTREG && obj == NULL,
       "CoCreateInstance of an unregistered class");
    CoUninitialize();
    return check_summary();
}
