/* clock: prints what each wall-clock API of Windows says (the faketime shim test runs it). */
#include <windows.h>
#include <stdio.h>
#include <time.h>

int main(void)
{
    SYSTEMTIME st, lt;
    FILETIME ft;
    LARGE_INTEGER before, after;

    GetSystemTime(&st);
    printf("GetSystemTime: %04u-%02u-%02u %02u:%02u:%02u.%03u day %u\n", st.wYear, st.wMonth,
           st.wDay, st.wHour, st.wMinute, st.wSecond, st.wMilliseconds, st.wDayOfWeek);
    GetLocalTime(&lt);
    printf("GetLocalTime: %04u-%02u-%02u %02u:%02u:%02u\n", lt.wYear, lt.wMonth, lt.wDay,
           lt.wHour, lt.wMinute, lt.wSecond);
    GetSystemTimeAsFileTime(&ft);
    printf("GetSystemTimeAsFileTime: %llu\n",
           ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
    printf("time: %lld\n", (long long)time(NULL));
    {
        /* ntdll's clock, found at run time as programs that avoid the import do. */
        HMODULE ntdll = GetModuleHandleA("ntdll.dll");
        LONG (WINAPI *query)(LARGE_INTEGER *) =
            (LONG (WINAPI *)(LARGE_INTEGER *))(void *)GetProcAddress(ntdll, "NtQuerySystemTime");
        LONGLONG (WINAPI *precise)(void) =
            (LONGLONG (WINAPI *)(void))(void *)GetProcAddress(ntdll, "RtlGetSystemTimePrecise");
        LARGE_INTEGER now;
        LONG status = query ? query(&now) : -1;
        printf("NtQuerySystemTime: %ld %lld\n", status, status == 0 ? now.QuadPart : 0LL);
        printf("RtlGetSystemTimePrecise: %lld\n", precise ? precise() : 0LL);
    }
    QueryPerformanceCounter(&before);
    Sleep(20);
    QueryPerformanceCounter(&after);
    printf("QueryPerformanceCounter advanced: %s\n", after.QuadPart > before.QuadPart ? "yes" : "no");
    return 0;
}
