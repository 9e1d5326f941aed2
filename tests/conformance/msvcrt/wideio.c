/* Wide output in the Unicode modes: _setmode(_O_U16TEXT / _O_U8TEXT /
 * _O_WTEXT) on a file makes fwprintf, fputws, fputwc and _write write
 * UTF-16LE (or UTF-8) with \r\n line ends and no byte order mark, and
 * _setmode reports the mode it replaces; the UCRT's fopen "ccs=" modes write
 * the byte order mark of a new file and skip it when reading one back.
 * Wine 8 differs from Windows here: it writes the \r of a line end as one
 * byte in UTF-16 mode, UTF-16 in _O_U8TEXT mode, and reports _O_U8TEXT as
 * _O_WTEXT.
 * Narrow output (fputc, fputs, fprintf ...) to a stream in a Unicode mode is
 * an invalid parameter: the handler runs, the call fails with EINVAL and
 * nothing is written; fwrite's bytes are not text and pass. (Wine 8 writes
 * the narrow bytes instead.) */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "check.h"

static const char *name = "wideio-test.tmp";

static size_t raw_contents(char *buf, size_t size)
{
    FILE *f = fopen(name, "rb");
    if (!f)
        return (size_t)-1;
    size_t n = fread(buf, 1, size, f);
    fclose(f);
    return n;
}

static void test_u16text(void)
{
    FILE *f = fopen(name, "w");
    ok(f != NULL, "fopen");
    int old = _setmode(_fileno(f), _O_U16TEXT);
    ok(old == _O_TEXT, "_setmode from text: %x", old);
    ok(fwprintf(f, L"h\u00e9\n%d", 5) == 4, "fwprintf count");
    ok(fputws(L"\u4e2d\n", f) >= 0, "fputws");
    ok(fputwc(L'z', f) == L'z', "fputwc");
    old = _setmode(_fileno(f), _O_TEXT);
    ok(old == _O_WTEXT, "_setmode from U16TEXT: %x", old);
    fclose(f);
    char buf[64];
    static const char expect[] = "h\0\xe9\0\r\0\n\0" "5\0\x2d\x4e\r\0\n\0z\0";
    size_t n = raw_contents(buf, sizeof buf);
    ok(n == sizeof expect - 1 && memcmp(buf, expect, n) == 0, "UTF-16LE bytes: %d", (int)n);
}

static void test_u8text(void)
{
    FILE *f = fopen(name, "w");
    ok(_setmode(_fileno(f), _O_U8TEXT) == _O_TEXT, "_setmode U8TEXT");
    fwprintf(f, L"\u00e9\u4e2d\n");
    ok(_setmode(_fileno(f), _O_BINARY) == _O_U8TEXT, "_setmode from U8TEXT");
    fclose(f);
    char buf[64];
    static const char expect[] = "\xc3\xa9\xe4\xb8\xad\r\n";
    size_t n = raw_contents(buf, sizeof buf);
    ok(n == sizeof expect - 1 && memcmp(buf, expect, n) == 0, "UTF-8 bytes: %d", (int)n);
}

static void test_low_level(void)
{
    int fd = _open(name, _O_WRONLY | _O_CREAT | _O_TRUNC | _O_BINARY, 0600);
    ok(_setmode(fd, _O_U16TEXT) == _O_BINARY, "_setmode from binary");
    ok(_write(fd, L"a\nb", 6) == 6, "_write of wide characters");
    _close(fd);
    char buf[64];
    static const char expect[] = "a\0\r\0\n\0b\0";
    size_t n = raw_contents(buf, sizeof buf);
    ok(n == sizeof expect - 1 && memcmp(buf, expect, n) == 0, "_write bytes: %d", (int)n);

    ok(_setmode(1, 0x1234) == -1 && errno == EINVAL, "_setmode with a bad mode");
}

#ifdef _UCRT
static void test_ccs(void)
{
    char buf[64];
    FILE *f = fopen(name, "w, ccs=UTF-16LE");
    ok(f != NULL, "fopen ccs=UTF-16LE");
    fputws(L"x\n", f);
    fclose(f);
    static const char expect16[] = "\xff\xfex\0\r\0\n\0";
    size_t n = raw_contents(buf, sizeof buf);
    ok(n == sizeof expect16 - 1 && memcmp(buf, expect16, n) == 0, "BOM and UTF-16: %d", (int)n);
    f = fopen(name, "r, ccs=UNICODE");
    wchar_t line[8] = {0};
    ok(f != NULL && fgetws(line, 8, f) == line && wcscmp(line, L"x\n") == 0, "read back UTF-16");
    ok(fgetwc(f) == WEOF && feof(f), "then the end");
    fclose(f);

    f = fopen(name, "w, ccs=UTF-8");
    fputws(L"\u00e9", f);
    fclose(f);
    static const char expect8[] = "\xef\xbb\xbf\xc3\xa9";
    n = raw_contents(buf, sizeof buf);
    ok(n == sizeof expect8 - 1 && memcmp(buf, expect8, n) == 0, "BOM and UTF-8: %d", (int)n);

    /* Reading skips the BOM; UTF-8 text reads back as characters. */
    f = fopen(name, "r, ccs=UTF-8");
    ok(f != NULL && ftell(f) == 3, "positioned after the BOM");
    ok(fgetwc(f) == 0xe9, "the character after the BOM");
    fclose(f);

    f = fopen(name, "w, ccs=BOGUS");
    ok(f == NULL && errno == EINVAL, "unknown encoding");
}
#endif

static int handler_calls;

static void __cdecl count_handler(const wchar_t *expression, const wchar_t *function,
                                  const wchar_t *file, unsigned line, uintptr_t reserved)
{
    handler_calls++;
}

/* MinGW's _set_invalid_parameter_handler keeps the handler to itself (msvcrt.dll
 * never sees it), so only the UCRT build can count the handler's calls. */
#ifdef _UCRT
#define HANDLED(n) (handler_calls == (n))
#else
#define HANDLED(n) 1
#endif

/* Narrow text output to a stream in MODE fails; wide output still works. */
static void test_narrow_refused(int mode, const char *expect, size_t expect_len)
{
    FILE *f = fopen(name, "w");
    _setmode(_fileno(f), mode);
    handler_calls = 0;
    errno = 0;
    int r = fputc('a', f), e = errno;
    ok(r == EOF && e == EINVAL && HANDLED(1), "%x: fputc: %d, errno %d, handler %d", mode, r, e,
       handler_calls);
    errno = 0;
    r = fputs("bc", f);
    e = errno;
    ok(r == EOF && e == EINVAL && HANDLED(2), "%x: fputs: %d, errno %d, handler %d", mode, r, e,
       handler_calls);
#ifdef _UCRT
    /* (MinGW's fprintf is its own, writing through fputc.) */
    errno = 0;
    r = fprintf(f, "%d", 42);
    e = errno;
    ok(r < 0 && e == EINVAL && HANDLED(3), "%x: fprintf: %d, errno %d, handler %d", mode, r, e,
       handler_calls);
#endif
    ok(fputws(L"w\n", f) >= 0, "%x: fputws", mode);
    ok(fwrite("!!", 1, 2, f) == 2 && HANDLED(3), "%x: fwrite passes", mode);
    fclose(f);
    char buf[64];
    size_t n = raw_contents(buf, sizeof buf);
    ok(n == expect_len && memcmp(buf, expect, n) == 0, "%x: only the wide text: %d bytes", mode,
       (int)n);

    /* Back in text mode the same stream takes narrow output again. */
    f = fopen(name, "w");
    _setmode(_fileno(f), mode);
    _setmode(_fileno(f), _O_TEXT);
    ok(fputs("ok", f) >= 0 && HANDLED(3), "%x: narrow after _O_TEXT", mode);
    fclose(f);
}

int main(void)
{
    test_u16text();
    test_u8text();
    _set_invalid_parameter_handler(count_handler);
    test_narrow_refused(_O_U16TEXT, "w\0\r\0\n\0!!", 8);
    test_narrow_refused(_O_WTEXT, "w\0\r\0\n\0!!", 8);
    test_narrow_refused(_O_U8TEXT, "w\r\n!!", 5);
    test_low_level();
#ifdef _UCRT
    test_ccs();
#endif
    remove(name);
    return check_summary();
}
