/* Threading primitives timed the same way on both sides: built for Linux it
 * uses pthreads and clock_gettime, built with mingw-w64 it uses the Win32 API
 * (run under winrun). Prints "<name> <nanoseconds per operation>" lines;
 * samples/bench/threads.sh compares the two builds. */
#include <stdio.h>
#include <stdint.h>

#ifdef _WIN32
#include <windows.h>

static double now_ns(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER c;
    if (!freq.QuadPart)
        QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart * 1e9 / (double)freq.QuadPart;
}

static CRITICAL_SECTION cs;
static SRWLOCK srw = SRWLOCK_INIT;
static DWORD slot;
static void lock_init(void) { InitializeCriticalSection(&cs); slot = TlsAlloc(); TlsSetValue(slot, &cs); }
static void lock_acquire(void) { EnterCriticalSection(&cs); }
static void lock_release(void) { LeaveCriticalSection(&cs); }
static void rw_acquire(void) { AcquireSRWLockExclusive(&srw); }
static void rw_release(void) { ReleaseSRWLockExclusive(&srw); }
static void *tls_get(void) { return TlsGetValue(slot); }
static int64_t clock_read(void) { LARGE_INTEGER c; QueryPerformanceCounter(&c); return c.QuadPart; }

static HANDLE ping, pong;
static int rounds;
static DWORD WINAPI ponger(void *p)
{
    for (int i = 0; i < rounds; i++) {
        WaitForSingleObject(ping, INFINITE);
        SetEvent(pong);
    }
    return 0;
}
static void pingpong(int n)
{
    rounds = n;
    ping = CreateEventW(NULL, FALSE, FALSE, NULL);
    pong = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, ponger, NULL, 0, NULL);
    for (int i = 0; i < n; i++) {
        SetEvent(ping);
        WaitForSingleObject(pong, INFINITE);
    }
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}

static DWORD WINAPI nothing(void *p) { return 0; }
static void create_join(void)
{
    HANDLE t = CreateThread(NULL, 0, nothing, NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}
#else
#include <pthread.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_key_t key;
static void lock_init(void) { pthread_key_create(&key, NULL); pthread_setspecific(key, &mutex); }
static void lock_acquire(void) { pthread_mutex_lock(&mutex); }
static void lock_release(void) { pthread_mutex_unlock(&mutex); }
static void rw_acquire(void) { pthread_rwlock_wrlock(&rwlock); }
static void rw_release(void) { pthread_rwlock_unlock(&rwlock); }
static void *tls_get(void) { return pthread_getspecific(key); }
static int64_t clock_read(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_nsec; }

static pthread_mutex_t pp_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int turn, rounds;
static void *ponger(void *p)
{
    for (int i = 0; i < rounds; i++) {
        pthread_mutex_lock(&pp_mutex);
        while (turn != 1)
            pthread_cond_wait(&pp_cond, &pp_mutex);
        turn = 0;
        pthread_cond_broadcast(&pp_cond);
        pthread_mutex_unlock(&pp_mutex);
    }
    return NULL;
}
static void pingpong(int n)
{
    rounds = n;
    pthread_t t;
    pthread_create(&t, NULL, ponger, NULL);
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&pp_mutex);
        turn = 1;
        pthread_cond_broadcast(&pp_cond);
        while (turn != 0)
            pthread_cond_wait(&pp_cond, &pp_mutex);
        pthread_mutex_unlock(&pp_mutex);
    }
    pthread_join(t, NULL);
}

static void *nothing(void *p) { return NULL; }
static void create_join(void)
{
    pthread_t t;
    pthread_create(&t, NULL, nothing, NULL);
    pthread_join(t, NULL);
}
#endif

static volatile uintptr_t sink;

#define TIME(name, n, body)                                                   \
    do {                                                                      \
        double start_ = now_ns();                                             \
        for (int i_ = 0; i_ < (n); i_++) {                                    \
            body;                                                             \
        }                                                                     \
        printf("%-16s %10.1f\n", name, (now_ns() - start_) / (n));            \
        fflush(stdout);                                                       \
    } while (0)

int main(void)
{
    lock_init();
    TIME("lock", 10000000, (lock_acquire(), lock_release()));
    TIME("rwlock", 10000000, (rw_acquire(), rw_release()));
    TIME("tls_get", 10000000, sink += (uintptr_t)tls_get());
    TIME("clock", 5000000, sink += (uintptr_t)clock_read());
    double start = now_ns();
    pingpong(50000);
    printf("%-16s %10.1f\n", "pingpong", (now_ns() - start) / 50000);
    TIME("create_join", 2000, create_join());
    return 0;
}
