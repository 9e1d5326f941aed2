/* Process creation: start a trivial child (this program with the argument "child", which exits
 * at once) and wait for it, N times; prints the median in microseconds. Built for Linux it uses
 * fork+exec+waitpid, built for Windows CreateProcessW+WaitForSingleObject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>

static double now_us(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart * 1e6 / (double)f.QuadPart;
}

static void spawn_and_wait(const char *self)
{
    char line[MAX_PATH + 16];
    snprintf(line, sizeof line, "\"%s\" child", self);
    STARTUPINFOA si = {sizeof si};
    PROCESS_INFORMATION pi;
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        fprintf(stderr, "CreateProcessA failed: %lu\n", GetLastError());
        exit(1);
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static const char *self_path(const char *argv0)
{
    static char path[MAX_PATH];
    (void)argv0;
    GetModuleFileNameA(NULL, path, MAX_PATH);
    return path;
}
#else
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void spawn_and_wait(const char *self)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, "child", (char *)NULL);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
}

static const char *self_path(const char *argv0)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return argv0;
    path[n] = 0;
    return path;
}
#endif

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child"))
        return 0;
    int runs = argc > 1 ? atoi(argv[1]) : 100;
    const char *self = self_path(argv[0]);
    double *t = malloc(sizeof *t * (size_t)runs);
    spawn_and_wait(self); /* warm the caches */
    for (int i = 0; i < runs; i++) {
        double start = now_us();
        spawn_and_wait(self);
        t[i] = now_us() - start;
    }
    qsort(t, (size_t)runs, sizeof *t, compare);
    printf("%.1f\n", t[runs / 2]);
    return 0;
}
