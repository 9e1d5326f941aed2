/* oleauto.h: BSTRs (length-prefixed, NUL-terminated UTF-16) and VARIANT init/clear/copy. */
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <oleauto.h>

#include "check.h"

static void test_bstr(void)
{
    BSTR s = SysAllocString(L"hello");
    if (!ok(s != NULL, "SysAllocString"))
        return;
    ok(SysStringLen(s) == 5 && SysStringByteLen(s) == 10, "len %u bytes %u", SysStringLen(s),
       SysStringByteLen(s));
    ok(((DWORD *)s)[-1] == 10, "length prefix %lu", ((DWORD *)s)[-1]);
    ok(!wcscmp(s, L"hello") && s[5] == 0, "text %ls", s);

    ok(SysReAllocString(&s, L"a longer string"), "SysReAllocString");
    ok(SysStringLen(s) == 15 && !wcscmp(s, L"a longer string"), "realloc: %ls", s);
    ok(SysReAllocStringLen(&s, L"abcdef", 3), "SysReAllocStringLen");
    ok(SysStringLen(s) == 3 && !wcscmp(s, L"abc"), "realloc len: %ls", s);
    SysFreeString(s);

    BSTR n = SysAllocStringLen(L"embedded\0nul", 12);
    ok(n && SysStringLen(n) == 12 && n[8] == 0 && n[9] == 'n' && n[12] == 0,
       "embedded NUL kept");
    SysFreeString(n);
    BSTR z = SysAllocStringLen(NULL, 4);
    ok(z && SysStringLen(z) == 4 && z[4] == 0, "uninitialised BSTR of 4");
    SysFreeString(z);

    BSTR b = SysAllocStringByteLen("abc", 3);
    ok(b && SysStringByteLen(b) == 3 && SysStringLen(b) == 1 && !memcmp(b, "abc", 4),
       "byte BSTR: bytes %u", SysStringByteLen(b));
    SysFreeString(b);

    ok(SysAllocString(NULL) == NULL, "SysAllocString(NULL)");
    ok(SysStringLen(NULL) == 0 && SysStringByteLen(NULL) == 0, "lengths of NULL");
    SysFreeString(NULL);
}

static void test_variant(void)
{
    VARIANT v, copy;
    memset(&v, 0xcc, sizeof(v));
    VariantInit(&v);
    ok(V_VT(&v) == VT_EMPTY, "VariantInit: vt %u", V_VT(&v));

    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(L"value");
    VariantInit(&copy);
    ok(VariantCopy(&copy, &v) == S_OK, "VariantCopy");
    ok(V_VT(&copy) == VT_BSTR && V_BSTR(&copy) != V_BSTR(&v) && !wcscmp(V_BSTR(&copy), L"value"),
       "the copy owns its own BSTR");
    ok(VariantClear(&v) == S_OK && V_VT(&v) == VT_EMPTY, "VariantClear(BSTR)");
    ok(!wcscmp(V_BSTR(&copy), L"value"), "the copy survives the original");
    ok(VariantClear(&copy) == S_OK, "VariantClear(copy)");

    V_VT(&v) = VT_I4;
    V_I4(&v) = 42;
    ok(VariantCopy(&copy, &v) == S_OK && V_VT(&copy) == VT_I4 && V_I4(&copy) == 42,
       "VariantCopy(I4)");
    ok(VariantClear(&v) == S_OK && V_VT(&v) == VT_EMPTY, "VariantClear(I4)");

    /* Types only a PROPVARIANT may hold are rejected. */
    V_VT(&v) = VT_FILETIME;
    ok(VariantClear(&v) == DISP_E_BADVARTYPE, "VariantClear(VT_FILETIME)");
    ok(VariantCopy(&copy, &v) == DISP_E_BADVARTYPE, "VariantCopy(VT_FILETIME)");
    V_VT(&v) = 0x7fff;
    ok(VariantClear(&v) == DISP_E_BADVARTYPE, "VariantClear(bad type)");
}

int main(void)
{
    test_bstr();
    test_variant();
    return check_summary();
}
