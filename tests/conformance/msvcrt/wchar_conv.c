/* The secure and locale-taking multibyte/wide conversions of stdlib.h and
 * wchar.h: mbstowcs_s, wcstombs_s, wctomb_s, wcrtomb_s and their EINVAL,
 * ERANGE and STRUNCATE cases, the _l forms (_mbstowcs_l, _wctomb_l ...),
 * isleadbyte, and the UCRT's mbrlen, mbsrtowcs, wcsrtombs and
 * ___mb_cur_max_l_func, in the "C" locale (a byte is a character) and the
 * UCRT's UTF-8 locale. Built for msvcrt (mingw) and the UCRT (zig). */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "check.h"

#ifdef _UCRT
int __cdecl ___mb_cur_max_l_func(_locale_t); /* exported, not declared */
#endif

static int invalid_parameter_calls;
static void __cdecl count_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                            const wchar_t *file, unsigned line, uintptr_t r)
{
    invalid_parameter_calls++;
}

static void test_secure(void)
{
    wchar_t w[8];
    char s[8];
    size_t n = 99;
    int r = 99;

    ok(mbstowcs_s(&n, w, 8, "abc", 8) == 0 && n == 4 && wcscmp(w, L"abc") == 0, "mbstowcs_s");
    ok(mbstowcs_s(&n, NULL, 0, "abcd", 0) == 0 && n == 5, "mbstowcs_s: the size needed");
    ok(mbstowcs_s(&n, w, 8, "abcdef", 2) == 0 && n == 3 && wcscmp(w, L"ab") == 0,
       "mbstowcs_s: count characters");
    ok(mbstowcs_s(&n, w, 3, "abcdef", _TRUNCATE) == STRUNCATE && n == 3 && wcscmp(w, L"ab") == 0,
       "mbstowcs_s: _TRUNCATE");
    ok(wcstombs_s(&n, s, 8, L"xyz", 8) == 0 && n == 4 && strcmp(s, "xyz") == 0, "wcstombs_s");
    ok(wcstombs_s(&n, NULL, 0, L"xy", 0) == 0 && n == 3, "wcstombs_s: the size needed");
    ok(wcstombs_s(&n, s, 3, L"xyz", _TRUNCATE) == STRUNCATE && n == 3 && strcmp(s, "xy") == 0,
       "wcstombs_s: _TRUNCATE");
    ok(wctomb_s(&r, s, 8, L'Q') == 0 && r == 1 && s[0] == 'Q', "wctomb_s");
    ok(wcrtomb_s(&n, s, 8, L'R', NULL) == 0 && n == 1 && s[0] == 'R', "wcrtomb_s");
    ok(!isleadbyte('a') && !isleadbyte(0x81) && !_isleadbyte_l(0x81, NULL), "no lead bytes");

    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    invalid_parameter_calls = 0;
    ok(mbstowcs_s(&n, NULL, 4, "a", 4) == EINVAL, "mbstowcs_s: NULL with a size: EINVAL");
    ok(mbstowcs_s(&n, w, 8, NULL, 4) == EINVAL && w[0] == 0, "mbstowcs_s: NULL source: EINVAL");
    /* Documented: ERANGE when the destination is too small and count is not
     * _TRUNCATE (Wine 8 cuts the string instead). */
    ok(mbstowcs_s(&n, w, 3, "abcdef", 5) == ERANGE && w[0] == 0,
       "mbstowcs_s too small: ERANGE, emptied");
    ok(wcstombs_s(&n, s, 2, L"abc", 3) == ERANGE && s[0] == 0, "wcstombs_s too small: ERANGE");
#ifdef _UCRT
    /* mingw-w64 keeps its own handler for msvcrt.dll programs. */
    ok(invalid_parameter_calls == 4, "each called the handler (%d)", invalid_parameter_calls);
#endif
    _set_invalid_parameter_handler(old);
}

static void test_locale_forms(void)
{
    wchar_t w[8];
    char s[8];
    _locale_t c = _create_locale(LC_ALL, "C");

    ok(_mblen_l("\xe9x", 2, c) == 1 && _mblen_l("", 1, c) == 0, "_mblen_l in \"C\"");
    ok(_mbtowc_l(w, "\xe9", 1, c) == 1 && w[0] == 0xE9, "_mbtowc_l: a byte is a character");
    ok(_wctomb_l(s, 0xE9, c) == 1 && (unsigned char)s[0] == 0xE9, "_wctomb_l");
    errno = 0;
    ok(_wctomb_l(s, 0x263A, c) == -1 && errno == EILSEQ, "_wctomb_l: not in \"C\": EILSEQ");
    ok(_mbstowcs_l(w, "ab", 8, c) == 2 && wcscmp(w, L"ab") == 0, "_mbstowcs_l");
    ok(_wcstombs_l(s, L"cd", 8, c) == 2 && strcmp(s, "cd") == 0, "_wcstombs_l");
    size_t n;
    ok(_mbstowcs_s_l(&n, w, 8, "ef", 8, c) == 0 && n == 3 && wcscmp(w, L"ef") == 0,
       "_mbstowcs_s_l");
    ok(_wcstombs_s_l(&n, s, 8, L"gh", 8, c) == 0 && n == 3 && strcmp(s, "gh") == 0,
       "_wcstombs_s_l");
    int r;
    ok(_wctomb_s_l(&r, s, 8, L'i', c) == 0 && r == 1 && s[0] == 'i', "_wctomb_s_l");
    _free_locale(c);

#ifdef _UCRT
    _locale_t u = _create_locale(LC_ALL, ".UTF-8");
    ok(___mb_cur_max_l_func(u) == 4, "___mb_cur_max_l_func of UTF-8");
    ok(_mblen_l("\xc3\xa9", 2, u) == 2 && _mbtowc_l(w, "\xe2\x98\xba", 3, u) == 3 && w[0] == 0x263A,
       "UTF-8 _mblen_l/_mbtowc_l");
    ok(_wctomb_l(s, 0xE9, u) == 2 && memcmp(s, "\xc3\xa9", 2) == 0, "UTF-8 _wctomb_l");
    ok(_mbstowcs_l(w, "h\xc3\xa9!", 8, u) == 3 && wcscmp(w, L"h\xe9!") == 0, "UTF-8 _mbstowcs_l");
    ok(_wcstombs_s_l(&n, s, 8, L"\x263a", 8, u) == 0 && n == 4 && strcmp(s, "\xe2\x98\xba") == 0,
       "UTF-8 _wcstombs_s_l");
    _free_locale(u);
#endif
}

#ifdef _UCRT
static void test_restartable(void)
{
    wchar_t w[8];
    char s[8];
    mbstate_t state;
    memset(&state, 0, sizeof state);
    const char *src = "abc";
    ok(mbsrtowcs(w, &src, 8, &state) == 3 && src == NULL && wcscmp(w, L"abc") == 0,
       "mbsrtowcs converts the NUL and clears the source");
    src = "abcdef";
    ok(mbsrtowcs(w, &src, 2, &state) == 2 && src != NULL && strcmp(src, "cdef") == 0,
       "mbsrtowcs stops after len characters");
    src = "abcd";
    ok(mbsrtowcs(NULL, &src, 0, &state) == 4 && strcmp(src, "abcd") == 0,
       "mbsrtowcs without a destination counts");
    const wchar_t *wsrc = L"xyz";
    ok(wcsrtombs(s, &wsrc, 8, &state) == 3 && wsrc == NULL && strcmp(s, "xyz") == 0, "wcsrtombs");
    wsrc = L"xyz";
    ok(wcsrtombs(s, &wsrc, 1, &state) == 1 && wsrc != NULL && wcscmp(wsrc, L"yz") == 0,
       "wcsrtombs stops at len bytes");
    ok(mbrlen("q", 1, &state) == 1 && mbrlen("", 1, &state) == 0, "mbrlen");
    ok(___mb_cur_max_l_func(NULL) == MB_CUR_MAX, "___mb_cur_max_l_func(NULL)");
}
#endif

int main(void)
{
    test_secure();
    test_locale_forms();
#ifdef _UCRT
    test_restartable();
#endif
    return check_summary();
}
