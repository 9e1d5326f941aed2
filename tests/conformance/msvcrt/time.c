/* time.h: gmtime/_mkgmtime round trips, mktime normalising fields,
 * localtime against mktime, strftime's "C" locale conversions, asctime,
 * clock and difftime. Built for msvcrt (mingw) and the UCRT (zig). */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/timeb.h>
#include <sys/utime.h>

#include "check.h"

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
    return check_summary();
}
