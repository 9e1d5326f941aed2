/* timezoneapi.h: the time zone, local time and the conversions between UTC
 * and local time (FileTimeToLocalFileTime is declared in fileapi.h). The
 * checks hold in any host time zone: they compare the functions with each
 * other, and use explicit zone rules where exact values are needed. */
#include <windows.h>

#include "check.h"

static LONGLONG ticks(const FILETIME *ft)
{
    return ((LONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static void test_local_time(void)
{
    TIME_ZONE_INFORMATION tz;
    memset(&tz, 0xcc, sizeof tz);
    DWORD id = GetTimeZoneInformation(&tz);
    ok(id == TIME_ZONE_ID_UNKNOWN || id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT,
       "GetTimeZoneInformation returned %lu", id);
    ok(tz.Bias >= -14 * 60 && tz.Bias <= 12 * 60, "Bias %ld minutes", tz.Bias);
    LONG bias = tz.Bias + (id == TIME_ZONE_ID_DAYLIGHT ? tz.DaylightBias : tz.StandardBias);
    if (id == TIME_ZONE_ID_UNKNOWN)
        ok(tz.StandardDate.wMonth == 0, "no DST, but StandardDate month %u",
           tz.StandardDate.wMonth);
    else
        ok(tz.StandardDate.wMonth >= 1 && tz.StandardDate.wMonth <= 12
               && tz.DaylightDate.wMonth >= 1 && tz.DaylightDate.wMonth <= 12,
           "DST transition months %u / %u", tz.StandardDate.wMonth, tz.DaylightDate.wMonth);

    /* GetLocalTime is GetSystemTime minus the bias in force. */
    SYSTEMTIME utc, local;
    FILETIME fu, fl;
    GetSystemTime(&utc);
    GetLocalTime(&local);
    SystemTimeToFileTime(&utc, &fu);
    SystemTimeToFileTime(&local, &fl);
    LONGLONG diff = ticks(&fl) - ticks(&fu);
    LONGLONG diff_minutes = (diff + (diff < 0 ? -300000000LL : 300000000LL)) / 600000000LL;
    ok(diff_minutes == -bias, "local - UTC = %lld minutes, bias says %ld", diff_minutes, -bias);

    /* FileTimeToLocalFileTime applies the same bias, and LocalFileTimeToFileTime undoes it. */
    FILETIME lf, back;
    ok(FileTimeToLocalFileTime(&fu, &lf), "FileTimeToLocalFileTime failed: %lu",
       GetLastError());
    ok(ticks(&lf) - ticks(&fu) == -(LONGLONG)bias * 600000000LL,
       "FileTimeToLocalFileTime moved by %lld ticks", ticks(&lf) - ticks(&fu));
    ok(LocalFileTimeToFileTime(&lf, &back) && ticks(&back) == ticks(&fu),
       "LocalFileTimeToFileTime did not undo it");

    /* With no zone given, SystemTimeToTzSpecificLocalTime uses the current zone. */
    SYSTEMTIME conv;
    ok(SystemTimeToTzSpecificLocalTime(NULL, &utc, &conv), "SystemTimeToTzSpecificLocalTime "
       "failed: %lu", GetLastError());
    FILETIME fc;
    SystemTimeToFileTime(&conv, &fc);
    ok(ticks(&fc) == ticks(&fl) || (ticks(&fc) - ticks(&fl) < 10000000LL
                                    && ticks(&fl) - ticks(&fc) < 10000000LL),
       "converted local time differs from GetLocalTime");
    SYSTEMTIME round;
    ok(TzSpecificLocalTimeToSystemTime(NULL, &conv, &round), "TzSpecificLocalTimeToSystemTime "
       "failed: %lu", GetLastError());
    FILETIME fr;
    SystemTimeToFileTime(&round, &fr);
    ok(ticks(&fr) == ticks(&fu), "local time did not convert back to the same UTC time");

    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    DWORD did = GetDynamicTimeZoneInformation(&dtz);
    ok(did == id && dtz.Bias == tz.Bias, "GetDynamicTimeZoneInformation: %lu, bias %ld", did,
       dtz.Bias);
}

/* A zone one hour east of UTC with European summer time: from the last Sunday
 * of March, 02:00 standard time, to the last Sunday of October, 03:00 summer
 * time. */
static void central_europe(TIME_ZONE_INFORMATION *tz)
{
    memset(tz, 0, sizeof *tz);
    tz->Bias = -60;
    tz->DaylightBias = -60;
    tz->DaylightDate.wMonth = 3;
    tz->DaylightDate.wDayOfWeek = 0;
    tz->DaylightDate.wDay = 5;
    tz->DaylightDate.wHour = 2;
    tz->StandardDate.wMonth = 10;
    tz->StandardDate.wDayOfWeek = 0;
    tz->StandardDate.wDay = 5;
    tz->StandardDate.wHour = 3;
}

static int to_local_hour(TIME_ZONE_INFORMATION *tz, WORD year, WORD month, WORD day, WORD hour,
                         WORD minute)
{
    SYSTEMTIME utc = {year, month, 0, day, hour, minute, 0, 0}, local;
    if (!SystemTimeToTzSpecificLocalTime(tz, &utc, &local))
        return -1;
    return local.wDay * 10000 + local.wHour * 100 + local.wMinute;
}

static void test_zone_rules(void)
{
    TIME_ZONE_INFORMATION tz;
    central_europe(&tz);
    /* Winter: UTC+1; summer: UTC+2. */
    ok(to_local_hour(&tz, 2024, 1, 15, 12, 0) == 151300, "January: %d",
       to_local_hour(&tz, 2024, 1, 15, 12, 0));
    ok(to_local_hour(&tz, 2024, 7, 1, 12, 0) == 11400, "July: %d",
       to_local_hour(&tz, 2024, 7, 1, 12, 0));
    /* 2024-03-31 is the last Sunday of March: summer time from 01:00 UTC. */
    ok(to_local_hour(&tz, 2024, 3, 31, 0, 59) == 310159, "just before the change: %d",
       to_local_hour(&tz, 2024, 3, 31, 0, 59));
    ok(to_local_hour(&tz, 2024, 3, 31, 1, 0) == 310300, "at the change: %d",
       to_local_hour(&tz, 2024, 3, 31, 1, 0));
    /* 2024-10-27 is the last Sunday of October: back to UTC+1 at 01:00 UTC. */
    ok(to_local_hour(&tz, 2024, 10, 27, 0, 30) == 270230, "before the change back: %d",
       to_local_hour(&tz, 2024, 10, 27, 0, 30));
    ok(to_local_hour(&tz, 2024, 10, 27, 1, 30) == 270230, "after the change back: %d",
       to_local_hour(&tz, 2024, 10, 27, 1, 30));

    SYSTEMTIME local = {2024, 7, 0, 1, 14, 0, 0, 0}, utc;
    ok(TzSpecificLocalTimeToSystemTime(&tz, &local, &utc) && utc.wHour == 12 && utc.wDay == 1,
       "summer local 14:00 is %u:%02u UTC", utc.wHour, utc.wMinute);

    /* A zone without daylight saving time. */
    TIME_ZONE_INFORMATION india;
    memset(&india, 0, sizeof india);
    india.Bias = -330;
    ok(to_local_hour(&india, 2024, 7, 1, 12, 0) == 11730, "UTC+5:30: %d",
       to_local_hour(&india, 2024, 7, 1, 12, 0));

    SYSTEMTIME bad = {2024, 13, 0, 1, 0, 0, 0, 0}, out;
    SetLastError(0xdeadbeef);
    ok_err(!SystemTimeToTzSpecificLocalTime(&tz, &bad, &out), ERROR_INVALID_PARAMETER);
}

int main(void)
{
    test_local_time();
    test_zone_rules();
    return check_summary();
}
