/* winuser.h: LoadString from the program's string table (winuser.rc), wsprintf, the Char*
 * helpers, IsChar* and GetKeyState. */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static void test_loadstring(void)
{
    WCHAR w[64];
    char a[64];
    int n;

    n = LoadStringW(NULL, 1, w, 64);
    ok(n == 5 && !wcscmp(w, L"first"), "LoadStringW(1): %d %ls", n, w);
    n = LoadStringW(NULL, 15, w, 64);
    ok(n == 15 && !wcscmp(w, L"last of block 0"), "LoadStringW(15): %d %ls", n, w);
    n = LoadStringW(NULL, 16, w, 64);
    ok(n == 16 && !wcscmp(w, L"first of block 1"), "LoadStringW(16): %d %ls", n, w);
    n = LoadStringW(NULL, 3, w, 64);
    ok(n == 10 && !wcscmp(w, L"caf\x00e9 cr\x00e8me"), "LoadStringW(3): %d", n);

    /* Truncated to the buffer, always terminated. */
    n = LoadStringW(NULL, 15, w, 5);
    ok(n == 4 && !wcscmp(w, L"last"), "truncated: %d %ls", n, w);

    /* An empty string, and ids that are not there (in a present and an absent block). */
    wcscpy(w, L"junk");
    n = LoadStringW(NULL, 2, w, 64);
    ok(n == 0 && w[0] == 0, "empty: %d", n);
    wcscpy(w, L"junk");
    n = LoadStringW(NULL, 4, w, 64);
    ok(n == 0, "missing in block 0: %d", n);
    n = LoadStringW(NULL, 100, w, 64);
    ok(n == 0, "missing block: %d", n);

    /* cchBufferMax 0: a read-only pointer to the resource itself, not terminated. */
    const WCHAR *ptr = NULL;
    n = LoadStringW(NULL, 16, (LPWSTR)&ptr, 0);
    ok(n == 16 && ptr && !wcsncmp(ptr, L"first of block 1", 16), "pointer form: %d", n);
    ok(ptr && (char *)ptr > (char *)GetModuleHandleW(NULL), "pointer is not in the image");

    /* The A form converts to the ANSI code page: ASCII text is the same everywhere. */
    n = LoadStringA(NULL, 1, a, 64);
    ok(n == 5 && !strcmp(a, "first"), "LoadStringA(1): %d %s", n, a);
    n = LoadStringA(NULL, 15, a, 5);
    ok(n == 4 && !strcmp(a, "last"), "LoadStringA truncated: %d %s", n, a);
}

static void test_wsprintf(void)
{
    WCHAR w[1100];
    char a[1100];
    int n;

    n = wsprintfW(w, L"%d|%5d|%-5d|%05d|%u|%i", -42, 7, 7, 7, 3000000000u, 12);
    ok(n == 35 && !wcscmp(w, L"-42|    7|7    |00007|3000000000|12"), "ints: %d %ls", n, w);
    n = wsprintfW(w, L"%x|%X|%#x|%08X|%.3d|%lu|%ld", 255, 255, 255, 0xbeef, 5, 4000000000u, -1L);
    ok(!wcscmp(w, L"ff|FF|0xff|0000BEEF|005|4000000000|-1"), "hex: %ls", w);
    n = wsprintfW(w, L"%s|%S|%ls|%hs|%.2s|%6s|%-6s|", L"wide", "narrow", L"l", "h", L"abc",
                  L"r", L"l");
    ok(!wcscmp(w, L"wide|narrow|l|h|ab|     r|l     |"), "strings: %ls", w);
    n = wsprintfW(w, L"%c%C%%", L'W', 'n');
    ok(n == 3 && !wcscmp(w, L"Wn%"), "chars: %d %ls", n, w);
    n = wsprintfW(w, L"%I64d %I64x", (LONGLONG)-5000000000, (ULONGLONG)0x123456789a);
    ok(!wcscmp(w, L"-5000000000 123456789a"), "I64: %ls", w);
    /* An unknown conversion prints its character and takes no argument. */
    n = wsprintfW(w, L"%f %d", 9);
    ok(!wcscmp(w, L"f 9"), "unknown: %ls", w);
    n = wsprintfW(w, L"[%s]", (WCHAR *)NULL);
    ok(!wcscmp(w, L"[(null)]"), "null string: %ls", w);

    n = wsprintfA(a, "%s|%S|%d|%c", "narrow", L"wide", 10, 'x');
    ok(n == 16 && !strcmp(a, "narrow|wide|10|x"), "wsprintfA: %d %s", n, a);

    /* The output stops at 1024 characters including the terminator; the result is the number
     * of characters stored, as documented (Wine 8 returns 1024 here). */
    WCHAR big[1500];
    for (int i = 0; i < 1499; i++)
        big[i] = L'x';
    big[1499] = 0;
    n = wsprintfW(w, L"%s", big);
    ok(n == 1023 && wcslen(w) == 1023, "long output: %d %u", n, (unsigned)wcslen(w));
}

static void test_char(void)
{
    WCHAR w[32];
    char a[32];

    wcscpy(w, L"MiXed \x00e9\x00c9 1");
    ok(CharUpperW(w) == w && !wcscmp(w, L"MIXED \x00c9\x00c9 1"), "CharUpperW: %ls", w);
    ok(CharLowerW(w) == w && !wcscmp(w, L"mixed \x00e9\x00e9 1"), "CharLowerW: %ls", w);
    ok(CharUpperW((LPWSTR)(ULONG_PTR)L'q') == (LPWSTR)(ULONG_PTR)L'Q', "CharUpperW(char)");
    ok(CharLowerW((LPWSTR)(ULONG_PTR)L'Q') == (LPWSTR)(ULONG_PTR)L'q', "CharLowerW(char)");
    wcscpy(w, L"abcdef");
    ok(CharUpperBuffW(w, 3) == 3 && !wcscmp(w, L"ABCdef"), "CharUpperBuffW: %ls", w);
    ok(CharLowerBuffW(w, 2) == 2 && !wcscmp(w, L"abCdef"), "CharLowerBuffW: %ls", w);

    strcpy(a, "Hello, World");
    ok(CharUpperA(a) == a && !strcmp(a, "HELLO, WORLD"), "CharUpperA: %s", a);
    ok(CharLowerA(a) == a && !strcmp(a, "hello, world"), "CharLowerA: %s", a);
    ok(CharUpperBuffA(a, 5) == 5 && !strcmp(a, "HELLO, world"), "CharUpperBuffA: %s", a);

    const WCHAR *s = L"ab";
    ok(CharNextW(s) == s + 1 && CharNextW(s + 2) == s + 2, "CharNextW");
    ok(CharPrevW(s, s + 1) == s && CharPrevW(s, s) == s, "CharPrevW");
    const char *t = "ab";
    ok(CharNextA(t) == t + 1 && CharNextA(t + 2) == t + 2, "CharNextA");
    ok(CharPrevA(t, t + 2) == t + 1 && CharPrevA(t, t) == t, "CharPrevA");
    /* CharPrevExA: single-byte code pages step one byte (0xe9 is a letter of 1252); the current
     * position at or before the start gives the start. */
    const char *latin = "caf\xe9!";
    ok(CharPrevExA(1252, latin, latin + 4, 0) == latin + 3, "CharPrevExA 1252: %p %p",
       CharPrevExA(1252, latin, latin + 4, 0), latin + 3);
    ok(CharPrevExA(1252, latin, latin + 1, 0) == latin, "CharPrevExA to the start");
    ok(CharPrevExA(1252, latin, latin, 0) == latin, "CharPrevExA at the start");
    ok(CharPrevExA(1252, latin + 2, latin, 0) == latin + 2, "CharPrevExA before the start");
    ok(CharPrevExA(CP_ACP, t, t + 2, 0) == t + 1 && CharPrevExA(CP_ACP, t, t, 0) == t,
       "CharPrevExA CP_ACP");

    ok(IsCharAlphaW(L'a') && IsCharAlphaW(0x00e9) && !IsCharAlphaW(L'1') && !IsCharAlphaW(L' '),
       "IsCharAlphaW");
    ok(IsCharAlphaNumericW(L'1') && !IsCharAlphaNumericW(L'-'), "IsCharAlphaNumericW");
    ok(IsCharUpperW(L'A') && !IsCharUpperW(L'a') && IsCharLowerW(L'a'), "IsCharUpper/LowerW");
    ok(IsCharAlphaA('z') && !IsCharAlphaA('_') && IsCharUpperA('Z') && IsCharLowerA('z'),
       "IsChar*A");
}

int main(void)
{
    test_loadstring();
    test_wsprintf();
    test_char();

    /* No desktop, no focus: no key is down. */
    ok(GetKeyState(VK_SHIFT) == 0 && GetKeyState(VK_CAPITAL) == 0, "GetKeyState");

    return check_summary();
}
