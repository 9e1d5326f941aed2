/* time.h: gmtime/_mkgmtime round trips, mktime normalising fields,
 * localtime against mktime, strftime's "C" locale conversions, asctime,
 * clock and difftime. Built for msvcrt (mingw) and the UCRT (zig). */
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/timeb.h>
#include <sys/utime.h>

#include "check.h"

#ifdef _UCRT
/* The UCRT's default handler ends the program; the failures are what is tested. */
static void __cdecl ignore_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                             const wchar_t *file, unsigned line, uintptr_t r)
{
}
#endif

/* _strdate/_strtime and their wide and _s forms, the wide and _s asctime/ctime, the 32-bit
 * time conversions, timespec_get, the _l strftime forms. */
static void test_text_forms(void)
{
    time_t t = 315626635;
    time_t now = time(NULL);
    char date[9], clock_text[9], expect[32], expect_ctime[32];
    ok(_strdate(date) == date && strlen(date) == 8, "_strdate");
    strftime(expect, sizeof expect, "%m/%d/%y", localtime(&now));
    ok(strcmp(date, expect) == 0, "_strdate %s, strftime %s", date, expect);
    ok(_strtime(clock_text) == clock_text && strlen(clock_text) == 8 && clock_text[2] == ':' &&
           clock_text[5] == ':',
       "_strtime %s", clock_text);
    wchar_t wdate[9], wclock[9], wexpect[32], wexpect_ctime[32];
    ok(_wstrdate(wdate) == wdate && wcslen(wdate) == 8 && wdate[2] == L'/' && wdate[5] == L'/',
       "_wstrdate");
    ok(_wstrtime(wclock) == wclock && wcslen(wclock) == 8 && wclock[2] == L':', "_wstrtime");

    struct tm fixed = *gmtime(&t);
    mbstowcs(wexpect, asctime(&fixed), 32);
    ok(wcscmp(_wasctime(&fixed), wexpect) == 0, "_wasctime %ls", _wasctime(&fixed));
    strcpy(expect_ctime, ctime(&t));
    mbstowcs(wexpect_ctime, expect_ctime, 32);
    ok(wcscmp(_wctime(&t), wexpect_ctime) == 0, "_wctime %ls", _wctime(&t));
    ok(wcscmp(_wctime64(&t), wexpect_ctime) == 0, "_wctime64");

    struct tm leap = {0};
    leap.tm_year = 100;
    leap.tm_mon = 1;
    leap.tm_mday = 29;
    leap.tm_hour = 12;
    ok(_mkgmtime32(&leap) == 951825600, "_mkgmtime32");
    leap.tm_year = 140;
    ok(_mkgmtime32(&leap) == -1, "_mkgmtime32 past 2038");

    _locale_t c = _create_locale(LC_ALL, "C");
    wchar_t w[32];
    ok(_wcsftime_l(w, 32, L"%Y|%H", &fixed, c) == 7 && wcscmp(w, L"1980|02") == 0, "_wcsftime_l");
#ifdef _UCRT
    char s[32];
    ok(_strftime_l(s, 32, "%H:%M", &fixed, c) == 5 && strcmp(s, "02:03") == 0, "_strftime_l");
    ok(_strdate_s(s, sizeof s) == 0 && strlen(s) == 8 && s[2] == '/', "_strdate_s %s", s);
    ok(_strtime_s(s, 9) == 0 && strlen(s) == 8 && s[5] == ':', "_strtime_s %s", s);
    ok(_wstrdate_s(w, 32) == 0 && wcslen(w) == 8, "_wstrdate_s");
    ok(_wstrtime_s(w, 9) == 0 && wcslen(w) == 8, "_wstrtime_s");
    _invalid_parameter_handler old = _set_invalid_parameter_handler(ignore_invalid_parameter);
    errno = 0;
    ok(_strtime_s(s, 8) == ERANGE && s[0] == 0 && errno == ERANGE, "_strtime_s too small");
    ok(_wstrdate_s(NULL, 9) == EINVAL, "_wstrdate_s NULL");

    ok(asctime_s(s, sizeof s, &fixed) == 0 && strcmp(s, asctime(&fixed)) == 0, "asctime_s");
    ok(_wasctime_s(w, 32, &fixed) == 0 && wcscmp(w, wexpect) == 0, "_wasctime_s");
    ok(asctime_s(NULL, 32, &fixed) == EINVAL, "asctime_s NULL");

    __time32_t t32 = 315626635;
    ok(strcmp(_ctime32(&t32), expect_ctime) == 0, "_ctime32");
    ok(_ctime32_s(s, sizeof s, &t32) == 0 && strcmp(s, expect_ctime) == 0, "_ctime32_s");
    ok(_ctime64_s(s, sizeof s, &t) == 0 && strcmp(s, expect_ctime) == 0, "_ctime64_s");
    ok(wcscmp(_wctime32(&t32), wexpect_ctime) == 0, "_wctime32");
    ok(_wctime32_s(w, 32, &t32) == 0 && wcscmp(w, wexpect_ctime) == 0, "_wctime32_s");
    ok(_wctime64_s(w, 32, &t) == 0 && wcscmp(w, wexpect_ctime) == 0, "_wctime64_s");
    __time64_t before_epoch = -1;
    s[0] = 'x';
    ok(_ctime64_s(s, sizeof s, &before_epoch) == EINVAL && s[0] == 0, "_ctime64_s before 1970");

    struct tm tm32;
    ok(_gmtime32_s(&tm32, &t32) == 0 && tm32.tm_year == 80 && tm32.tm_hour == 2 &&
           tm32.tm_sec == 55 && tm32.tm_yday == 1,
       "_gmtime32_s");
    struct tm local_expected = *localtime(&t);
    ok(_localtime32_s(&tm32, &t32) == 0 && tm32.tm_hour == local_expected.tm_hour &&
           tm32.tm_mday == local_expected.tm_mday,
       "_localtime32_s");
    t32 = -5;
    ok(_gmtime32_s(&tm32, &t32) == EINVAL && tm32.tm_year == -1, "_gmtime32_s before 1970");

    struct timespec ts;
    ok(timespec_get(&ts, TIME_UTC) == TIME_UTC && ts.tv_sec >= now && ts.tv_sec <= now + 2 &&
           ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000,
       "timespec_get");
    struct _timespec32 ts32;
    ok(_timespec32_get(&ts32, TIME_UTC) == TIME_UTC && ts32.tv_sec >= (__time32_t)now,
       "_timespec32_get");
    struct _timespec64 ts64;
    ok(_timespec64_get(&ts64, TIME_UTC) == TIME_UTC && ts64.tv_sec >= now, "_timespec64_get");
    ok(timespec_get(&ts, 0) == 0, "timespec_get with an unknown base");
    _set_invalid_parameter_handler(old);

    _tzset();
    long bias = 12345;
    ok(_get_dstbias(&bias) == 0 && bias == _dstbias, "_get_dstbias %ld, _dstbias %ld", bias,
       (long)_dstbias);
#endif
    _free_locale(c);
}

int main(void)
{
    time_t t = 315626635; /* 1980-01-02 02:03:55 UTC, a Wednesday */
    struct tm *g = gmtime(&t);
    ok(g && g->tm_year == 80 && g->tm_mon == 0 && g->tm_mday == 2 && g->tm_hour == 2 &&
           g->tm_min == 3 && g->tm_sec == 55 && g->tm_wday == 3 && g->tm_yday == 1 && g->tm_isdst == 0,
       "gmtime");
#ifdef _UCRT
    const char *expected_asctime = "Wed Jan  2 02:03:55 1980\n";
    const char *expected_c = "Wed Jan  2 02:03:55 1980";
#else
    /* msvcrt.dll pads the day with a zero and spells %c as "%x %X". */
    const char *expected_asctime = "Wed Jan 02 02:03:55 1980\n";
    const char *expected_c = "01/02/80 02:03:55";
#endif
    ok(g && strcmp(asctime(g), expected_asctime) == 0, "asctime: %s", g ? asctime(g) : "");

    struct tm leap = {0};
    leap.tm_year = 100;
    leap.tm_mon = 1;
    leap.tm_mday = 29;
    leap.tm_hour = 12;
    ok(_mkgmtime(&leap) == 951825600, "_mkgmtime of 2000-02-29 12:00");
    ok(leap.tm_wday == 2 && leap.tm_yday == 59, "_mkgmtime fills wday/yday: %d %d", leap.tm_wday,
       leap.tm_yday);

    struct tm over = {0};
    over.tm_year = 99;
    over.tm_mon = 11;
    over.tm_mday = 32; /* 1999-12-32 = 2000-01-01 */
    ok(_mkgmtime(&over) == 946684800 && over.tm_year == 100 && over.tm_mon == 0 && over.tm_mday == 1,
       "_mkgmtime normalises");

    time_t now = time(NULL);
    ok(now > 1600000000, "time");
    struct tm local = *localtime(&now);
    local.tm_isdst = -1;
    ok(mktime(&local) == now, "mktime(localtime(t)) == t");
    struct tm plus = *localtime(&now);
    plus.tm_isdst = -1;
    plus.tm_sec += 3600 * 24;
    ok(mktime(&plus) - now >= 23 * 3600 && mktime(&plus) - now <= 25 * 3600, "mktime adds a day");

    t = -1;
    errno = 0;
    ok(gmtime(&t) == NULL && errno == EINVAL, "gmtime of a negative time");

    char buf[128];
    g = gmtime(&(time_t){315626635});
    ok(strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %j %a %A %b %B %p %y %%", g) > 0 &&
           strcmp(buf, "1980-01-02 02:03:55 002 Wed Wednesday Jan January AM 80 %") == 0,
       "strftime: %s", buf);
    ok(strftime(buf, sizeof buf, "%x|%X|%I|%w|%U|%W", g) > 0 &&
           strcmp(buf, "01/02/80|02:03:55|02|3|00|00") == 0,
       "strftime C locale forms: %s", buf);
    ok(strftime(buf, sizeof buf, "%c", g) > 0 && strcmp(buf, expected_c) == 0, "strftime %%c: %s", buf);
    ok(strftime(buf, sizeof buf, "%#d|%#H", g) > 0 && strcmp(buf, "2|2") == 0,
       "strftime # flag: %s", buf);
    ok(strftime(buf, 5, "%Y-%m", g) == 0, "strftime that does not fit returns 0");
    wchar_t w[32];
    ok(wcsftime(w, 32, L"%d.%m.%Y", g) == 10 && wcscmp(w, L"02.01.1980") == 0, "wcsftime");

    /* _tzset fills the zone globals from GetTimeZoneInformation. */
    _tzset();
    TIME_ZONE_INFORMATION tzi;
    DWORD zone = GetTimeZoneInformation(&tzi);
    ok(zone != TIME_ZONE_ID_INVALID, "GetTimeZoneInformation");
    ok(_timezone == tzi.Bias * 60, "_timezone %ld, bias %ld", (long)_timezone, tzi.Bias);
    ok(_daylight == (tzi.DaylightDate.wMonth != 0), "_daylight %d", _daylight);
    char standard[64];
    WideCharToMultiByte(CP_ACP, 0, tzi.StandardName, -1, standard, sizeof standard, NULL, NULL);
    ok(strcmp(_tzname[0], standard) == 0, "_tzname[0] %s, StandardName %s", _tzname[0], standard);
#ifdef _UCRT
    long seconds = 0;
    ok(_get_timezone(&seconds) == 0 && seconds == _timezone, "_get_timezone %ld", seconds);
#endif

    struct __timeb64 tb;
    time_t before = time(NULL);
    _ftime64(&tb);
    ok(tb.time >= before && tb.time <= before + 2 && tb.millitm < 1000, "_ftime64 %lld.%03u",
       (long long)tb.time, tb.millitm);
    ok(tb.timezone == _timezone / 60, "_ftime64 timezone %d", tb.timezone);

    /* _utime sets what _stat reads back; NULL means now. */
    FILE *f = fopen("time-test.tmp", "w");
    fclose(f);
    struct __utimbuf64 times = {1000000000, 1234567890};
    ok(_utime64("time-test.tmp", &times) == 0, "_utime64: errno %d", errno);
    struct _stat64 st;
    ok(_stat64("time-test.tmp", &st) == 0 && st.st_mtime == 1234567890 &&
           st.st_atime == 1000000000,
       "times read back: %lld %lld", (long long)st.st_mtime, (long long)st.st_atime);
    ok(_utime64("time-test.tmp", NULL) == 0, "_utime64 NULL");
    ok(_stat64("time-test.tmp", &st) == 0 && st.st_mtime >= before, "now: %lld",
       (long long)st.st_mtime);
    errno = 0;
    ok(_utime64("no-such-file.tmp", &times) == -1 && errno == ENOENT, "missing file: %d", errno);
    remove("time-test.tmp");

    ok(difftime(10, 4) == 6.0, "difftime");
    clock_t c = clock();
    ok(c >= 0 && c < 60 * CLOCKS_PER_SEC, "clock counts from the start: %ld", (long)c);
    test_text_forms();
    return check_summary();
}
