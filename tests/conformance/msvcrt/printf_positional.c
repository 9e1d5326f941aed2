/* The positional printf family (_vsprintf_p, _vscprintf_p, _vswprintf_p: msvcrt.dll exports
 * them, the UCRT's are header inlines over __stdio_common_v*printf_p) and the _l forms. */
#define MINGW_HAS_SECURE_API 1
/* First: once stdio.h has declared the wide stdio functions, wchar.h skips its block, and
 * with it the UCRT's inline _vswprintf_p/_snwprintf_l. */
#include <wchar.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* The UCRT's default handler ends the program; the failures are what is tested. */
static void __cdecl ignore_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                             const wchar_t *file, unsigned line, uintptr_t r)
{
}

static int sprint_p(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = _vsprintf_p(buf, size, fmt, ap);
    va_end(ap);
    return r;
}

static int count_p(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = _vscprintf_p(fmt, ap);
    va_end(ap);
    return r;
}

static int swprint_p(wchar_t *buf, size_t size, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = _vswprintf_p(buf, size, fmt, ap);
    va_end(ap);
    return r;
}

/* One successful positional format: the exact text and its length. */
#define expect_p(text, ...)                                                            \
    do {                                                                                \
        char buf_[128];                                                                 \
        memset(buf_, 'x', sizeof buf_);                                                 \
        int r_ = sprint_p(buf_, sizeof buf_, __VA_ARGS__);                              \
        ok(r_ == (int)strlen(text) && strcmp(buf_, text) == 0, "%s: got %d \"%s\"", \
           #__VA_ARGS__, r_, buf_);                                                     \
    } while (0)

/* One format the positional functions reject: -1 and EINVAL. (mingw-w64 links its own
 * _set_invalid_parameter_handler for msvcrt.dll, so whether the handler ran is not checked.) */
#define expect_invalid(...)                                                             \
    do {                                                                                \
        char buf_[64];                                                                  \
        errno = 0;                                                                      \
        int r_ = sprint_p(buf_, sizeof buf_, __VA_ARGS__);                              \
        ok(r_ == -1 && errno == EINVAL, "%s: got %d errno %d", #__VA_ARGS__, r_, errno); \
    } while (0)

static void test_positional(void)
{
    /* Microsoft's examples. */
    expect_p("November 10", "%1$s %2$s", "November", "10");
    expect_p("10 November", "%2$s %1$s", "November", "10");
    expect_p("10 times 10 is 100", "%1$d times %1$d is %2$d", 10, 100);
    expect_p("     Hello", "%1$*2$s", "Hello", 10);
    expect_p("     Hello", "%2$*1$s", 10, "Hello");
    /* Width and precision from arguments, flags after n$. */
    expect_p("3.142", "%2$.*1$f", 3, 3.14159265);
    expect_p("007  |", "%3$-*1$.*2$d|", 5, 3, 7);
    expect_p("+42 0x2a 52", "%1$+d %1$#x %1$o", 42);
    expect_p("b a 2.50", "%2$c %1$c %3$.2f", 'a', 'b', 2.5);
    expect_p("5%", "%1$d%%", 5);
    expect_p("-9223372036854775808", "%1$lld", -9223372036854775807LL - 1);
    /* Without n$ they are ordinary printf. */
    expect_p("5 x 1.50", "%d %s %.2f", 5, "x", 1.5);
    expect_p("   ab", "%*s", 5, "ab");
    expect_p("plain", "plain");

    _invalid_parameter_handler old = _set_invalid_parameter_handler(ignore_invalid_parameter);
    /* Mixing positional and sequential arguments, either way round. */
    expect_invalid("%1$d %d", 1, 2);
    expect_invalid("%d %1$d", 1, 2);
    expect_invalid("%1$*d", 5, 1);
    /* Every argument up to the highest named must be used. */
    expect_invalid("%2$d", 1, 2);
    expect_invalid("%1$d %3$d", 1, 2, 3);
    /* One argument read as two different types ("%1$d %1$s": an int and a pointer). */
    expect_invalid("%1$d %1$s", 1);
    expect_invalid("%1$s %1$d", "x");
    expect_invalid("%1$d %1$f", 1);
    expect_invalid("%1$lld %1$d", 1LL);
    expect_invalid("%1$*1$s", 5);
    expect_p("65 41 A 65", "%1$d %1$x %1$c %1$hd", 65);
    /* Positions count from 1 up to _ARGMAX (100). */
    expect_invalid("%0$d", 1);
    expect_invalid("%101$d", 1);
    /* The _p family validates the format like the _s family. */
    expect_invalid("%1$y", 1);

    /* Output and terminator must fit: otherwise an empty buffer, -1 and ERANGE, as documented
     * ("these functions differ from vsprintf_s only in that they support positional
     * parameters"). Wine 8 writes "hello!" unterminated and returns 6. */
    char small[6];
    memset(small, 'x', sizeof small);
    int r = sprint_p(small, sizeof small, "%1$s", "hello");
    ok(r == 5 && strcmp(small, "hello") == 0, "exact fit: %d", r);
    memset(small, 'x', sizeof small);
    errno = 0;
    r = sprint_p(small, sizeof small, "%1$s!", "hello");
    ok(r == -1 && small[0] == 0 && errno == ERANGE, "too small: %d \"%.6s\" errno %d", r, small,
       errno);
    _set_invalid_parameter_handler(old);

    ok(count_p("%2$s-%1$s", "a", "bb") == 4, "_vscprintf_p: %d", count_p("%2$s-%1$s", "a", "bb"));
    ok(count_p("%1$*2$d", 7, 6) == 6, "_vscprintf_p width: %d", count_p("%1$*2$d", 7, 6));

    wchar_t w[32];
    r = swprint_p(w, 32, L"%2$ls %1$d %2$ls", 7, L"wide");
    ok(r == 11 && wcscmp(w, L"wide 7 wide") == 0, "_vswprintf_p: %d \"%ls\"", r, w);
}

static void test_locale_forms(void)
{
    /* Every locale winrun offers uses '.' as the decimal point; the C locale here. */
    _locale_t c = _create_locale(LC_ALL, "C");
    ok(c != NULL, "_create_locale");
    char buf[32];
    int r = _sprintf_l(buf, "%.2f|%d", c, 1.5, -3);
    ok(r == 7 && strcmp(buf, "1.50|-3") == 0, "_sprintf_l: %d \"%s\"", r, buf);
    memset(buf, 'x', sizeof buf);
    r = _snprintf_l(buf, 4, "%s", c, "abcdef");
    ok(r == -1 && memcmp(buf, "abcdx", 5) == 0, "_snprintf_l overflow: %d", r);
    r = _snprintf_l(buf, sizeof buf, "%05.1f", c, 2.3);
    ok(r == 5 && strcmp(buf, "002.3") == 0, "_snprintf_l: %d \"%s\"", r, buf);
    r = _scprintf_l("%d-%d", c, 10, 200);
    ok(r == 6, "_scprintf_l: %d", r);
    wchar_t w[16];
    r = _snwprintf_l(w, 16, L"%d:%ls", c, 4, L"ok");
    ok(r == 4 && wcscmp(w, L"4:ok") == 0, "_snwprintf_l: %d", r);

    /* The _s forms with a locale: the buffer rules of sprintf_s and _snprintf_s. */
    r = _sprintf_s_l(buf, sizeof buf, "%s=%d", c, "v", 9);
    ok(r == 3 && strcmp(buf, "v=9") == 0, "_sprintf_s_l: %d \"%s\"", r, buf);
    r = _snprintf_s_l(buf, sizeof buf, 3, "%s", c, "abcdef");
    ok(r == -1 && strcmp(buf, "abc") == 0, "_snprintf_s_l cut at count: %d \"%s\"", r, buf);
    r = _snprintf_s_l(buf, 4, _TRUNCATE, "%d", c, 123456);
    ok(r == -1 && strcmp(buf, "123") == 0, "_snprintf_s_l _TRUNCATE: %d \"%s\"", r, buf);
    r = _swprintf_s_l(w, 16, L"%ls|%.1f", c, L"w", 1.5);
    ok(r == 5 && wcscmp(w, L"w|1.5") == 0, "_swprintf_s_l: %d \"%ls\"", r, w);
    r = _snwprintf_s_l(w, 16, _TRUNCATE, L"%d", c, 77);
    ok(r == 2 && wcscmp(w, L"77") == 0, "_snwprintf_s_l: %d", r);

    _invalid_parameter_handler old = _set_invalid_parameter_handler(ignore_invalid_parameter);
    /* Output that does not fit the buffer: emptied, -1, ERANGE, as sprintf_s documents.
     * (Wine 8 writes what fits and returns its length.) */
    memset(buf, 'x', sizeof buf);
    errno = 0;
    r = _sprintf_s_l(buf, 4, "%s", c, "long");
    ok(r == -1 && buf[0] == 0 && errno == ERANGE, "_sprintf_s_l overflow: %d errno %d", r, errno);
    errno = 0;
    r = _swprintf_s_l(w, 2, L"%d", c, 10);
    ok(r == -1 && w[0] == 0 && errno == ERANGE, "_swprintf_s_l overflow: %d errno %d", r, errno);
    /* The _s family rejects %n ("%n is disabled ... the invalid parameter handler is
     * invoked"); Wine 8 stores the count instead. */
    errno = 0;
    r = _sprintf_s_l(buf, sizeof buf, "%n", c, &r);
    ok(r == -1 && errno == EINVAL, "_sprintf_s_l %%n: %d errno %d", r, errno);
    _set_invalid_parameter_handler(old);
    _free_locale(c);
}

int main(void)
{
    test_positional();
    test_locale_forms();
    return check_summary();
}
