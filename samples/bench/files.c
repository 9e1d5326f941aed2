/* File system throughput and latency, one source for Linux (POSIX) and
 * Windows (Win32): 512 MiB written then read in 64 KiB chunks, 100k
 * create+close pairs of one existing file, 100k attribute queries, and a
 * listing of a 10k-entry directory. Prints "name seconds" lines; run by
 * samples/bench/files.sh, which builds it both ways and prints ratios. */
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
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
#endif

#define CHUNK (64 * 1024)
#define TOTAL (512LL * 1024 * 1024)

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: files DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    char big[4096], name[4096];
    snprintf(big, sizeof big, "%s/big.bin", dir);
    static char buf[CHUNK];
    memset(buf, 'x', sizeof buf);
    double t;
    long long done;

#ifdef _WIN32
    DWORD n;
    HANDLE h = CreateFileA(big, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    t = now();
    for (done = 0; done < TOTAL; done += CHUNK)
        WriteFile(h, buf, CHUNK, &n, NULL);
    CloseHandle(h);
    printf("write %.4f\n", now() - t);
    h = CreateFileA(big, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    t = now();
    while (ReadFile(h, buf, CHUNK, &n, NULL) && n)
        ;
    CloseHandle(h);
    printf("read %.4f\n", now() - t);
    t = now();
    for (int i = 0; i < 100000; i++)
        CloseHandle(CreateFileA(big, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL));
    printf("open-close %.4f\n", now() - t);
    t = now();
    for (int i = 0; i < 100000; i++)
        GetFileAttributesA(big);
    printf("attributes %.4f\n", now() - t);
    DeleteFileA(big);
    snprintf(name, sizeof name, "%s/many", dir);
    CreateDirectoryA(name, NULL);
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "%s/many/f%05d", dir, i);
        CloseHandle(CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL));
    }
    snprintf(name, sizeof name, "%s/many/*", dir);
    t = now();
    WIN32_FIND_DATAA fd;
    int count = 0;
    HANDLE f = FindFirstFileA(name, &fd);
    do
        count++;
    while (FindNextFileA(f, &fd));
    FindClose(f);
    printf("list %.4f\n", now() - t);
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "%s/many/f%05d", dir, i);
        DeleteFileA(name);
    }
    snprintf(name, sizeof name, "%s/many", dir);
    RemoveDirectoryA(name);
#else
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    t = now();
    for (done = 0; done < TOTAL; done += CHUNK)
        if (write(fd, buf, CHUNK) != CHUNK)
            return 1;
    close(fd);
    printf("write %.4f\n", now() - t);
    fd = open(big, O_RDONLY);
    t = now();
    while (read(fd, buf, CHUNK) > 0)
        ;
    close(fd);
    printf("read %.4f\n", now() - t);
    t = now();
    for (int i = 0; i < 100000; i++)
        close(open(big, O_RDONLY));
    printf("open-close %.4f\n", now() - t);
    struct stat st;
    t = now();
    for (int i = 0; i < 100000; i++)
        stat(big, &st);
    printf("attributes %.4f\n", now() - t);
    unlink(big);
    snprintf(name, sizeof name, "%s/many", dir);
    mkdir(name, 0777);
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "%s/many/f%05d", dir, i);
        close(open(name, O_WRONLY | O_CREAT | O_EXCL, 0666));
    }
    snprintf(name, sizeof name, "%s/many", dir);
    t = now();
    int count = 0;
    DIR *d = opendir(name);
    struct dirent *e;
    char entry[4096];
    while ((e = readdir(d))) {
        /* A Windows listing carries each entry's attributes, size and times. */
        snprintf(entry, sizeof entry, "%s/%s", name, e->d_name);
        if (stat(entry, &st) == 0)
            count++;
    }
    closedir(d);
    printf("list %.4f\n", now() - t);
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "%s/many/f%05d", dir, i);
        unlink(name);
    }
    snprintf(name, sizeof name, "%s/many", dir);
    rmdir(name);
#endif
    return count > 0 ? 0 : 1;
}
