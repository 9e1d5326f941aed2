// toolchains: mingw
/* msvcrt.dll's program startup as mingw-w64 uses it: __getmainargs, the
 * exported data (__argc, __argv, _environ, _acmdln), atexit, errno.
 *
 * mingw's own startup code reads these data exports through the import
 * table (__imp___argc ...), so they must be real data exports that hold the
 * values main received, not just functions returning copies.
 *
 * The atexit check can only run after main returns, so this program prints
 * its summary from the last atexit handler instead of from main (see the end
 * of the file). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "check.h"

/* Declared the way msvcrt exports them, bypassing the header macros, so the
 * data exports are what gets imported. */
#undef __argc
#undef __argv
#undef _environ
#undef _acmdln
extern __declspec(dllimport) int __argc;
extern __declspec(dllimport) char **__argv;
extern __declspec(dllimport) char **_environ;
extern __declspec(dllimport) char *_acmdln;

/* Not in mingw-w64's public headers. */
typedef struct {
    int newmode;
} startupinfo_t;
extern __declspec(dllimport) int __cdecl __getmainargs(int *argc, char ***argv, char ***envp,
                                                       int expand_wildcards,
                                                       startupinfo_t *startinfo);

static void test_main_args(int argc, char **argv, char **envp)
{
    /* mingw's startup hands main a copy of argv, so compare contents. */
    ok(__argc == argc, "__argc = %d, main got %d", __argc, argc);
    ok(argv[argc] == NULL, "argv[argc] is not NULL");
    ok(__argv != NULL && __argv[argc] == NULL, "__argv[__argc] is not NULL");
    for (int i = 0; __argv && i < argc && i < __argc; i++)
        ok(strcmp(__argv[i], argv[i]) == 0, "__argv[%d] = [%s], main got [%s]", i, __argv[i],
           argv[i]);

    /* envp and _environ are separate arrays with the same entries (nothing
     * has changed the environment yet). */
    int envc = 0, environc = 0;
    while (envp[envc])
        envc++;
    while (_environ && _environ[environc])
        environc++;
    ok(envc == environc && envc > 0, "envp has %d entries, _environ %d", envc, environc);
    int first_diff = -1;
    for (int i = 0; i < envc && i < environc && first_diff < 0; i++)
        if (strcmp(envp[i], _environ[i]) != 0)
            first_diff = i;
    ok(first_diff < 0, "envp[%d] [%s] != _environ[%d] [%s]", first_diff,
       first_diff < 0 ? "" : envp[first_diff], first_diff,
       first_diff < 0 ? "" : _environ[first_diff]);

    /* Calling __getmainargs again yields the same arguments. */
    int again_argc = -1;
    char **again_argv = NULL, **again_envp = NULL;
    startupinfo_t si = { 0 };
    __getmainargs(&again_argc, &again_argv, &again_envp, 0, &si);
    ok(again_argc == argc, "__getmainargs argc = %d, main got %d", again_argc, argc);
    for (int i = 0; i < argc && i < again_argc; i++)
        ok(again_argv && strcmp(again_argv[i], argv[i]) == 0,
           "__getmainargs argv[%d] = [%s], main got [%s]", i, again_argv[i], argv[i]);
    ok(again_envp != NULL, "__getmainargs returned no environment");

    /* _acmdln is the process command line, as GetCommandLineA gives it. */
    ok(_acmdln != NULL && strcmp(_acmdln, GetCommandLineA()) == 0,
       "_acmdln [%s] != GetCommandLineA() [%s]", _acmdln ? _acmdln : "(null)",
       GetCommandLineA());
}

static void test_environ(void)
{
    /* Windows spells it "Path", so compare case-insensitively. */
    int found = 0;
    for (char **e = _environ; e && *e; e++)
        if (_strnicmp(*e, "PATH=", 5) == 0)
            found = 1;
    ok(found, "_environ has no PATH entry");

    /* _putenv updates _environ and also the process environment: the CRT
     * passes the change on to SetEnvironmentVariable, so children made with
     * CreateProcess (not just _spawn) inherit it. Not spelled out on the
     * _putenv page, but programs depend on it (setting PATH before
     * LoadLibrary, for one). */
    ok(_putenv("WINRUN_CE_PUTENV=crt") == 0, "_putenv failed");
    found = 0;
    for (char **e = _environ; e && *e; e++)
        if (strcmp(*e, "WINRUN_CE_PUTENV=crt") == 0)
            found = 1;
    ok(found, "_putenv'd variable not in _environ");
    char buf[16];
    DWORD n = GetEnvironmentVariableA("WINRUN_CE_PUTENV", buf, sizeof buf);
    ok(n == 3 && strcmp(buf, "crt") == 0, "GetEnvironmentVariableA after _putenv: %lu", n);
    ok(getenv("WINRUN_CE_PUTENV") && strcmp(getenv("WINRUN_CE_PUTENV"), "crt") == 0,
       "getenv after _putenv: %s", getenv("WINRUN_CE_PUTENV"));
}

static void test_errno(void)
{
    int *first = _errno();
    ok(first != NULL && _errno() == first, "_errno() not stable: %p then %p", (void *)first,
       (void *)_errno());
    ok(&errno == first, "&errno %p != _errno() %p", (void *)&errno, (void *)first);

    /* long is 32 bits on Windows, so this overflows. */
    errno = 0;
    long big = strtol("99999999999", NULL, 10);
    ok(big == LONG_MAX && errno == ERANGE, "strtol overflow: %ld, errno %d", big, errno);
    errno = 0;
    long small = strtol("-99999999999", NULL, 10);
    ok(small == LONG_MIN && errno == ERANGE, "strtol underflow: %ld, errno %d", small, errno);
    errno = 0;
    long fine = strtol("2147483647", NULL, 10);
    ok(fine == LONG_MAX && errno == 0, "strtol(LONG_MAX): %ld, errno %d", fine, errno);
}

/* atexit handlers run in reverse order of registration, after main returns.
 * Each appends its letter; the one registered first runs last, checks the
 * order and prints the summary. */
static char exit_order[8];
static int main_failed;

static void append(char c)
{
    size_t n = strlen(exit_order);
    if (n + 1 < sizeof exit_order)
        exit_order[n] = c;
}

static void at_exit_c(void) { append('c'); }
static void at_exit_b(void) { append('b'); }

static void at_exit_a_last(void)
{
    append('a');
    ok(strcmp(exit_order, "cba") == 0, "atexit handlers ran in order [%s], expected [cba]",
       exit_order);
    /* main has already returned its exit code; a failure found here can only
     * change it by ending the process now. */
    if (check_summary() != 0 && !main_failed)
        _exit(1);
}

int main(int argc, char **argv, char **envp)
{
    test_main_args(argc, argv, envp);
    test_environ();
    test_errno();

    ok(atexit(at_exit_a_last) == 0, "atexit failed");
    ok(atexit(at_exit_b) == 0, "atexit failed");
    ok(atexit(at_exit_c) == 0, "atexit failed");

    /* If the atexit handlers never run, there is no summary line, which the
     * harness reports as a failure. */
    main_failed = check_failed_ != 0;
    return main_failed ? 1 : 0;
}
