/* usegreet.exe: imports greet.dll through its import library, then loads it
 * again at run time. One line per fact; the exit code is 0 only when every
 * fact is as expected, so a loader bug shows up as a non-zero exit. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "greet.h"

static int failures;

static void expect(int cond, const char *what)
{
    if (!cond) {
        printf("  ^ unexpected: %s\n", what);
        failures++;
    }
}

static const char *basename_of(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    return base;
}

typedef int (*greet_fn)(const char *, char *, int);
typedef int (*int_fn)(void);
typedef DWORD (*dword_fn)(void);

int main(void)
{
    char buf[64];

    /* Load-time imports: functions, data, and DllMain having run first. */
    int len = greet("winrun", buf, sizeof buf);
    printf("greet: %s (%d)\n", buf, len);
    expect(strcmp(buf, "Hello, winrun!") == 0 && len == 14, "greet result");

    printf("greet_version: %d\n", greet_version);
    expect(greet_version == 3, "greet_version == 3");

    printf("greet_attached: %d\n", greet_attached());
    expect(greet_attached() == 1, "DllMain saw PROCESS_ATTACH");

    /* Run-time loading of an already loaded DLL returns the same module. */
    HMODULE loaded = LoadLibraryA("greet.dll");
    HMODULE existing = GetModuleHandleA("greet.dll");
    printf("LoadLibraryA(greet.dll) == GetModuleHandleA(greet.dll): %s\n",
           loaded && loaded == existing ? "yes" : "no");
    expect(loaded && loaded == existing, "same HMODULE");

    greet_fn by_name = (greet_fn)(void (*)(void))GetProcAddress(loaded, "greet");
    expect(by_name != NULL, "GetProcAddress(greet)");
    if (by_name) {
        len = by_name("again", buf, sizeof buf);
        printf("GetProcAddress(greet): %s (%d)\n", buf, len);
        expect(strcmp(buf, "Hello, again!") == 0 && len == 13, "greet via GetProcAddress");
        /* Same code as the import, so the counter is shared. */
        printf("greet_calls: %d\n", greet_calls());
        expect(greet_calls() == 2, "greet_calls == 2");
    }

    int_fn by_ordinal = (int_fn)(void (*)(void))GetProcAddress(loaded, MAKEINTRESOURCEA(7));
    printf("GetProcAddress(ordinal 7): %d\n", by_ordinal ? by_ordinal() : -1);
    expect(by_ordinal && by_ordinal() == 42, "ordinal 7 returns 42");

    /* A forwarder resolves to the target's own address. */
    dword_fn forwarded = (dword_fn)(void (*)(void))GetProcAddress(loaded, "greet_getpid");
    FARPROC target = GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetCurrentProcessId");
    int forward_ok = forwarded && (FARPROC)(void (*)(void))forwarded == target
                     && forwarded() == GetCurrentProcessId();
    printf("GetProcAddress(greet_getpid) forwards to GetCurrentProcessId: %s\n",
           forward_ok ? "yes" : "no");
    expect(forward_ok, "forwarder");

    char path[MAX_PATH];
    DWORD n = GetModuleFileNameA(loaded, path, sizeof path);
    printf("GetModuleFileNameA: %s\n", n ? basename_of(path) : "(failed)");
    expect(n > 0 && _stricmp(basename_of(path), "greet.dll") == 0, "module file name");

    SetLastError(0xdeadbeef);
    FARPROC missing = GetProcAddress(loaded, "no_such_export");
    DWORD err = GetLastError();
    printf("GetProcAddress(no_such_export): %s, error %lu\n",
           missing ? "found" : "NULL", err);
    expect(!missing && err == ERROR_PROC_NOT_FOUND, "missing export");

    SetLastError(0xdeadbeef);
    HMODULE nosuch = LoadLibraryA("nosuch.dll");
    err = GetLastError();
    printf("LoadLibraryA(nosuch.dll): %s, error %lu\n", nosuch ? "loaded" : "NULL", err);
    expect(!nosuch && err == ERROR_MOD_NOT_FOUND, "missing DLL");

    /* Balance our LoadLibraryA; the import keeps the DLL loaded until exit,
     * when DllMain prints its detach line after ours. */
    FreeLibrary(loaded);
    printf("%s\n", failures ? "some facts were unexpected" : "all as expected");
    fflush(stdout);
    return failures ? 1 : 0;
}
