/* synchapi.h primitives that live in the program's memory: SRW locks,
 * condition variables, one-time initialisation, WaitOnAddress (reached through
 * the api-ms-win-core-synch-l1-2-0 API set, as the Rust standard library
 * reaches it) and synchronization barriers. */
#include <windows.h>

#include "check.h"

static SRWLOCK srw = SRWLOCK_INIT;
static LONG readers_inside, max_readers_inside;
static HANDLE readers_ready;

static DWORD WINAPI shared_reader(void *param)
{
    AcquireSRWLockShared(&srw);
    LONG n = InterlockedIncrement(&readers_inside);
    if (n > max_readers_inside)
        max_readers_inside = n;
    ReleaseSemaphore(readers_ready, 1, NULL);
    /* Hold the shared lock until every reader is in. */
    while (readers_inside < 3)
        Sleep(1);
    ReleaseSRWLockShared(&srw);
    return 0;
}

static DWORD WINAPI try_exclusive(void *param)
{
    return TryAcquireSRWLockExclusive(&srw);
}

static void test_srw(void)
{
    ok(TryAcquireSRWLockExclusive(&srw), "TryAcquireSRWLockExclusive on a free lock failed");
    ok(!TryAcquireSRWLockShared(&srw), "shared try succeeded under an exclusive owner");
    HANDLE t = CreateThread(NULL, 0, try_exclusive, NULL, 0, NULL);
    WaitForSingleObject(t, 5000);
    DWORD code = 1;
    GetExitCodeThread(t, &code);
    ok(code == 0, "exclusive try from another thread succeeded");
    CloseHandle(t);
    ReleaseSRWLockExclusive(&srw);

    ok(TryAcquireSRWLockShared(&srw), "shared try on a free lock failed");
    ok(TryAcquireSRWLockShared(&srw), "second shared try failed");
    ok(!TryAcquireSRWLockExclusive(&srw), "exclusive try succeeded under readers");
    ReleaseSRWLockShared(&srw);
    ReleaseSRWLockShared(&srw);
    ok(TryAcquireSRWLockExclusive(&srw), "lock not free after the readers left");
    ReleaseSRWLockExclusive(&srw);

    /* Readers share the lock. */
    readers_ready = CreateSemaphoreW(NULL, 0, 3, NULL);
    HANDLE r[3];
    for (int i = 0; i < 3; i++)
        r[i] = CreateThread(NULL, 0, shared_reader, NULL, 0, NULL);
    ok(WaitForMultipleObjects(3, r, TRUE, 5000) == WAIT_OBJECT_0, "readers did not finish");
    ok(max_readers_inside == 3, "at most %ld readers held the lock together",
       max_readers_inside);
    for (int i = 0; i < 3; i++)
        CloseHandle(r[i]);
    CloseHandle(readers_ready);

    SRWLOCK dynamic;
    InitializeSRWLock(&dynamic);
    AcquireSRWLockExclusive(&dynamic);
    ReleaseSRWLockExclusive(&dynamic);
    AcquireSRWLockShared(&dynamic);
    ReleaseSRWLockShared(&dynamic);
    ok(TryAcquireSRWLockExclusive(&dynamic), "initialised lock not free after use");
    ReleaseSRWLockExclusive(&dynamic);
}

static CRITICAL_SECTION cs;
static CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
static int ready_flag;

static DWORD WINAPI signal_later(void *param)
{
    Sleep(20);
    EnterCriticalSection(&cs);
    ready_flag = 1;
    LeaveCriticalSection(&cs);
    WakeConditionVariable(&cv);
    return 0;
}

static CONDITION_VARIABLE srw_cv;
static LONG srw_woken;

static DWORD WINAPI sleep_on_srw(void *param)
{
    AcquireSRWLockExclusive(&srw);
    while (!ready_flag)
        SleepConditionVariableSRW(&srw_cv, &srw, INFINITE, 0);
    InterlockedIncrement(&srw_woken);
    ReleaseSRWLockExclusive(&srw);
    return 0;
}

static void test_condition_variables(void)
{
    InitializeCriticalSection(&cs);
    /* A timed-out sleep returns FALSE with ERROR_TIMEOUT, still owning the lock. */
    EnterCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    DWORD start = GetTickCount();
    ok_err(!SleepConditionVariableCS(&cv, &cs, 50), ERROR_TIMEOUT);
    DWORD took = GetTickCount() - start;
    ok(took >= 40 && took < 2000, "50 ms sleep took %lu ms", took);
    ok(TryEnterCriticalSection(&cs), "critical section not owned after the sleep");
    LeaveCriticalSection(&cs);

    ready_flag = 0;
    HANDLE t = CreateThread(NULL, 0, signal_later, NULL, 0, NULL);
    BOOL ret = TRUE;
    while (!ready_flag && ret)
        ret = SleepConditionVariableCS(&cv, &cs, 5000);
    ok(ret && ready_flag, "not woken by WakeConditionVariable");
    LeaveCriticalSection(&cs);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    /* WakeAll releases every sleeper. */
    InitializeConditionVariable(&srw_cv);
    ready_flag = 0;
    srw_woken = 0;
    HANDLE s[4];
    for (int i = 0; i < 4; i++)
        s[i] = CreateThread(NULL, 0, sleep_on_srw, NULL, 0, NULL);
    Sleep(30);
    AcquireSRWLockExclusive(&srw);
    ready_flag = 1;
    ReleaseSRWLockExclusive(&srw);
    WakeAllConditionVariable(&srw_cv);
    ok(WaitForMultipleObjects(4, s, TRUE, 5000) == WAIT_OBJECT_0, "sleepers not all woken");
    ok(srw_woken == 4, "%ld of 4 sleepers woken", srw_woken);
    for (int i = 0; i < 4; i++)
        CloseHandle(s[i]);

    /* Shared mode: the sleep gives back and retakes a shared hold. */
    AcquireSRWLockShared(&srw);
    SetLastError(0xdeadbeef);
    ok_err(!SleepConditionVariableSRW(&srw_cv, &srw, 10, CONDITION_VARIABLE_LOCKMODE_SHARED),
           ERROR_TIMEOUT);
    ok(!TryAcquireSRWLockExclusive(&srw), "shared hold not retaken after the sleep");
    ReleaseSRWLockShared(&srw);
    DeleteCriticalSection(&cs);
}

static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
static LONG init_calls;

static BOOL CALLBACK init_fn(INIT_ONCE *o, void *param, void **context)
{
    InterlockedIncrement(&init_calls);
    Sleep(10);
    *context = (void *)0x1230;
    return TRUE;
}

static DWORD WINAPI run_once(void *param)
{
    void *ctx = NULL;
    if (!InitOnceExecuteOnce(&once, init_fn, NULL, &ctx))
        return 0;
    return (DWORD)(ULONG_PTR)ctx;
}

static BOOL CALLBACK failing_init(INIT_ONCE *o, void *param, void **context)
{
    InterlockedIncrement(&init_calls);
    return FALSE;
}

static void test_init_once(void)
{
    HANDLE t[4];
    for (int i = 0; i < 4; i++)
        t[i] = CreateThread(NULL, 0, run_once, NULL, 0, NULL);
    WaitForMultipleObjects(4, t, TRUE, 5000);
    for (int i = 0; i < 4; i++) {
        DWORD code = 0;
        GetExitCodeThread(t[i], &code);
        ok(code == 0x1230, "thread %d got context %lx", i, code);
        CloseHandle(t[i]);
    }
    ok(init_calls == 1, "init function ran %ld times", init_calls);

    /* A failing init function leaves it uninitialised, so it runs again. */
    INIT_ONCE fail_once;
    InitOnceInitialize(&fail_once);
    init_calls = 0;
    ok(!InitOnceExecuteOnce(&fail_once, failing_init, NULL, NULL), "failed init succeeded");
    ok(!InitOnceExecuteOnce(&fail_once, failing_init, NULL, NULL), "failed init succeeded");
    ok(init_calls == 2, "failing init ran %ld times, expected 2", init_calls);

    /* Begin/Complete by hand. */
    INIT_ONCE manual = INIT_ONCE_STATIC_INIT;
    BOOL pending = FALSE;
    void *ctx = (void *)1;
    SetLastError(0xdeadbeef);
    ok_err(!InitOnceBeginInitialize(&manual, INIT_ONCE_CHECK_ONLY, &pending, &ctx),
           ERROR_GEN_FAILURE);
    ok(InitOnceBeginInitialize(&manual, 0, &pending, &ctx) && pending,
       "BeginInitialize: pending %d", pending);
    SetLastError(0xdeadbeef);
    ok_err(!InitOnceComplete(&manual, 0, (void *)0x1231), ERROR_INVALID_PARAMETER);
    ok(InitOnceComplete(&manual, 0, (void *)0x4560), "InitOnceComplete failed: %lu",
       GetLastError());
    pending = TRUE;
    ctx = NULL;
    ok(InitOnceBeginInitialize(&manual, INIT_ONCE_CHECK_ONLY, &pending, &ctx) && !pending
           && ctx == (void *)0x4560,
       "after Complete: pending %d, context %p", pending, ctx);
    SetLastError(0xdeadbeef);
    ok_err(!InitOnceComplete(&manual, 0, NULL), ERROR_GEN_FAILURE);
    SetLastError(0xdeadbeef);
    ok_err(!InitOnceBeginInitialize(&manual, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, &pending,
                                    &ctx),
           ERROR_INVALID_PARAMETER);

    /* Asynchronous mode: several initialisers may run; the first Complete wins. */
    INIT_ONCE async = INIT_ONCE_STATIC_INIT;
    BOOL p1 = FALSE, p2 = FALSE;
    ok(InitOnceBeginInitialize(&async, INIT_ONCE_ASYNC, &p1, &ctx)
           && InitOnceBeginInitialize(&async, INIT_ONCE_ASYNC, &p2, &ctx) && p1 && p2,
       "async begin: %d %d", p1, p2);
    ok(InitOnceComplete(&async, INIT_ONCE_ASYNC, (void *)0x100), "async complete failed: %lu",
       GetLastError());
    ok(!InitOnceComplete(&async, INIT_ONCE_ASYNC, (void *)0x200), "second async complete won");
    ok(InitOnceBeginInitialize(&async, INIT_ONCE_CHECK_ONLY, &p1, &ctx) && ctx == (void *)0x100,
       "async context %p", ctx);
}

typedef BOOL(WINAPI *wait_on_address_fn)(volatile void *, void *, SIZE_T, DWORD);
typedef void(WINAPI *wake_fn)(void *);
static wait_on_address_fn pWaitOnAddress;
static wake_fn pWakeByAddressSingle, pWakeByAddressAll;

static volatile LONG address_value;
static LONG address_woken;

static DWORD WINAPI wait_on_value(void *param)
{
    LONG undesired = 0;
    while (address_value == 0)
        pWaitOnAddress(&address_value, &undesired, sizeof(LONG), INFINITE);
    InterlockedIncrement(&address_woken);
    return 0;
}

static void test_wait_on_address(void)
{
    HMODULE synch = LoadLibraryA("api-ms-win-core-synch-l1-2-0.dll");
    ok(synch != NULL, "api-ms-win-core-synch-l1-2-0.dll not loaded: %lu", GetLastError());
    if (!synch)
        return;
    pWaitOnAddress = (wait_on_address_fn)GetProcAddress(synch, "WaitOnAddress");
    pWakeByAddressSingle = (wake_fn)GetProcAddress(synch, "WakeByAddressSingle");
    pWakeByAddressAll = (wake_fn)GetProcAddress(synch, "WakeByAddressAll");
    ok(pWaitOnAddress && pWakeByAddressSingle && pWakeByAddressAll,
       "WaitOnAddress functions missing");
    if (!pWaitOnAddress || !pWakeByAddressSingle || !pWakeByAddressAll)
        return;

    /* A value that already differs returns at once. */
    LONG compare = 1;
    address_value = 0;
    ok(pWaitOnAddress(&address_value, &compare, sizeof(LONG), INFINITE),
       "WaitOnAddress with a differing value failed");
    compare = 0;
    SetLastError(0xdeadbeef);
    DWORD start = GetTickCount();
    ok_err(!pWaitOnAddress(&address_value, &compare, sizeof(LONG), 30), ERROR_TIMEOUT);
    ok(GetTickCount() - start >= 20, "30 ms WaitOnAddress returned early");

    BYTE small = 5, small_compare = 5;
    SetLastError(0xdeadbeef);
    ok_err(!pWaitOnAddress(&small, &small_compare, 1, 0), ERROR_TIMEOUT);

    HANDLE t[3];
    for (int i = 0; i < 3; i++)
        t[i] = CreateThread(NULL, 0, wait_on_value, NULL, 0, NULL);
    Sleep(30);
    ok(address_woken == 0, "waiters returned before the value changed");
    address_value = 1;
    pWakeByAddressAll((void *)&address_value);
    ok(WaitForMultipleObjects(3, t, TRUE, 5000) == WAIT_OBJECT_0, "waiters not all woken");
    ok(address_woken == 3, "%ld of 3 waiters woken", address_woken);
    for (int i = 0; i < 3; i++)
        CloseHandle(t[i]);

    address_value = 0;
    address_woken = 0;
    HANDLE one = CreateThread(NULL, 0, wait_on_value, NULL, 0, NULL);
    Sleep(20);
    address_value = 2;
    pWakeByAddressSingle((void *)&address_value);
    ok(WaitForSingleObject(one, 5000) == WAIT_OBJECT_0 && address_woken == 1,
       "WakeByAddressSingle did not wake the waiter");
    CloseHandle(one);
}

static SYNCHRONIZATION_BARRIER barrier;
static LONG phase_counts[3];
static LONG last_ones;

static DWORD WINAPI barrier_worker(void *param)
{
    for (int phase = 0; phase < 3; phase++) {
        InterlockedIncrement(&phase_counts[phase]);
        if (EnterSynchronizationBarrier(&barrier, 0))
            InterlockedIncrement(&last_ones);
        /* Everyone arrived before anyone left. */
        if (phase_counts[phase] != 4)
            return 1;
    }
    return 0;
}

static void test_barrier(void)
{
    /* Wine 8 declares the barrier functions but leaves them unimplemented. */
    if (GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version")) {
        printf("skipping synchronization barriers: not implemented in Wine\n");
        return;
    }
    ok(InitializeSynchronizationBarrier(&barrier, 4, -1), "InitializeSynchronizationBarrier "
       "failed: %lu", GetLastError());
    HANDLE t[4];
    for (int i = 0; i < 4; i++)
        t[i] = CreateThread(NULL, 0, barrier_worker, NULL, 0, NULL);
    ok(WaitForMultipleObjects(4, t, TRUE, 5000) == WAIT_OBJECT_0, "barrier threads stuck");
    for (int i = 0; i < 4; i++) {
        DWORD code = 1;
        GetExitCodeThread(t[i], &code);
        ok(code == 0, "thread %d left a phase early", i);
        CloseHandle(t[i]);
    }
    /* One thread per phase is told it was the last. */
    ok(last_ones == 3, "%ld threads were last, expected 3", last_ones);
    ok(DeleteSynchronizationBarrier(&barrier), "DeleteSynchronizationBarrier failed");
}

int main(void)
{
    test_srw();
    test_condition_variables();
    test_init_once();
    test_wait_on_address();
    test_barrier();
    return check_summary();
}
