/* C runtime benchmark (issue #3): the same source built for Linux and for Windows. Prints one
 * "figure seconds" line per measurement:
 *   printf    1M formatted lines fprintf'd to a file
 *   strlen    strlen over a 64 MiB string, 16 times
 *   memcpy    64 MiB copied 16 times
 *   memcmp    64 MiB compared 16 times
 *   malloc    4M malloc/free pairs of mixed sizes, 1024 live at a time
 *   qsort     1M ints sorted
 *   fwrite    MIB (default 512) MiB written in 64 KiB chunks
 *   fread     the same read back
 *
 *   crt DIR [MIB] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
static double now(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
}
#else
#include <time.h>
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}
#endif

static volatile size_t sink;

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: crt DIR [MIB]\n");
        return 2;
    }
    long mib = argc > 2 ? atol(argv[2]) : 512;
    char path[4096];
    snprintf(path, sizeof path, "%s/crt-bench.tmp", argv[1]);

    double t = now();
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    for (int i = 0; i < 1000000; i++)
        fprintf(f, "line %d: %s %8.3f %x\n", i, "value", i * 0.25, i);
    fclose(f);
    printf("printf %.4f\n", now() - t);

    size_t big = 64u << 20;
    char *a = malloc(big + 1), *b = malloc(big + 1);
    memset(a, 'x', big);
    a[big] = 0;
    t = now();
    for (int i = 0; i < 16; i++) {
        a[big - 1 - i] = 'y';
        sink += strlen(a);
    }
    printf("strlen %.4f\n", now() - t);
    t = now();
    for (int i = 0; i < 16; i++) {
        a[i] = (char)i;
        memcpy(b, a, big);
    }
    printf("memcpy %.4f\n", now() - t);
    t = now();
    for (int i = 0; i < 16; i++) {
        b[big - 1 - i] ^= 1;
        sink += (size_t)memcmp(a, b, big);
    }
    printf("memcmp %.4f\n", now() - t);
    free(a);
    free(b);

    void *live[1024] = {0};
    unsigned seed = 1;
    t = now();
    for (int i = 0; i < 4000000; i++) {
        seed = seed * 1103515245 + 12345;
        unsigned slot = (seed >> 8) & 1023;
        free(live[slot]);
        live[slot] = malloc(16 + (seed >> 16) % 4096);
    }
    for (int i = 0; i < 1024; i++)
        free(live[i]);
    printf("malloc %.4f\n", now() - t);

    int *ints = malloc(1000000 * sizeof *ints);
    for (int i = 0; i < 1000000; i++) {
        seed = seed * 1103515245 + 12345;
        ints[i] = (int)(seed >> 1);
    }
    t = now();
    qsort(ints, 1000000, sizeof *ints, compare_ints);
    printf("qsort %.4f\n", now() - t);
    free(ints);

    size_t chunk = 64 << 10;
    char *buf = malloc(chunk);
    memset(buf, 'z', chunk);
    long chunks = mib * 16;
    t = now();
    f = fopen(path, "wb");
    for (long i = 0; i < chunks; i++)
        fwrite(buf, 1, chunk, f);
    fclose(f);
    printf("fwrite %.4f\n", now() - t);
    t = now();
    f = fopen(path, "rb");
    while (fread(buf, 1, chunk, f) == chunk)
        sink++;
    fclose(f);
    printf("fread %.4f\n", now() - t);
    free(buf);
    remove(path);
    return 0;
}
