/* Threads and synchronisation under load; nothing may be lost. Sized to run
 * in a few seconds on two cores; WINRUN_STRESS=<n> multiplies the counts. */
#include <windows.h>
#include <stdlib.h>

#include "check.h"

static int scale = 1;

/* 8 threads x 200k increments under one critical section. */
static CRITICAL_SECTION counter_cs;
static long long counter;
static int increments;

static DWORD WINAPI increment(void *param)
{
    for (int i = 0; i < increments; i++) {
        EnterCriticalSection(&counter_cs);
        counter++;
        LeaveCriticalSection(&counter_cs);
    }
    return 0;
}

static void stress_critical_section(void)
{
    InitializeCriticalSectionAndSpinCount(&counter_cs, 4000);
    increments = 200000 * scale;
    HANDLE t[8];
    for (int i = 0; i < 8; i++)
        t[i] = CreateThread(NULL, 0, increment, NULL, 0, NULL);
    ok(WaitForMultipleObjects(8, t, TRUE, INFINITE) == WAIT_OBJECT_0, "incrementers stuck");
    for (int i = 0; i < 8; i++)
        CloseHandle(t[i]);
    ok(counter == 8LL * increments, "counter %lld, expected %lld", counter, 8LL * increments);
    DeleteCriticalSection(&counter_cs);
}

/* Producers and consumers over a bounded ring, with a condition variable. */
#define RING 64
static SRWLOCK ring_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE not_empty = CONDITION_VARIABLE_INIT;
static CONDITION_VARIABLE not_full = CONDITION_VARIABLE_INIT;
static int ring[RING], ring_head, ring_count, items_per_producer;
static long long consumed_sum;
static LONG consumed_items;

static DWORD WINAPI cv_producer(void *param)
{
    for (int i = 1; i <= items_per_producer; i++) {
        AcquireSRWLockExclusive(&ring_lock);
        while (ring_count == RING)
            SleepConditionVariableSRW(&not_full, &ring_lock, INFINITE, 0);
        ring[(ring_head + ring_count) % RING] = i;
        ring_count++;
        ReleaseSRWLockExclusive(&ring_lock);
        WakeConditionVariable(&not_empty);
    }
    return 0;
}

static DWORD WINAPI cv_consumer(void *param)
{
    long long sum = 0;
    for (;;) {
        AcquireSRWLockExclusive(&ring_lock);
        while (ring_count == 0)
            SleepConditionVariableSRW(&not_empty, &ring_lock, INFINITE, 0);
        int v = ring[ring_head];
        ring_head = (ring_head + 1) % RING;
        ring_count--;
        ReleaseSRWLockExclusive(&ring_lock);
        WakeConditionVariable(&not_full);
        if (v < 0)
            break;
        sum += v;
        InterlockedIncrement(&consumed_items);
    }
    AcquireSRWLockExclusive(&ring_lock);
    consumed_sum += sum;
    ReleaseSRWLockExclusive(&ring_lock);
    return 0;
}

static void put_stop(void)
{
    AcquireSRWLockExclusive(&ring_lock);
    while (ring_count == RING)
        SleepConditionVariableSRW(&not_full, &ring_lock, INFINITE, 0);
    ring[(ring_head + ring_count) % RING] = -1;
    ring_count++;
    ReleaseSRWLockExclusive(&ring_lock);
    WakeConditionVariable(&not_empty);
}

static void stress_condition_variable(void)
{
    items_per_producer = 50000 * scale;
    HANDLE p[2], c[2];
    for (int i = 0; i < 2; i++) {
        p[i] = CreateThread(NULL, 0, cv_producer, NULL, 0, NULL);
        c[i] = CreateThread(NULL, 0, cv_consumer, NULL, 0, NULL);
    }
    WaitForMultipleObjects(2, p, TRUE, INFINITE);
    put_stop();
    put_stop();
    ok(WaitForMultipleObjects(2, c, TRUE, 60000) == WAIT_OBJECT_0, "consumers stuck");
    long long n = items_per_producer;
    ok(consumed_items == 2 * n, "consumed %ld items, expected %lld", consumed_items, 2 * n);
    ok(consumed_sum == n * (n + 1), "consumed sum %lld, expected %lld", consumed_sum,
       n * (n + 1));
    for (int i = 0; i < 2; i++) {
        CloseHandle(p[i]);
        CloseHandle(c[i]);
    }
}

/* The same over kernel semaphores and a mutex. */
static HANDLE slots, filled, ring_mutex;
static int sem_items;
static long long sem_sum;

static DWORD WINAPI sem_producer(void *param)
{
    for (int i = 1; i <= sem_items; i++) {
        WaitForSingleObject(slots, INFINITE);
        WaitForSingleObject(ring_mutex, INFINITE);
        ring[(ring_head + ring_count) % RING] = i;
        ring_count++;
        ReleaseMutex(ring_mutex);
        ReleaseSemaphore(filled, 1, NULL);
    }
    return 0;
}

static DWORD WINAPI sem_consumer(void *param)
{
    for (int i = 0; i < sem_items; i++) {
        WaitForSingleObject(filled, INFINITE);
        WaitForSingleObject(ring_mutex, INFINITE);
        sem_sum += ring[ring_head];
        ring_head = (ring_head + 1) % RING;
        ring_count--;
        ReleaseMutex(ring_mutex);
        ReleaseSemaphore(slots, 1, NULL);
    }
    return 0;
}

static void stress_semaphores(void)
{
    sem_items = 20000 * scale;
    ring_head = ring_count = 0;
    slots = CreateSemaphoreW(NULL, RING, RING, NULL);
    filled = CreateSemaphoreW(NULL, 0, RING, NULL);
    ring_mutex = CreateMutexW(NULL, FALSE, NULL);
    HANDLE t[2];
    t[0] = CreateThread(NULL, 0, sem_producer, NULL, 0, NULL);
    t[1] = CreateThread(NULL, 0, sem_consumer, NULL, 0, NULL);
    ok(WaitForMultipleObjects(2, t, TRUE, 60000) == WAIT_OBJECT_0, "semaphore pair stuck");
    long long n = sem_items;
    ok(sem_sum == n * (n + 1) / 2, "semaphore sum %lld, expected %lld", sem_sum, n * (n + 1) / 2);
    /* Every slot is free again: one more release is too many. */
    SetLastError(0xdeadbeef);
    ok_err(!ReleaseSemaphore(slots, 1, NULL) && ring_count == 0, ERROR_TOO_MANY_POSTS);
    CloseHandle(t[0]);
    CloseHandle(t[1]);
    CloseHandle(slots);
    CloseHandle(filled);
    CloseHandle(ring_mutex);
}

/* 64 threads each set their event; the main thread waits for all 64. */
static DWORD WINAPI set_event(void *param)
{
    Sleep(1);
    SetEvent((HANDLE)param);
    return 0;
}

static void stress_wait_all(void)
{
    int rounds = 10 * scale, good = 0;
    for (int r = 0; r < rounds; r++) {
        HANDLE ev[64], t[64];
        for (int i = 0; i < 64; i++) {
            ev[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
            t[i] = CreateThread(NULL, 0, set_event, ev[i], 0, NULL);
        }
        if (WaitForMultipleObjects(64, ev, TRUE, 30000) == WAIT_OBJECT_0)
            good++;
        WaitForMultipleObjects(64, t, TRUE, 30000);
        for (int i = 0; i < 64; i++) {
            CloseHandle(ev[i]);
            CloseHandle(t[i]);
        }
    }
    ok(good == rounds, "wait-all on 64 events: %d of %d rounds", good, rounds);
}

/* 1000 threads created and joined, 50 at a time; each counts once in the
 * TLS callbacks, its FLS destructor and its return value. */
static LONG attaches, detaches, fls_destroyed, ran;
static DWORD fls_index;

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason == DLL_THREAD_ATTACH)
        InterlockedIncrement(&attaches);
    else if (reason == DLL_THREAD_DETACH)
        InterlockedIncrement(&detaches);
}

__attribute__((section(".CRT$XLF"), used)) static PIMAGE_TLS_CALLBACK tls_callback_ptr =
    tls_callback;

static void WINAPI fls_destructor(void *data)
{
    if (data == (void *)0x600d)
        InterlockedIncrement(&fls_destroyed);
}

static DWORD WINAPI short_lived(void *param)
{
    FlsSetValue(fls_index, (void *)0x600d);
    InterlockedIncrement(&ran);
    return (DWORD)(ULONG_PTR)param;
}

static void stress_thread_churn(void)
{
    fls_index = FlsAlloc(fls_destructor);
    LONG attaches0 = attaches, detaches0 = detaches;
    int total = 1000 * scale, joined = 0, codes_ok = 0;
    while (joined < total) {
        HANDLE t[50];
        int n = total - joined < 50 ? total - joined : 50;
        for (int i = 0; i < n; i++)
            t[i] = CreateThread(NULL, 0, short_lived, (void *)(ULONG_PTR)(joined + i), 0, NULL);
        WaitForMultipleObjects(n, t, TRUE, INFINITE);
        for (int i = 0; i < n; i++) {
            DWORD code = 0;
            GetExitCodeThread(t[i], &code);
            codes_ok += code == (DWORD)(joined + i);
            CloseHandle(t[i]);
        }
        joined += n;
    }
    ok(ran == total, "%ld of %d threads ran", ran, total);
    ok(codes_ok == total, "%d of %d exit codes right", codes_ok, total);
    ok(attaches - attaches0 == total, "%ld thread attaches, expected %d", attaches - attaches0,
       total);
    ok(detaches - detaches0 == total, "%ld thread detaches, expected %d", detaches - detaches0,
       total);
    ok(fls_destroyed == total, "%ld FLS destructors, expected %d", fls_destroyed, total);
    FlsFree(fls_index);
}

int main(void)
{
    char buf[16];
    if (GetEnvironmentVariableA("WINRUN_STRESS", buf, sizeof buf) && atoi(buf) > 0)
        scale = atoi(buf);
    stress_critical_section();
    stress_condition_variable();
    stress_semaphores();
    stress_wait_all();
    stress_thread_churn();
    return check_summary();
}
