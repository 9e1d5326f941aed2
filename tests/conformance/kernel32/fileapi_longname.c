/* fileapi.h: a file name component longer than NTFS's 255 characters is an
 * invalid name (ERROR_INVALID_NAME), whatever the call, while 255 is fine.
 * Go's runtime probes long-path support with exactly such a name under the
 * system directory and expects this error. */
#include <windows.h>
#include <winternl.h>
#include <wchar.h>

#include "check.h"

static WCHAR *name_of(WCHAR *out, const WCHAR *dir, int len, WCHAR c)
{
    int n = swprintf(out, 1024, L"\\\\?\\%ls\\", dir);
    for (int i = 0; i < len; i++)
        out[n + i] = c;
    out[n + len] = 0;
    return out;
}

int main(void)
{
    WCHAR cwd[MAX_PATH], name[1024];
    GetCurrentDirectoryW(MAX_PATH, cwd);

    /* 255 characters: a good name. */
    name_of(name, cwd, 255, L'b');
    HANDLE h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "a 255-character name: %lu", GetLastError());
    CloseHandle(h);
    ok(DeleteFileW(name), "deleting it: %lu", GetLastError());

    /* 256 characters: too long, for every call that takes a name. */
    name_of(name, cwd, 256, L'b');
    SetLastError(0xdeadbeef);
    h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_NAME);
    SetLastError(0xdeadbeef);
    ok_err(GetFileAttributesW(name) == INVALID_FILE_ATTRIBUTES, ERROR_INVALID_NAME);
    SetLastError(0xdeadbeef);
    ok_err(!CreateDirectoryW(name, NULL), ERROR_INVALID_NAME);

    /* What Go's runtime does: CreateFileA on an over-long name in the system directory,
     * with the PEB's long-path bit set. */
    BYTE *peb = (BYTE *)NtCurrentTeb()->ProcessEnvironmentBlock;
    BYTE saved = peb[3];
    peb[3] |= 0x80;
    char sys[MAX_PATH], probe[600];
    UINT n = GetSystemDirectoryA(sys, MAX_PATH);
    memcpy(probe, sys, n);
    probe[n++] = '\\';
    while (n < sizeof probe - 1)
        probe[n++] = 'A';
    probe[n] = 0;
    SetLastError(0xdeadbeef);
    h = CreateFileA(probe, 0, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_NAME);
    peb[3] = saved;
    return check_summary();
}
