/* processenv.h: command line, environment variables, standard handles and
 * the current directory.
 *
 * The environment tests use variable names with a WINRUN_CE_ prefix so they
 * cannot collide with anything the runner passes in. */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

/* winternl.h documents PEB.ProcessParameters (+0x20) and, inside it, the
 * CommandLine UNICODE_STRING (+0x70). GetCommandLineW is the buffer
 * described there. */
#define PEB_PROCESS_PARAMETERS 0x20
#define PARAMS_COMMAND_LINE    0x70

static const WCHAR *peb_command_line(void)
{
    BYTE *peb = *(BYTE **)((BYTE *)NtCurrentTeb() + 0x60);
    BYTE *params = *(BYTE **)(peb + PEB_PROCESS_PARAMETERS);
    return *(const WCHAR **)(params + PARAMS_COMMAND_LINE + 8);  /* .Buffer */
}

static void test_command_line(int argc, char **argv)
{
    const char *cmdA = GetCommandLineA();
    const WCHAR *cmdW = GetCommandLineW();
    ok(cmdA != NULL && cmdW != NULL, "GetCommandLineA %p, GetCommandLineW %p",
       (void *)cmdA, (void *)cmdW);
    if (!cmdA || !cmdW)
        return;

    ok(wcscmp(cmdW, peb_command_line()) == 0,
       "GetCommandLineW [%ls] differs from PEB ProcessParameters CommandLine [%ls]",
       cmdW, peb_command_line());

    /* The A version is the W version in the ANSI code page. */
    char converted[4096];
    int n = WideCharToMultiByte(CP_ACP, 0, cmdW, -1, converted, sizeof converted, NULL, NULL);
    ok(n > 0 && strcmp(converted, cmdA) == 0,
       "GetCommandLineA [%s] is not GetCommandLineW converted [%s]", cmdA, converted);

    /* The CRT takes argv[0] from the command line's first token: up to the
     * closing quote if it starts with one, else up to the first blank, with
     * no backslash processing. */
    const char *start = cmdA, *end;
    if (*start == '"') {
        start++;
        end = strchr(start, '"');
        if (!end)
            end = start + strlen(start);
    } else {
        end = start + strcspn(start, " \t");
    }
    ok((size_t)(end - start) == strlen(argv[0]) && strncmp(start, argv[0], end - start) == 0,
       "argv[0] [%s] is not the first token of [%s]", argv[0], cmdA);

    /* Every later argument that needed no quoting or escaping appears
     * verbatim after it, in order. (shell32/shellapi.c covers the quoting
     * rules themselves.) */
    const char *rest = *end == '"' ? end + 1 : end;
    for (int i = 1; i < argc; i++) {
        if (!argv[i][0] || strpbrk(argv[i], "\" \t\\"))
            continue;
        const char *found = strstr(rest, argv[i]);
        ok(found != NULL, "argv[%d] [%s] not found in the command line after argv[0] [%s]",
           i, argv[i], rest);
        if (found)
            rest = found + strlen(argv[i]);
    }
    if (argc == 1)
        ok(strspn(rest, " \t") == strlen(rest),
           "argc is 1 but the command line continues: [%s]", rest);
}

static void test_get_variable(void)
{
    char bufA[64];
    WCHAR bufW[64];
    DWORD ret;

    ok(SetEnvironmentVariableA("WINRUN_CE_VAR", "value1"), "SetEnvironmentVariableA failed: %lu",
       GetLastError());

    /* Success returns the length without the NUL. */
    memset(bufA, 'x', sizeof bufA);
    ret = GetEnvironmentVariableA("WINRUN_CE_VAR", bufA, sizeof bufA);
    ok(ret == 6 && strcmp(bufA, "value1") == 0, "got %lu [%s]", ret, bufA);

    /* Exactly enough room: 7 chars for "value1" and its NUL. */
    ret = GetEnvironmentVariableA("WINRUN_CE_VAR", bufA, 7);
    ok(ret == 6 && strcmp(bufA, "value1") == 0, "size 7: got %lu [%s]", ret, bufA);

    /* Too small (no room for the NUL), or no buffer: returns the size needed,
     * counting the NUL. */
    ret = GetEnvironmentVariableA("WINRUN_CE_VAR", bufA, 6);
    ok(ret == 7, "size 6: got %lu, expected 7", ret);
    ret = GetEnvironmentVariableA("WINRUN_CE_VAR", NULL, 0);
    ok(ret == 7, "NULL buffer: got %lu, expected 7", ret);
    ret = GetEnvironmentVariableW(L"WINRUN_CE_VAR", NULL, 0);
    ok(ret == 7, "W, NULL buffer: got %lu, expected 7", ret);
    ret = GetEnvironmentVariableW(L"WINRUN_CE_VAR", bufW, 3);
    ok(ret == 7, "W, size 3: got %lu, expected 7", ret);

    /* Names are case-insensitive, and A and W see one environment. */
    ret = GetEnvironmentVariableW(L"winrun_ce_Var", bufW, 64);
    ok(ret == 6 && wcscmp(bufW, L"value1") == 0, "W, other case: got %lu [%ls]", ret, bufW);

    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableA("WINRUN_CE_MISSING", bufA, sizeof bufA);
    ok_err(ret == 0, ERROR_ENVVAR_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableW(L"WINRUN_CE_MISSING", bufW, 64);
    ok_err(ret == 0, ERROR_ENVVAR_NOT_FOUND);

    /* A prefix of an existing name is a different name. */
    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableA("WINRUN_CE_VA", bufA, sizeof bufA);
    ok_err(ret == 0, ERROR_ENVVAR_NOT_FOUND);
}

static void test_set_variable(void)
{
    WCHAR bufW[64];
    char bufA[64];
    DWORD ret;

    ok(SetEnvironmentVariableW(L"WINRUN_CE_W", L"first"), "set: %lu", GetLastError());
    ret = GetEnvironmentVariableA("WINRUN_CE_W", bufA, sizeof bufA);
    ok(ret == 5 && strcmp(bufA, "first") == 0, "A after W set: %lu [%s]", ret, bufA);

    /* Setting again through a differently cased name overwrites the same
     * variable rather than adding a second one. */
    ok(SetEnvironmentVariableW(L"winrun_ce_w", L"second value"), "overwrite: %lu",
       GetLastError());
    ret = GetEnvironmentVariableW(L"WINRUN_CE_W", bufW, 64);
    ok(ret == 12 && wcscmp(bufW, L"second value") == 0, "after overwrite: %lu [%ls]", ret,
       bufW);

    /* A NULL value deletes the variable. */
    ok(SetEnvironmentVariableW(L"WINRUN_CE_W", NULL), "delete: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableW(L"WINRUN_CE_W", bufW, 64);
    ok_err(ret == 0, ERROR_ENVVAR_NOT_FOUND);

    ok(SetEnvironmentVariableA("WINRUN_CE_A", "abc"), "A set: %lu", GetLastError());
    ok(SetEnvironmentVariableA("WINRUN_CE_A", NULL), "A delete: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ret = GetEnvironmentVariableA("WINRUN_CE_A", bufA, sizeof bufA);
    ok_err(ret == 0, ERROR_ENVVAR_NOT_FOUND);
}

/* Looks for "name=value" in a block of NUL-terminated strings that ends with
 * an empty string. */
static int block_contains_w(const WCHAR *block, const WCHAR *entry)
{
    for (const WCHAR *p = block; *p; p += wcslen(p) + 1)
        if (wcscmp(p, entry) == 0)
            return 1;
    return 0;
}

static int block_contains_a(const char *block, const char *entry)
{
    for (const char *p = block; *p; p += strlen(p) + 1)
        if (strcmp(p, entry) == 0)
            return 1;
    return 0;
}

static void test_environment_strings(void)
{
    ok(SetEnvironmentVariableW(L"WINRUN_CE_BLOCK", L"in the block"), "set: %lu",
       GetLastError());

    WCHAR *blockW = GetEnvironmentStringsW();
    ok(blockW != NULL, "GetEnvironmentStringsW returned NULL");
    if (blockW) {
        ok(block_contains_w(blockW, L"WINRUN_CE_BLOCK=in the block"),
           "GetEnvironmentStringsW lacks WINRUN_CE_BLOCK=in the block");
        ok(FreeEnvironmentStringsW(blockW), "FreeEnvironmentStringsW failed: %lu",
           GetLastError());
    }

    char *blockA = GetEnvironmentStringsA();
    ok(blockA != NULL, "GetEnvironmentStringsA returned NULL");
    if (blockA) {
        ok(block_contains_a(blockA, "WINRUN_CE_BLOCK=in the block"),
           "GetEnvironmentStringsA lacks WINRUN_CE_BLOCK=in the block");
        ok(FreeEnvironmentStringsA(blockA), "FreeEnvironmentStringsA failed: %lu",
           GetLastError());
    }

    /* The block is a snapshot: a deleted variable is gone from the next one. */
    SetEnvironmentVariableW(L"WINRUN_CE_BLOCK", NULL);
    blockW = GetEnvironmentStringsW();
    if (blockW) {
        ok(!block_contains_w(blockW, L"WINRUN_CE_BLOCK=in the block"),
           "deleted variable still in GetEnvironmentStringsW");
        FreeEnvironmentStringsW(blockW);
    }
}

static void test_expand(void)
{
    WCHAR buf[128];
    DWORD ret;

    SetEnvironmentVariableW(L"WINRUN_CE_X", L"ex");

    /* The return value counts the terminating NUL. */
    ret = ExpandEnvironmentStringsW(L"a%WINRUN_CE_X%b", buf, 128);
    ok(ret == 5 && wcscmp(buf, L"aexb") == 0, "got %lu [%ls], expected 5 [aexb]", ret, buf);

    ret = ExpandEnvironmentStringsW(L"%winrun_ce_x%%WINRUN_CE_X%", buf, 128);
    ok(ret == 5 && wcscmp(buf, L"exex") == 0, "case/adjacent: got %lu [%ls]", ret, buf);

    /* Unknown variables and lone percent signs stay as written. */
    ret = ExpandEnvironmentStringsW(L"%WINRUN_CE_NONE%/%WINRUN_CE_X%", buf, 128);
    ok(ret == 20 && wcscmp(buf, L"%WINRUN_CE_NONE%/ex") == 0,
       "unknown: got %lu [%ls]", ret, buf);
    ret = ExpandEnvironmentStringsW(L"100% sure", buf, 128);
    ok(ret == 10 && wcscmp(buf, L"100% sure") == 0, "lone %%: got %lu [%ls]", ret, buf);

    ret = ExpandEnvironmentStringsW(L"", buf, 128);
    ok(ret == 1 && buf[0] == 0, "empty: got %lu", ret);

    /* Too small: the return value is the size needed, NUL included. */
    ret = ExpandEnvironmentStringsW(L"a%WINRUN_CE_X%b", buf, 3);
    ok(ret == 5, "too small: got %lu, expected 5", ret);
    ret = ExpandEnvironmentStringsW(L"a%WINRUN_CE_X%b", NULL, 0);
    ok(ret == 5, "NULL buffer: got %lu, expected 5", ret);

    SetEnvironmentVariableW(L"WINRUN_CE_X", NULL);
}

static void test_std_handles(void)
{
    static const DWORD which[] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE };

    /* SetStdHandle stores the value as given; no validation is documented, so
     * an arbitrary handle value round-trips. Restore at once: stdio and
     * check.h write through the output handle. */
    for (unsigned i = 0; i < 3; i++) {
        HANDLE saved = GetStdHandle(which[i]);
        HANDLE fake = (HANDLE)(ULONG_PTR)(0x1230 + 4 * i);
        ok(SetStdHandle(which[i], fake), "SetStdHandle(%ld) failed: %lu", (long)which[i],
           GetLastError());
        HANDLE got = GetStdHandle(which[i]);
        SetStdHandle(which[i], saved);
        ok(got == fake, "GetStdHandle(%ld) = %p after setting %p", (long)which[i], got, fake);
        ok(GetStdHandle(which[i]) == saved, "GetStdHandle(%ld) not restored", (long)which[i]);
    }

    /* An unknown nStdHandle fails with INVALID_HANDLE_VALUE (documented);
     * the error code is not on the page, but Windows sets
     * ERROR_INVALID_HANDLE (Wine too). */
    SetLastError(0xdeadbeef);
    HANDLE bad = GetStdHandle((DWORD)-20);
    ok_err(bad == INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE);
}

static void test_current_directory(void)
{
    WCHAR buf[MAX_PATH];

    DWORD needed = GetCurrentDirectoryW(0, NULL);
    ok(needed > 3, "GetCurrentDirectoryW(0, NULL) = %lu", needed);

    DWORD len = GetCurrentDirectoryW(MAX_PATH, buf);
    ok(len > 0 && len < MAX_PATH && len == wcslen(buf),
       "GetCurrentDirectoryW returned %lu for [%ls]", len, buf);
    /* Success excludes the NUL; the size query included it. */
    ok(needed == len + 1, "size query %lu, length %lu", needed, len);
    ok(((buf[0] >= L'A' && buf[0] <= L'Z') || (buf[0] >= L'a' && buf[0] <= L'z'))
           && buf[1] == L':' && buf[2] == L'\\',
       "current directory [%ls] does not start with a drive letter", buf);

    /* Too small a buffer: the size needed, NUL included. */
    WCHAR small[2];
    ok(GetCurrentDirectoryW(2, small) == len + 1, "too small: got %lu, expected %lu",
       GetCurrentDirectoryW(2, small), len + 1);
}

int main(int argc, char **argv)
{
    test_command_line(argc, argv);
    test_get_variable();
    test_set_variable();
    test_environment_strings();
    test_expand();
    test_std_handles();
    test_current_directory();
    return check_summary();
}
