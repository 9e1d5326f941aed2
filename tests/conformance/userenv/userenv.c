/* userenv.h: GetUserProfileDirectory, the same directory as USERPROFILE and
 * SHGetFolderPath(CSIDL_PROFILE). Resolved through LoadLibrary so the program needs no userenv
 * import library. */
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <shlobj.h>

#include "check.h"

typedef BOOL(WINAPI *profile_w_fn)(HANDLE, LPWSTR, LPDWORD);
typedef BOOL(WINAPI *profile_a_fn)(HANDLE, LPSTR, LPDWORD);

int main(void)
{
    HMODULE userenv = LoadLibraryA("userenv.dll");
    ok(userenv != NULL, "LoadLibrary(userenv) failed: %lu", GetLastError());
    if (!userenv)
        return check_summary();
    profile_w_fn profile_w = (profile_w_fn)GetProcAddress(userenv, "GetUserProfileDirectoryW");
    profile_a_fn profile_a = (profile_a_fn)GetProcAddress(userenv, "GetUserProfileDirectoryA");
    ok(profile_w && profile_a, "GetProcAddress");
    if (!profile_w || !profile_a)
        return check_summary();

    HANDLE token = NULL;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token), "OpenProcessToken: %lu",
       GetLastError());

    WCHAR env[MAX_PATH], folder[MAX_PATH], dir[MAX_PATH];
    DWORD env_len = GetEnvironmentVariableW(L"USERPROFILE", env, MAX_PATH);
    ok(env_len > 0, "USERPROFILE: %lu", GetLastError());
    ok(SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, 0, folder) == S_OK, "SHGetFolderPathW");

    /* The size query: no buffer, the size needed including the NUL. */
    DWORD size = 0;
    SetLastError(0xdeadbeef);
    ok_err(!profile_w(token, NULL, &size), ERROR_INSUFFICIENT_BUFFER);
    ok(size == env_len + 1, "needed %lu, expected %lu", size, env_len + 1);

    /* A buffer one short fails the same way. */
    size = env_len;
    SetLastError(0xdeadbeef);
    ok_err(!profile_w(token, dir, &size), ERROR_INSUFFICIENT_BUFFER);
    ok(size == env_len + 1, "one short: needed %lu", size);

    /* Success: the path, and the count written including the NUL. */
    size = MAX_PATH;
    memset(dir, 0xff, sizeof dir);
    ok(profile_w(token, dir, &size), "GetUserProfileDirectoryW: %lu", GetLastError());
    ok(size == env_len + 1, "written %lu, expected %lu", size, env_len + 1);
    ok(!wcscmp(dir, env), "profile %ls, USERPROFILE %ls", dir, env);
    ok(!wcscmp(dir, folder), "profile %ls, CSIDL_PROFILE %ls", dir, folder);

    /* The A form, in the ANSI code page. Wine 8 refuses the size query without a buffer
     * (ERROR_INVALID_PARAMETER, size 0); Windows documents it as for the W form. */
    char env_a[MAX_PATH], dir_a[MAX_PATH];
    DWORD env_a_len = GetEnvironmentVariableA("USERPROFILE", env_a, MAX_PATH);
    size = 0;
    SetLastError(0xdeadbeef);
    ok_err(!profile_a(token, NULL, &size), ERROR_INSUFFICIENT_BUFFER);
    ok(size == env_a_len + 1, "A needed %lu, expected %lu", size, env_a_len + 1);
    size = MAX_PATH;
    ok(profile_a(token, dir_a, &size), "GetUserProfileDirectoryA: %lu", GetLastError());
    ok(size == env_a_len + 1 && !strcmp(dir_a, env_a), "A: %lu %s, USERPROFILE %s", size, dir_a,
       env_a);

    /* Bad arguments: no token, a handle that is not a token, no size. */
    size = MAX_PATH;
    SetLastError(0xdeadbeef);
    ok_err(!profile_w(NULL, dir, &size), ERROR_INVALID_HANDLE);
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!profile_w(event, dir, &size), ERROR_INVALID_HANDLE);
    CloseHandle(event);
    SetLastError(0xdeadbeef);
    ok_err(!profile_w(token, dir, NULL), ERROR_INVALID_PARAMETER);

    /* GetCurrentProcessToken(), the pseudo-handle -4 Windows 8 and later accept (the Rust
     * standard library passes it). */
    size = MAX_PATH;
    ok(profile_w((HANDLE)(LONG_PTR)-4, dir, &size) && !wcscmp(dir, env),
       "the process token pseudo-handle: %lu", GetLastError());

    CloseHandle(token);
    return check_summary();
}
