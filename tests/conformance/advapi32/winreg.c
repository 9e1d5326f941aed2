/* winreg.h: keys and values under HKEY_CURRENT_USER\Software\winrun-test (deleted at the
 * end), the keys a Windows 10 machine has, and the exact errors and sizes of the query calls. */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

#define TEST_KEY L"Software\\winrun-test"

static void test_predefined_keys(void)
{
    HKEY key;
    LSTATUS rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE,
                               L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0,
                               KEY_READ, &key);
    if (!ok(rc == ERROR_SUCCESS, "open CurrentVersion: %ld", rc))
        return;
    WCHAR build[32];
    DWORD type = 0, size = sizeof(build);
    rc = RegQueryValueExW(key, L"CurrentBuild", NULL, &type, (BYTE *)build, &size);
    ok(rc == ERROR_SUCCESS && type == REG_SZ, "CurrentBuild: rc %ld type %lu", rc, type);
    ok(size == (wcslen(build) + 1) * sizeof(WCHAR), "size %lu for %ls", size, build);
    /* Windows 10 has this value (Wine's registry does not). */
    DWORD major = 0;
    size = sizeof(major);
    rc = RegQueryValueExW(key, L"CurrentMajorVersionNumber", NULL, &type, (BYTE *)&major, &size);
    ok(rc == ERROR_SUCCESS && type == REG_DWORD && major == 10 && size == 4,
       "CurrentMajorVersionNumber: rc %ld type %lu value %lu", rc, type, major);
    /* The size alone, with no buffer. */
    size = 0;
    rc = RegQueryValueExW(key, L"ProductName", NULL, &type, NULL, &size);
    ok(rc == ERROR_SUCCESS && type == REG_SZ && size > 2, "ProductName size: rc %ld size %lu",
       rc, size);
    ok(RegCloseKey(key) == ERROR_SUCCESS, "RegCloseKey");

    /* The A functions convert to the ANSI code page. */
    rc = RegOpenKeyExA(HKEY_LOCAL_MACHINE, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", 0,
                       KEY_READ, &key);
    ok(rc == ERROR_SUCCESS, "RegOpenKeyExA: %ld", rc);
    char name[64];
    size = sizeof(name);
    rc = RegQueryValueExA(key, "CurrentBuildNumber", NULL, &type, (BYTE *)name, &size);
    ok(rc == ERROR_SUCCESS && type == REG_SZ && size == strlen(name) + 1,
       "CurrentBuildNumber (A): rc %ld size %lu '%s'", rc, size, name);
    RegCloseKey(key);

    /* Names are case-insensitive. */
    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"software\\MICROSOFT", 0, KEY_READ, &key);
    ok(rc == ERROR_SUCCESS, "case-insensitive open: %ld", rc);
    RegCloseKey(key);

    rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\no such key here", 0, KEY_READ, &key);
    ok(rc == ERROR_FILE_NOT_FOUND, "missing key: %ld", rc);
    rc = RegOpenKeyExW((HKEY)(ULONG_PTR)0x1234, L"x", 0, KEY_READ, &key);
    ok(rc == ERROR_INVALID_HANDLE, "bad handle: %ld", rc);
}

static void test_values(void)
{
    HKEY key;
    DWORD disposition = 0;
    LSTATUS rc = RegCreateKeyExW(HKEY_CURRENT_USER, TEST_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                 &key, &disposition);
    if (!ok(rc == ERROR_SUCCESS, "create: %ld", rc))
        return;
    ok(disposition == REG_CREATED_NEW_KEY, "disposition %lu", disposition);

    const WCHAR text[] = L"hello registry";
    rc = RegSetValueExW(key, L"Text", 0, REG_SZ, (const BYTE *)text, sizeof(text));
    ok(rc == ERROR_SUCCESS, "set REG_SZ: %ld", rc);
    DWORD number = 0x12345678;
    ok(RegSetValueExW(key, L"Number", 0, REG_DWORD, (const BYTE *)&number, 4) == ERROR_SUCCESS,
       "set REG_DWORD");
    ULONGLONG big = 0x1122334455667788ull;
    ok(RegSetValueExW(key, L"Big", 0, REG_QWORD, (const BYTE *)&big, 8) == ERROR_SUCCESS,
       "set REG_QWORD");
    const WCHAR expand[] = L"%WINRUN_REG_TEST%\\x";
    ok(RegSetValueExW(key, L"Expand", 0, REG_EXPAND_SZ, (const BYTE *)expand, sizeof(expand))
           == ERROR_SUCCESS,
       "set REG_EXPAND_SZ");
    ok(RegSetValueExA(key, "Ansi", 0, REG_SZ, (const BYTE *)"abc", 4) == ERROR_SUCCESS,
       "set A");

    /* Too small: ERROR_MORE_DATA and the size needed. */
    WCHAR small[4];
    DWORD type = 0, size = sizeof(small);
    rc = RegQueryValueExW(key, L"Text", NULL, &type, (BYTE *)small, &size);
    ok(rc == ERROR_MORE_DATA && size == sizeof(text) && type == REG_SZ,
       "small buffer: rc %ld size %lu type %lu", rc, size, type);
    WCHAR buf[64];
    size = sizeof(buf);
    rc = RegQueryValueExW(key, L"text", NULL, &type, (BYTE *)buf, &size);
    ok(rc == ERROR_SUCCESS && size == sizeof(text) && !wcscmp(buf, text),
       "query: rc %ld size %lu", rc, size);
    rc = RegQueryValueExW(key, L"Missing", NULL, &type, (BYTE *)buf, &size);
    ok(rc == ERROR_FILE_NOT_FOUND, "missing value: %ld", rc);

    /* An A-set string reads back as UTF-16. */
    size = sizeof(buf);
    rc = RegQueryValueExW(key, L"Ansi", NULL, &type, (BYTE *)buf, &size);
    ok(rc == ERROR_SUCCESS && size == 8 && !wcscmp(buf, L"abc"), "A string: rc %ld size %lu",
       rc, size);

    /* RegGetValueW: type filters, expansion, sizes. */
    DWORD dw = 0;
    size = sizeof(dw);
    rc = RegGetValueW(HKEY_CURRENT_USER, TEST_KEY, L"Number", RRF_RT_REG_DWORD, &type, &dw,
                      &size);
    ok(rc == ERROR_SUCCESS && dw == number && type == REG_DWORD, "RegGetValueW dword: %ld", rc);
    size = sizeof(buf);
    rc = RegGetValueW(key, NULL, L"Number", RRF_RT_REG_SZ, &type, buf, &size);
    ok(rc == ERROR_UNSUPPORTED_TYPE, "type mismatch: %ld", rc);
    rc = RegGetValueW(key, NULL, L"Number", 0, &type, buf, &size);
    ok(rc == ERROR_UNSUPPORTED_TYPE, "no type flags: %ld", rc);
    ULONGLONG q = 0;
    size = sizeof(q);
    rc = RegGetValueW(key, NULL, L"Big", RRF_RT_QWORD, &type, &q, &size);
    ok(rc == ERROR_SUCCESS && q == big && size == 8, "qword: rc %ld", rc);

    SetEnvironmentVariableW(L"WINRUN_REG_TEST", L"C:\\expanded");
    size = sizeof(buf);
    rc = RegGetValueW(key, NULL, L"Expand", RRF_RT_REG_SZ, &type, buf, &size);
    ok(rc == ERROR_SUCCESS && type == REG_SZ && !wcscmp(buf, L"C:\\expanded\\x"),
       "expanded: rc %ld type %lu '%ls'", rc, type, buf);
    ok(size == sizeof(L"C:\\expanded\\x"), "expanded size %lu", size);
    size = sizeof(buf);
    rc = RegGetValueW(key, NULL, L"Expand", RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type, buf,
                      &size);
    ok(rc == ERROR_SUCCESS && type == REG_EXPAND_SZ && !wcscmp(buf, expand),
       "RRF_NOEXPAND: rc %ld '%ls'", rc, buf);
    rc = RegGetValueW(key, NULL, L"Expand", RRF_RT_REG_EXPAND_SZ, &type, buf, &size);
    ok(rc == ERROR_INVALID_PARAMETER, "EXPAND_SZ without NOEXPAND: %ld", rc);
    size = 2;
    rc = RegGetValueW(key, NULL, L"Text", RRF_RT_REG_SZ, &type, buf, &size);
    ok(rc == ERROR_MORE_DATA && size == sizeof(text), "RegGetValueW small: rc %ld size %lu", rc,
       size);

    /* Enumeration (Windows keeps values in the order they were set, Wine sorts them: the test
       looks for its value wherever it is). */
    WCHAR name[64];
    DWORD name_len = 64, index, found = 0;
    for (index = 0; index < 5; index++) {
        name_len = 64;
        size = sizeof(buf);
        rc = RegEnumValueW(key, index, name, &name_len, NULL, &type, (BYTE *)buf, &size);
        if (rc == ERROR_SUCCESS && !wcscmp(name, L"Number")) {
            found = 1;
            ok(name_len == 6 && type == REG_DWORD && size == 4 && *(DWORD *)buf == number,
               "enum Number: len %lu type %lu size %lu", name_len, type, size);
        }
    }
    ok(found, "RegEnumValueW did not list Number");
    name_len = 3;
    rc = RegEnumValueW(key, 0, name, &name_len, NULL, NULL, NULL, NULL);
    ok(rc == ERROR_MORE_DATA, "enum small name: %ld", rc);
    name_len = 64;
    rc = RegEnumValueW(key, 5, name, &name_len, NULL, NULL, NULL, NULL);
    ok(rc == ERROR_NO_MORE_ITEMS, "enum past end: %ld", rc);

    /* Subkeys enumerate in name order. */
    HKEY sub;
    ok(RegCreateKeyExW(key, L"Zeta", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL)
           == ERROR_SUCCESS,
       "create Zeta");
    RegCloseKey(sub);
    ok(RegCreateKeyExW(key, L"alpha\\deep", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, &disposition)
           == ERROR_SUCCESS && disposition == REG_CREATED_NEW_KEY,
       "create alpha\\deep");
    RegCloseKey(sub);
    ok(RegCreateKeyExW(key, L"ALPHA", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, &disposition)
           == ERROR_SUCCESS && disposition == REG_OPENED_EXISTING_KEY,
       "open existing: disposition %lu", disposition);
    RegCloseKey(sub);
    name_len = 64;
    FILETIME ft;
    rc = RegEnumKeyExW(key, 0, name, &name_len, NULL, NULL, NULL, &ft);
    ok(rc == ERROR_SUCCESS && !wcscmp(name, L"alpha") && name_len == 5,
       "enum key 0: rc %ld '%ls'", rc, name);
    name_len = 64;
    rc = RegEnumKeyExW(key, 1, name, &name_len, NULL, NULL, NULL, NULL);
    ok(rc == ERROR_SUCCESS && !wcscmp(name, L"Zeta"), "enum key 1: rc %ld '%ls'", rc, name);
    name_len = 64;
    rc = RegEnumKeyExW(key, 2, name, &name_len, NULL, NULL, NULL, NULL);
    ok(rc == ERROR_NO_MORE_ITEMS, "enum key past end: %ld", rc);

    DWORD subkeys = 0, max_sub = 0, values = 0, max_name = 0, max_data = 0;
    rc = RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, &max_sub, NULL, &values, &max_name,
                          &max_data, NULL, NULL);
    ok(rc == ERROR_SUCCESS && subkeys == 2 && max_sub == 5 && values == 5 && max_name == 6
           && max_data == sizeof(expand),
       "RegQueryInfoKeyW: %ld subkeys %lu max %lu values %lu name %lu data %lu", rc, subkeys,
       max_sub, values, max_name, max_data);

    /* Deleting: a key with subkeys cannot go. */
    rc = RegDeleteKeyW(key, L"alpha");
    ok(rc == ERROR_ACCESS_DENIED, "delete non-empty: %ld", rc);
    ok(RegDeleteKeyW(key, L"alpha\\deep") == ERROR_SUCCESS, "delete deep");
    ok(RegDeleteKeyW(key, L"alpha") == ERROR_SUCCESS, "delete alpha");
    ok(RegDeleteKeyW(key, L"alpha") == ERROR_FILE_NOT_FOUND, "delete again");
    ok(RegDeleteKeyW(key, L"Zeta") == ERROR_SUCCESS, "delete Zeta");
    ok(RegDeleteValueW(key, L"Number") == ERROR_SUCCESS, "delete value");
    ok(RegDeleteValueW(key, L"Number") == ERROR_FILE_NOT_FOUND, "delete value again");

    RegCloseKey(key);
    ok(RegDeleteKeyW(HKEY_CURRENT_USER, TEST_KEY) == ERROR_SUCCESS, "delete test key");
    ok(RegCloseKey(key) == ERROR_INVALID_HANDLE, "close twice");
}

static void test_deleted_key(void)
{
    HKEY key, again;
    ok(RegCreateKeyExW(HKEY_CURRENT_USER, TEST_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL)
           == ERROR_SUCCESS,
       "create");
    ok(RegOpenKeyExW(HKEY_CURRENT_USER, TEST_KEY, 0, KEY_ALL_ACCESS, &again) == ERROR_SUCCESS,
       "open");
    ok(RegDeleteKeyW(again, L"") == ERROR_SUCCESS, "delete through its own handle");
    DWORD v = 1;
    LSTATUS rc = RegSetValueExW(key, L"v", 0, REG_DWORD, (const BYTE *)&v, 4);
    ok(rc == ERROR_KEY_DELETED, "set on a deleted key: %ld", rc);
    RegCloseKey(key);
    RegCloseKey(again);
}

int main(void)
{
    test_predefined_keys();
    test_values();
    test_deleted_key();
    return check_summary();
}
