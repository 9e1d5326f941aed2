/* sysinfoapi.h: version, processor and time queries, plus the current
 * process/thread pseudo-handles and ids (processthreadsapi.h) that programs
 * check at startup. */
#include <windows.h>

#include "check.h"

static void test_version(void)
{
    /* GetVersionEx reports 6.2 (Windows 8), build 9200, to programs whose
     * manifest does not declare support for Windows 8.1 or 10; these test
     * programs have no manifest. RtlGetVersion is exempt and reports the
     * real version.
     * Wine applies the same rule, but only when its prefix is set to Windows
     * 8.1 or later; a prefix set to Windows 7 reports 6.1.7601 and fails
     * the checks below (`wine reg add 'HKCU\Software\Wine' /v Version
     * /d win10` fixes the prefix). */
    OSVERSIONINFOW vi;
    memset(&vi, 0, sizeof vi);
    vi.dwOSVersionInfoSize = sizeof vi;
    BOOL ret = GetVersionExW(&vi);
    ok(ret, "GetVersionExW failed: %lu", GetLastError());
    ok(vi.dwMajorVersion == 6 && vi.dwMinorVersion == 2 && vi.dwBuildNumber == 9200,
       "GetVersionExW says %lu.%lu.%lu, expected 6.2.9200", vi.dwMajorVersion,
       vi.dwMinorVersion, vi.dwBuildNumber);
    ok(vi.dwPlatformId == VER_PLATFORM_WIN32_NT, "dwPlatformId = %lu", vi.dwPlatformId);

    OSVERSIONINFOEXA vx;
    memset(&vx, 0, sizeof vx);
    vx.dwOSVersionInfoSize = sizeof vx;
    ret = GetVersionExA((OSVERSIONINFOA *)&vx);
    ok(ret && vx.dwMajorVersion == 6 && vx.dwMinorVersion == 2 && vx.dwBuildNumber == 9200,
       "GetVersionExA(EX) = %d, %lu.%lu.%lu", ret, vx.dwMajorVersion, vx.dwMinorVersion,
       vx.dwBuildNumber);
    ok(vx.wProductType == VER_NT_WORKSTATION || vx.wProductType == VER_NT_SERVER
           || vx.wProductType == VER_NT_DOMAIN_CONTROLLER,
       "wProductType = %u", vx.wProductType);

    /* A wrong structure size is rejected. (Which last error that sets is
     * not documented; Wine sets none.) */
    vi.dwOSVersionInfoSize = sizeof vi - 1;
    ok(!GetVersionExW(&vi), "GetVersionExW accepted dwOSVersionInfoSize %lu",
       vi.dwOSVersionInfoSize);

    /* GetVersion packs the same numbers: major in the low byte, minor in the
     * next, build in the high word (bit 31 clear on NT). */
    DWORD v = GetVersion();
    ok(LOBYTE(LOWORD(v)) == 6 && HIBYTE(LOWORD(v)) == 2 && HIWORD(v) == 9200,
       "GetVersion() = 0x%lx, expected 0x23f00206", v);
}

static void test_system_info(void)
{
    SYSTEM_INFO si;
    memset(&si, 0xcc, sizeof si);
    GetSystemInfo(&si);
    ok(si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64,
       "wProcessorArchitecture = %u, expected 9 (AMD64)", si.wProcessorArchitecture);
    ok(si.dwNumberOfProcessors >= 1 && si.dwNumberOfProcessors <= 4096,
       "dwNumberOfProcessors = %lu", si.dwNumberOfProcessors);
    ok(si.dwActiveProcessorMask != 0, "dwActiveProcessorMask is 0");
    ok(si.dwPageSize == 4096, "dwPageSize = %lu", si.dwPageSize);

    SYSTEM_INFO native;
    GetNativeSystemInfo(&native);
    ok(native.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64
           && native.dwNumberOfProcessors == si.dwNumberOfProcessors,
       "GetNativeSystemInfo: arch %u, %lu processors", native.wProcessorArchitecture,
       native.dwNumberOfProcessors);

    /* SSE2 is part of x86-64, so it is always present. */
    ok(IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE),
       "IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE) is FALSE");
    ok(IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE),
       "IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE) is FALSE");
}

static void test_time(void)
{
    /* Tick count: milliseconds, never going backwards; it has moved after a
     * 50 ms sleep (its resolution is ~16 ms at worst). */
    ULONGLONG t0 = GetTickCount64();
    ULONGLONG t1 = GetTickCount64();
    ok(t1 >= t0, "GetTickCount64 went backwards: %llu then %llu", t0, t1);
    Sleep(50);
    ULONGLONG t2 = GetTickCount64();
    ok(t2 >= t1 + 30, "GetTickCount64 advanced %llu ms over Sleep(50)", t2 - t1);
    /* GetTickCount is the low 32 bits of the same counter. */
    DWORD t32 = GetTickCount();
    ULONGLONG t3 = GetTickCount64();
    ok((DWORD)t3 - t32 <= 100, "GetTickCount %lu vs GetTickCount64 %llu", t32, t3);

    LARGE_INTEGER freq, c0, c1, c2;
    ok(QueryPerformanceFrequency(&freq) && freq.QuadPart > 0,
       "QueryPerformanceFrequency: %lld", freq.QuadPart);
    ok(QueryPerformanceCounter(&c0), "QueryPerformanceCounter failed");
    QueryPerformanceCounter(&c1);
    ok(c1.QuadPart >= c0.QuadPart, "QueryPerformanceCounter went backwards");
    Sleep(50);
    QueryPerformanceCounter(&c2);
    if (freq.QuadPart > 0) {
        LONGLONG ms = (c2.QuadPart - c1.QuadPart) * 1000 / freq.QuadPart;
        ok(ms >= 40, "QueryPerformanceCounter measured %lld ms over Sleep(50)", ms);
    }

    /* Wall clock: FILETIME counts 100 ns since 1601; 2020-01-01 is
     * 132223104000000000. */
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    ULONGLONG now = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    ok(now > 132223104000000000ULL, "GetSystemTimeAsFileTime = %llu, before 2020", now);

    SYSTEMTIME st;
    GetSystemTime(&st);
    ok(st.wYear >= 2020 && st.wMonth >= 1 && st.wMonth <= 12 && st.wDay >= 1 && st.wDay <= 31,
       "GetSystemTime: %u-%u-%u", st.wYear, st.wMonth, st.wDay);
    FILETIME from_st;
    ok(SystemTimeToFileTime(&st, &from_st), "SystemTimeToFileTime failed");
    ULONGLONG later = ((ULONGLONG)from_st.dwHighDateTime << 32) | from_st.dwLowDateTime;
    /* Both read the same clock a moment apart; GetSystemTime drops the
     * sub-millisecond part, so it may look up to 1 ms (10000) earlier. */
    LONGLONG diff = (LONGLONG)(later - now);
    ok(diff >= -10000 && diff < 10LL * 10000000,
       "GetSystemTime and GetSystemTimeAsFileTime differ by %lld (100 ns units)", diff);
}

static void test_process_ids(void)
{
    /* The pseudo-handles are documented constants. */
    ok(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess() = %p",
       GetCurrentProcess());
    ok(GetCurrentThread() == (HANDLE)(LONG_PTR)-2, "GetCurrentThread() = %p",
       GetCurrentThread());

    DWORD pid = GetCurrentProcessId();
    ok(pid != 0, "GetCurrentProcessId() = 0");
    ok(GetProcessId(GetCurrentProcess()) == pid, "GetProcessId(GetCurrentProcess()) = %lu, pid %lu",
       GetProcessId(GetCurrentProcess()), pid);
    DWORD tid = GetCurrentThreadId();
    ok(tid != 0, "GetCurrentThreadId() = 0");
    ok(GetThreadId(GetCurrentThread()) == tid, "GetThreadId(GetCurrentThread()) = %lu, tid %lu",
       GetThreadId(GetCurrentThread()), tid);
}

int main(void)
{
    test_version();
    test_system_info();
    test_time();
    test_process_ids();
    return check_summary();
}
