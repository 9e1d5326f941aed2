/* stdlib.h, string.h, wchar.h and ctype.h: strtod and friends (exact
 * rounding, endptr, ERANGE), wide number parsing, qsort/bsearch through
 * callbacks, rand, div, _itoa, the _s string functions, wide strings, and
 * the "C" locale's ctype table. Built for msvcrt (mingw) and the UCRT (zig).
 *
 * mingw-w64 would link its own strtod replacement; the switch below keeps
 * msvcrt.dll's (as stdio.c does for printf). */
#define __USE_MINGW_ANSI_STDIO 0
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include <direct.h>
#include <malloc.h>
#include <windows.h>

#include "check.h"

static int invalid_parameter_calls;
static void __cdecl count_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                            const wchar_t *file, unsigned line, uintptr_t r)
{
    invalid_parameter_calls++;
}

static void test_strtod(void)
{
    char *end;
    ok(strtod("  1.5e3xyz", &end) == 1500.0 && strcmp(end, "xyz") == 0, "strtod basic");
    ok(strtod("0.1", NULL) == 0.1, "0.1 rounds like the compiler's literal");
    ok(strtod("2.2250738585072014e-308", NULL) == 2.2250738585072014e-308, "DBL_MIN");
    ok(strtod("1.7976931348623157e308", NULL) == 1.7976931348623157e308, "DBL_MAX");
    ok(strtod("9007199254740993", NULL) == 9007199254740992.0, "ties round to even");
    ok(strtod("-.5", &end) == -0.5 && *end == 0, "a leading point");
    ok(strtod("1e", &end) == 1.0 && strcmp(end, "e") == 0, "an exponent without digits stays");
    ok(strtod("abc", &end) == 0.0 && strcmp(end, "abc") == 0, "no number: endptr is the start");
    errno = 0;
    ok(strtod("1e999", &end) == HUGE_VAL && errno == ERANGE && *end == 0, "overflow: ERANGE");
    errno = 0;
    ok(strtod("-1e999", NULL) == -HUGE_VAL && errno == ERANGE, "negative overflow");
    errno = 0;
    ok(strtod("1e-999", NULL) == 0.0 && errno == ERANGE, "underflow: ERANGE");
    ok(atof("3.25") == 3.25, "atof");
    ok(strtof("0.1", NULL) == 0.1f, "strtof rounds to float");
#ifdef _UCRT
    /* msvcrt.dll reads neither "inf", "nan" nor hexadecimal floats. */
    ok(isinf(strtod("-INFINITY", &end)) && *end == 0, "UCRT inf");
    /* Documented: "nan(n-char-sequence)" is read whole. (Wine 8 stops early: fails there.) */
    ok(isnan(strtod("nan(ind)", &end)) && *end == 0, "UCRT nan(...)");
    ok(strtod("0x1.8p3", &end) == 12.0 && *end == 0, "UCRT hex float");
#endif
    wchar_t *wend;
    ok(wcstod(L" 2.5e-1!", &wend) == 0.25 && *wend == L'!', "wcstod");
    ok(_wtof(L"7.5") == 7.5, "_wtof");
}

static void test_wide_integers(void)
{
    wchar_t *end;
    ok(wcstol(L"  -123abc", &end, 10) == -123 && wcscmp(end, L"abc") == 0, "wcstol");
    ok(wcstoul(L"0x1F", NULL, 0) == 31, "wcstoul base 0 hex");
    errno = 0;
    ok(wcstol(L"99999999999", NULL, 10) == 2147483647 && errno == ERANGE, "wcstol overflow");
    ok(_wtoi(L"42") == 42, "_wtoi");
    ok(_wcstoi64(L"-9223372036854775808", NULL, 10) == (-9223372036854775807LL - 1),
       "_wcstoi64 minimum");
}

static int __cdecl compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int __cdecl compare_ints_desc(void *context, const void *a, const void *b)
{
    ++*(int *)context;
    return compare_ints(b, a);
}

static void test_sort_search(void)
{
    int v[] = {5, -3, 9, 0, 9, 2, -8, 7, 1, 4, 6, 3};
    int n = sizeof v / sizeof v[0];
    qsort(v, n, sizeof v[0], compare_ints);
    int sorted = 1;
    for (int i = 1; i < n; i++)
        sorted &= v[i - 1] <= v[i];
    ok(sorted && v[0] == -8 && v[n - 1] == 9, "qsort");
    int key = 7;
    int *hit = bsearch(&key, v, n, sizeof v[0], compare_ints);
    ok(hit && *hit == 7, "bsearch finds");
    key = 8;
    ok(bsearch(&key, v, n, sizeof v[0], compare_ints) == NULL, "bsearch misses");
    int calls = 0;
    qsort_s(v, n, sizeof v[0], compare_ints_desc, &calls);
    ok(v[0] == 9 && v[n - 1] == -8 && calls > 0, "qsort_s passes its context");
    qsort(v, 0, sizeof v[0], compare_ints);
    ok(v[0] == 9, "qsort of nothing");
}

static void test_rand_div_itoa(void)
{
    srand(1);
    int a = rand(), b = rand();
    ok(a == 41 && b == 18467, "rand's sequence for seed 1: %d %d", a, b);
    srand(1);
    ok(rand() == 41, "srand restarts it");
    div_t d = div(-7, 2);
    ok(d.quot == -3 && d.rem == -1, "div truncates: %d %d", d.quot, d.rem);
    ldiv_t l = ldiv(7, -2);
    ok(l.quot == -3 && l.rem == 1, "ldiv");
    lldiv_t ll = lldiv(-9000000000LL, 7);
    ok(ll.quot == -1285714285LL && ll.rem == -5, "lldiv");
    ok(abs(-5) == 5 && llabs(-5000000000LL) == 5000000000LL, "abs/llabs");

    char buf[70];
    ok(strcmp(_itoa(-255, buf, 10), "-255") == 0, "_itoa decimal");
    ok(strcmp(_itoa(-1, buf, 16), "ffffffff") == 0, "_itoa negative hex is unsigned: %s", buf);
    ok(strcmp(_i64toa(-1, buf, 2), "1111111111111111111111111111111111111111111111111111111111111111") == 0,
       "_i64toa binary");
    ok(strcmp(_ui64toa(18446744073709551615ULL, buf, 36), "3w5e11264sgsf") == 0, "_ui64toa base 36");
    wchar_t w[20];
    ok(wcscmp(_itow(1234, w, 10), L"1234") == 0, "_itow");
    ok(_itoa_s(12345, buf, sizeof buf, 10) == 0 && strcmp(buf, "12345") == 0, "_itoa_s");

    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    ok(_itoa_s(12345, buf, 3, 10) == ERANGE && buf[0] == 0, "_itoa_s too small: ERANGE");
    _set_invalid_parameter_handler(old);
}

static void test_strings(void)
{
    char buf[16];
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    ok(strcpy_s(buf, sizeof buf, "hello") == 0 && strcmp(buf, "hello") == 0, "strcpy_s");
    ok(strcat_s(buf, sizeof buf, " world") == 0 && strcmp(buf, "hello world") == 0, "strcat_s");
    ok(strcat_s(buf, sizeof buf, " again!") == ERANGE && buf[0] == 0, "strcat_s overflow empties");
    ok(strcpy_s(buf, 4, "toolong") == ERANGE && buf[0] == 0, "strcpy_s overflow");
    ok(strcpy_s(buf, sizeof buf, NULL) == EINVAL && buf[0] == 0, "strcpy_s NULL source");
    ok(strncpy_s(buf, sizeof buf, "abcdef", 3) == 0 && strcmp(buf, "abc") == 0, "strncpy_s");
    ok(strncpy_s(buf, 4, "abcdef", _TRUNCATE) == STRUNCATE && strcmp(buf, "abc") == 0,
       "strncpy_s _TRUNCATE");
    ok(strncat_s(buf, sizeof buf, "defgh", 2) == 0 && strcmp(buf, "abcde") == 0, "strncat_s");
    _set_invalid_parameter_handler(old);

    char *dup = _strdup("copy");
    ok(dup && strcmp(dup, "copy") == 0, "_strdup");
    free(dup);
    strcpy(buf, "MiXed");
    ok(strcmp(_strlwr(buf), "mixed") == 0 && strcmp(_strupr(buf), "MIXED") == 0, "_strlwr/_strupr");
    ok(strcmp(_strrev(buf), "DEXIM") == 0, "_strrev");
    ok(memchr("abcdef", 'd', 6) != NULL && memchr("abc", 'z', 3) == NULL, "memchr");
    strcpy(buf, "ab");
    ok(strcmp(strncat(buf, "cdef", 2), "abcd") == 0, "strncat");

    char text[] = " one,two,,three ";
    const char *tokens[4];
    int count = 0;
    for (char *t = strtok(text, " ,"); t && count < 4; t = strtok(NULL, " ,"))
        tokens[count++] = t;
    ok(count == 3 && strcmp(tokens[0], "one") == 0 && strcmp(tokens[2], "three") == 0,
       "strtok: %d tokens", count);
    char text2[] = "a:b";
    char *ctx = NULL;
    ok(strcmp(strtok_s(text2, ":", &ctx), "a") == 0 && strcmp(strtok_s(NULL, ":", &ctx), "b") == 0 &&
           strtok_s(NULL, ":", &ctx) == NULL,
       "strtok_s");

    wchar_t w[32];
    wcscpy(w, L"Hello");
    wcscat(w, L", World");
    ok(wcscmp(w, L"Hello, World") == 0 && wcslen(w) == 12, "wcscpy/wcscat");
    ok(wcschr(w, L'W') == w + 7 && wcsrchr(w, L'l') == w + 10 && wcschr(w, 0) == w + 12, "wcschr/wcsrchr");
    ok(wcsstr(w, L"World") == w + 7 && wcsstr(w, L"xyz") == NULL, "wcsstr");
    /* Through volatile pointers, so the compiler cannot fold the searches: a match after a
     * partial one, at the very end, a needle longer than what is left, the empty needle. */
    wchar_t *(*volatile search_w)(const wchar_t *, const wchar_t *) = wcsstr;
    char *(*volatile search)(const char *, const char *) = strstr;
    wchar_t aab[] = L"aabab";
    ok(search_w(aab, L"ab") == aab + 1 && search_w(aab, L"bab") == aab + 2 &&
           search_w(aab, L"abab") == aab + 1 && search_w(aab, L"babx") == NULL &&
           search_w(aab, L"aababx") == NULL && search_w(aab, L"") == aab &&
           search_w(aab + 5, L"a") == NULL,
       "wcsstr edges");
    char aab_a[] = "aabab";
    ok(search(aab_a, "ab") == aab_a + 1 && search(aab_a, "bab") == aab_a + 2 &&
           search(aab_a, "babx") == NULL && search(aab_a, "") == aab_a &&
           search(aab_a + 5, "a") == NULL,
       "strstr edges");
    ok(wcsncmp(w, L"Help", 3) == 0 && wcsncmp(w, L"Help", 4) < 0, "wcsncmp");
    ok(_wcsnicmp(L"ABCdef", L"abcDEG", 5) == 0 && _wcsnicmp(L"abc", L"ABD", 3) < 0, "_wcsnicmp");
    ok(wcsspn(L"aabbc", L"ab") == 4 && wcscspn(L"xyz1", L"0123") == 3, "wcsspn/wcscspn");
    ok(wcspbrk(w, L",!") == w + 5, "wcspbrk");
    wchar_t *wd = _wcsdup(w);
    ok(wd && wcscmp(_wcsupr(wd), L"HELLO, WORLD") == 0, "_wcsdup/_wcsupr");
    free(wd);
    old = _set_invalid_parameter_handler(count_invalid_parameter);
    ok(wcscpy_s(w, 4, L"abcd") == ERANGE && w[0] == 0, "wcscpy_s overflow");
    ok(wcscpy_s(w, 5, L"abcd") == 0 && wcscmp(w, L"abcd") == 0, "wcscpy_s fits");
    _set_invalid_parameter_handler(old);
}

static void test_ctype(void)
{
    ok(isalpha('a') && isalpha('Z') && !isalpha('1') && !isalpha(0xE9), "isalpha");
    ok(isdigit('7') && !isdigit('a') && isxdigit('f') && isxdigit('F') && !isxdigit('g'), "digits");
    ok(isspace(' ') && isspace('\t') && isspace('\v') && !isspace('x'), "isspace");
    ok(ispunct('!') && !ispunct('a') && !ispunct(' '), "ispunct");
    ok(isprint(' ') && !isprint('\n') && isgraph('a') && !isgraph(' '), "isprint/isgraph");
    ok(iscntrl(0x7F) && iscntrl('\n') && !iscntrl('a'), "iscntrl");
    ok(toupper('a') == 'A' && toupper('1') == '1' && tolower('Q') == 'q', "toupper/tolower");
    ok(toupper(0xE9) == 0xE9, "the C locale leaves non-ASCII alone");
    ok(_isctype('A', _UPPER | _HEX) == (_UPPER | _HEX), "_isctype");
    ok(_pctype['a'] == (_LOWER | _HEX) && _pctype['\t'] == (_SPACE | _CONTROL) &&
           _pctype[' '] == (_SPACE | _BLANK) && _pctype['5'] == (_DIGIT | _HEX) && _pctype[0xE9] == 0,
       "the _pctype table: a=%#x tab=%#x", _pctype['a'], _pctype['\t']);
    ok(__pctype_func() == _pctype, "__pctype_func");
    ok(iswalpha(L'x') && iswdigit(L'3') && iswspace(L' ') && !iswalpha(L'3'), "iswalpha/iswdigit");
    ok(towupper(L'a') == L'A' && towlower(L'Q') == L'q', "towupper/towlower");
    ok(towlower(L'\x00C9') == L'\x00C9', "the C locale maps only ASCII letters");
    ok(isblank('\t') && isblank(' ') && !isblank('\n'), "isblank");
}

static void test_multibyte(void)
{
    /* The "C" locale: each byte is the character of the same value, and back. */
    wchar_t w[8];
    ok(mbstowcs(w, "ab\xe9", 8) == 3 && w[2] == 0xE9 && w[3] == 0, "mbstowcs in the C locale");
    ok(mbstowcs(NULL, "abcd", 0) == 4, "mbstowcs counts");
    char m[8];
    ok(wcstombs(m, L"xy\x00e9", sizeof m) == 3 && (unsigned char)m[2] == 0xE9, "wcstombs");
    errno = 0;
    ok(wcstombs(m, L"\x263a", sizeof m) == (size_t)-1 && errno == EILSEQ, "wcstombs beyond 255: EILSEQ");
    wchar_t wc = 0;
    ok(mbtowc(&wc, "\xe9", 1) == 1 && wc == 0xE9, "mbtowc");
    ok(mbtowc(&wc, "", 1) == 0, "mbtowc of the NUL");
    ok(wctomb(m, L'A') == 1 && m[0] == 'A', "wctomb");
    ok(MB_CUR_MAX == 1, "MB_CUR_MAX is 1 in the C locale");
    ok(strcmp(setlocale(LC_ALL, NULL), "C") == 0, "setlocale query: C");
#ifdef _UCRT
    ok(setlocale(LC_ALL, ".UTF-8") != NULL, "the UCRT has UTF-8 locales");
    ok(MB_CUR_MAX == 4, "MB_CUR_MAX in UTF-8: %d", (int)MB_CUR_MAX);
    ok(mbstowcs(w, "\xc3\xa9t\xc3\xa9", 8) == 3 && w[0] == 0xE9 && w[1] == 't', "mbstowcs UTF-8");
    ok(wcstombs(m, L"\x263a", sizeof m) == 3 && memcmp(m, "\xe2\x98\xba", 3) == 0, "wcstombs UTF-8");
    ok(strcmp(setlocale(LC_ALL, "C"), "C") == 0 && MB_CUR_MAX == 1, "back to C");
#endif
}

static void test_memory_and_environment(void)
{
    void *p = _aligned_malloc(100, 64);
    ok(p && ((uintptr_t)p & 63) == 0, "_aligned_malloc aligns");
    memset(p, 0xAB, 100);
    unsigned char *q = _aligned_realloc(p, 200, 64);
    ok(q && ((uintptr_t)q & 63) == 0 && q[99] == 0xAB, "_aligned_realloc keeps the contents");
    _aligned_free(q);
#ifdef _UCRT
    /* _recalloc and _dupenv_s are not in mingw-w64's msvcrt.dll import library. */
    unsigned char *r = calloc(4, 1);
    memset(r, 0xFF, 4);
    r = _recalloc(r, 16, 1);
    ok(r && r[3] == 0xFF && r[4] == 0 && r[15] == 0, "_recalloc zeroes the new part");
    free(r);
#endif

    ok(_putenv("WINRUN_CRT_TEST=some value") == 0, "_putenv");
    size_t size = 0;
    char buf[32];
    ok(getenv_s(&size, buf, sizeof buf, "WINRUN_CRT_TEST") == 0 && size == 11 &&
           strcmp(buf, "some value") == 0,
       "getenv_s: %d", (int)size);
    /* Documented (the example on getenv_s's page): a NULL buffer asks for the size, and an
     * absent variable is size 0 and success. (Wine 8 fails both under the UCRT.) */
    ok(getenv_s(&size, NULL, 0, "WINRUN_CRT_TEST") == 0 && size == 11, "getenv_s sizes");
    ok(getenv_s(&size, buf, sizeof buf, "WINRUN_CRT_NONE") == 0 && size == 0 && buf[0] == 0,
       "getenv_s of an absent variable");
    ok(getenv_s(&size, buf, 4, "WINRUN_CRT_TEST") == ERANGE && size == 11,
       "getenv_s too small: ERANGE and the size, no handler");
#ifdef _UCRT
    char *dup = NULL;
    size_t len = 0;
    ok(_dupenv_s(&dup, &len, "winrun_crt_test") == 0 && dup && strcmp(dup, "some value") == 0 && len == 11,
       "_dupenv_s (names ignore case)");
    free(dup);
#endif
    ok(_wgetenv(L"WINRUN_CRT_TEST") && wcscmp(_wgetenv(L"WINRUN_CRT_TEST"), L"some value") == 0, "_wgetenv");
    ok(_wputenv(L"WINRUN_CRT_TEST=") == 0 && getenv("WINRUN_CRT_TEST") == NULL, "_wputenv removes");

    ok(strerror_s(buf, sizeof buf, ENOENT) == 0 && strcmp(buf, "No such file or directory") == 0,
       "strerror_s: %s", buf);
    ok(strerror_s(buf, 5, ENOENT) == 0 && strcmp(buf, "No s") == 0, "strerror_s cuts");
}

static void test_error_mode(void)
{
    ok(_set_error_mode(_REPORT_ERRMODE) == _OUT_TO_DEFAULT, "the error mode starts as default");
    ok(_set_error_mode(_OUT_TO_STDERR) == _OUT_TO_DEFAULT, "_set_error_mode returns the old mode");
    ok(_set_error_mode(_REPORT_ERRMODE) == _OUT_TO_STDERR, "_REPORT_ERRMODE reports it");
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    invalid_parameter_calls = 0;
    errno = 0;
    /* Documented: -1 and EINVAL through the invalid parameter handler. (Wine 8's msvcrt.dll
     * returns the old mode; mingw-w64 keeps its own handler for msvcrt.dll.) */
    ok(_set_error_mode(7) == -1 && errno == EINVAL, "an unknown mode is an invalid parameter");
#ifdef _UCRT
    ok(invalid_parameter_calls == 1, "the invalid parameter handler ran");
#endif
    _set_invalid_parameter_handler(old);
    ok(_set_error_mode(_OUT_TO_DEFAULT) == _OUT_TO_STDERR, "the unknown mode changed nothing");
}

/* The _s environment forms, drives, the heap handle, _sleep, _seterrormode. */
static void test_process_leftovers(void)
{
    ok(_putenv_s("WINRUN_S_TEST", "one") == 0 && strcmp(getenv("WINRUN_S_TEST"), "one") == 0,
       "_putenv_s");
    ok(_putenv_s("WINRUN_S_TEST", "") == 0 && getenv("WINRUN_S_TEST") == NULL,
       "_putenv_s with an empty value removes");
    ok(_wputenv_s(L"WINRUN_W_TEST", L"wide") == 0 && wcscmp(_wgetenv(L"WINRUN_W_TEST"), L"wide") == 0,
       "_wputenv_s");
    size_t size = 0;
    wchar_t w[8];
    /* The size-only and absent cases fail under Wine 8, as getenv_s's do above. */
    ok(_wgetenv_s(&size, w, 8, L"WINRUN_W_TEST") == 0 && size == 5 && wcscmp(w, L"wide") == 0,
       "_wgetenv_s: %u", (unsigned)size);
    ok(_wgetenv_s(&size, w, 3, L"WINRUN_W_TEST") == ERANGE && size == 5, "_wgetenv_s too small");
    ok(_wgetenv_s(&size, NULL, 0, L"WINRUN_W_TEST") == 0 && size == 5, "_wgetenv_s size only");
    ok(_wgetenv_s(&size, w, 8, L"WINRUN_NO_SUCH") == 0 && size == 0 && w[0] == 0,
       "_wgetenv_s absent");
#ifdef _UCRT
    wchar_t *copy = NULL;
    ok(_wdupenv_s(&copy, &size, L"WINRUN_W_TEST") == 0 && copy && wcscmp(copy, L"wide") == 0 &&
           size == 5,
       "_wdupenv_s");
    free(copy);
    ok(_wdupenv_s(&copy, &size, L"WINRUN_NO_SUCH") == 0 && copy == NULL && size == 0,
       "_wdupenv_s absent");
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);
    invalid_parameter_calls = 0;
    ok(_putenv_s(NULL, "x") == EINVAL && invalid_parameter_calls == 1, "_putenv_s without a name");
    _set_invalid_parameter_handler(old);
#endif

    char cwd[MAX_PATH];
    GetCurrentDirectoryA(sizeof cwd, cwd);
    ok(_getdrive() == toupper((unsigned char)cwd[0]) - 'A' + 1, "_getdrive %d for %s", _getdrive(),
       cwd);
    ok(_getdrives() == GetLogicalDrives() && (_getdrives() & (1u << (_getdrive() - 1))),
       "_getdrives %lx", (unsigned long)_getdrives());
    void *block = malloc(10);
    ok(HeapSize((HANDLE)_get_heap_handle(), 0, block) == 10, "_get_heap_handle is malloc's heap");
    free(block);
    /* Documented: 0 on success (Wine 8 returns -1: its HeapCompact is a stub). */
    ok(_heapmin() == 0, "_heapmin");

    DWORD start = GetTickCount();
    _sleep(50);
    ok(GetTickCount() - start >= 40, "_sleep: %lu ms", GetTickCount() - start);
    UINT previous = SetErrorMode(0);
    _seterrormode(SEM_FAILCRITICALERRORS);
    ok(SetErrorMode(previous) == SEM_FAILCRITICALERRORS, "_seterrormode");
}

int main(void)
{
    test_strtod();
    test_wide_integers();
    test_sort_search();
    test_rand_div_itoa();
    test_strings();
    test_ctype();
    test_multibyte();
    test_memory_and_environment();
    test_error_mode();
    test_process_leftovers();
    return check_summary();
}
