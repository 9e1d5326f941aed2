/* Locale objects: _create_locale/_wcreate_locale/_get_current_locale/
 * _free_locale for "C", the user's locale and ".1252" (and the UCRT's
 * ".UTF-8"), with the layout the UCRT's inline header code reads (locinfo
 * starts with the ctype table, MB_CUR_MAX and the LC_CTYPE code page), and
 * the _l functions programs import, which read and classify as the "C"
 * locale in all of these. msvcrt's objects have the older threadlocinfo
 * layout, which MinGW's inline ctype code reads (mb_cur_max, pctype). Wine's
 * 1252 locale has a ctype table of its own where winrun's classifies as "C". */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "check.h"

#ifdef _UCRT
/* The start of the UCRT's locinfo (__crt_locale_data_public). */
struct public_locinfo {
    const unsigned short *pctype;
    int mb_cur_max;
    unsigned int lc_codepage;
};

static void check_layout(_locale_t l, int mb_cur_max, unsigned codepage, const char *what)
{
    const struct public_locinfo *info = (const void *)l->locinfo;
    ok(info && info->pctype && (codepage || info->pctype == __pctype_func()) &&
           info->mb_cur_max == mb_cur_max &&
           info->lc_codepage == codepage,
       "%s: locinfo %d %u", what, info ? info->mb_cur_max : -1, info ? info->lc_codepage : 0);
}
#else
static void check_layout(_locale_t l, int mb_cur_max, unsigned codepage, const char *what)
{
    pthreadlocinfo info = l->locinfo;
    ok(info && info->lc_codepage == codepage && info->mb_cur_max == mb_cur_max && info->pctype &&
           (codepage || info->pctype == __pctype_func()) && l->mbcinfo != NULL,
       "%s: locinfo %u %d", what, info ? info->lc_codepage : 0, info ? info->mb_cur_max : -1);
}
#endif

static void test_objects(void)
{
    _locale_t c = _create_locale(LC_ALL, "C");
    ok(c != NULL, "_create_locale C");
    if (c)
        check_layout(c, 1, 0, "C");
#ifdef _UCRT
    _locale_t w = _wcreate_locale(LC_ALL, L".1252");
#else
    _locale_t w = _create_locale(LC_ALL, ".1252"); /* msvcrt.dll has no _wcreate_locale */
#endif
    ok(w != NULL, "_wcreate_locale .1252");
    if (w)
        check_layout(w, 1, 1252, ".1252");
#ifdef _UCRT
    _locale_t u = _create_locale(LC_CTYPE, ".UTF-8");
    ok(u != NULL, "_create_locale .UTF-8");
    if (u)
        check_layout(u, 4, 65001, ".UTF-8");
    _free_locale(u);
#endif
    ok(_create_locale(LC_ALL, "Klingon_Qo'noS.1234") == NULL, "an unknown locale");
    ok(_create_locale(99, "C") == NULL, "an unknown category");
    _locale_t cur = _get_current_locale();
    ok(cur != NULL, "_get_current_locale");
    if (cur)
        check_layout(cur, 1, 0, "current");
    _free_locale(cur);
    _free_locale(w);
    _free_locale(c);
    _free_locale(NULL);
}

static void test_functions(void)
{
    _locale_t l = _create_locale(LC_ALL, "C");
    char *end = NULL;
    ok(_strtod_l("1.5x", &end, l) == 1.5 && *end == 'x', "_strtod_l");
    ok(_atof_l("2.25", l) == 2.25, "_atof_l");
    ok(_strtol_l("-12z", &end, 10, l) == -12 && *end == 'z', "_strtol_l");
    ok(_strtoul_l("ff", &end, 16, l) == 255 && *end == 0, "_strtoul_l");
    ok(_strtoi64_l("-9000000000", &end, 10, l) == -9000000000LL, "_strtoi64_l");
    ok(_strtoui64_l("18446744073709551615", &end, 10, l) == 18446744073709551615ULL,
       "_strtoui64_l");
    errno = 0;
    ok(_strtol_l("99999999999", &end, 10, l) == 2147483647 && errno == ERANGE,
       "_strtol_l overflow: errno %d", errno);

    ok(_isalpha_l('a', l) && !_isalpha_l('1', l), "_isalpha_l");
    ok(_isdigit_l('5', l) && !_isdigit_l('x', l), "_isdigit_l");
    ok(_isspace_l(' ', l) && _isupper_l('Q', l) && _islower_l('q', l), "_isspace/upper/lower_l");
    ok(_isxdigit_l('F', l) && _isalnum_l('7', l) && _ispunct_l('!', l), "_isxdigit/alnum/punct_l");
    ok(_isprint_l(' ', l) && !_isgraph_l(' ', l) && _iscntrl_l('\n', l), "_isprint/graph/cntrl_l");
    ok(_toupper_l('a', l) == 'A' && _tolower_l('Q', l) == 'q' && _toupper_l('1', l) == '1',
       "_toupper_l/_tolower_l");
    ok(_towupper_l(L'a', l) == L'A' && _towlower_l(L'Z', l) == L'z', "_towupper_l/_towlower_l");

    ok(_stricmp_l("ABC", "abd", l) < 0 && _stricmp_l("Hello", "hELLO", l) == 0, "_stricmp_l");
    ok(_strnicmp_l("ABC", "abd", 2, l) == 0, "_strnicmp_l");
    ok(_wcsicmp_l(L"Hello", L"hELLO", l) == 0 && _wcsicmp_l(L"a", L"B", l) < 0, "_wcsicmp_l");
    ok(_strcoll_l("a", "b", l) < 0 && _strcoll_l("b", "b", l) == 0, "_strcoll_l");
    ok(_wcscoll_l(L"b", L"a", l) > 0, "_wcscoll_l");
    _free_locale(l);
}

int main(void)
{
    test_objects();
    test_functions();
    return check_summary();
}
