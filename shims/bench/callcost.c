/* Nanoseconds per call of GetLastError through the import table: the cheapest API there is,
 * so what a shim adds shows. Built with mingw-w64 by call-cost.sh. */
#include <windows.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    long long calls = argc > 1 ? atoll(argv[1]) : 100000000LL;
    LARGE_INTEGER frequency, start, end;
    unsigned long sum = 0;
    long long i;

    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&start);
    for (i = 0; i < calls; i++)
        sum += GetLastError();
    QueryPerformanceCounter(&end);
    printf("%.2f ns per call (%lu)\n",
           (double)(end.QuadPart - start.QuadPart) * 1e9 / (double)frequency.QuadPart / (double)calls,
           sum);
    return 0;
}
