/* string.h, wchar.h and wctype.h beyond the basics: filling and reversing in
 * place (_strset, _wcsnset, _wcsrev and their _s forms), _strlwr_s and the
 * other _s case conversions with their EINVAL cases, _memccpy, _memicmp,
 * the "C" locale's collation forms (_stricoll ...), wcstok/wcstok_s,
 * memcpy_s and friends, _strerror/_wcserror and their wide and _s forms,
 * and the wctype names (wctype, wctrans, _isw*_l, __iswcsym). Built for
 * msvcrt (mingw) and the UCRT (zig).
 *
 * Wine 8 differs from the documentation in two ways the checks follow
 * Windows on: its _strnset returns a pointer past the characters it set
 * (documented: the string), and it lacks _strset_s and several other _s
 * forms here. */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "check.h"

/* Exported by both runtimes, not declared by their headers. */
char *__cdecl _strlwr_l(char *, _locale_t);

static int invalid_parameter_calls;
static void __cdecl count_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                            const wchar_t *file, unsigned line, uintptr_t r)
{
    invalid_parameter_calls++;
}

static void test_fill_and_reverse(void)
{
    char s[8];
    wchar_t w[8];

    strcpy(s, "abc");
    ok(_strset(s, 'x') == s && strcmp(s, "xxx") == 0, "_strset");
    ok(_strnset(s, 'y', 2) == s && strcmp(s, "yyx") == 0, "_strnset");
    ok(_strnset(s, 'z', 10) == s && strcmp(s, "zzz") == 0, "_strnset stops at the terminator");
    ok(_strset_s(s, sizeof s, 'q') == 0 && strcmp(s, "qqq") == 0, "_strset_s");
    ok(_strnset_s(s, sizeof s, 'r', 1) == 0 && strcmp(s, "rqq") == 0, "_strnset_s");
    ok(_strnset_s(NULL, 0, 'r', 0) == 0, "_strnset_s of nothing");
    wcscpy(w, L"abc");
    ok(_wcsset(w, L'x') == w && wcscmp(w, L"xxx") == 0, "_wcsset");
    ok(_wcsnset(w, L'y', 1) == w && wcscmp(w, L"yxx") == 0, "_wcsnset");
    ok(_wcsset_s(w, 8, L'q') == 0 && wcscmp(w, L"qqq") == 0, "_wcsset_s");
    ok(_wcsnset_s(w, 8, L'r', 2) == 0 && wcscmp(w, L"rrq") == 0, "_wcsnset_s");
    wcscpy(w, L"ab\x263a");
    ok(_wcsrev(w) == w && wcscmp(w, L"\x263a" L"ba") == 0, "_wcsrev");
}

static void test_case_s(void)
{
    char s[8] = "AbC";
    wchar_t w[8] = L"AbC";

    ok(_strlwr_s(s, sizeof s) == 0 && strcmp(s, "abc") == 0, "_strlwr_s");
    ok(_strupr_s(s, sizeof s) == 0 && strcmp(s, "ABC") == 0, "_strupr_s");
    ok(_wcslwr_s(w, 8) == 0 && wcscmp(w, L"abc") == 0, "_wcslwr_s");
    ok(_wcsupr_s(w, 8) == 0 && wcscmp(w, L"ABC") == 0, "_wcsupr_s");
    _locale_t c = _create_locale(LC_ALL, "C");
    ok(_strlwr_l(s, c) == s && strcmp(s, "abc") == 0, "_strlwr_l");
    ok(_strupr_l(s, c) == s && strcmp(s, "ABC") == 0, "_strupr_l");
    ok(_wcslwr_l(w, c) == w && wcscmp(w, L"abc") == 0, "_wcslwr_l");
    ok(_wcsupr_l(w, c) == w && wcscmp(w, L"ABC") == 0, "_wcsupr_l");
    ok(_strlwr_s_l(s, sizeof s, c) == 0 && strcmp(s, "abc") == 0, "_strlwr_s_l");
    ok(_strupr_s_l(s, sizeof s, c) == 0 && strcmp(s, "ABC") == 0, "_strupr_s_l");
    ok(_wcslwr_s_l(w, 8, c) == 0 && wcscmp(w, L"abc") == 0, "_wcslwr_s_l");
    ok(_wcsupr_s_l(w, 8, c) == 0 && wcscmp(w, L"ABC") == 0, "_wcsupr_s_l");
    ok(_memicmp_l("ABc", "abC", 3, c) == 0, "_memicmp_l");
    ok(_stricoll_l("ABC", "abc", c) == 0 && _strncoll_l("abx", "aby", 2, c) == 0 &&
           _strnicoll_l("ABx", "aby", 2, c) == 0,
       "narrow collation _l forms");
    ok(_wcsicoll_l(L"ABC", L"abc", c) == 0 && _wcsncoll_l(L"abx", L"aby", 2, c) == 0 &&
           _wcsnicoll_l(L"ABx", L"aby", 2, c) == 0 && _wcsnicmp_l(L"ABx", L"aby", 2, c) == 0,
       "wide collation _l forms");
    char x[8];
    wchar_t wx[8];
    ok(_strxfrm_l(x, "abc", sizeof x, c) == 3 && strcmp(x, "abc") == 0, "_strxfrm_l");
    ok(_wcsxfrm_l(wx, L"abc", 8, c) == 3 && wcscmp(wx, L"abc") == 0, "_wcsxfrm_l");
    _free_locale(c);
}

static void test_memory(void)
{
    char dst[8];
    memset(dst, 'x', sizeof dst);
    char *end = _memccpy(dst, "ab,cd", ',', 5);
    ok(end == dst + 3 && memcmp(dst, "ab,x", 4) == 0, "_memccpy stops after the character");
    memset(dst, 'x', sizeof dst);
    ok(_memccpy(dst, "abc", '!', 3) == NULL && memcmp(dst, "abcx", 4) == 0,
       "_memccpy without the character copies all");
    ok(_memicmp("ABc", "abC", 3) == 0 && _memicmp("a", "B", 1) < 0 && _memicmp("a", "b", 0) == 0,
       "_memicmp");
    ok(_strcmpi("HeLLo", "hello") == 0 && _strcmpi("a", "B") < 0, "_strcmpi");
    ok(_stricoll("ABC", "abc") == 0 && _stricoll("a", "B") < 0, "_stricoll");
    ok(_strncoll("abx", "aby", 2) == 0 && _strncoll("abx", "aby", 3) < 0, "_strncoll");
    ok(_strnicoll("ABx", "aby", 2) == 0, "_strnicoll");
    ok(_wcsicoll(L"ABC", L"abc") == 0, "_wcsicoll");
    ok(_wcsncoll(L"abx", L"aby", 2) == 0 && _wcsncoll(L"abx", L"aby", 3) < 0, "_wcsncoll");
    ok(_wcsnicoll(L"ABx", L"aby", 2) == 0, "_wcsnicoll");
}

#ifdef _UCRT
/* UCRT-only exports. */
size_t __cdecl __strncnt(const char *, size_t);
size_t __cdecl __wcsncnt(const wchar_t *, size_t);
/* The header's macros would test without calling the DLL. */
#undef __iswcsym
#undef __iswcsymf

static void test_ucrt_only(void)
{
    char dst[8];
    wchar_t wdst[4];
    ok(__strncnt("hello", 3) == 3 && __strncnt("hi", 9) == 2, "__strncnt");
    ok(__wcsncnt(L"hello", 3) == 3 && __wcsncnt(L"hi", 9) == 2, "__wcsncnt");
    ok(memcpy_s(dst, sizeof dst, "abc", 4) == 0 && strcmp(dst, "abc") == 0, "memcpy_s");
    ok(memmove_s(dst + 1, 7, dst, 3) == 0 && memcmp(dst, "aabc", 4) == 0, "memmove_s overlaps");
    ok(wmemcpy_s(wdst, 4, L"xyz", 4) == 0 && wcscmp(wdst, L"xyz") == 0, "wmemcpy_s");
    ok(wmemmove_s(wdst, 4, wdst + 1, 2) == 0 && wcscmp(wdst, L"yzz") == 0, "wmemmove_s");
    ok(memcpy_s(dst, 8, NULL, 0) == 0, "memcpy_s of nothing");

    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    invalid_parameter_calls = 0;
    memset(dst, 'x', sizeof dst);
    ok(memcpy_s(dst, 2, "abc", 3) == ERANGE && dst[0] == 0 && dst[1] == 0 && dst[2] == 'x',
       "memcpy_s too small: ERANGE, the destination zeroed");
    memset(dst, 'x', sizeof dst);
    ok(memcpy_s(dst, 4, NULL, 3) == EINVAL && dst[0] == 0, "memcpy_s from NULL: EINVAL");
    memset(dst, 'x', sizeof dst);
    ok(memmove_s(dst, 2, "abc", 3) == ERANGE && dst[0] == 'x',
       "memmove_s too small: ERANGE, the destination kept");
    ok(memcpy_s(NULL, 4, "a", 1) == EINVAL, "memcpy_s to NULL: EINVAL");
    ok(invalid_parameter_calls == 4, "each called the handler (%d)", invalid_parameter_calls);
    _set_invalid_parameter_handler(old);

    ok(__iswcsym(L'_') && __iswcsym(L'7') && __iswcsym(0xE9) && !__iswcsym(L'-'), "__iswcsym");
    ok(__iswcsymf(L'_') && !__iswcsymf(L'7') && __iswcsymf(L'a'), "__iswcsymf");
    ok(_iswcsym_l(L'9', NULL) && !_iswcsymf_l(L'9', NULL), "_iswcsym_l/_iswcsymf_l");
    ok(_iswblank_l(L' ', NULL) && !_iswblank_l(L'x', NULL), "_iswblank_l");
    ok(_isblank_l(' ', NULL) && _isblank_l('\t', NULL) && !_isblank_l('x', NULL), "_isblank_l");

    wchar_t text[] = L"a b  c", *context = NULL;
    ok(wcscmp(wcstok(text, L" ", &context), L"a") == 0 &&
           wcscmp(wcstok(NULL, L" ", &context), L"b") == 0 &&
           wcscmp(wcstok(NULL, L" ", &context), L"c") == 0 && wcstok(NULL, L" ", &context) == NULL,
       "the UCRT's wcstok with a context");
    wchar_t text2[] = L"x;y";
    ok(wcscmp(wcstok(text2, L";", NULL), L"x") == 0 && wcscmp(wcstok(NULL, L";", NULL), L"y") == 0,
       "the UCRT's wcstok without one keeps its place per thread");
}
#else
static void test_msvcrt_wcstok(void)
{
    wchar_t text[] = L"a b  c";
    ok(wcscmp(wcstok(text, L" "), L"a") == 0 && wcscmp(wcstok(NULL, L" "), L"b") == 0 &&
           wcscmp(wcstok(NULL, L" "), L"c") == 0 && wcstok(NULL, L" ") == NULL,
       "msvcrt's wcstok");
}
#endif

static void test_wcstok_s(void)
{
    wchar_t text[] = L",x,,y", *context = NULL;
    ok(wcscmp(wcstok_s(text, L",", &context), L"x") == 0 &&
           wcscmp(wcstok_s(NULL, L",", &context), L"y") == 0 &&
           wcstok_s(NULL, L",", &context) == NULL,
       "wcstok_s");
}

static void test_errors(void)
{
    char buf[64];
    wchar_t wbuf[64];

    errno = ENOENT;
    ok(strcmp(_strerror("open"), "open: No such file or directory\n") == 0, "_strerror: %s",
       _strerror("open"));
    errno = EACCES;
    ok(strcmp(_strerror(NULL), "Permission denied\n") == 0, "_strerror(NULL)");
    errno = ENOENT;
    ok(_strerror_s(buf, sizeof buf, "f") == 0 && strcmp(buf, "f: No such file or directory\n") == 0,
       "_strerror_s");
    ok(_strerror_s(buf, 5, NULL) == 0 && strcmp(buf, "No s") == 0, "_strerror_s truncates");
    ok(wcscmp(_wcserror(EEXIST), L"File exists") == 0, "_wcserror");
    ok(_wcserror_s(wbuf, 64, ENOMEM) == 0 && wcscmp(wbuf, L"Not enough space") == 0,
       "_wcserror_s");
    errno = EBADF;
    ok(wcscmp(__wcserror(L"fd"), L"fd: Bad file descriptor\n") == 0, "__wcserror");
    ok(__wcserror_s(wbuf, 64, NULL) == 0 && wcscmp(wbuf, L"Bad file descriptor\n") == 0,
       "__wcserror_s");
}

static void test_wctype(void)
{
    ok(wctype("alpha") == _ALPHA && wctype("digit") == _DIGIT && wctype("space") == _SPACE &&
           wctype("xdigit") == _HEX && wctype("alnum") == (_ALPHA | _DIGIT) &&
           wctype("print") == (_BLANK | _PUNCT | _ALPHA | _DIGIT) && wctype("nosuch") == 0,
       "wctype names");
    ok(iswctype(L'x', wctype("lower")) && !iswctype(L'X', wctype("lower")), "iswctype(wctype)");
    ok(is_wctype(L'5', _DIGIT) && !is_wctype(L'a', _DIGIT), "is_wctype");
    ok(towctrans(L'a', wctrans("toupper")) == L'A' && towctrans(L'A', wctrans("tolower")) == L'a',
       "towctrans");
    ok(wctrans("sideways") == 0, "wctrans of an unknown name");
    ok(_iswalpha_l(L'a', NULL) && !_iswalpha_l(L'1', NULL) && _iswdigit_l(L'1', NULL) &&
           _iswupper_l(L'A', NULL) && _iswlower_l(L'a', NULL) && _iswxdigit_l(L'f', NULL) &&
           _iswspace_l(L' ', NULL) && _iswpunct_l(L'!', NULL) && _iswalnum_l(L'z', NULL) &&
           _iswprint_l(L' ', NULL) && _iswgraph_l(L'!', NULL) && !_iswgraph_l(L' ', NULL) &&
           _iswcntrl_l(L'\n', NULL),
       "_isw*_l");
    ok(_iswctype_l(L'a', _LOWER, NULL) && !_iswctype_l(L'a', _UPPER, NULL), "_iswctype_l");
    ok(_isctype_l('a', _LOWER, NULL) && !_isctype_l('a', _DIGIT, NULL), "_isctype_l");
}

int main(void)
{
    test_fill_and_reverse();
    test_case_s();
    test_memory();
#ifdef _UCRT
    test_ucrt_only();
#else
    test_msvcrt_wcstok();
#endif
    test_wcstok_s();
    test_errors();
    test_wctype();

    /* The _s failures. */
    char s[4] = {'a', 'b', 'c', 'd'};
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    ok(_strlwr_s(s, sizeof s) == EINVAL && s[0] == 0, "_strlwr_s unterminated: EINVAL, emptied");
    ok(_strupr_s(NULL, 4) == EINVAL, "_strupr_s(NULL): EINVAL");
    memcpy(s, "abcd", 4);
    ok(_strset_s(s, sizeof s, 'x') == EINVAL && s[0] == 0, "_strset_s unterminated: EINVAL");
    ok(_strerror_s(NULL, 4, "x") == EINVAL, "_strerror_s(NULL): EINVAL");
    wchar_t *context = NULL;
    ok(wcstok_s(NULL, L",", &context) == NULL && errno == EINVAL,
       "wcstok_s with nothing to continue: EINVAL");
    _set_invalid_parameter_handler(old);
    return check_summary();
}
