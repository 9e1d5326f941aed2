/* timeapi.h: timeGetTime, timeBeginPeriod/timeEndPeriod, timeGetDevCaps.
 * Resolved through LoadLibrary so the program needs no winmm import library. */
#include <windows.h>
#include <mmsystem.h>

#include "check.h"

typedef DWORD(WINAPI *get_time_fn)(void);
typedef MMRESULT(WINAPI *period_fn)(UINT);
typedef MMRESULT(WINAPI *caps_fn)(LPTIMECAPS, UINT);

int main(void)
{
    HMODULE winmm = LoadLibraryA("winmm.dll");
    ok(winmm != NULL, "LoadLibrary(winmm) failed: %lu", GetLastError());
    if (!winmm)
        return check_summary();
    get_time_fn get_time = (get_time_fn)GetProcAddress(winmm, "timeGetTime");
    period_fn begin = (period_fn)GetProcAddress(winmm, "timeBeginPeriod");
    period_fn end = (period_fn)GetProcAddress(winmm, "timeEndPeriod");
    caps_fn caps = (caps_fn)GetProcAddress(winmm, "timeGetDevCaps");
    ok(get_time && begin && end && caps, "missing winmm exports");

    DWORD t0 = get_time();
    Sleep(50);
    DWORD t1 = get_time();
    ok(t1 - t0 >= 45 && t1 - t0 < 1000, "timeGetTime advanced %lu ms over a 50 ms sleep", t1 - t0);
    DWORD tick = GetTickCount();
    ok(tick - get_time() < 100 || get_time() - tick < 100, "timeGetTime far from GetTickCount");

    ok(begin(1) == TIMERR_NOERROR, "timeBeginPeriod(1)");
    ok(end(1) == TIMERR_NOERROR, "timeEndPeriod(1)");
    ok(begin(0) == TIMERR_NOCANDO, "timeBeginPeriod(0) should fail");
    ok(end(0) == TIMERR_NOCANDO, "timeEndPeriod(0) should fail");

    TIMECAPS tc;
    memset(&tc, 0xcc, sizeof tc);
    ok(caps(&tc, sizeof tc) == TIMERR_NOERROR, "timeGetDevCaps");
    /* Windows 10 reports 1..1000000 ms; Wine 8 reports 65535 as the maximum. */
    ok(tc.wPeriodMin == 1 && tc.wPeriodMax == 1000000, "caps %u..%u", tc.wPeriodMin,
       tc.wPeriodMax);
    ok(caps(&tc, sizeof tc - 1) == TIMERR_NOCANDO, "timeGetDevCaps with a short size");
    ok(caps(NULL, sizeof tc) == TIMERR_NOCANDO, "timeGetDevCaps(NULL)");
    return check_summary();
}
