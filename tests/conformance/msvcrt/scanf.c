/* The scanf family: conversions, widths, sets, suppression, %n, return
 * values at the end of input, the _s forms' buffer sizes, wide scanning and
 * fscanf on a file. Built for msvcrt (mingw, with msvcrt's own scanf rather
 * than mingw-w64's replacement) and the UCRT (zig). */
#define __USE_MINGW_ANSI_STDIO 0
#define MINGW_HAS_SECURE_API 1
/* First: once stdio.h has declared the wide stdio functions, wchar.h skips its block, and
 * with it the UCRT's inline _swscanf_l/_snwscanf_l/_fwscanf_l. */
#include <wchar.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

int main(void)
{
    int a = 0, b = 0, c = 0, n = 0;
    ok(sscanf("42 -17 0x1f", "%d %i %x", &a, &b, &c) == 3 && a == 42 && b == -17 && c == 31,
       "%%d %%i %%x: %d %d %d", a, b, c);
    ok(sscanf("010 0x10", "%i %i", &a, &b) == 2 && a == 8 && b == 16, "%%i prefixes: %d %d", a, b);
    ok(sscanf("777", "%o", &a) == 1 && a == 511, "%%o");
    ok(sscanf("12345", "%3d%d", &a, &b) == 2 && a == 123 && b == 45, "widths");
    ok(sscanf("1 2", "%*d %d", &a) == 1 && a == 2, "suppression");
    ok(sscanf("abc 12", "%*s %n%d", &n, &a) == 1 && n == 4 && a == 12, "%%n counts: %d", n);
    ok(sscanf("a=5", "a=%d", &a) == 1 && a == 5, "literal text");
    ok(sscanf("b=5", "a=%d", &a) == 0, "a literal mismatch stops");
    ok(sscanf("", "%d", &a) == EOF, "empty input: EOF");
    /* The input ends before the first conversion: EOF, as the C standard and Microsoft's
     * documentation say. (Wine 8 returns 0 here and at line "fscanf at the end".) */
    ok(sscanf("   ", "%d", &a) == EOF, "white space only: EOF");
    ok(sscanf("abc", "%d", &a) == 0, "no number: 0");
    ok(sscanf("12abc", "%d%d", &a, &b) == 1, "the second conversion fails");
    ok(sscanf("100%", "%d%%", &a) == 1 && a == 100, "%%%%");

    long long ll = 0;
    ok(sscanf("-9223372036854775807", "%lld", &ll) == 1 && ll == -9223372036854775807LL, "%%lld");
    ok(sscanf("123456789012", "%I64d", &ll) == 1 && ll == 123456789012LL, "%%I64d");
    short h = 0;
    ok(sscanf("-2", "%hd", &h) == 1 && h == -2, "%%hd");
    unsigned u = 0;
    ok(sscanf("4294967295", "%u", &u) == 1 && u == 4294967295u, "%%u");

    double d = 0;
    float f = 0;
    ok(sscanf("3.25 -1.5e2", "%lf %f", &d, &f) == 2 && d == 3.25 && f == -150.0f, "floats");
    ok(sscanf("0.1", "%lf", &d) == 1 && d == 0.1, "0.1 exactly");
    ok(sscanf("1e5x", "%lf", &d) == 1 && d == 100000.0, "an exponent");

    char s[16], t[16];
    ok(sscanf("hello world", "%s %s", s, t) == 2 && strcmp(s, "hello") == 0 && strcmp(t, "world") == 0,
       "%%s");
    ok(sscanf("abcdef", "%3s", s) == 1 && strcmp(s, "abc") == 0, "%%3s");
    ok(sscanf("abc123,rest", "%[a-z]%[0-9],%s", s, t, s + 8) == 3 && strcmp(s, "abc") == 0 &&
           strcmp(t, "123") == 0 && strcmp(s + 8, "rest") == 0,
       "%%[ranges]");
    ok(sscanf("key: value", "%[^:]: %s", s, t) == 2 && strcmp(s, "key") == 0 && strcmp(t, "value") == 0,
       "%%[^...]");
    memset(s, 'x', sizeof s);
    ok(sscanf(" xy", "%c%2c", s, s + 1) == 2 && s[0] == ' ' && s[1] == 'x' && s[2] == 'y' && s[3] == 'x',
       "%%c reads white space, does not terminate");

    void *p = NULL;
    ok(sscanf("0000000000001234", "%p", &p) == 1 && p == (void *)0x1234, "%%p");

    ok(sscanf_s("hi there", "%s", s, (unsigned)sizeof s) == 1 && strcmp(s, "hi") == 0,
       "sscanf_s with a size");
    s[0] = 'x';
    ok(sscanf_s("toolong", "%s", s, 3u) == 0 && s[0] == 0, "sscanf_s: too long stores \"\"");
    ok(sscanf_s("z", "%c", s, 1u) == 1 && s[0] == 'z', "sscanf_s %%c");

    wchar_t ws[16];
    ok(swscanf(L"12 ab", L"%d %s", &a, ws) == 2 && a == 12 && wcscmp(ws, L"ab") == 0, "swscanf");
    ok(swscanf(L"x y", L"%hs %S", s, t) == 2 && strcmp(s, "x") == 0 && strcmp(t, "y") == 0,
       "swscanf narrow stores");

    FILE *file = fopen("scanf-test.tmp", "w+");
    fputs("7 eight\n9.5\n", file);
    rewind(file);
    ok(fscanf(file, "%d %s %lf", &a, s, &d) == 3 && a == 7 && strcmp(s, "eight") == 0 && d == 9.5,
       "fscanf");
    ok(fscanf(file, "%d", &a) == EOF, "fscanf at the end: EOF");
    ok(feof(file), "and the stream is at its end");
    fclose(file);
    remove("scanf-test.tmp");

    /* The counted forms read at most `count` characters: "12345" cut to "123". */
    ok(_snscanf("12345", 3, "%d", &a) == 1 && a == 123, "_snscanf: %d", a);
    ok(_snscanf("12 34", 2, "%d %d", &a, &b) == 1 && a == 12, "_snscanf stops at count");
    ok(_snwscanf(L"678", 2, L"%d", &a) == 1 && a == 67, "_snwscanf: %d", a);
    ok(_snscanf_s("abcdef", 4, "%s", s, 16u) == 1 && strcmp(s, "abcd") == 0, "_snscanf_s: %s", s);
    ok(_snscanf_s("abcdef", 6, "%s", s, 3u) == 0 && s[0] == 0, "_snscanf_s: too long");
    ok(_snwscanf_s(L"wxyz", 3, L"%s", ws, 16u) == 1 && wcscmp(ws, L"wxy") == 0, "_snwscanf_s");

    /* The _l forms take a locale; every locale winrun offers reads '.' as the decimal point. */
    _locale_t c_locale = _create_locale(LC_ALL, "C");
    ok(_sscanf_l("2.25 x", "%lf %s", c_locale, &d, s) == 2 && d == 2.25 && strcmp(s, "x") == 0,
       "_sscanf_l");
    ok(_sscanf_s_l("ab", "%s", c_locale, s, 2u) == 0 && s[0] == 0, "_sscanf_s_l: too long");
    ok(_swscanf_l(L"-4", L"%d", c_locale, &a) == 1 && a == -4, "_swscanf_l");
    ok(_swscanf_s_l(L"hi", L"%s", c_locale, ws, 3u) == 1 && wcscmp(ws, L"hi") == 0,
       "_swscanf_s_l");
    ok(_snscanf_l("9876", 2, "%d", c_locale, &a) == 1 && a == 98, "_snscanf_l: %d", a);
    ok(_snscanf_s_l("q", 1, "%c", c_locale, s, 1u) == 1 && s[0] == 'q', "_snscanf_s_l");
    ok(_snwscanf_l(L"55", 1, L"%d", c_locale, &a) == 1 && a == 5, "_snwscanf_l: %d", a);
    ok(_snwscanf_s_l(L"r", 1, L"%c", c_locale, ws, 1u) == 1 && ws[0] == L'r', "_snwscanf_s_l");

    file = fopen("scanf-test.tmp", "w+");
    fputs("11 twelve 13 fourteen 15 sixteen", file);
    rewind(file);
    ok(_fscanf_l(file, "%d", c_locale, &a) == 1 && a == 11, "_fscanf_l");
    ok(_fscanf_s_l(file, "%s", c_locale, s, 16u) == 1 && strcmp(s, "twelve") == 0, "_fscanf_s_l");
    ok(_fwscanf_l(file, L"%d", c_locale, &a) == 1 && a == 13, "_fwscanf_l");
    ok(_fwscanf_s_l(file, L"%s", c_locale, ws, 16u) == 1 && wcscmp(ws, L"fourteen") == 0,
       "_fwscanf_s_l");
    ok(fwscanf_s(file, L"%d %s", &a, ws, 16u) == 2 && a == 15 && wcscmp(ws, L"sixteen") == 0,
       "fwscanf_s");
    fclose(file);
    remove("scanf-test.tmp");
    _free_locale(c_locale);
    return check_summary();
}
