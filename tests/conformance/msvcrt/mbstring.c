/* mbctype.h and mbstring.h: the multibyte code page (_setmbcp/_getmbcp and
 * its _mbctype/_mbcasemap tables), the _ismbb and _ismbc tests, and the _mbs
 * string functions, in code page 1252 (single-byte: _getmbcp is 0, the upper
 * half has letters) and UTF-8 (multibyte to the CRT, but without DBCS lead
 * bytes: every character of _mbs* is a byte). Built for msvcrt (mingw) and
 * the UCRT (zig).
 *
 * Where Wine 8 differs from Microsoft's documentation (and the CRT's source
 * as Microsoft ships it), the check follows Windows and says so:
 * - _getmbcp returns 0 for a single-byte code page; Wine returns its number
 *   (and 20127 after _setmbcp(_MB_CP_SBCS)).
 * - _mbsupr/_mbslwr and _mbcasemap follow the code page's letters (0xE0 and
 *   0xC0 in 1252); Wine changes ASCII letters only and leaves _mbcasemap 0.
 * - _mbsnset/_mbsnbset return the string; Wine's return a pointer past the
 *   characters they set.
 * - The _mbs functions check their pointers (EINVAL); Wine's _mbsstr reads
 *   through NULL.
 * - Wine lacks _ismbbalpha and the other _ismbb class tests, _mbstrnlen,
 *   several _s forms, and the UCRT's __p__mbcasemap. */
#include <errno.h>
#include <locale.h>
#include <mbctype.h>
#include <mbstring.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifdef _UCRT
#define MBCTYPE (__p__mbctype())
#define MBCASEMAP (__p__mbcasemap())
#else
/* mingw-w64's mbctype.h reads these arrays as if they were pointers. */
#undef _mbctype
#undef _mbcasemap
__declspec(dllimport) extern unsigned char _mbctype[257];
__declspec(dllimport) extern unsigned char _mbcasemap[256];
#define MBCTYPE (_mbctype)
#define MBCASEMAP (_mbcasemap)
#endif

/* Exported by both runtimes, not declared by their headers. */
errno_t __cdecl _mbscat_s_l(unsigned char *, size_t, const unsigned char *, _locale_t);

static int invalid_parameter_calls;
static void __cdecl count_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                            const wchar_t *file, unsigned line, uintptr_t r)
{
    invalid_parameter_calls++;
}

#define U(s) ((unsigned char *)(s))

static void test_code_pages(void)
{
    int ansi = GetACP() == 65001 ? 65001 : 0;
    ok(_getmbcp() == ansi, "at startup the ANSI code page (%d), got %d", ansi, _getmbcp());

    ok(_setmbcp(1252) == 0, "_setmbcp(1252)");
    ok(_getmbcp() == 0, "1252 is a single-byte code page: _getmbcp 0, got %d", _getmbcp());
    ok(MBCTYPE[0xC0 + 1] == _SBUP && MBCTYPE[0xE0 + 1] == _SBLOW,
       "1252: 0xC0 upper, 0xE0 lower (%x %x)", MBCTYPE[0xC1], MBCTYPE[0xE1]);
    ok(MBCTYPE['A' + 1] == _SBUP && MBCTYPE['z' + 1] == _SBLOW && MBCTYPE['1' + 1] == 0 &&
           MBCTYPE[0xD7 + 1] == 0 && MBCTYPE[0] == 0,
       "1252: ASCII letters, not digits, the multiplication sign or EOF");
    ok(MBCASEMAP[0xC0] == 0xE0 && MBCASEMAP[0xE0] == 0xC0 && MBCASEMAP['A'] == 'a' &&
           MBCASEMAP['a'] == 'A',
       "1252 case map (%x %x)", MBCASEMAP[0xC0], MBCASEMAP[0xE0]);
    ok(!_ismbblead(0x81) && !_ismbbtrail(0x81) && !_ismbbtrail('A'), "1252 has no lead bytes");

    ok(_setmbcp(65001) == 0, "_setmbcp(65001)");
    ok(_getmbcp() == 65001, "UTF-8 is multibyte: got %d", _getmbcp());
    ok(MBCTYPE[0xC3 + 1] == 0 && MBCTYPE['A' + 1] == _SBUP && MBCTYPE['a' + 1] == _SBLOW,
       "UTF-8: only ASCII letters are single-byte letters");
    ok(!_ismbblead(0xC3) && !_ismbblead(0xE2) && !_ismbbtrail(0x80) && !_ismbbtrail(0xA9),
       "UTF-8 bytes are neither lead nor trail bytes");

    errno = 0;
    ok(_setmbcp(12345) == -1, "an unknown code page is refused");
    ok(_getmbcp() == 65001, "... and the code page stays");

    ok(_setmbcp(_MB_CP_SBCS) == 0 && _getmbcp() == 0, "_MB_CP_SBCS");
    ok(MBCTYPE['A' + 1] == _SBUP && MBCTYPE[0xC0 + 1] == 0, "_MB_CP_SBCS: ASCII letters only");
    ok(_setmbcp(_MB_CP_ANSI) == 0 && _getmbcp() == ansi, "_MB_CP_ANSI");
    ok(_setmbcp(_MB_CP_LOCALE) == 0 && _getmbcp() == 0,
       "_MB_CP_LOCALE in the \"C\" locale: single-byte");
}

static void test_byte_classes(void)
{
    ok(_ismbbalnum('a') && _ismbbalnum('5') && !_ismbbalnum('!'), "_ismbbalnum");
    ok(_ismbbalpha('Z') && !_ismbbalpha('1'), "_ismbbalpha");
    ok(_ismbbgraph('!') && !_ismbbgraph(' '), "_ismbbgraph");
    ok(_ismbbprint(' ') && _ismbbprint('x') && !_ismbbprint('\n'), "_ismbbprint");
    ok(_ismbbpunct('!') && !_ismbbpunct('a'), "_ismbbpunct");
    ok(!_ismbbkalnum('a') && !_ismbbkprint('a') && !_ismbbkpunct('!'),
       "no kanji-only classes outside code page 932");
    ok(!_ismbbkana(0xB1), "no single-byte katakana outside code page 932");
    ok(_mbbtype('A', _MBC_SINGLE) == _MBC_SINGLE, "_mbbtype of a letter");
    ok(_mbbtype(1, _MBC_SINGLE) == _MBC_ILLEGAL, "_mbbtype of a control character");
    ok(_mbbtype('A', _MBC_LEAD) == _MBC_ILLEGAL, "_mbbtype after a lead byte: no trail byte");
#ifdef _UCRT
    ok(_ismbbblank(' ') && !_ismbbblank('a'), "_ismbbblank");
    ok(_ismbcblank(' ') && !_ismbcblank('x'), "_ismbcblank");
    ok(_mbbtype_l('A', _MBC_SINGLE, NULL) == _MBC_SINGLE, "_mbbtype_l");
#endif

    ok(_ismbcalnum('7') && _ismbcalpha('q') && !_ismbcalpha('7'), "_ismbcalnum/_ismbcalpha");
    ok(_ismbcdigit('0') && !_ismbcdigit('a'), "_ismbcdigit");
    ok(_ismbcgraph('~') && !_ismbcgraph(' '), "_ismbcgraph");
    ok(_ismbcprint(' ') && !_ismbcprint(0x7F), "_ismbcprint");
    ok(_ismbcpunct(',') && !_ismbcpunct('b'), "_ismbcpunct");
    ok(_ismbcspace('\t') && !_ismbcspace('b'), "_ismbcspace");
    ok(_ismbclower('a') && !_ismbclower('A') && _ismbcupper('A') && !_ismbcupper('a'),
       "_ismbclower/_ismbcupper");
    ok(!_ismbcsymbol('+'), "_ismbcsymbol: only double-byte characters are symbols");
    ok(!_ismbcalpha(0x8260) && !_ismbcupper(0x8260), "no double-byte characters here");

    ok(_mbctoupper('a') == 'A' && _mbctolower('A') == 'a' && _mbctoupper('1') == '1',
       "_mbctoupper/_mbctolower");
    ok(_mbctoupper(0x8281) == 0x8281, "a value that is no character stays");
    ok(_mbbtombc('A') == 'A' && _mbctombb(0x8260) == 0x8260,
       "_mbbtombc/_mbctombb convert only in code page 932");

    _setmbcp(1252);
    ok(_mbctoupper(0xE0) == 0xC0 && _mbctolower(0xC0) == 0xE0, "1252: letters of the upper half");
    ok(_ismbcupper(0xC0) && _ismbclower(0xE0) && !_ismbclower(0xD7), "1252: their case");
    _setmbcp(65001);
    ok(_mbctoupper(0xE0) == 0xE0 && !_ismbcupper(0xC0), "UTF-8: no single-byte letters above ASCII");
}

static void test_search(void)
{
    const unsigned char *s = U("hello");
    ok(_mbschr(s, 'l') == s + 2 && _mbschr(s, 0) == s + 5 && _mbschr(s, 'z') == NULL, "_mbschr");
    ok(_mbsrchr(s, 'l') == s + 3 && _mbsrchr(s, 'z') == NULL, "_mbsrchr");
    ok(_mbsstr(s, U("ll")) == s + 2 && _mbsstr(s, U("")) == s && _mbsstr(s, U("lo!")) == NULL,
       "_mbsstr");
    ok(_mbsspn(U("aabbc"), U("ab")) == 4 && _mbscspn(s, U("lo")) == 2, "_mbsspn/_mbscspn");
    ok(_mbsspnp(U("aab"), U("a")) != NULL && *_mbsspnp(U("aab"), U("a")) == 'b' &&
           _mbsspnp(U("aa"), U("a")) == NULL,
       "_mbsspnp");
    ok(_mbspbrk(s, U("ol")) == s + 2 && _mbspbrk(s, U("xyz")) == NULL, "_mbspbrk");
    ok(_mbslen(U("h\xc3\xa9")) == 3, "_mbslen counts UTF-8 bytes: no lead bytes");
    ok(_mbsnlen(s, 3) == 3 && _mbsnlen(U("hi"), 10) == 2, "_mbsnlen");
    ok(_mbstrlen("h\xc3\xa9") == 3, "_mbstrlen in the \"C\" locale: bytes");
    ok(_mbstrnlen("hello", 2) == 2, "_mbstrnlen");
    ok(_mbsinc(s) == s + 1 && _mbsninc(s, 3) == s + 3 && _mbsninc(s, 10) == s + 5, "_mbsinc/_mbsninc");
    ok(_mbsdec(s, s + 2) == s + 1 && _mbsdec(s, s) == NULL, "_mbsdec");
    ok(_mbsnextc(U("\xc3\xa9")) == 0xC3, "_mbsnextc: a byte");
    ok(_mbsnccnt(s, 3) == 3 && _mbsnccnt(U("hi"), 10) == 2 && _mbsnbcnt(s, 4) == 4 &&
           _mbsnbcnt(U("hi"), 10) == 2,
       "_mbsnccnt/_mbsnbcnt");
    ok(_mbclen(U("\xc3\xa9")) == 1 && _mbclen(U("a")) == 1, "_mbclen");
    ok(_ismbslead(s, s + 1) == 0 && _ismbstrail(s, s + 1) == 0, "_ismbslead/_ismbstrail");
    ok(_mbsbtype(U("ab"), 1) == _MBC_SINGLE, "_mbsbtype");

    ok(_mbscmp(U("abc"), U("abd")) < 0 && _mbscmp(U("abc"), U("abc")) == 0 &&
           _mbscmp(U("b"), U("abc")) > 0,
       "_mbscmp");
    ok(_mbsicmp(U("ABC"), U("abc")) == 0 && _mbsicmp(U("abc"), U("ABD")) < 0, "_mbsicmp");
    ok(_mbsncmp(U("abcx"), U("abcy"), 3) == 0 && _mbsncmp(U("abcx"), U("abcy"), 4) < 0, "_mbsncmp");
    ok(_mbsnbcmp(U("abcx"), U("abcy"), 3) == 0 && _mbsnbcmp(U("b"), U("a"), 1) > 0, "_mbsnbcmp");
    ok(_mbsnicmp(U("ABCx"), U("abcy"), 3) == 0 && _mbsnicmp(U("ABCx"), U("abcy"), 4) < 0,
       "_mbsnicmp");
    ok(_mbsnbicmp(U("ABCx"), U("abcy"), 3) == 0, "_mbsnbicmp");
    ok(_mbscoll(U("abc"), U("abd")) < 0 && _mbscoll(U("abc"), U("abc")) == 0, "_mbscoll");
    ok(_mbsicoll(U("ABC"), U("abc")) == 0, "_mbsicoll");
    ok(_mbsncoll(U("abcx"), U("abcy"), 3) == 0 && _mbsnbcoll(U("abcx"), U("abcy"), 4) < 0,
       "_mbsncoll/_mbsnbcoll");
    ok(_mbsnicoll(U("ABCx"), U("abcy"), 3) == 0 && _mbsnbicoll(U("ABCx"), U("abcy"), 3) == 0,
       "_mbsnicoll/_mbsnbicoll");
}

static void test_copies(void)
{
    unsigned char buf[16];
    int copied = -1;

    ok(_mbscpy_s(buf, sizeof buf, U("abc")) == 0 && strcmp((char *)buf, "abc") == 0, "_mbscpy_s");
    ok(_mbscat_s(buf, sizeof buf, U("de")) == 0 && strcmp((char *)buf, "abcde") == 0, "_mbscat_s");
    memset(buf, 'x', sizeof buf);
    ok(_mbsncpy(buf, U("ab"), 4) == buf && memcmp(buf, "ab\0\0x", 5) == 0, "_mbsncpy pads");
    memset(buf, 'x', sizeof buf);
    ok(_mbsnbcpy(buf, U("abcdef"), 3) == buf && memcmp(buf, "abcx", 4) == 0,
       "_mbsnbcpy: no terminator when the source is longer");
    strcpy((char *)buf, "ab");
    ok(_mbsncat(buf, U("cde"), 2) == buf && strcmp((char *)buf, "abcd") == 0, "_mbsncat");
    ok(_mbsnbcat(buf, U("xyz"), 1) == buf && strcmp((char *)buf, "abcdx") == 0, "_mbsnbcat");
    ok(_mbsncpy_s(buf, sizeof buf, U("abcdef"), 3) == 0 && strcmp((char *)buf, "abc") == 0,
       "_mbsncpy_s");
    ok(_mbsnbcpy_s(buf, sizeof buf, U("xy"), 5) == 0 && strcmp((char *)buf, "xy") == 0,
       "_mbsnbcpy_s");
    ok(_mbsncat_s(buf, sizeof buf, U("zzz"), 2) == 0 && strcmp((char *)buf, "xyzz") == 0,
       "_mbsncat_s");
    ok(_mbsnbcat_s(buf, sizeof buf, U("!"), 1) == 0 && strcmp((char *)buf, "xyzz!") == 0,
       "_mbsnbcat_s");
    memset(buf, 'x', sizeof buf);
    _mbccpy(buf, U("ab"));
    ok(buf[0] == 'a' && buf[1] == 'x', "_mbccpy copies one character");
    ok(_mbccpy_s(buf, 4, &copied, U("\xc3\xa9")) == 0 && copied == 1 && buf[0] == 0xC3,
       "_mbccpy_s");
    unsigned char *dup = _mbsdup(U("dup"));
    ok(dup && strcmp((char *)dup, "dup") == 0, "_mbsdup");
    free(dup);

    strcpy((char *)buf, "abc");
    ok(_mbsrev(buf) == buf && strcmp((char *)buf, "cba") == 0, "_mbsrev");
    ok(_mbsset(buf, 'x') == buf && strcmp((char *)buf, "xxx") == 0, "_mbsset");
    ok(_mbsnset(buf, 'y', 2) == buf && strcmp((char *)buf, "yyx") == 0, "_mbsnset");
    ok(_mbsnbset(buf, 'z', 10) == buf && strcmp((char *)buf, "zzz") == 0, "_mbsnbset stops at the end");
    ok(_mbsset_s(buf, sizeof buf, 'q') == 0 && strcmp((char *)buf, "qqq") == 0, "_mbsset_s");
    ok(_mbsnset_s(buf, sizeof buf, 'r', 1) == 0 && strcmp((char *)buf, "rqq") == 0, "_mbsnset_s");
    ok(_mbsnbset_s(buf, sizeof buf, 's', 2) == 0 && strcmp((char *)buf, "ssq") == 0, "_mbsnbset_s");

    char tokens[] = "a,b,,c";
    ok(strcmp((char *)_mbstok(U(tokens), U(",")), "a") == 0, "_mbstok first");
    ok(strcmp((char *)_mbstok(NULL, U(",")), "b") == 0, "_mbstok second");
    ok(strcmp((char *)_mbstok(NULL, U(",")), "c") == 0, "_mbstok skips empty fields");
    ok(_mbstok(NULL, U(",")) == NULL, "_mbstok end");
    char tokens2[] = " x y";
    unsigned char *context = NULL;
    ok(strcmp((char *)_mbstok_s(U(tokens2), U(" "), &context), "x") == 0 &&
           strcmp((char *)_mbstok_s(NULL, U(" "), &context), "y") == 0 &&
           _mbstok_s(NULL, U(" "), &context) == NULL,
       "_mbstok_s");
}

static void test_case(void)
{
    unsigned char s[] = "Ab\xc0\xe0z";
    _setmbcp(1252);
    ok(_mbsupr(s) == s && memcmp(s, "AB\xc0\xc0Z", 6) == 0, "1252 _mbsupr: %02x %02x", s[2], s[3]);
    ok(_mbslwr(s) == s && memcmp(s, "ab\xe0\xe0z", 6) == 0, "1252 _mbslwr: %02x %02x", s[2], s[3]);
    ok(_mbsicmp(U("\xc0x"), U("\xe0X")) != 0,
       "1252 _mbsicmp of a single-byte code page is the \"C\" locale's _stricmp");

    _setmbcp(65001);
    unsigned char t[] = "Ab\xc3\xa9z";
    ok(_mbsupr(t) == t && memcmp(t, "AB\xc3\xa9Z", 6) == 0, "UTF-8 _mbsupr leaves UTF-8 bytes");
    ok(_mbslwr(t) == t && memcmp(t, "ab\xc3\xa9z", 6) == 0, "UTF-8 _mbslwr");
    ok(_mbsupr_s(t, sizeof t) == 0 && memcmp(t, "AB\xc3\xa9Z", 6) == 0, "_mbsupr_s");
    ok(_mbslwr_s(t, sizeof t) == 0 && memcmp(t, "ab\xc3\xa9z", 6) == 0, "_mbslwr_s");
    ok(_mbslwr(NULL) == NULL && _mbslwr_s(NULL, 0) == 0, "NULL with no size is no error");

    _locale_t c = _create_locale(LC_ALL, "C");
    unsigned char u[] = "a\xe0";
    _setmbcp(1252);
    ok(_mbsupr_l(u, c) == u && memcmp(u, "A\xe0", 3) == 0,
       "a \"C\" locale object's multibyte tables are single-byte ASCII");
    ok(_mbschr_l(u, 'A', NULL) == u && _mbctoupper_l('b', c) == 'B' && _mbslen_l(u, c) == 2,
       "_l forms");
    _free_locale(c);
    _setmbcp(65001);
}

static void test_invalid_parameters(void)
{
    unsigned char buf[4] = {'a', 'b', 'c', 'd'};
    int copied = -1;
    _invalid_parameter_handler old = _set_invalid_parameter_handler(count_invalid_parameter);

    invalid_parameter_calls = 0;
    errno = 0;
    ok(_mbschr(NULL, 'a') == NULL && errno == EINVAL, "_mbschr(NULL): EINVAL");
    errno = 0;
    ok(_mbscmp(NULL, U("a")) == _NLSCMPERROR && errno == EINVAL, "_mbscmp(NULL): _NLSCMPERROR");
    errno = 0;
    ok(_mbsicmp(U("a"), NULL) == _NLSCMPERROR && errno == EINVAL, "_mbsicmp(NULL)");
    errno = 0;
    ok(_mbsstr(NULL, U("a")) == NULL && errno == EINVAL, "_mbsstr(NULL)");
    errno = 0;
    ok(_mbsinc(NULL) == NULL && errno == EINVAL, "_mbsinc(NULL)");
    errno = 0;
    ok(_mbsdec(NULL, U("a")) == NULL && errno == EINVAL, "_mbsdec(NULL)");
    errno = 0;
    ok(_mbsspn(NULL, U("a")) == 0 && errno == EINVAL, "_mbsspn(NULL)");
    errno = 0;
    ok(_mbsrev(NULL) == NULL && errno == EINVAL, "_mbsrev(NULL)");
    errno = 0;
    ok(_mbsbtype(NULL, 0) == _MBC_ILLEGAL && errno == EINVAL, "_mbsbtype(NULL)");
    errno = 0;
    ok(_mbstrnlen(NULL, 2) == (size_t)-1 && errno == EINVAL, "_mbstrnlen(NULL)");
#ifdef _UCRT
    /* mingw-w64 keeps its own handler for msvcrt.dll programs. */
    ok(invalid_parameter_calls == 10, "each one called the handler (%d)", invalid_parameter_calls);
#endif

    ok(_mbscpy_s(buf, 3, U("abcd")) == ERANGE && buf[0] == 0, "_mbscpy_s too small: ERANGE, emptied");
    ok(_mbscpy_s(NULL, 3, U("a")) == EINVAL, "_mbscpy_s(NULL): EINVAL");
    memset(buf, 'x', sizeof buf);
    ok(_mbsupr_s(buf, sizeof buf) == EINVAL && buf[0] == 0,
       "_mbsupr_s of an unterminated buffer: EINVAL, emptied");
    memset(buf, 'x', sizeof buf);
    ok(_mbsset_s(buf, sizeof buf, 'q') == EINVAL && buf[0] == 0, "_mbsset_s unterminated: EINVAL");
    ok(_mbccpy_s(NULL, 4, &copied, U("a")) == EINVAL && copied == 0, "_mbccpy_s(NULL): EINVAL");
    ok(_mbccpy_s(buf, 4, &copied, NULL) == EINVAL && buf[0] == 0, "_mbccpy_s(src NULL): EINVAL");
#ifdef _UCRT
    ok(invalid_parameter_calls == 16, "the _s failures called the handler (%d)",
       invalid_parameter_calls);
#endif
    _set_invalid_parameter_handler(old);
}

/* Every _l form with the current code page (NULL) and a "C" locale object. */
static void test_locale_forms(void)
{
    _locale_t locales[2] = {NULL, _create_locale(LC_ALL, "C")};
    for (int i = 0; i < 2; i++) {
        _locale_t l = locales[i];
        const unsigned char *s = U("hello");
        unsigned char buf[16];
        unsigned char *ctx = NULL;
        int copied = 0;
        ok(_mbsrchr_l(s, 'l', l) == s + 3 && _mbsstr_l(s, U("el"), l) == s + 1, "%d search", i);
        ok(_mbscmp_l(U("a"), U("b"), l) < 0 && _mbsicmp_l(U("A"), U("a"), l) == 0, "%d cmp", i);
        ok(_mbsncmp_l(U("ax"), U("ay"), 1, l) == 0 && _mbsnbcmp_l(U("ax"), U("ay"), 2, l) < 0,
           "%d ncmp", i);
        ok(_mbsnicmp_l(U("AX"), U("ay"), 1, l) == 0 && _mbsnbicmp_l(U("AX"), U("ay"), 1, l) == 0,
           "%d nicmp", i);
        ok(_mbscoll_l(U("a"), U("b"), l) < 0 && _mbsicoll_l(U("A"), U("a"), l) == 0 &&
               _mbsncoll_l(U("ax"), U("ay"), 1, l) == 0 && _mbsnbcoll_l(U("ax"), U("ay"), 1, l) == 0 &&
               _mbsnicoll_l(U("AX"), U("ay"), 1, l) == 0 && _mbsnbicoll_l(U("AX"), U("ay"), 1, l) == 0,
           "%d coll", i);
        ok(_mbsnlen_l(s, 2, l) == 2 && _mbstrlen_l("abc", l) == 3 && _mbstrnlen_l("abc", 2, l) == 2,
           "%d lengths", i);
        ok(_mbsinc_l(s, l) == s + 1 && _mbsninc_l(s, 2, l) == s + 2 && _mbsdec_l(s, s + 1, l) == s,
           "%d inc/dec", i);
        ok(_mbsnextc_l(s, l) == 'h' && _mbsnccnt_l(s, 9, l) == 5 && _mbsnbcnt_l(s, 2, l) == 2,
           "%d counts", i);
        ok(_mbscpy_s_l(buf, sizeof buf, U("ab"), l) == 0 && _mbscat_s_l(buf, sizeof buf, U("c"), l) == 0 &&
               strcmp((char *)buf, "abc") == 0,
           "%d cpy/cat", i);
        ok(_mbsncpy_l(buf, U("xy"), 1, l) == buf && _mbsnbcpy_l(buf + 1, U("z"), 1, l) == buf + 1 &&
               strcmp((char *)buf, "xzc") == 0,
           "%d ncpy", i);
        ok(_mbsncat_l(buf, U("12"), 1, l) == buf && _mbsnbcat_l(buf, U("34"), 1, l) == buf &&
               strcmp((char *)buf, "xzc13") == 0,
           "%d ncat", i);
        ok(_mbsncpy_s_l(buf, sizeof buf, U("pq"), 1, l) == 0 &&
               _mbsnbcpy_s_l(buf + 1, 4, U("r"), 1, l) == 0 &&
               _mbsncat_s_l(buf, sizeof buf, U("st"), 1, l) == 0 &&
               _mbsnbcat_s_l(buf, sizeof buf, U("uv"), 1, l) == 0 && strcmp((char *)buf, "prsu") == 0,
           "%d _s copies", i);
        ok(_mbslwr_l(buf, l) == buf && _mbsupr_s_l(buf, sizeof buf, l) == 0 &&
               _mbslwr_s_l(buf, sizeof buf, l) == 0 && strcmp((char *)buf, "prsu") == 0,
           "%d case", i);
        ok(_mbsrev_l(buf, l) == buf && strcmp((char *)buf, "usrp") == 0, "%d rev", i);
        ok(_mbsset_l(buf, 'a', l) == buf && _mbsnset_l(buf, 'b', 1, l) == buf &&
               _mbsnbset_l(buf, 'c', 1, l) == buf && strcmp((char *)buf, "caaa") == 0,
           "%d set", i);
        ok(_mbsset_s_l(buf, sizeof buf, 'd', l) == 0 && _mbsnset_s_l(buf, sizeof buf, 'e', 1, l) == 0 &&
               _mbsnbset_s_l(buf, sizeof buf, 'f', 2, l) == 0 && strcmp((char *)buf, "ffdd") == 0,
           "%d set_s", i);
        ok(_mbsspn_l(U("aab"), U("a"), l) == 2 && _mbscspn_l(U("aab"), U("b"), l) == 2 &&
               _mbsspnp_l(U("aab"), U("a"), l) != NULL && _mbspbrk_l(s, U("o"), l) == s + 4,
           "%d spans", i);
        strcpy((char *)buf, "a b");
        ok(strcmp((char *)_mbstok_l(buf, U(" "), l), "a") == 0 &&
               strcmp((char *)_mbstok_l(NULL, U(" "), l), "b") == 0,
           "%d _mbstok_l", i);
        strcpy((char *)buf, "c d");
        ok(strcmp((char *)_mbstok_s_l(buf, U(" "), &ctx, l), "c") == 0 &&
               strcmp((char *)_mbstok_s_l(NULL, U(" "), &ctx, l), "d") == 0,
           "%d _mbstok_s_l", i);
        ok(_mbsbtype_l(s, 0, l) == _MBC_SINGLE && _ismbslead_l(s, s, l) == 0 &&
               _ismbstrail_l(s, s, l) == 0 && _mbclen_l(s, l) == 1,
           "%d byte types", i);
        _mbccpy_l(buf, U("k"), l);
        ok(buf[0] == 'k' && _mbccpy_s_l(buf, 4, &copied, U("m"), l) == 0 && copied == 1 && buf[0] == 'm',
           "%d _mbccpy_l", i);
        ok(_mbctolower_l('Q', l) == 'q' && _mbctoupper_l('q', l) == 'Q' && _mbbtombc_l('a', l) == 'a' &&
               _mbctombb_l('a', l) == 'a',
           "%d char case", i);
        ok(_ismbcalnum_l('1', l) && _ismbcalpha_l('a', l) && _ismbcdigit_l('2', l) &&
               _ismbcgraph_l('!', l) && _ismbclower_l('a', l) && _ismbcupper_l('A', l) &&
               _ismbcprint_l(' ', l) && _ismbcpunct_l('?', l) && _ismbcspace_l(' ', l) &&
               !_ismbcsymbol_l('#', l),
           "%d _ismbc*_l", i);
        ok(_ismbbalnum_l('1', l) && _ismbbalpha_l('a', l) && _ismbbgraph_l('!', l) &&
               _ismbbprint_l(' ', l) && _ismbbpunct_l('?', l) && !_ismbbkalnum_l('a', l) &&
               !_ismbbkana_l(0xB1, l) && !_ismbbkprint_l('a', l) && !_ismbbkpunct_l('!', l) &&
               !_ismbblead_l(0x81, l) && !_ismbbtrail_l(0x81, l),
           "%d _ismbb*_l", i);
#ifdef _UCRT
        ok(_ismbbblank_l(' ', l) && _ismbcblank_l(' ', l), "%d blank", i);
#endif
    }
    _free_locale(locales[1]);
}

int main(void)
{
    test_code_pages();
    _setmbcp(1252);
    test_byte_classes();
    test_search();
    test_copies();
    _setmbcp(65001);
    test_byte_classes();
    test_search();
    test_copies();
    test_case();
    test_locale_forms();
    test_invalid_parameters();
    return check_summary();
}
