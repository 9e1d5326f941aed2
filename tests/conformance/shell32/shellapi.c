/* shellapi.h: CommandLineToArgvW, the reference for how Windows splits a
 * command line (the C runtimes follow the same rules for their argv).
 *
 * The rules, from the function's documentation:
 *   - blanks (space, tab) outside quotes separate arguments; a leading blank
 *     makes the first argument empty; trailing blanks are ignored;
 *   - a quote toggles "in quotes" mode and is not part of the argument;
 *   - 2n backslashes + quote: n backslashes, and the quote toggles;
 *     2n+1 backslashes + quote: n backslashes and a literal quote;
 *     backslashes not followed by a quote are literal;
 *   - the first argument is the program name: it ends at the closing quote
 *     if it starts with one, else at the first blank, and backslashes in it
 *     are always literal;
 *   - an empty command line gives the path of the current executable. */
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <shellapi.h>

#include "check.h"

struct case_ {
    const WCHAR *cmdline;
    const WCHAR *args[6];  /* expected argv, NULL-terminated */
};

static const struct case_ cases[] = {
    { L"prog a b c",              { L"prog", L"a", L"b", L"c" } },
    { L"prog  a\t\tb  ",          { L"prog", L"a", L"b" } },
    { L"prog \"a b\" c",          { L"prog", L"a b", L"c" } },
    { L"prog \"\" x",             { L"prog", L"", L"x" } },
    { L"prog \"a b",              { L"prog", L"a b" } },       /* unterminated quote */
    { L"prog a\"b c\"d e",        { L"prog", L"ab cd", L"e" } },  /* quotes inside an arg */

    /* Backslashes are literal unless a quote follows. */
    { L"prog a\\b a\\\\b a\\",    { L"prog", L"a\\b", L"a\\\\b", L"a\\" } },
    /* 1 backslash + quote: literal quote. */
    { L"prog a\\\"b",             { L"prog", L"a\"b" } },
    /* 2 backslashes + quote: 1 backslash, quote opens "b c". */
    { L"prog a\\\\\"b c\" d",     { L"prog", L"a\\b c", L"d" } },
    /* 3 backslashes + quote: 1 backslash and a literal quote. */
    { L"prog a\\\\\\\"b",         { L"prog", L"a\\\"b" } },
    /* 4 backslashes + quote: 2 backslashes, quote opens. */
    { L"prog a\\\\\\\\\"b c\" d", { L"prog", L"a\\\\b c", L"d" } },
    /* The classic trap: \" inside quotes is a literal quote, so the
     * argument runs on to the end. */
    { L"prog \"c:\\dir\\\" x",    { L"prog", L"c:\\dir\" x" } },
    { L"prog \"c:\\dir\\\\\" x",  { L"prog", L"c:\\dir\\", L"x" } },

    /* A doubled quote inside quotes is one literal quote. Not on the
     * documentation page, but what Windows has done since at least 7. */
    { L"prog \"a\"\"b\"",         { L"prog", L"a\"b" } },

    /* The program name: quotes group, backslashes are literal. */
    { L"\"C:\\Program Files\\app.exe\" -x", { L"C:\\Program Files\\app.exe", L"-x" } },
    { L"\"C:\\dir\\\" x",         { L"C:\\dir\\", L"x" } },
    { L"\"C:\\dir\\\\\" x",       { L"C:\\dir\\\\", L"x" } },
    { L"C:\\dir\\app.exe \"x\"",  { L"C:\\dir\\app.exe", L"x" } },

    /* Leading blanks: the first argument is empty. */
    { L" a b",                    { L"", L"a", L"b" } },
};

static void show(const WCHAR *s, char *out, size_t size)
{
    WideCharToMultiByte(CP_UTF8, 0, s, -1, out, (int)size, NULL, NULL);
    out[size - 1] = 0;
}

static void test_case(const struct case_ *c)
{
    char cmd[128];
    show(c->cmdline, cmd, sizeof cmd);

    int expected_argc = 0;
    while (c->args[expected_argc])
        expected_argc++;

    int argc = -1;
    WCHAR **argv = CommandLineToArgvW(c->cmdline, &argc);
    if (!ok(argv != NULL, "[%s]: CommandLineToArgvW failed: %lu", cmd, GetLastError()))
        return;
    ok(argc == expected_argc, "[%s]: argc %d, expected %d", cmd, argc, expected_argc);
    for (int i = 0; i < argc && i < expected_argc; i++) {
        char got[128], want[128];
        show(argv[i], got, sizeof got);
        show(c->args[i], want, sizeof want);
        ok(wcscmp(argv[i], c->args[i]) == 0, "[%s]: argv[%d] = [%s], expected [%s]", cmd, i,
           got, want);
    }
    /* The array and strings are one block, freed with a single LocalFree. */
    ok(LocalFree(argv) == NULL, "[%s]: LocalFree failed: %lu", cmd, GetLastError());
}

static void test_empty_command_line(void)
{
    WCHAR exe[MAX_PATH];
    DWORD len = GetModuleFileNameW(NULL, exe, MAX_PATH);
    ok(len > 0 && len < MAX_PATH, "GetModuleFileNameW failed");

    int argc = -1;
    WCHAR **argv = CommandLineToArgvW(L"", &argc);
    if (!ok(argv != NULL, "CommandLineToArgvW(\"\") failed: %lu", GetLastError()))
        return;
    char got[MAX_PATH * 3], want[MAX_PATH * 3];
    show(argv[0], got, sizeof got);
    show(exe, want, sizeof want);
    ok(argc == 1 && _wcsicmp(argv[0], exe) == 0,
       "CommandLineToArgvW(\"\"): argc %d, argv[0] [%s], expected 1 [%s]", argc, got, want);
    LocalFree(argv);
}

static void test_own_command_line(int argc, char **argv)
{
    /* This program's own command line splits into what main received (the
     * CRT applies the same rules; checked only for plain ASCII arguments so
     * that no code page question arises). */
    int n = -1;
    WCHAR **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!ok(wargv != NULL, "CommandLineToArgvW(GetCommandLineW()) failed"))
        return;
    ok(n == argc, "own command line: %d arguments, main got %d", n, argc);
    for (int i = 0; i < n && i < argc; i++) {
        char a[512];
        WideCharToMultiByte(CP_ACP, 0, wargv[i], -1, a, sizeof a, NULL, NULL);
        a[sizeof a - 1] = 0;
        ok(strcmp(a, argv[i]) == 0, "own command line: argv[%d] = [%s], main got [%s]", i, a,
           argv[i]);
    }
    LocalFree(wargv);
}

int main(int argc, char **argv)
{
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        test_case(&cases[i]);
    test_empty_command_line();
    test_own_command_line(argc, argv);
    return check_summary();
}
