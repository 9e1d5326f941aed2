/* Clocks and counters programs read: KUSER_SHARED_DATA at 0x7FFE0000, the
 * interrupt time (realtimeapiset.h), NtQuerySystemTime and
 * RtlGetSystemTimePrecise, thread/process/system CPU times
 * (processthreadsapi.h), GlobalMemoryStatusEx and processor counts. */
#include <windows.h>

#include "check.h"

static ULONGLONG ft64(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

/* KSYSTEM_TIME as the kernel publishes it: read High1, Low, High2 and retry
 * until the two high parts agree. */
static ULONGLONG read_ksystem_time(volatile const BYTE *at)
{
    for (;;) {
        LONG high1 = *(volatile const LONG *)(at + 4);
        ULONG low = *(volatile const ULONG *)at;
        LONG high2 = *(volatile const LONG *)(at + 8);
        if (high1 == high2)
            return ((ULONGLONG)(ULONG)high1 << 32) | low;
    }
}

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);
typedef LONG(WINAPI *nt_query_system_time_fn)(LARGE_INTEGER *);
typedef LONGLONG(WINAPI *rtl_precise_fn)(void);

static void test_shared_data(void)
{
    volatile const BYTE *k = (volatile const BYTE *)0x7FFE0000;
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    OSVERSIONINFOW v = {sizeof v};
    ((rtl_get_version_fn)GetProcAddress(ntdll, "RtlGetVersion"))(&v);
    ok(*(volatile ULONG *)(k + 0x26c) == v.dwMajorVersion
           && *(volatile ULONG *)(k + 0x270) == v.dwMinorVersion,
       "NtMajor/MinorVersion %lu.%lu, RtlGetVersion %lu.%lu", *(volatile ULONG *)(k + 0x26c),
       *(volatile ULONG *)(k + 0x270), v.dwMajorVersion, v.dwMinorVersion);
    /* IMAGE_FILE_MACHINE_AMD64, as on x64 Windows; Wine 8 leaves it 0 and fails here. */
    ok(*(volatile USHORT *)(k + 0x2c) == 0x8664, "ImageNumberLow %x",
       *(volatile USHORT *)(k + 0x2c));
    ok(k[0x274 + PF_XMMI64_INSTRUCTIONS_AVAILABLE] == 1, "ProcessorFeatures: no SSE2");

    /* SystemTime follows the system clock; InterruptTime moves with real time. */
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    ULONGLONG shared = read_ksystem_time(k + 0x14);
    LONGLONG skew = (LONGLONG)(ft64(&now) - shared);
    ok(skew > -1000000LL && skew < 1000000LL, "SystemTime is %lld ms off", skew / 10000);
    ULONGLONG i1 = read_ksystem_time(k + 0x8);
    Sleep(50);
    ULONGLONG i2 = read_ksystem_time(k + 0x8);
    ok(i2 - i1 >= 300000 && i2 - i1 < 20000000, "InterruptTime moved %llu ms in a 50 ms sleep",
       (i2 - i1) / 10000);
    /* TickCount scaled by TickCountMultiplier is GetTickCount. */
    ULONGLONG tick = (read_ksystem_time(k + 0x320) * *(volatile ULONG *)(k + 4)) >> 24;
    LONG tick_skew = (LONG)(GetTickCount() - (DWORD)tick);
    ok(tick_skew >= -50 && tick_skew <= 50, "shared tick count is %ld ms off", tick_skew);

    LARGE_INTEGER nt;
    nt_query_system_time_fn query =
        (nt_query_system_time_fn)GetProcAddress(ntdll, "NtQuerySystemTime");
    ok(query && query(&nt) == 0, "NtQuerySystemTime failed");
    GetSystemTimeAsFileTime(&now);
    ok(query && ft64(&now) - nt.QuadPart < 10000000ULL, "NtQuerySystemTime is off");
    rtl_precise_fn precise = (rtl_precise_fn)GetProcAddress(ntdll, "RtlGetSystemTimePrecise");
    if (precise) {
        LONGLONG p = precise();
        GetSystemTimePreciseAsFileTime(&now);
        ok((ULONGLONG)p <= ft64(&now) && ft64(&now) - p < 10000000ULL,
           "RtlGetSystemTimePrecise is off");
    }
}

static void test_interrupt_time(void)
{
    ULONGLONG a = 0, b = 0;
    ok(QueryUnbiasedInterruptTime(&a), "QueryUnbiasedInterruptTime failed");
    Sleep(20);
    QueryUnbiasedInterruptTime(&b);
    ok(b - a >= 150000 && b - a < 20000000, "unbiased interrupt time moved %llu ms in 20 ms",
       (b - a) / 10000);
    SetLastError(0xdeadbeef);
    ok_err(!QueryUnbiasedInterruptTime(NULL), ERROR_INVALID_PARAMETER);
}

static DWORD WINAPI spin(void *param)
{
    DWORD start = GetTickCount();
    volatile ULONGLONG x = 0;
    while (GetTickCount() - start < 200)
        x++;
    return 0;
}

static void test_cpu_times(void)
{
    FILETIME before;
    GetSystemTimeAsFileTime(&before);
    HANDLE t = CreateThread(NULL, 0, spin, NULL, 0, NULL);
    FILETIME created, exited, kernel, user;
    ok(GetThreadTimes(t, &created, &exited, &kernel, &user), "GetThreadTimes failed: %lu",
       GetLastError());
    ok(ft64(&exited) == 0, "running thread has an exit time");
    ok(ft64(&created) + 10000000ULL >= ft64(&before) && ft64(&created) <= ft64(&before)
           + 10000000ULL,
       "creation time is not now");
    WaitForSingleObject(t, 5000);
    ok(GetThreadTimes(t, &created, &exited, &kernel, &user), "GetThreadTimes failed: %lu",
       GetLastError());
    ok(ft64(&exited) >= ft64(&created), "exit time before creation time");
    ULONGLONG cpu = ft64(&kernel) + ft64(&user);
    /* At least some of it (the host may be busy), and not more than it lived. Wine 8
     * reports no CPU time for an ended thread and fails here and below. */
    ok(cpu >= 100000ULL && cpu < 50000000ULL, "200 ms of spinning used %llu ms of CPU",
       cpu / 10000);
    CloseHandle(t);

    ok(GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user),
       "GetProcessTimes failed: %lu", GetLastError());
    ok(ft64(&created) <= ft64(&before) && ft64(&created) + 600000000ULL > ft64(&before),
       "process created %lld ms before the test", (LONGLONG)(ft64(&before) - ft64(&created)) / 10000);
    ok(ft64(&kernel) + ft64(&user) >= cpu - 200000, "process CPU time below its thread's");

    FILETIME idle, skernel, suser;
    ok(GetSystemTimes(&idle, &skernel, &suser), "GetSystemTimes failed: %lu", GetLastError());
    /* Kernel time includes idle time. */
    ok(ft64(&skernel) >= ft64(&idle) && ft64(&suser) > 0, "system times: idle %llu kernel %llu",
       ft64(&idle), ft64(&skernel));
}

static void test_memory_and_processors(void)
{
    MEMORYSTATUSEX ms;
    memset(&ms, 0, sizeof ms);
    ms.dwLength = sizeof ms;
    ok(GlobalMemoryStatusEx(&ms), "GlobalMemoryStatusEx failed: %lu", GetLastError());
    ok(ms.ullTotalPhys > 0 && ms.ullAvailPhys <= ms.ullTotalPhys, "physical %llu, available %llu",
       ms.ullTotalPhys, ms.ullAvailPhys);
    ok(ms.dwMemoryLoad <= 100, "memory load %lu", ms.dwMemoryLoad);
    ok(ms.ullTotalPageFile >= ms.ullTotalPhys, "page file %llu below physical memory",
       ms.ullTotalPageFile);
    ok(ms.ullTotalVirtual >= (1ULL << 46) && ms.ullAvailVirtual <= ms.ullTotalVirtual,
       "virtual %llu, available %llu", ms.ullTotalVirtual, ms.ullAvailVirtual);
    ms.dwLength = sizeof ms - 1;
    SetLastError(0xdeadbeef);
    ok_err(!GlobalMemoryStatusEx(&ms), ERROR_INVALID_PARAMETER);

    SYSTEM_INFO si;
    GetSystemInfo(&si);
    ok(GetActiveProcessorCount(ALL_PROCESSOR_GROUPS) == si.dwNumberOfProcessors,
       "GetActiveProcessorCount %lu, GetSystemInfo %lu",
       GetActiveProcessorCount(ALL_PROCESSOR_GROUPS), si.dwNumberOfProcessors);
    ok(GetActiveProcessorCount(0) == si.dwNumberOfProcessors, "group 0: %lu",
       GetActiveProcessorCount(0));
    DWORD_PTR process_mask = 0, system_mask = 0;
    ok(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask)
           && process_mask == si.dwActiveProcessorMask && system_mask == si.dwActiveProcessorMask,
       "affinity masks %llx / %llx, active %llx", (ULONGLONG)process_mask,
       (ULONGLONG)system_mask, (ULONGLONG)si.dwActiveProcessorMask);
    ok(SetThreadAffinityMask(GetCurrentThread(), 1) == process_mask,
       "SetThreadAffinityMask did not return the previous mask");
    SetThreadAffinityMask(GetCurrentThread(), process_mask);
}

static int popcount(ULONGLONG m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

static void test_processor_information(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    DWORD len = 0;
    SetLastError(0xdeadbeef);
    ok_err(!GetLogicalProcessorInformation(NULL, &len) && len > 0
               && len % sizeof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION) == 0,
           ERROR_INSUFFICIENT_BUFFER);
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION info[256];
    len = sizeof info;
    ok(GetLogicalProcessorInformation(info, &len), "GetLogicalProcessorInformation failed: %lu",
       GetLastError());
    /* The cores cover every processor exactly once; so do the packages. */
    ULONGLONG cores = 0, packages = 0;
    int overlap = 0, l1 = 0;
    for (DWORD i = 0; i < len / sizeof *info; i++) {
        ULONGLONG m = info[i].ProcessorMask;
        if (info[i].Relationship == RelationProcessorCore) {
            overlap |= (cores & m) != 0;
            cores |= m;
        } else if (info[i].Relationship == RelationProcessorPackage) {
            overlap |= (packages & m) != 0;
            packages |= m;
        } else if (info[i].Relationship == RelationCache && info[i].Cache.Level == 1) {
            l1++;
        }
    }
    ok(!overlap && cores == si.dwActiveProcessorMask && packages == si.dwActiveProcessorMask,
       "cores %llx, packages %llx, active %llx", cores, packages,
       (ULONGLONG)si.dwActiveProcessorMask);
    ok(popcount(cores) == (int)si.dwNumberOfProcessors, "cores cover %d processors",
       popcount(cores));
    ok(l1 >= 1, "no level 1 cache");

    /* The Ex form: variable-sized records, each with its size. */
    len = 0;
    SetLastError(0xdeadbeef);
    ok_err(!GetLogicalProcessorInformationEx(RelationAll, NULL, &len) && len > 0,
           ERROR_INSUFFICIENT_BUFFER);
    static BYTE buf[16384];
    len = sizeof buf;
    ok(GetLogicalProcessorInformationEx(RelationProcessorCore,
                                        (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)buf, &len),
       "GetLogicalProcessorInformationEx failed: %lu", GetLastError());
    ULONGLONG ex_cores = 0;
    int all_cores = 1;
    for (DWORD at = 0; at < len;) {
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *r = (void *)(buf + at);
        all_cores &= r->Relationship == RelationProcessorCore && r->Processor.GroupCount == 1;
        ex_cores |= r->Processor.GroupMask[0].Mask;
        if (!r->Size)
            break;
        at += r->Size;
    }
    ok(all_cores && ex_cores == si.dwActiveProcessorMask, "Ex cores %llx", ex_cores);
    len = sizeof buf;
    ok(GetLogicalProcessorInformationEx(RelationGroup,
                                        (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)buf, &len),
       "RelationGroup failed: %lu", GetLastError());
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *g = (void *)buf;
    ok(g->Relationship == RelationGroup && g->Group.ActiveGroupCount == 1
           && g->Group.GroupInfo[0].ActiveProcessorCount == si.dwNumberOfProcessors,
       "group: %u groups, %u processors", g->Group.ActiveGroupCount,
       g->Group.GroupInfo[0].ActiveProcessorCount);
}

/* MS-DOS dates and times, as FAT and zip archives store them (7-Zip uses
 * these), and the clock adjustment a program reads. */
static void test_dos_time(void)
{
    SYSTEMTIME st = {2024, 2, 0, 29, 13, 45, 58, 0}, back;
    FILETIME ft, ft2;
    WORD date = 0, time = 0;
    DWORD adjustment = 0, increment = 0;
    BOOL disabled = FALSE;

    ok(SystemTimeToFileTime(&st, &ft), "SystemTimeToFileTime");
    ok(FileTimeToDosDateTime(&ft, &date, &time), "FileTimeToDosDateTime: %lu", GetLastError());
    ok(date == 0x585d && time == 0x6dbd, "date %x time %x", date, time);
    ok(DosDateTimeToFileTime(date, time, &ft2), "DosDateTimeToFileTime: %lu", GetLastError());
    ok(FileTimeToSystemTime(&ft2, &back) && back.wYear == 2024 && back.wMonth == 2 &&
           back.wDay == 29 && back.wHour == 13 && back.wMinute == 45 && back.wSecond == 58,
       "round trip %u-%u-%u %u:%u:%u", back.wYear, back.wMonth, back.wDay, back.wHour,
       back.wMinute, back.wSecond);
    st.wYear = 1979; /* before the DOS epoch */
    st.wDay = 28;
    ok(SystemTimeToFileTime(&st, &ft), "SystemTimeToFileTime 1979");
    SetLastError(0xdeadbeef);
    ok_err(!FileTimeToDosDateTime(&ft, &date, &time), ERROR_INVALID_PARAMETER);

    ok(GetSystemTimeAdjustment(&adjustment, &increment, &disabled), "GetSystemTimeAdjustment");
    ok(disabled && increment > 0, "disabled %d, increment %lu", disabled, increment);
}

int main(void)
{
    test_shared_data();
    test_interrupt_time();
    test_cpu_times();
    test_memory_and_processors();
    test_processor_information();
    test_dos_time();
    return check_summary();
}
