/* winnls.h and stringapiset.h: locales and GetLocaleInfo, CompareString in Windows' linguistic
 * order, LCMapString (case, sort keys), GetStringType, code page queries. The expected values are
 * Windows 10's for en-US and the invariant locale. The program sets no locale, and the harness
 * runs it with the host's LANG; the user-locale checks accept only en-US (the default). */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static int wstr_eq(const WCHAR *a, const WCHAR *b) { return wcscmp(a, b) == 0; }

static void test_locale_ids(void)
{
    WCHAR name[LOCALE_NAME_MAX_LENGTH];
    ok(GetUserDefaultLCID() == 0x409, "user LCID %lx", (unsigned long)GetUserDefaultLCID());
    ok(GetSystemDefaultLCID() == 0x409, "system LCID %lx", (unsigned long)GetSystemDefaultLCID());
    ok(GetUserDefaultLangID() == 0x409, "lang id %x", GetUserDefaultLangID());
    ok(GetUserDefaultUILanguage() == 0x409, "UI language %x", GetUserDefaultUILanguage());
    ok(GetThreadLocale() == 0x409, "thread locale %lx", (unsigned long)GetThreadLocale());
    ok(GetUserDefaultLocaleName(name, LOCALE_NAME_MAX_LENGTH) == 6 && wstr_eq(name, L"en-US"),
       "user locale name %ls", name);
    ok(GetSystemDefaultLocaleName(name, LOCALE_NAME_MAX_LENGTH) == 6, "system locale name");
    SetLastError(0xdeadbeef);
    ok_err(GetUserDefaultLocaleName(name, 3) == 0, ERROR_INSUFFICIENT_BUFFER);

    ok(LocaleNameToLCID(L"en-US", 0) == 0x409, "en-US");
    ok(LocaleNameToLCID(L"de-de", 0) == 0x407, "de-de (case-insensitive)");
    ok(LocaleNameToLCID(L"", 0) == LOCALE_INVARIANT, "invariant");
    ok(LocaleNameToLCID(NULL, 0) == 0x409, "NULL is the user default");
    ok(LCIDToLocaleName(0x40c, name, LOCALE_NAME_MAX_LENGTH, 0) == 6 && wstr_eq(name, L"fr-FR"),
       "fr-FR: %ls", name);
    ok(LCIDToLocaleName(LOCALE_USER_DEFAULT, NULL, 0, 0) == 6, "size of the user default name");
    ok(LCIDToLocaleName(LOCALE_INVARIANT, name, LOCALE_NAME_MAX_LENGTH, 0) == 1 && !name[0],
       "the invariant locale's name is empty");

    ok(IsValidLocale(0x409, LCID_INSTALLED), "en-US installed");
    ok(IsValidLocale(0x407, LCID_SUPPORTED), "de-DE supported");
    ok(!IsValidLocale(0x1234, LCID_SUPPORTED), "0x1234 is no locale");
    ok(IsValidLocaleName(L"en-GB") && IsValidLocaleName(L"") && !IsValidLocaleName(L"xx-YY"),
       "IsValidLocaleName");

    ok(SetThreadLocale(0x407) && GetThreadLocale() == 0x407, "SetThreadLocale");
    SetThreadLocale(0x409);
}

static void test_locale_info(void)
{
    WCHAR buf[80];
    char abuf[80];
    DWORD number = 0;
    int n;

    n = GetLocaleInfoW(0x409, LOCALE_SDECIMAL, buf, 80);
    ok(n == 2 && wstr_eq(buf, L"."), "decimal %d %ls", n, buf);
    n = GetLocaleInfoW(0x409, LOCALE_STHOUSAND, buf, 80);
    ok(n == 2 && wstr_eq(buf, L","), "thousand %d %ls", n, buf);
    n = GetLocaleInfoW(0x409, LOCALE_SGROUPING, buf, 80);
    ok(n == 4 && wstr_eq(buf, L"3;0"), "grouping %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SSHORTDATE, buf, 80);
    ok(n == 9 && wstr_eq(buf, L"M/d/yyyy"), "short date %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SLONGDATE, buf, 80);
    ok(wstr_eq(buf, L"dddd, MMMM d, yyyy"), "long date %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_STIMEFORMAT, buf, 80);
    ok(wstr_eq(buf, L"h:mm:ss tt"), "time format %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SDAYNAME1, buf, 80);
    ok(wstr_eq(buf, L"Monday"), "day 1 %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SABBREVMONTHNAME12, buf, 80);
    ok(wstr_eq(buf, L"Dec"), "month 12 %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_IDEFAULTANSICODEPAGE, buf, 80);
    ok(n == 5 && wstr_eq(buf, L"1252"), "ANSI code page %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_IDEFAULTCODEPAGE, buf, 80);
    ok(wstr_eq(buf, L"437"), "OEM code page %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SENGLANGUAGE, buf, 80);
    ok(wstr_eq(buf, L"English"), "language %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SENGCOUNTRY, buf, 80);
    ok(wstr_eq(buf, L"United States"), "country %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SABBREVLANGNAME, buf, 80);
    ok(wstr_eq(buf, L"ENU"), "abbreviated language %ls", buf);
    n = GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SNAME, buf, 80);
    ok(n == 6 && wstr_eq(buf, L"en-US"), "LOCALE_SNAME %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SISO639LANGNAME, buf, 80);
    ok(wstr_eq(buf, L"en"), "ISO 639 %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SISO3166CTRYNAME, buf, 80);
    ok(wstr_eq(buf, L"US"), "ISO 3166 %ls", buf);
    n = GetLocaleInfoW(0x409, LOCALE_SCURRENCY, buf, 80);
    ok(wstr_eq(buf, L"$"), "currency %ls", buf);

    n = GetLocaleInfoW(0x409, LOCALE_IDEFAULTANSICODEPAGE | LOCALE_RETURN_NUMBER,
                       (WCHAR *)&number, sizeof number / sizeof(WCHAR));
    ok(n == 2 && number == 1252, "number %d %lu", n, (unsigned long)number);
    n = GetLocaleInfoW(0x409, LOCALE_ILANGUAGE | LOCALE_RETURN_NUMBER, (WCHAR *)&number, 2);
    ok(n == 2 && number == 0x409, "ILANGUAGE as number %lx", (unsigned long)number);
    SetLastError(0xdeadbeef);
    ok_err(GetLocaleInfoW(0x409, LOCALE_SDECIMAL | LOCALE_RETURN_NUMBER, (WCHAR *)&number, 2) == 0,
           ERROR_INVALID_FLAGS);

    ok(GetLocaleInfoW(0x409, LOCALE_SDAYNAME3, NULL, 0) == 10, "size of Wednesday");
    SetLastError(0xdeadbeef);
    ok_err(GetLocaleInfoW(0x409, LOCALE_SDAYNAME3, buf, 9) == 0, ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    ok_err(GetLocaleInfoW(0x409, 0x7777, buf, 80) == 0, ERROR_INVALID_FLAGS);
    SetLastError(0xdeadbeef);
    ok_err(GetLocaleInfoW(0x1234, LOCALE_SDECIMAL, buf, 80) == 0, ERROR_INVALID_PARAMETER);

    n = GetLocaleInfoEx(L"de-DE", LOCALE_SDECIMAL, buf, 80);
    ok(n == 2 && wstr_eq(buf, L","), "de-DE decimal %ls", buf);
    n = GetLocaleInfoEx(L"de-DE", LOCALE_SMONTHNAME3, buf, 80);
    ok(wstr_eq(buf, L"M\x00e4rz"), "de-DE March %ls", buf);
    n = GetLocaleInfoEx(L"", LOCALE_SSHORTDATE, buf, 80);
    ok(wstr_eq(buf, L"MM/dd/yyyy"), "invariant short date %ls", buf);
    n = GetLocaleInfoEx(L"", LOCALE_STIMEFORMAT, buf, 80);
    ok(wstr_eq(buf, L"HH:mm:ss"), "invariant time %ls", buf);
    n = GetLocaleInfoEx(LOCALE_NAME_INVARIANT, LOCALE_SENGLANGUAGE, buf, 80);
    ok(wstr_eq(buf, L"Invariant Language"), "invariant language %ls", buf);
    SetLastError(0xdeadbeef);
    ok_err(GetLocaleInfoEx(L"xx-YY", LOCALE_SDECIMAL, buf, 80) == 0, ERROR_INVALID_PARAMETER);

    n = GetLocaleInfoA(0x407, LOCALE_SMONTHNAME3, abuf, 80);
    ok(n == 5 && strcmp(abuf, "M\xe4rz") == 0, "de-DE March in code page 1252: %d", n);
    n = GetLocaleInfoA(0x409, LOCALE_SDECIMAL, abuf, 80);
    ok(n == 2 && strcmp(abuf, ".") == 0, "A decimal");
}

static int found_en_us, found_count;

static BOOL CALLBACK enum_proc_w(WCHAR *lcid)
{
    found_count++;
    if (wstr_eq(lcid, L"00000409"))
        found_en_us = 1;
    return TRUE;
}

static BOOL CALLBACK enum_proc_ex(WCHAR *name, DWORD flags, LPARAM param)
{
    if (wstr_eq(name, L"en-US") && (flags & LOCALE_WINDOWS) && param == 42)
        found_en_us = 1;
    return FALSE; /* stops after the first */
}

static void test_enum(void)
{
    found_en_us = found_count = 0;
    ok(EnumSystemLocalesW(enum_proc_w, LCID_SUPPORTED), "EnumSystemLocalesW");
    ok(found_en_us && found_count > 1, "en-US among %d locales", found_count);
    found_en_us = 0;
    ok(EnumSystemLocalesEx(enum_proc_ex, LOCALE_WINDOWS, 42, NULL), "EnumSystemLocalesEx");
}

static int cmp(DWORD flags, const WCHAR *a, const WCHAR *b)
{
    return CompareStringW(0x409, flags, a, -1, b, -1);
}

static void test_compare(void)
{
    ok(cmp(0, L"a", L"b") == CSTR_LESS_THAN, "a < b");
    ok(cmp(0, L"a", L"A") == CSTR_LESS_THAN, "lowercase first");
    ok(cmp(0, L"A", L"b") == CSTR_LESS_THAN, "A < b (letters before case)");
    ok(cmp(NORM_IGNORECASE, L"hello", L"HELLO") == CSTR_EQUAL, "ignore case");
    ok(cmp(0, L"abc", L"ab") == CSTR_GREATER_THAN, "longer is greater");
    ok(cmp(0, L"1", L"a") == CSTR_LESS_THAN, "digits before letters");
    ok(cmp(0, L"_", L"1") == CSTR_LESS_THAN, "punctuation before digits");
    ok(cmp(0, L"10", L"9") == CSTR_LESS_THAN, "digits compare as text");
    ok(cmp(SORT_DIGITSASNUMBERS, L"10", L"9") == CSTR_GREATER_THAN, "digits as numbers");
    /* Word sort: the hyphen and apostrophe only break ties. */
    ok(cmp(0, L"co-op", L"coop") == CSTR_GREATER_THAN, "co-op after coop");
    ok(cmp(0, L"co-op", L"cop") == CSTR_LESS_THAN, "co-op before cop");
    ok(cmp(0, L"a-b", L"a'b") == CSTR_GREATER_THAN, "hyphen after apostrophe");
    /* String sort: they are symbols, before letters. */
    ok(cmp(SORT_STRINGSORT, L"co-op", L"coop") == CSTR_LESS_THAN, "string sort co-op");
    ok(cmp(SORT_STRINGSORT, L"-", L"!") == CSTR_LESS_THAN, "string sort: hyphen before !");
    ok(cmp(0, L"e\x0301", L"\x00e9") == CSTR_EQUAL, "combining acute equals precomposed");
    ok(cmp(0, L"e", L"\x00e9") == CSTR_LESS_THAN, "e < e acute");
    ok(cmp(NORM_IGNORENONSPACE, L"e", L"\x00e9") == CSTR_EQUAL, "ignore nonspace");
    ok(cmp(NORM_IGNORESYMBOLS, L"a.b", L"ab") == CSTR_EQUAL, "ignore symbols");
    ok(cmp(0, L"\x00e6", L"ae") == CSTR_EQUAL, "ae ligature expands");
    ok(CompareStringW(0x409, 0, L"abcX", 3, L"abcY", 3) == CSTR_EQUAL, "counted strings");
    ok(CompareStringEx(L"en-US", NORM_IGNORECASE, L"Zebra", -1, L"apple", -1, NULL, NULL, 0) ==
           CSTR_GREATER_THAN,
       "CompareStringEx");
    ok(CompareStringA(0x409, NORM_IGNORECASE, "abc", -1, "ABD", -1) == CSTR_LESS_THAN,
       "CompareStringA");
    SetLastError(0xdeadbeef);
    ok_err(CompareStringW(0x409, 0x00100000, L"a", -1, L"b", -1) == 0, ERROR_INVALID_FLAGS);
    SetLastError(0xdeadbeef);
    ok_err(CompareStringW(0x409, 0, NULL, -1, L"b", -1) == 0, ERROR_INVALID_PARAMETER);

    ok(CompareStringOrdinal(L"a", -1, L"B", -1, FALSE) == CSTR_GREATER_THAN, "ordinal a > B");
    ok(CompareStringOrdinal(L"a", -1, L"B", -1, TRUE) == CSTR_LESS_THAN, "ordinal ignore case");
    ok(CompareStringOrdinal(L"straSSe", -1, L"STRASSE", -1, TRUE) == CSTR_EQUAL,
       "ordinal ignore case equal");
}

static void test_lcmap(void)
{
    WCHAR buf[32];
    BYTE key[64];
    int n;
    static const BYTE key_co_op[] = {0x0e, 0x0a, 0x0e, 0x7c, 0x0e, 0x7c, 0x0e, 0x7e, 1,
                                     1,    1,    1,    0xff, 0xfd, 0x82, 0x12, 0};
    static const BYTE key_aB[] = {0x0e, 0x02, 0x0e, 0x09, 1, 1, 0x02, 0x12, 1, 1, 0};

    n = LCMapStringW(0x409, LCMAP_UPPERCASE, L"Hello \x00e9\x00df", -1, buf, 32);
    ok(n == 9 && wstr_eq(buf, L"HELLO \x00c9\x00df"), "uppercase %d %ls", n, buf);
    n = LCMapStringW(0x409, LCMAP_LOWERCASE, L"ABC", 3, buf, 32);
    ok(n == 3 && memcmp(buf, L"abc", 6) == 0, "lowercase %d", n);
    ok(LCMapStringW(0x409, LCMAP_UPPERCASE, L"abc", -1, NULL, 0) == 4, "size with NUL");
    SetLastError(0xdeadbeef);
    ok_err(LCMapStringW(0x409, LCMAP_UPPERCASE, L"abcdef", -1, buf, 3) == 0,
           ERROR_INSUFFICIENT_BUFFER);
    n = LCMapStringEx(L"en-US", LCMAP_LOWERCASE | LCMAP_LINGUISTIC_CASING, L"XY", -1, buf, 32,
                      NULL, NULL, 0);
    ok(n == 3 && wstr_eq(buf, L"xy"), "LCMapStringEx %d", n);

    n = LCMapStringW(0x409, LCMAP_SORTKEY, L"co-op", -1, (WCHAR *)key, sizeof key);
    ok(n == sizeof key_co_op && memcmp(key, key_co_op, n) == 0, "sort key of co-op: %d bytes", n);
    n = LCMapStringW(0x409, LCMAP_SORTKEY, L"aB", -1, (WCHAR *)key, sizeof key);
    ok(n == sizeof key_aB && memcmp(key, key_aB, n) == 0, "sort key of aB: %d bytes", n);
    n = LCMapStringW(0x409, LCMAP_SORTKEY | NORM_IGNORECASE, L"aB", -1, (WCHAR *)key, sizeof key);
    ok(n == 9, "case-blind sort key: %d bytes", n);
    /* Windows refuses a sort key combined with a case mapping (Wine 8 accepts it). */
    SetLastError(0xdeadbeef);
    ok_err(LCMapStringW(0x409, LCMAP_SORTKEY | LCMAP_UPPERCASE, L"a", -1, (WCHAR *)key, 64) == 0,
           ERROR_INVALID_FLAGS);
}

static void test_string_type(void)
{
    WORD types[8];
    ok(GetStringTypeW(CT_CTYPE1, L"aZ5 !\t\x00e9", 7, types), "CT_CTYPE1");
    ok(types[0] == (C1_LOWER | C1_ALPHA | C1_XDIGIT | C1_DEFINED), "a: %x", types[0]);
    ok(types[1] == (C1_UPPER | C1_ALPHA | C1_DEFINED), "Z: %x", types[1]);
    ok(types[2] == (C1_DIGIT | C1_XDIGIT | C1_DEFINED), "5: %x", types[2]);
    ok(types[3] == (C1_SPACE | C1_BLANK | C1_DEFINED), "space: %x", types[3]);
    ok(types[4] == (C1_PUNCT | C1_DEFINED), "!: %x", types[4]);
    ok(types[5] == (C1_SPACE | C1_BLANK | C1_CNTRL | C1_DEFINED), "tab: %x", types[5]);
    ok(types[6] == (C1_LOWER | C1_ALPHA | C1_DEFINED), "e acute: %x", types[6]);
    /* Beyond ASCII: Greek capital, Devanagari digit, ideograph. */
    ok(GetStringTypeW(CT_CTYPE1, L"\x0391\x0967\x4e00", 3, types), "CT_CTYPE1 beyond ASCII");
    ok(types[0] == (C1_UPPER | C1_ALPHA | C1_DEFINED), "alpha: %x", types[0]);
    ok(types[1] & C1_DIGIT, "Devanagari one: %x", types[1]);
    ok(types[2] == (C1_ALPHA | C1_DEFINED), "ideograph: %x", types[2]);
    ok(GetStringTypeW(CT_CTYPE2, L"a1+\x05d0", 4, types), "CT_CTYPE2");
    ok(types[0] == C2_LEFTTORIGHT && types[1] == C2_EUROPENUMBER &&
           types[2] == C2_EUROPESEPARATOR && types[3] == C2_RIGHTTOLEFT,
       "bidi %x %x %x %x", types[0], types[1], types[2], types[3]);
    ok(GetStringTypeW(CT_CTYPE3, L"a+\x0301", 3, types), "CT_CTYPE3");
    ok(types[0] == (C3_ALPHA | C3_HALFWIDTH) && types[1] == (C3_SYMBOL | C3_HALFWIDTH) &&
           (types[2] & C3_NONSPACING),
       "C3 %x %x %x", types[0], types[1], types[2]);
    SetLastError(0xdeadbeef);
    ok_err(!GetStringTypeW(3, L"a", 1, types), ERROR_INVALID_PARAMETER);
    ok(GetStringTypeA(0x409, CT_CTYPE1, "a1", 2, types) && types[0] & C1_LOWER &&
           types[1] & C1_DIGIT,
       "GetStringTypeA");
}

static void test_code_pages(void)
{
    CPINFOEXW info;
    WCHAR wide[8];
    char narrow[8];
    BOOL used = FALSE;
    int n;
    ok(IsValidCodePage(65001) && IsValidCodePage(1252) && !IsValidCodePage(12345),
       "IsValidCodePage");
    ok(GetCPInfoExW(1252, 0, &info) && info.MaxCharSize == 1 && info.CodePage == 1252 &&
           info.DefaultChar[0] == '?',
       "GetCPInfoExW 1252");
    ok(GetCPInfoExW(CP_UTF8, 0, &info) && info.MaxCharSize == 4 && info.CodePage == 65001,
       "GetCPInfoExW UTF-8 %ls", info.CodePageName);

    n = MultiByteToWideChar(1252, 0, "\x80\xe9", 2, wide, 8);
    ok(n == 2 && wide[0] == 0x20ac && wide[1] == 0xe9, "1252 to UTF-16: %x %x", wide[0], wide[1]);
    n = MultiByteToWideChar(437, 0, "\x82\xdb", 2, wide, 8);
    ok(n == 2 && wide[0] == 0xe9 && wide[1] == 0x2588, "437 to UTF-16: %x %x", wide[0], wide[1]);
    n = MultiByteToWideChar(850, 0, "\x9b", 1, wide, 8);
    ok(n == 1 && wide[0] == 0xf8, "850 to UTF-16: %x", wide[0]);
    n = WideCharToMultiByte(1252, 0, L"\x20ac\x4e00", 2, narrow, 8, "#", &used);
    ok(n == 2 && (BYTE)narrow[0] == 0x80 && narrow[1] == '#' && used,
       "UTF-16 to 1252 with a default char: %d %x %x %d", n, (BYTE)narrow[0], narrow[1], used);
    used = TRUE;
    n = WideCharToMultiByte(1252, WC_NO_BEST_FIT_CHARS, L"ab", 2, narrow, 8, NULL, &used);
    ok(n == 2 && !used, "nothing defaulted");
    /* Windows documents ERROR_INVALID_PARAMETER for lpUsedDefaultChar with UTF-8; winrun (whose
     * ANSI code page is UTF-8, where C runtimes pass it) and Wine accept it. */
    used = TRUE;
    n = WideCharToMultiByte(CP_UTF8, 0, L"ab", 2, narrow, 8, NULL, &used);
    ok(n == 2 && !used, "UTF-8 with lpUsedDefaultChar: %d", n);
    SetLastError(0xdeadbeef);
    ok_err(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff", 2, wide, 8) == 0,
           ERROR_NO_UNICODE_TRANSLATION);
}

static void test_formats(void)
{
    SYSTEMTIME st = {2024, 3, 0, 5, 14, 7, 9, 0}; /* Tuesday 5 March 2024, 14:07:09 */
    NUMBERFMTW fmt = {1, 0, 32, L",", L".", 0};
    WCHAR buf[64];
    int n;

    n = GetDateFormatW(0x409, 0, &st, NULL, buf, 64);
    ok(n == 9 && wstr_eq(buf, L"3/5/2024"), "short date %d %ls", n, buf);
    n = GetDateFormatW(0x409, DATE_LONGDATE, &st, NULL, buf, 64);
    ok(wstr_eq(buf, L"Tuesday, March 5, 2024"), "long date %ls", buf);
    n = GetDateFormatEx(L"de-DE", DATE_LONGDATE, &st, NULL, buf, 64, NULL);
    ok(wstr_eq(buf, L"Dienstag, 5. M\x00e4rz 2024"), "German long date %ls", buf);
    n = GetDateFormatW(0x409, 0, &st, L"ddd dd MMM yy 'at' yyyy", buf, 64);
    ok(wstr_eq(buf, L"Tue 05 Mar 24 at 2024"), "picture %ls", buf);
    ok(GetDateFormatW(0x409, 0, &st, NULL, NULL, 0) == 9, "size of the date");
    SetLastError(0xdeadbeef);
    ok_err(GetDateFormatW(0x409, DATE_LONGDATE, &st, L"yyyy", buf, 64) == 0, ERROR_INVALID_FLAGS);
    st.wMonth = 13;
    SetLastError(0xdeadbeef);
    ok_err(GetDateFormatW(0x409, 0, &st, NULL, buf, 64) == 0, ERROR_INVALID_PARAMETER);
    st.wMonth = 3;

    n = GetTimeFormatW(0x409, 0, &st, NULL, buf, 64);
    ok(n == 11 && wstr_eq(buf, L"2:07:09 PM"), "time %d %ls", n, buf);
    n = GetTimeFormatW(0x409, TIME_NOSECONDS, &st, NULL, buf, 64);
    ok(wstr_eq(buf, L"2:07 PM"), "time without seconds %ls", buf);
    n = GetTimeFormatW(0x409, TIME_FORCE24HOURFORMAT | TIME_NOTIMEMARKER, &st, NULL, buf, 64);
    ok(wstr_eq(buf, L"14:07:09"), "24-hour time %ls", buf);
    n = GetTimeFormatEx(L"", 0, &st, NULL, buf, 64);
    ok(wstr_eq(buf, L"14:07:09"), "invariant time %ls", buf);
    n = GetTimeFormatW(0x409, 0, &st, L"hh'h'mm t", buf, 64);
    ok(wstr_eq(buf, L"02h07 P"), "time picture %ls", buf);

    /* Wine 8 groups only the last three digits here ("1234,567.89"). */
    n = GetNumberFormatW(0x409, 0, L"1234567.891", NULL, buf, 64);
    ok(n == 13 && wstr_eq(buf, L"1,234,567.89"), "number %d %ls", n, buf);
    n = GetNumberFormatW(0x409, 0, L"-0.5", NULL, buf, 64);
    ok(wstr_eq(buf, L"-0.50"), "negative %ls", buf);
    n = GetNumberFormatW(0x409, 0, L"9.999", NULL, buf, 64);
    ok(wstr_eq(buf, L"10.00"), "rounded up %ls", buf);
    n = GetNumberFormatEx(L"de-DE", 0, L"1234.5", NULL, buf, 64);
    ok(wstr_eq(buf, L"1.234,50"), "German number %ls", buf);
    n = GetNumberFormatW(0x409, 0, L"12345678.25", &fmt, buf, 64);
    ok(wstr_eq(buf, L"1.23.45.678,3"), "NUMBERFMT with 3;2 grouping %ls", buf);
    SetLastError(0xdeadbeef);
    ok_err(GetNumberFormatW(0x409, 0, L"12a", NULL, buf, 64) == 0, ERROR_INVALID_PARAMETER);
}

int main(void)
{
    test_locale_ids();
    test_locale_info();
    test_enum();
    test_compare();
    test_lcmap();
    test_string_type();
    test_code_pages();
    test_formats();
    return check_summary();
}
