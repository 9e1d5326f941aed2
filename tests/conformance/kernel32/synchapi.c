/* synchapi.h kernel objects: events, mutexes, semaphores, named objects, and
 * the wait functions (single, multiple any/all, timeouts, invalid arguments,
 * SignalObjectAndWait). */
#include <windows.h>

#include "check.h"

#ifndef CREATE_WAITABLE_TIMER_HIGH_RESOLUTION
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x2 /* Windows 10 1803 */
#endif

static void test_events(void)
{
    HANDLE manual = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(manual != NULL, "CreateEventW failed: %lu", GetLastError());
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "new event signaled");
    ok(SetEvent(manual), "SetEvent failed: %lu", GetLastError());
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0, "manual event not signaled");
    ok(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0, "manual event reset by a wait");
    ok(ResetEvent(manual), "ResetEvent failed");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "manual event still signaled");
    /* PulseEvent with no waiters leaves the event reset. */
    ok(PulseEvent(manual), "PulseEvent failed");
    ok(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT, "event signaled after PulseEvent");
    CloseHandle(manual);

    HANDLE automatic = CreateEventW(NULL, FALSE, TRUE, NULL);
    ok(WaitForSingleObject(automatic, 0) == WAIT_OBJECT_0, "initially set event not signaled");
    ok(WaitForSingleObject(automatic, 0) == WAIT_TIMEOUT, "auto-reset event not reset by a wait");
    CloseHandle(automatic);

    HANDLE ex = CreateEventExW(NULL, NULL, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET,
                               EVENT_ALL_ACCESS);
    ok(ex && WaitForSingleObject(ex, 0) == WAIT_OBJECT_0
           && WaitForSingleObject(ex, 0) == WAIT_OBJECT_0,
       "CreateEventExW(MANUAL_RESET | INITIAL_SET) is not a set manual event");
    CloseHandle(ex);

    SetLastError(0xdeadbeef);
    ok_err(!SetEvent(NULL), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ResetEvent((HANDLE)(ULONG_PTR)0x7ff0), ERROR_INVALID_HANDLE);
}

static void test_timeouts(void)
{
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD start = GetTickCount();
    ok(WaitForSingleObject(ev, 100) == WAIT_TIMEOUT, "wait did not time out");
    DWORD took = GetTickCount() - start;
    ok(took >= 80 && took < 2000, "100 ms wait took %lu ms", took);
    CloseHandle(ev);

    SetLastError(0xdeadbeef);
    ok_err(WaitForSingleObject(NULL, 0) == WAIT_FAILED, ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(WaitForSingleObject((HANDLE)(ULONG_PTR)0x7ff0, 0) == WAIT_FAILED,
           ERROR_INVALID_HANDLE);
}

static DWORD WINAPI own_and_exit(void *param)
{
    return WaitForSingleObject((HANDLE)param, 0);
}

static DWORD WINAPI release_foreign(void *param)
{
    SetLastError(0xdeadbeef);
    BOOL ret = ReleaseMutex((HANDLE)param);
    return ret ? 1 : GetLastError();
}

static void test_mutexes(void)
{
    HANDLE m = CreateMutexW(NULL, TRUE, NULL);
    ok(m != NULL, "CreateMutexW failed: %lu", GetLastError());
    /* Recursive ownership: every wait needs its release. */
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "owner cannot take its mutex again");
    ok(ReleaseMutex(m), "first ReleaseMutex failed: %lu", GetLastError());
    ok(ReleaseMutex(m), "second ReleaseMutex failed: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!ReleaseMutex(m), ERROR_NOT_OWNER);

    /* Another thread cannot release it. */
    WaitForSingleObject(m, 0);
    HANDLE t = CreateThread(NULL, 0, release_foreign, m, 0, NULL);
    WaitForSingleObject(t, 5000);
    DWORD code = 0;
    GetExitCodeThread(t, &code);
    ok(code == ERROR_NOT_OWNER, "ReleaseMutex by a non-owner: %lu", code);
    CloseHandle(t);
    ReleaseMutex(m);

    /* A thread that ends owning the mutex abandons it: the next wait gets
     * WAIT_ABANDONED and the ownership. */
    t = CreateThread(NULL, 0, own_and_exit, m, 0, NULL);
    WaitForSingleObject(t, 5000);
    GetExitCodeThread(t, &code);
    ok(code == WAIT_OBJECT_0, "thread could not take the mutex: %lu", code);
    CloseHandle(t);
    ok(WaitForSingleObject(m, 1000) == WAIT_ABANDONED, "abandoned mutex: not WAIT_ABANDONED");
    ok(ReleaseMutex(m), "ReleaseMutex after WAIT_ABANDONED failed: %lu", GetLastError());
    ok(WaitForSingleObject(m, 0) == WAIT_OBJECT_0, "mutex still abandoned");
    ReleaseMutex(m);
    CloseHandle(m);

    m = CreateMutexExW(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
    ok(m && ReleaseMutex(m), "CreateMutexExW(INITIAL_OWNER) did not own it");
    CloseHandle(m);
}

static void test_semaphores(void)
{
    HANDLE s = CreateSemaphoreW(NULL, 2, 3, NULL);
    ok(s != NULL, "CreateSemaphoreW failed: %lu", GetLastError());
    ok(WaitForSingleObject(s, 0) == WAIT_OBJECT_0, "count 2: first wait failed");
    ok(WaitForSingleObject(s, 0) == WAIT_OBJECT_0, "count 1: second wait failed");
    ok(WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "count 0: wait succeeded");
    LONG prev = -1;
    ok(ReleaseSemaphore(s, 2, &prev) && prev == 0, "ReleaseSemaphore: previous %ld", prev);
    ok(ReleaseSemaphore(s, 1, &prev) && prev == 2, "ReleaseSemaphore: previous %ld", prev);
    SetLastError(0xdeadbeef);
    ok_err(!ReleaseSemaphore(s, 1, &prev), ERROR_TOO_MANY_POSTS);
    /* The count must be positive (NtReleaseSemaphore: STATUS_INVALID_PARAMETER).
     * Wine 8 accepts 0 and fails this check. */
    SetLastError(0xdeadbeef);
    ok_err(!ReleaseSemaphore(s, 0, NULL), ERROR_INVALID_PARAMETER);
    CloseHandle(s);

    SetLastError(0xdeadbeef);
    ok_err(CreateSemaphoreW(NULL, 4, 3, NULL) == NULL, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(CreateSemaphoreW(NULL, 0, 0, NULL) == NULL, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(CreateSemaphoreW(NULL, -1, 3, NULL) == NULL, ERROR_INVALID_PARAMETER);
}

static void test_named(void)
{
    SetLastError(0xdeadbeef);
    HANDLE a = CreateEventW(NULL, TRUE, FALSE, L"winrun-synchapi-event");
    ok(a != NULL && GetLastError() == 0, "first CreateEventW: %p, last error %lu", a,
       GetLastError());
    SetLastError(0xdeadbeef);
    HANDLE b = CreateEventW(NULL, FALSE, TRUE, L"winrun-synchapi-event");
    ok(b != NULL && b != a && GetLastError() == ERROR_ALREADY_EXISTS,
       "second CreateEventW: %p, last error %lu", b, GetLastError());
    /* Both handles name the one (manual-reset, unsignaled) event. */
    ok(WaitForSingleObject(b, 0) == WAIT_TIMEOUT, "second create changed the event's state");
    SetEvent(a);
    ok(WaitForSingleObject(b, 0) == WAIT_OBJECT_0 && WaitForSingleObject(b, 0) == WAIT_OBJECT_0,
       "event set through one handle is not a signaled manual event through the other");

    HANDLE c = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"winrun-synchapi-event");
    ok(c != NULL, "OpenEventW failed: %lu", GetLastError());
    ResetEvent(c);
    ok(WaitForSingleObject(a, 0) == WAIT_TIMEOUT, "reset through the opened handle missed");
    HANDLE d = OpenEventA(EVENT_ALL_ACCESS, FALSE, "winrun-synchapi-event");
    ok(d != NULL, "OpenEventA failed: %lu", GetLastError());

    /* Names are case-sensitive. */
    SetLastError(0xdeadbeef);
    ok_err(OpenEventW(EVENT_ALL_ACCESS, FALSE, L"WINRUN-SYNCHAPI-EVENT") == NULL,
           ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(OpenEventW(EVENT_ALL_ACCESS, FALSE, L"winrun-no-such-event") == NULL,
           ERROR_FILE_NOT_FOUND);
    /* A name taken by another type of object. */
    SetLastError(0xdeadbeef);
    ok_err(CreateMutexW(NULL, FALSE, L"winrun-synchapi-event") == NULL, ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, L"winrun-synchapi-event") == NULL,
           ERROR_INVALID_HANDLE);

    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);
    CloseHandle(d);
    /* The last handle closed, the name is gone. */
    SetLastError(0xdeadbeef);
    ok_err(OpenEventW(EVENT_ALL_ACCESS, FALSE, L"winrun-synchapi-event") == NULL,
           ERROR_FILE_NOT_FOUND);

    HANDLE m1 = CreateMutexA(NULL, FALSE, "winrun-synchapi-mutex");
    SetLastError(0xdeadbeef);
    HANDLE m2 = CreateMutexW(NULL, TRUE, L"winrun-synchapi-mutex");
    ok(m2 && GetLastError() == ERROR_ALREADY_EXISTS, "second CreateMutex: last error %lu",
       GetLastError());
    HANDLE m3 = OpenMutexW(MUTEX_ALL_ACCESS, FALSE, L"winrun-synchapi-mutex");
    ok(m3 != NULL, "OpenMutexW failed: %lu", GetLastError());
    CloseHandle(m1);
    CloseHandle(m2);
    CloseHandle(m3);

    HANDLE s1 = CreateSemaphoreW(NULL, 1, 5, L"winrun-synchapi-sem");
    HANDLE s2 = OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, L"winrun-synchapi-sem");
    LONG prev = -1;
    ok(s2 && ReleaseSemaphore(s2, 1, &prev) && prev == 1, "opened semaphore: previous %ld",
       prev);
    CloseHandle(s1);
    CloseHandle(s2);
}

static void test_wait_multiple(void)
{
    HANDLE ev[3];
    for (int i = 0; i < 3; i++)
        ev[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(WaitForMultipleObjects(3, ev, FALSE, 0) == WAIT_TIMEOUT, "wait-any: none set");
    SetEvent(ev[2]);
    ok(WaitForMultipleObjects(3, ev, FALSE, 0) == WAIT_OBJECT_0 + 2, "wait-any: not index 2");
    SetEvent(ev[1]);
    /* The lowest signaled index wins. */
    ok(WaitForMultipleObjects(3, ev, FALSE, 0) == WAIT_OBJECT_0 + 1, "wait-any: not index 1");
    ok(WaitForMultipleObjects(3, ev, TRUE, 0) == WAIT_TIMEOUT, "wait-all with one unset");
    SetEvent(ev[0]);
    ok(WaitForMultipleObjects(3, ev, TRUE, 0) == WAIT_OBJECT_0, "wait-all with all set");
    for (int i = 0; i < 3; i++)
        CloseHandle(ev[i]);

    /* Wait-all takes nothing unless it can take everything. */
    HANDLE sem = CreateSemaphoreW(NULL, 1, 1, NULL);
    HANDLE unset = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE pair[2] = {sem, unset};
    ok(WaitForMultipleObjects(2, pair, TRUE, 10) == WAIT_TIMEOUT, "wait-all timed out");
    ok(WaitForSingleObject(sem, 0) == WAIT_OBJECT_0, "a failed wait-all took a semaphore count");
    CloseHandle(sem);
    CloseHandle(unset);

    HANDLE h = CreateEventW(NULL, TRUE, TRUE, NULL);
    HANDLE many[65];
    for (int i = 0; i < 65; i++)
        many[i] = h;
    SetLastError(0xdeadbeef);
    ok_err(WaitForMultipleObjects(0, many, FALSE, 0) == WAIT_FAILED, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(WaitForMultipleObjects(65, many, FALSE, 0) == WAIT_FAILED, ERROR_INVALID_PARAMETER);
    ok(WaitForMultipleObjects(64, many, FALSE, 0) == WAIT_OBJECT_0, "64 handles refused");
    many[1] = NULL;
    SetLastError(0xdeadbeef);
    ok_err(WaitForMultipleObjects(2, many, FALSE, 0) == WAIT_FAILED, ERROR_INVALID_HANDLE);
    CloseHandle(h);
}

static HANDLE ping, pong;

static DWORD WINAPI ponger(void *param)
{
    for (int i = 0; i < 1000; i++) {
        if (WaitForSingleObject(ping, 5000) != WAIT_OBJECT_0)
            return 1;
        SetEvent(pong);
    }
    return 0;
}

static void test_cross_thread(void)
{
    ping = CreateEventW(NULL, FALSE, FALSE, NULL);
    pong = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, ponger, NULL, 0, NULL);
    int rounds = 0;
    for (int i = 0; i < 1000; i++) {
        /* SignalObjectAndWait: set ping, then wait for pong. */
        if (SignalObjectAndWait(ping, pong, 5000, FALSE) != WAIT_OBJECT_0)
            break;
        rounds++;
    }
    ok(rounds == 1000, "ping-pong stopped after %d rounds", rounds);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "ponger did not end");
    DWORD code = 1;
    GetExitCodeThread(t, &code);
    ok(code == 0, "ponger failed");
    CloseHandle(t);
    CloseHandle(ping);
    CloseHandle(pong);

    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok_err(SignalObjectAndWait(NULL, ev, 0, FALSE) == WAIT_FAILED, ERROR_INVALID_HANDLE);
    HANDLE m = CreateMutexW(NULL, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok_err(SignalObjectAndWait(m, ev, 0, FALSE) == WAIT_FAILED, ERROR_NOT_OWNER);
    CloseHandle(m);
    CloseHandle(ev);
}

static LONG timer_apcs;
static void *timer_apc_arg;

static void CALLBACK timer_apc(void *arg, DWORD low, DWORD high)
{
    InterlockedIncrement(&timer_apcs);
    timer_apc_arg = arg;
}

static void test_waitable_timers(void)
{
    /* A manual-reset (notification) timer stays signaled once due. */
    HANDLE t = CreateWaitableTimerW(NULL, TRUE, NULL);
    ok(t != NULL, "CreateWaitableTimerW failed: %lu", GetLastError());
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "new timer signaled");
    LARGE_INTEGER due;
    due.QuadPart = -50 * 10000; /* 50 ms from now */
    DWORD start = GetTickCount();
    ok(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer failed: %lu",
       GetLastError());
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "timer signaled before its due time");
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "timer never signaled");
    DWORD took = GetTickCount() - start;
    ok(took >= 40 && took < 2000, "50 ms timer took %lu ms", took);
    ok(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "notification timer reset by a wait");

    /* Setting it again resets it; an absolute due time is a UTC FILETIME. */
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    due.LowPart = now.dwLowDateTime;
    due.HighPart = (LONG)now.dwHighDateTime;
    due.QuadPart += 30 * 10000;
    ok(SetWaitableTimer(t, &due, 0, NULL, NULL, FALSE), "absolute SetWaitableTimer failed");
    ok(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "re-set timer still signaled");
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "absolute timer never signaled");
    CloseHandle(t);

    /* A periodic synchronization timer: each period releases one wait. */
    t = CreateWaitableTimerExW(NULL, NULL, CREATE_WAITABLE_TIMER_HIGH_RESOLUTION,
                               TIMER_ALL_ACCESS);
    ok(t != NULL, "CreateWaitableTimerExW(HIGH_RESOLUTION) failed: %lu", GetLastError());
    due.QuadPart = -10 * 10000;
    ok(SetWaitableTimer(t, &due, 20, NULL, NULL, FALSE), "periodic SetWaitableTimer failed");
    int periods = 0;
    for (int i = 0; i < 3; i++)
        periods += WaitForSingleObject(t, 2000) == WAIT_OBJECT_0;
    ok(periods == 3, "%d of 3 periods signaled", periods);
    ok(CancelWaitableTimer(t), "CancelWaitableTimer failed: %lu", GetLastError());
    WaitForSingleObject(t, 0);
    ok(WaitForSingleObject(t, 100) == WAIT_TIMEOUT, "cancelled timer still fires");
    CloseHandle(t);

    /* The completion routine runs as an APC of the thread that set the timer. */
    t = CreateWaitableTimerW(NULL, FALSE, NULL);
    due.QuadPart = -20 * 10000;
    ok(SetWaitableTimer(t, &due, 0, timer_apc, (void *)0x77, FALSE), "SetWaitableTimer with "
       "a completion routine failed");
    ok(SleepEx(5000, TRUE) == WAIT_IO_COMPLETION, "timer APC did not end the alertable sleep");
    ok(timer_apcs == 1 && timer_apc_arg == (void *)0x77, "%ld timer APCs, argument %p",
       timer_apcs, timer_apc_arg);
    CloseHandle(t);

    SetLastError(0xdeadbeef);
    ok_err(!SetWaitableTimer(NULL, &due, 0, NULL, NULL, FALSE), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!CancelWaitableTimer(NULL), ERROR_INVALID_HANDLE);
}

int main(void)
{
    test_events();
    test_timeouts();
    test_mutexes();
    test_semaphores();
    test_named();
    test_wait_multiple();
    test_cross_thread();
    test_waitable_timers();
    return check_summary();
}
