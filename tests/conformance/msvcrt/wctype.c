/* wctype.h over all of Unicode: iswalpha/iswspace/iswpunct ... through the
 * CRT's Latin-1 table (_pwctype) and GetStringTypeW's classes above it, the
 * case mappings (ASCII only in the "C" locale, every letter after
 * setlocale(LC_ALL, "")), GetStringTypeW CT_CTYPE1 itself, and the name
 * setlocale gives the user's locale.
 * Expected values are Windows': the CRT's own _wctype table below U+0100
 * (Wine's ucrtbase classifies those through GetStringTypeW instead). */
#include <locale.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "check.h"

/* The classes of c as the isw* functions report them (iswctype itself may
 * be a static copy in zig's CRT startup library, not the DLL's). */
static int classes(wint_t c)
{
    return (iswupper(c) ? _UPPER : 0) | (iswlower(c) ? _LOWER : 0) | (iswdigit(c) ? _DIGIT : 0) |
           (iswspace(c) ? _SPACE : 0) | (iswpunct(c) ? _PUNCT : 0) |
           (iswcntrl(c) ? _CONTROL : 0) | (iswblank(c) ? _BLANK : 0) |
           (iswxdigit(c) ? _HEX : 0) | (iswalpha(c) ? 0x100 : 0);
}

static void test_latin1(void)
{
    ok(classes(L'\t') == (_CONTROL | _SPACE | _BLANK), "tab %x", classes(L'\t'));
    ok(iswblank(L'\t') && iswblank(L' ') && !iswblank(L'\n'), "iswblank");
    ok(classes(L'A') == (_UPPER | _HEX | 0x100), "A %x", classes(L'A'));
    ok(classes(0xa0) == (_SPACE | _BLANK), "NBSP %x", classes(0xa0));
    ok(classes(0x85) == _CONTROL, "NEL %x", classes(0x85));
    ok(classes(0xaa) == _PUNCT, "ordinal %x", classes(0xaa));
    ok(classes(0xb2) == (_DIGIT | _PUNCT), "superscript two %x", classes(0xb2));
    ok(iswalpha(0xe9) && iswlower(0xe9) && !iswupper(0xe9), "e acute");
    ok(iswalpha(0xc9) && iswupper(0xc9), "E acute");
    ok(iswpunct(0xd7) && !iswalpha(0xd7), "multiplication sign");
    ok(iswalpha(0xff) && iswlower(0xff), "y diaeresis");
    ok(!iswprint(0x9f) && iswcntrl(0x9f), "C1 control");
    ok(_pwctype[0xe9] == (_LOWER | 0x100), "_pwctype[0xe9] %x", _pwctype[0xe9]);
    ok(_pwctype[L'0'] == (_DIGIT | _HEX), "_pwctype['0'] %x", _pwctype[L'0']);
    ok(classes(WEOF) == 0, "WEOF");
}

static void test_beyond_latin1(void)
{
    ok(iswalpha(0x3b1) && iswlower(0x3b1) && !iswupper(0x3b1), "alpha");
    ok(iswalpha(0x391) && iswupper(0x391), "Alpha");
    ok(iswalpha(0x430) && iswlower(0x430), "Cyrillic a");
    ok(iswalpha(0x5d0) && !iswlower(0x5d0) && !iswupper(0x5d0), "alef");
    ok(iswalpha(0x4e00) && iswalnum(0x4e00) && iswgraph(0x4e00), "CJK");
    ok(iswupper(0x1c5) && iswlower(0x1c5), "titlecase");
    ok(iswdigit(0x660) && !iswxdigit(0x660), "Arabic-Indic zero");
    ok(iswdigit(0xff10) && iswxdigit(0xff10) && iswxdigit(0xff21), "fullwidth hex");
    ok(iswspace(0x2000) && !iswblank(0x2000), "en quad");
    ok(iswspace(0x3000) && iswblank(0x3000), "ideographic space");
    ok(iswspace(0x2028) && !iswblank(0x2028), "line separator");
    ok(iswcntrl(0x200b) && !iswspace(0x200b), "zero width space");
    ok(iswpunct(0x2014) && iswpunct(0x3001), "dash, ideographic comma");
    ok(iswalpha(0x2160), "roman numeral one is a letter number");
    /* Symbols, marks and other numbers beyond Latin-1 have no class. */
    ok(classes(0x20ac) == 0 && classes(0x2212) == 0, "euro, minus");
    ok(classes(0x300) == 0, "combining grave %x", classes(0x300));
    ok(classes(0xd800) == 0 && classes(0xe000) == 0, "surrogate, private use");
    ok(classes(0xfeff) == (_CONTROL | _BLANK), "BOM %x", classes(0xfeff));
}

static void test_string_type(void)
{
    WORD types[6];
    const WCHAR text[] = {L'a', 0xaa, 0x20ac, 0x3042, 0xd800, 0};
    ok(GetStringTypeW(CT_CTYPE1, text, -1, types), "GetStringTypeW: %lu", GetLastError());
    ok(types[0] == (C1_LOWER | C1_ALPHA | C1_XDIGIT | C1_DEFINED), "a %x", types[0]);
    ok(types[1] == (C1_LOWER | C1_ALPHA | C1_PUNCT | C1_DEFINED), "ordinal %x", types[1]);
    ok(types[2] == C1_DEFINED, "euro %x", types[2]);
    ok(types[3] == (C1_ALPHA | C1_DEFINED), "hiragana %x", types[3]);
    ok(types[4] == C1_DEFINED, "surrogate %x", types[4]);
    ok(types[5] == (C1_CNTRL | C1_DEFINED), "terminator %x", types[5]);
    SetLastError(0xdeadbeef);
    ok_err(!GetStringTypeW(CT_CTYPE1, NULL, 1, types), ERROR_INVALID_PARAMETER);
    ok(GetStringTypeW(CT_CTYPE1, text, 0, types), "an empty string");
}

static void test_case(void)
{
    /* The "C" locale maps ASCII only. */
    ok(towupper(L'a') == L'A' && towlower(L'Z') == L'z', "ASCII");
    ok(towupper(0xe9) == 0xe9 && towlower(0xc9) == 0xc9, "C locale: e acute unchanged");
    ok(towupper(0x3b1) == 0x3b1, "C locale: alpha unchanged");

    const char *name = setlocale(LC_ALL, "");
    ok(name != NULL, "setlocale(\"\")");
    /* The ANSI code page is UTF-8 under winrun by default, and msvcrt.dll has no UTF-8 locale:
     * it takes 1252. Under Wine (ACP 1252) both say .1252. */
    ok(name && strncmp(name, "English_United States.", 22) == 0, "name %s", name ? name : "(null)");
    ok(towupper(0xe9) == 0xc9 && towlower(0xc9) == 0xe9, "e acute %x", towupper(0xe9));
    ok(towupper(0x3b1) == 0x391 && towlower(0x391) == 0x3b1, "alpha");
    ok(towupper(0x430) == 0x410, "Cyrillic");
    ok(towupper(0xff) == 0x178, "y diaeresis");
    ok(towupper(0xdf) == 0xdf, "sharp s has no one-character uppercase");
    ok(towupper(L'1') == L'1' && towupper(0x4e00) == 0x4e00, "no case");
    setlocale(LC_ALL, "C");
    ok(towupper(0xe9) == 0xe9, "back to C");
}

int main(void)
{
    test_latin1();
    test_beyond_latin1();
    test_string_type();
    test_case();
    return check_summary();
}
