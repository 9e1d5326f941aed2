/* libloaderapi.h: FindResource(Ex), LoadResource, LockResource, SizeofResource, FreeResource,
 * EnumResourceNames on the program's own resources (libloaderapi_resources.rc). */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

#define MYTYPE_A "MYTYPE"
#define MYTYPE_W L"MYTYPE"

static const char *resource_text(HRSRC res, DWORD *size)
{
    HGLOBAL mem = LoadResource(NULL, res);
    *size = SizeofResource(NULL, res);
    return mem ? (const char *)LockResource(mem) : NULL;
}

static int names_seen;
static WCHAR names[8][16];

static BOOL CALLBACK collect(HMODULE module, LPCWSTR type, LPWSTR name, LONG_PTR param)
{
    (void)module;
    (void)type;
    if (names_seen < 8) {
        if (IS_INTRESOURCE(name))
            wsprintfW(names[names_seen], L"#%u", (unsigned)(ULONG_PTR)name);
        else
            lstrcpynW(names[names_seen], name, 16);
    }
    names_seen++;
    return names_seen < (int)param;
}

int main(void)
{
    DWORD size;
    const char *text;

    /* Neutral language first, as FindResource asks for LANG_NEUTRAL. */
    HRSRC res = FindResourceW(NULL, MAKEINTRESOURCEW(100), (LPCWSTR)RT_RCDATA);
    ok(res != NULL, "FindResourceW(100, RT_RCDATA) failed: %lu", GetLastError());
    text = resource_text(res, &size);
    ok(text && size == 8 && !strcmp(text, "neutral"), "got size %lu, %s", size,
       text ? text : "(null)");

    /* A given language must match. */
    res = FindResourceExW(NULL, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(100),
                          MAKELANGID(LANG_GERMAN, SUBLANG_GERMAN));
    text = resource_text(res, &size);
    ok(text && !strcmp(text, "deutsch"), "German: %s", text ? text : "(null)");
    res = FindResourceExW(NULL, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(100),
                          MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
    text = resource_text(res, &size);
    ok(text && !strcmp(text, "english"), "English: %s", text ? text : "(null)");
    /* A missing language falls back to the neutral entry ... */
    res = FindResourceExW(NULL, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(100),
                          MAKELANGID(LANG_FRENCH, SUBLANG_FRENCH));
    text = resource_text(res, &size);
    ok(text && !strcmp(text, "neutral"), "French: %s", text ? text : "(null)");
    /* ... and without one, it is not found; FindResource then takes English. */
    SetLastError(0xdeadbeef);
    res = FindResourceExW(NULL, (LPCWSTR)RT_RCDATA, MAKEINTRESOURCEW(200),
                          MAKELANGID(LANG_FRENCH, SUBLANG_FRENCH));
    ok_err(res == NULL, ERROR_RESOURCE_LANG_NOT_FOUND);
    res = FindResourceW(NULL, MAKEINTRESOURCEW(200), (LPCWSTR)RT_RCDATA);
    text = resource_text(res, &size);
    ok(text && !strcmp(text, "english only"), "200: %s", text ? text : "(null)");

    /* String names and types, any case, and "#7" for an integer id. */
    res = FindResourceW(NULL, L"blob", MYTYPE_W);
    text = resource_text(res, &size);
    ok(text && !strcmp(text, "named blob"), "blob: %s", text ? text : "(null)");
    res = FindResourceA(NULL, "#7", "mytype");
    text = resource_text(res, &size);
    ok(text && !strcmp(text, "id seven"), "#7: %s", text ? text : "(null)");
    res = FindResourceExA(NULL, MYTYPE_A, "ZETA", 0);
    text = resource_text(res, &size);
    ok(text && size == 5 && !strcmp(text, "zeta"), "ZETA: %s", text ? text : "(null)");

    /* Misses: the type, then the name. */
    SetLastError(0xdeadbeef);
    res = FindResourceW(NULL, MAKEINTRESOURCEW(100), L"NOSUCHTYPE");
    ok_err(res == NULL, ERROR_RESOURCE_TYPE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    res = FindResourceW(NULL, MAKEINTRESOURCEW(101), (LPCWSTR)RT_RCDATA);
    ok_err(res == NULL, ERROR_RESOURCE_NAME_NOT_FOUND);
    SetLastError(0xdeadbeef);
    res = FindResourceW(NULL, L"NOSUCH", MYTYPE_W);
    ok_err(res == NULL, ERROR_RESOURCE_NAME_NOT_FOUND);

    /* The handles are the module's own addresses: HMODULE NULL and the real one agree. */
    HMODULE self = GetModuleHandleW(NULL);
    res = FindResourceW(self, L"BLOB", MYTYPE_W);
    HGLOBAL mem = LoadResource(self, res);
    ok(mem != NULL && (char *)mem > (char *)self, "LoadResource gave %p", (void *)mem);
    ok(LockResource(mem) == (void *)mem, "LockResource changed the pointer");
    ok(SizeofResource(self, res) == 11, "SizeofResource %lu", SizeofResource(self, res));
    ok(!FreeResource(mem), "FreeResource returned TRUE");

    /* A module without resources of that type. */
    SetLastError(0xdeadbeef);
    res = FindResourceW(GetModuleHandleW(L"kernel32.dll"), L"BLOB", MYTYPE_W);
    ok(res == NULL, "found BLOB in kernel32");

    /* Enumeration: named entries first (sorted), then ids; FALSE stops it. */
    names_seen = 0;
    BOOL all = EnumResourceNamesW(NULL, MYTYPE_W, collect, 100);
    ok(all && names_seen == 3, "EnumResourceNamesW: %d, %d names", all, names_seen);
    ok(!wcscmp(names[0], L"BLOB") && !wcscmp(names[1], L"ZETA") &&
           !wcscmp(names[2], L"#7"),
       "names %ls %ls %ls", names[0], names[1], names[2]);
    /* Windows also sets ERROR_RESOURCE_ENUM_USER_STOP here; Wine 8 leaves the last error. */
    names_seen = 0;
    all = EnumResourceNamesW(NULL, MYTYPE_W, collect, 1);
    ok(!all && names_seen == 1, "stopped enumeration: %d, %d names", all, names_seen);
    SetLastError(0xdeadbeef);
    all = EnumResourceNamesW(NULL, L"NOSUCHTYPE", collect, 100);
    ok_err(!all, ERROR_RESOURCE_TYPE_NOT_FOUND);

    return check_summary();
}
