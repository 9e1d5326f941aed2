/* fileapi.h, QueryDosDevice: drive letters and DOS device names and the NT
 * devices behind them, the whole list, buffer sizes. */
#include <windows.h>
#include <wchar.h>

#include "check.h"

static void test_one_name(void)
{
    WCHAR buf[MAX_PATH];
    DWORD n = QueryDosDeviceW(L"C:", buf, MAX_PATH);
    /* The count includes the target's NUL and the NUL that closes the list. */
    ok(n == wcslen(buf) + 2, "QueryDosDevice(C:) = %lu for %ls", n, buf);
    ok(wcsncmp(buf, L"\\Device\\HarddiskVolume", 22) == 0, "C: is %ls", buf);
    ok(buf[n - 1] == 0 && buf[n - 2] == 0, "the list ends with two NULs");

    WCHAR lower[MAX_PATH];
    n = QueryDosDeviceW(L"c:", lower, MAX_PATH);
    ok(n && wcscmp(lower, buf) == 0, "c: is %ls", lower);

    n = QueryDosDeviceW(L"NUL", buf, MAX_PATH);
    ok(n == 14 && wcscmp(buf, L"\\Device\\Null") == 0, "NUL: %lu %ls", n, buf);
    n = QueryDosDeviceW(L"con", buf, MAX_PATH);
    ok(n == 24 && wcscmp(buf, L"\\Device\\ConDrv\\Console") == 0, "CON: %lu %ls", n, buf);
    n = QueryDosDeviceW(L"CONIN$", buf, MAX_PATH);
    ok(n == 26 && wcscmp(buf, L"\\Device\\ConDrv\\CurrentIn") == 0, "CONIN$: %lu %ls", n, buf);

    char abuf[MAX_PATH];
    n = QueryDosDeviceA("NUL", abuf, sizeof abuf);
    ok(n == 14 && strcmp(abuf, "\\Device\\Null") == 0, "QueryDosDeviceA(NUL): %lu %s", n, abuf);

    /* No drive behind the letter, or not a device name at all. */
    DWORD drives = GetLogicalDrives();
    WCHAR unmapped[3] = L"?:";
    for (int i = 25; i >= 0; i--)
        if (!(drives & (1u << i))) {
            unmapped[0] = L'A' + i;
            break;
        }
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceW(unmapped, buf, MAX_PATH) == 0, ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceW(L"NOSUCHDEVICE", buf, MAX_PATH) == 0, ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceA("NOSUCHDEVICE", abuf, sizeof abuf) == 0, ERROR_FILE_NOT_FOUND);
}

static void test_sizes(void)
{
    WCHAR buf[MAX_PATH];
    DWORD need = QueryDosDeviceW(L"NUL", buf, MAX_PATH);
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceW(L"NUL", buf, need - 1) == 0, ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceW(L"NUL", buf, 0) == 0, ERROR_INSUFFICIENT_BUFFER);
    ok(QueryDosDeviceW(L"NUL", buf, need) == need, "an exact fit succeeds");
    char abuf[4];
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceA("NUL", abuf, sizeof abuf) == 0, ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok_err(QueryDosDeviceW(NULL, buf, 3) == 0, ERROR_INSUFFICIENT_BUFFER);
}

/* Whether the list of `n` units holds `name`. */
static int listed(const WCHAR *list, DWORD n, const WCHAR *name)
{
    for (const WCHAR *p = list; p < list + n && *p; p += wcslen(p) + 1)
        if (_wcsicmp(p, name) == 0)
            return 1;
    return 0;
}

static void test_list(void)
{
    static WCHAR list[65536];
    DWORD n = QueryDosDeviceW(NULL, list, sizeof list / sizeof *list);
    ok(n > 0, "QueryDosDevice(NULL): %lu", GetLastError());
    ok(n >= 2 && list[n - 1] == 0 && list[n - 2] == 0, "the list ends with two NULs");
    ok(listed(list, n, L"C:"), "C: is listed");
    ok(listed(list, n, L"NUL"), "NUL is listed");
    ok(listed(list, n, L"CON"), "CON is listed");
    /* Every drive GetLogicalDrives reports is in the list. */
    DWORD drives = GetLogicalDrives();
    for (int i = 0; i < 26; i++)
        if (drives & (1u << i)) {
            WCHAR d[3] = {L'A' + i, L':', 0};
            ok(listed(list, n, d), "%ls is listed", d);
        }
}

int main(void)
{
    test_one_name();
    test_sizes();
    test_list();
    return check_summary();
}
