/* Loopback TCP throughput, one source for Linux (BSD sockets) and Windows (Winsock): a
 * sender thread writes 2 GiB in 64 KiB send calls to a receiver on 127.0.0.1 that reads
 * with 64 KiB recv calls. Prints "tcp_mib_s <MiB per second>"; run by
 * samples/bench/sockets.sh, which builds it both ways and prints the ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
#include <windows.h>
typedef SOCKET sock_t;
typedef int socklen_t;
static double now(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
}
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
typedef int sock_t;
#define closesocket close
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}
#endif

#define CHUNK (64 * 1024)
#define TOTAL (2048LL * 1024 * 1024)

static sock_t sender;

#ifdef _WIN32
static DWORD WINAPI send_all(void *arg)
#else
static void *send_all(void *arg)
#endif
{
    static char buf[CHUNK];
    long long sent = 0;
    (void)arg;
    memset(buf, 'x', sizeof buf);
    while (sent < TOTAL) {
        int n = send(sender, buf, CHUNK, 0);
        if (n <= 0)
            break;
        sent += n;
    }
    closesocket(sender);
    return 0;
}

int main(void)
{
    static char buf[CHUNK];
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    sock_t l, r;
    long long got = 0;
    double t0, t1;
    int n;
#ifdef _WIN32
    WSADATA data;
    HANDLE thread;
    WSAStartup(MAKEWORD(2, 2), &data);
#else
    pthread_t thread;
#endif

    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
        getsockname(l, (struct sockaddr *)&a, &len)) {
        perror("listen");
        return 1;
    }
    sender = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(sender, (struct sockaddr *)&a, sizeof a)) {
        perror("connect");
        return 1;
    }
    r = accept(l, NULL, NULL);
    t0 = now();
#ifdef _WIN32
    thread = CreateThread(NULL, 0, send_all, NULL, 0, NULL);
#else
    pthread_create(&thread, NULL, send_all, NULL);
#endif
    while ((n = recv(r, buf, sizeof buf, 0)) > 0)
        got += n;
    t1 = now();
#ifdef _WIN32
    WaitForSingleObject(thread, INFINITE);
#else
    pthread_join(thread, NULL);
#endif
    if (got != TOTAL) {
        fprintf(stderr, "received %lld of %lld bytes\n", got, TOTAL);
        return 1;
    }
    printf("tcp_mib_s %.1f\n", TOTAL / (1024.0 * 1024.0) / (t1 - t0));
    return 0;
}
