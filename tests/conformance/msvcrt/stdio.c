// toolchains: mingw
/* msvcrt.dll's printf family, the conversions CRT startup code and typical
 * programs use.
 *
 * mingw-w64 replaces printf and friends with its own C99 implementation
 * (__mingw_printf, linked into the exe) when __USE_MINGW_ANSI_STDIO is set,
 * which it is by default for C99 and later. This file must exercise
 * msvcrt.dll's own functions, so it switches that off before any header;
 * `x86_64-w64-mingw32-objdump -p` on the result lists sprintf, _snprintf,
 * _vscprintf ... among the msvcrt.dll imports. The expected strings are
 * msvcrt's (three-digit exponents, %p without 0x), not C99's. */
#define __USE_MINGW_ANSI_STDIO 0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#if __USE_MINGW_ANSI_STDIO
#error "mingw's printf replacement is enabled; this test must use msvcrt's"
#endif

#define check_sprintf(expected, ...)                                              \
    do {                                                                          \
        char buf_[128];                                                           \
        memset(buf_, 'x', sizeof buf_);                                           \
        int n_ = sprintf(buf_, __VA_ARGS__);                                      \
        ok(n_ == (int)strlen(expected) && strcmp(buf_, expected) == 0,            \
           "sprintf(%s) = %d [%s], expected %d [%s]", #__VA_ARGS__, n_, buf_,     \
           (int)strlen(expected), expected);                                      \
    } while (0)

static void test_conversions(void)
{
    check_sprintf("42", "%d", 42);
    check_sprintf("-7", "%d", -7);
    check_sprintf("-2147483648", "%d", (int)0x80000000);
    check_sprintf("4294967295", "%u", 0xffffffffu);
    check_sprintf("ff FF 0xff", "%x %X %#x", 255, 255, 255);
    check_sprintf("0755", "%04o", 0755);
    check_sprintf("hello world", "%s %s", "hello", "world");
    check_sprintf("A", "%c", 'A');
    check_sprintf("[   42]", "[%5d]", 42);
    check_sprintf("[42   ]", "[%-5d]", 42);
    check_sprintf("[00042]", "[%05d]", 42);
    check_sprintf("[+42]", "[%+d]", 42);
    check_sprintf("[ab   |]", "[%-5s|]", "ab");
    check_sprintf("[  ab]", "[%4s]", "ab");
    check_sprintf("[abc]", "[%.3s]", "abcdef");
    check_sprintf("[  abc]", "[%*.*s]", 5, 3, "abcdef");
    check_sprintf("100%", "%d%%", 100);

    /* 64-bit integers: msvcrt's own I64 prefix and C99's ll. */
    check_sprintf("-9223372036854775807", "%lld", -9223372036854775807LL);
    check_sprintf("18446744073709551615", "%llu", 18446744073709551615ULL);
    check_sprintf("9223372036854775807", "%I64d", 9223372036854775807LL);
    check_sprintf("123456789abcdef0", "%I64x", 0x123456789abcdef0ULL);
    /* On Win64 size_t needs I64 or I (l is 32-bit: LLP64). */
    check_sprintf("4294967296", "%Iu", (size_t)1 << 32);
    check_sprintf("-1", "%ld", -1L);

    /* msvcrt prints %p as 16 upper-case hex digits, no 0x prefix. */
    check_sprintf("000000000000ABCD", "%p", (void *)0xabcd);

    /* Floating point: msvcrt pads exponents to three digits (the
     * _set_output_format documentation), where C99 and the UCRT use two. */
    check_sprintf("1.500000", "%f", 1.5);
    check_sprintf("3.14", "%.2f", 3.14159);
    check_sprintf("1.500000e+000", "%e", 1.5);
    check_sprintf("1e+010", "%g", 1e10);
    check_sprintf("0.0001", "%g", 0.0001);
    check_sprintf("[  2.5]", "[%5.1f]", 2.5);

    check_sprintf("wide", "%ls", L"wide");
}

static void test_snprintf(void)
{
    char buf[16];

    /* _snprintf: -1 on overflow and no terminator is written. */
    memset(buf, 'x', sizeof buf);
    int n = _snprintf(buf, 5, "%s", "abcdefgh");
    ok(n == -1, "_snprintf overflow returned %d, expected -1", n);
    ok(memcmp(buf, "abcdex", 6) == 0, "_snprintf overflow wrote [%.6s], expected [abcdex]", buf);

    /* Exactly count characters: all are written, still without a NUL, and
     * the length is returned. */
    memset(buf, 'x', sizeof buf);
    n = _snprintf(buf, 5, "%s", "abcde");
    ok(n == 5 && memcmp(buf, "abcdex", 6) == 0, "_snprintf exact fit: %d [%.6s]", n, buf);

    memset(buf, 'x', sizeof buf);
    n = _snprintf(buf, sizeof buf, "%d-%d", 1, 2);
    ok(n == 3 && strcmp(buf, "1-2") == 0, "_snprintf fits: %d [%s]", n, buf);

    /* snprintf (C99): always terminates, returns the full length. With
     * __USE_MINGW_ANSI_STDIO off, mingw supplies it (__ms_vsnprintf in its
     * static library) on top of msvcrt's _vsnprintf and _vscprintf. */
    memset(buf, 'x', sizeof buf);
    n = snprintf(buf, 5, "%s", "abcdefgh");
    ok(n == 8 && strcmp(buf, "abcd") == 0, "snprintf overflow: %d [%s], expected 8 [abcd]", n,
       buf);
    n = snprintf(NULL, 0, "%d", 12345);
    ok(n == 5, "snprintf(NULL, 0) = %d, expected 5", n);
}

static int vscprintf_of(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = _vscprintf(fmt, ap);
    va_end(ap);
    return n;
}

static int vsnprintf_of(char *buf, size_t count, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = _vsnprintf(buf, count, fmt, ap);
    va_end(ap);
    return n;
}

static void test_counting(void)
{
    /* _vscprintf: the length the output would have, without the NUL. */
    ok(vscprintf_of("%s=%d", "answer", 42) == 9, "_vscprintf = %d, expected 9",
       vscprintf_of("%s=%d", "answer", 42));
    ok(vscprintf_of("") == 0, "_vscprintf(\"\") = %d", vscprintf_of(""));
    ok(_scprintf("%05d", 1) == 5, "_scprintf = %d, expected 5", _scprintf("%05d", 1));

    char buf[8];
    memset(buf, 'x', sizeof buf);
    int n = vsnprintf_of(buf, 4, "%d", 123456);
    ok(n == -1 && memcmp(buf, "1234x", 5) == 0, "_vsnprintf overflow: %d [%.5s]", n, buf);
}

static void test_printf_return(void)
{
    /* printf returns the number of characters written. The line is plain
     * output; only FAIL lines and the summary line carry results. */
    int n = printf("stdio: printf %s %d\n", "returns", 25);
    ok(n == 25, "printf returned %d, expected 25", n);
    fflush(stdout);
}

int main(void)
{
    test_conversions();
    test_snprintf();
    test_counting();
    test_printf_return();
    return check_summary();
}
