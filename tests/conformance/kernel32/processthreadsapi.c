/* processthreadsapi.h: creating, suspending, ending and inspecting threads;
 * TLS slots, static TLS and TLS callbacks on new threads; APCs; fiber-local
 * storage (fibersapi.h) destructors at thread exit; the C runtime's
 * _beginthread(ex). */
#include <windows.h>
#include <process.h>
#include <wchar.h>

#include "check.h"

/* Windows 10 1607 and later; older mingw-w64 headers do not declare them. */
WINBASEAPI HRESULT WINAPI SetThreadDescription(HANDLE thread, PCWSTR description);
WINBASEAPI HRESULT WINAPI GetThreadDescription(HANDLE thread, PWSTR *description);

static HANDLE go_event;

static DWORD WINAPI report_id(void *param)
{
    *(DWORD *)param = GetCurrentThreadId();
    return 7;
}

static DWORD WINAPI wait_for_go(void *param)
{
    WaitForSingleObject(go_event, INFINITE);
    return (DWORD)(INT_PTR)param;
}

static DWORD WINAPI exit_early(void *param)
{
    ExitThread(1234);
    return 1; /* not reached */
}

static void test_create_and_exit(void)
{
    DWORD seen = 0, tid = 0, code = 0;
    HANDLE h = CreateThread(NULL, 0, report_id, &seen, 0, &tid);
    ok(h != NULL, "CreateThread failed: %lu", GetLastError());
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(seen == tid && tid != 0, "thread saw id %lu, CreateThread said %lu", seen, tid);
    ok(GetThreadId(h) == tid, "GetThreadId = %lu, expected %lu", GetThreadId(h), tid);
    ok(tid != GetCurrentThreadId(), "new thread has the main thread's id");
    ok(GetExitCodeThread(h, &code) && code == 7, "exit code %lu, expected 7", code);
    /* An ended thread stays signaled. */
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "ended thread not signaled");
    ok(CloseHandle(h), "CloseHandle failed: %lu", GetLastError());

    h = CreateThread(NULL, 0, exit_early, NULL, 0, NULL);
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "ExitThread thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 1234, "ExitThread code %lu, expected 1234", code);
    CloseHandle(h);

    /* While it runs: STILL_ACTIVE, and a zero-timeout wait times out. */
    go_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    h = CreateThread(NULL, 0, wait_for_go, (void *)99, 0, NULL);
    ok(GetExitCodeThread(h, &code) && code == STILL_ACTIVE, "running thread's code %lu", code);
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "running thread signaled");
    ok(WaitForSingleObject(h, 30) == WAIT_TIMEOUT, "running thread signaled after 30 ms");
    SetEvent(go_event);
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end after SetEvent");
    ok(GetExitCodeThread(h, &code) && code == 99, "exit code %lu, expected 99", code);
    CloseHandle(h);
    CloseHandle(go_event);

    SetLastError(0xdeadbeef);
    ok_err(!GetExitCodeThread(NULL, &code), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(GetThreadId((HANDLE)(ULONG_PTR)0x1230) == 0, ERROR_INVALID_HANDLE);
}

static LONG started;

static DWORD WINAPI mark_started(void *param)
{
    InterlockedIncrement(&started);
    return 0;
}

static void test_suspended(void)
{
    DWORD tid = 0;
    started = 0;
    HANDLE h = CreateThread(NULL, 0, mark_started, NULL, CREATE_SUSPENDED, &tid);
    ok(h != NULL && tid != 0, "CreateThread(CREATE_SUSPENDED) failed: %lu", GetLastError());
    ok(WaitForSingleObject(h, 50) == WAIT_TIMEOUT, "suspended thread ended");
    ok(started == 0, "suspended thread ran");
    DWORD code = 0;
    ok(GetExitCodeThread(h, &code) && code == STILL_ACTIVE, "suspended thread's code %lu", code);
    ok(ResumeThread(h) == 1, "ResumeThread did not return the previous count 1");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "resumed thread did not end");
    ok(started == 1, "resumed thread did not run");
    /* Resuming a thread that is not suspended returns 0. */
    ok(ResumeThread(h) == 0, "ResumeThread of an ended thread != 0");
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    ok_err(ResumeThread(NULL) == (DWORD)-1, ERROR_INVALID_HANDLE);
}

static void test_open_thread(void)
{
    go_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD tid = 0, code = 0;
    HANDLE h = CreateThread(NULL, 0, wait_for_go, (void *)5, 0, &tid);
    HANDLE h2 = OpenThread(THREAD_ALL_ACCESS, FALSE, tid);
    ok(h2 != NULL && h2 != h, "OpenThread(%lu) = %p, error %lu", tid, h2, GetLastError());
    ok(GetThreadId(h2) == tid, "GetThreadId(opened) = %lu", GetThreadId(h2));
    SetEvent(go_event);
    ok(WaitForSingleObject(h2, 5000) == WAIT_OBJECT_0, "wait on opened handle failed");
    ok(GetExitCodeThread(h2, &code) && code == 5, "exit code through opened handle %lu", code);
    CloseHandle(h2);
    CloseHandle(h);
    CloseHandle(go_event);

    HANDLE self = OpenThread(THREAD_QUERY_INFORMATION, FALSE, GetCurrentThreadId());
    ok(self != NULL && GetThreadId(self) == GetCurrentThreadId(), "OpenThread(self) failed");
    CloseHandle(self);

    SetLastError(0xdeadbeef);
    ok_err(OpenThread(THREAD_ALL_ACCESS, FALSE, 0xfffffff0) == NULL, ERROR_INVALID_PARAMETER);
}

static void test_priority(void)
{
    HANDLE me = GetCurrentThread();
    ok(GetThreadPriority(me) == THREAD_PRIORITY_NORMAL, "priority %d", GetThreadPriority(me));
    ok(SetThreadPriority(me, THREAD_PRIORITY_BELOW_NORMAL), "SetThreadPriority failed: %lu",
       GetLastError());
    ok(GetThreadPriority(me) == THREAD_PRIORITY_BELOW_NORMAL, "priority now %d",
       GetThreadPriority(me));
    ok(SetThreadPriority(me, THREAD_PRIORITY_NORMAL), "SetThreadPriority(NORMAL) failed");
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(me, 7), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(GetThreadPriority(NULL) == THREAD_PRIORITY_ERROR_RETURN, ERROR_INVALID_HANDLE);
}

/* Static TLS: each thread starts from the template; TLS callbacks see each
 * thread attach and detach. */
static __thread int tls_counter = 40;
static LONG tls_attaches, tls_detaches;
static DWORD tls_slot;

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    if (reason == DLL_THREAD_ATTACH)
        InterlockedIncrement(&tls_attaches);
    else if (reason == DLL_THREAD_DETACH)
        InterlockedIncrement(&tls_detaches);
}

__attribute__((section(".CRT$XLF"), used)) static PIMAGE_TLS_CALLBACK tls_callback_ptr =
    tls_callback;

static DWORD WINAPI use_tls(void *param)
{
    tls_counter += (int)(INT_PTR)param;
    if (TlsGetValue(tls_slot) != NULL)
        return 1000;
    TlsSetValue(tls_slot, param);
    Sleep(10);
    return tls_counter * 10 + (TlsGetValue(tls_slot) == param);
}

static void test_tls(void)
{
    tls_slot = TlsAlloc();
    ok(tls_slot != TLS_OUT_OF_INDEXES, "TlsAlloc failed");
    TlsSetValue(tls_slot, (void *)0x1234);
    LONG attaches = tls_attaches, detaches = tls_detaches;
    HANDLE h[3];
    for (int i = 0; i < 3; i++)
        h[i] = CreateThread(NULL, 0, use_tls, (void *)(INT_PTR)(i + 1), 0, NULL);
    ok(WaitForMultipleObjects(3, h, TRUE, 5000) == WAIT_OBJECT_0, "TLS threads did not end");
    for (int i = 0; i < 3; i++) {
        DWORD code = 0;
        GetExitCodeThread(h[i], &code);
        ok(code == (DWORD)((40 + i + 1) * 10 + 1), "thread %d: code %lu", i, code);
        CloseHandle(h[i]);
    }
    ok(tls_counter == 40, "main thread's static TLS changed to %d", tls_counter);
    ok(TlsGetValue(tls_slot) == (void *)0x1234, "main thread's TLS slot changed");
    ok(tls_attaches - attaches == 3, "%ld thread attaches, expected 3", tls_attaches - attaches);
    ok(tls_detaches - detaches == 3, "%ld thread detaches, expected 3", tls_detaches - detaches);
    TlsFree(tls_slot);
}

/* FLS: a slot's callback runs at thread exit for a non-NULL value, and at
 * FlsFree for the values still set. */
static LONG fls_calls;
static void *fls_last;

static void WINAPI fls_callback(void *data)
{
    InterlockedIncrement(&fls_calls);
    fls_last = data;
}

static DWORD fls_slot;

static DWORD WINAPI use_fls(void *param)
{
    FlsSetValue(fls_slot, param);
    return FlsGetValue(fls_slot) == param;
}

static void test_fls(void)
{
    fls_slot = FlsAlloc(fls_callback);
    ok(fls_slot != FLS_OUT_OF_INDEXES, "FlsAlloc failed: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(fls_slot) == NULL && GetLastError() == 0,
       "new slot: value %p, last error %lu", FlsGetValue(fls_slot), GetLastError());
    fls_calls = 0;
    HANDLE h = CreateThread(NULL, 0, use_fls, (void *)0x5678, 0, NULL);
    WaitForSingleObject(h, 5000);
    DWORD code = 0;
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    ok(code == 1, "FlsGetValue on the thread did not return its value");
    ok(fls_calls == 1 && fls_last == (void *)0x5678, "%ld callbacks at thread exit, last %p",
       fls_calls, fls_last);

    /* A NULL value gets no callback. */
    h = CreateThread(NULL, 0, use_fls, NULL, 0, NULL);
    WaitForSingleObject(h, 5000);
    CloseHandle(h);
    ok(fls_calls == 1, "%ld callbacks after a thread with a NULL value", fls_calls);

    ok(FlsSetValue(fls_slot, (void *)0x9abc), "FlsSetValue failed: %lu", GetLastError());
    ok(FlsFree(fls_slot), "FlsFree failed: %lu", GetLastError());
    ok(fls_calls == 2 && fls_last == (void *)0x9abc, "FlsFree: %ld callbacks, last %p",
       fls_calls, fls_last);
    SetLastError(0xdeadbeef);
    ok_err(!FlsFree(fls_slot), ERROR_INVALID_PARAMETER);
}

/* APCs run only in alertable waits, which then return WAIT_IO_COMPLETION. */
static LONG apc_calls;
static ULONG_PTR apc_data;

static void CALLBACK apc(ULONG_PTR data)
{
    InterlockedIncrement(&apc_calls);
    apc_data = data;
}

static DWORD WINAPI apc_before_start(void *param)
{
    return apc_calls;
}

static void test_apc(void)
{
    apc_calls = 0;
    ok(QueueUserAPC(apc, GetCurrentThread(), 77), "QueueUserAPC failed: %lu", GetLastError());
    ok(apc_calls == 0, "APC ran outside an alertable wait");
    ok(SleepEx(0, FALSE) == 0 && apc_calls == 0, "APC ran in a non-alertable sleep");
    ok(SleepEx(1000, TRUE) == WAIT_IO_COMPLETION, "alertable SleepEx did not return "
       "WAIT_IO_COMPLETION");
    ok(apc_calls == 1 && apc_data == 77, "APC calls %ld, data %lu", apc_calls,
       (unsigned long)apc_data);
    ok(SleepEx(10, TRUE) == 0, "alertable SleepEx without APCs did not return 0");

    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    QueueUserAPC(apc, GetCurrentThread(), 78);
    ok(WaitForSingleObjectEx(ev, 1000, TRUE) == WAIT_IO_COMPLETION,
       "alertable wait did not return WAIT_IO_COMPLETION");
    ok(apc_calls == 2 && apc_data == 78, "APC calls %ld, data %lu", apc_calls,
       (unsigned long)apc_data);
    QueueUserAPC(apc, GetCurrentThread(), 79);
    SetEvent(ev);
    /* With the object signaled too, the object wins and the APC stays queued. */
    ok(WaitForSingleObjectEx(ev, 0, TRUE) == WAIT_OBJECT_0, "alertable wait on a signaled "
       "object did not return WAIT_OBJECT_0");
    ok(apc_calls == 2, "APC ran although the object was signaled");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && apc_calls == 3, "pending APC did not run");
    CloseHandle(ev);

    /* An APC queued to a suspended thread runs before its start routine. */
    HANDLE h = CreateThread(NULL, 0, apc_before_start, NULL, CREATE_SUSPENDED, NULL);
    QueueUserAPC(apc, h, 80);
    ResumeThread(h);
    WaitForSingleObject(h, 5000);
    DWORD code = 0;
    GetExitCodeThread(h, &code);
    ok(code == 4 && apc_data == 80, "start routine saw %lu APC calls, data %lu", code,
       (unsigned long)apc_data);
    CloseHandle(h);
}

static DWORD WINAPI fpu_state(void *param)
{
    unsigned short fcw = 0;
    unsigned int mxcsr = 0;
    __asm__ volatile("fnstcw %0" : "=m"(fcw));
    __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
    return ((DWORD)fcw << 16) | (mxcsr & 0xffff);
}

static DWORD WINAPI stack_limits(void *param)
{
    ULONG_PTR low = 0, high = 0;
    GetCurrentThreadStackLimits(&low, &high);
    ULONG_PTR here = (ULONG_PTR)&low;
    return here > low && here < high ? (DWORD)((high - low) >> 16) : 0;
}

static void test_thread_state(void)
{
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, fpu_state, NULL, 0, NULL);
    WaitForSingleObject(h, 5000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    ok(code == 0x027f1f80, "new thread's x87 control word / MXCSR = %04lx / %04lx, "
       "expected 027f / 1f80", code >> 16, code & 0xffff);

    /* A reserved stack of 4 MiB is (nearly all) usable. */
    h = CreateThread(NULL, 4 << 20, stack_limits, NULL, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    WaitForSingleObject(h, 5000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    ok(code >= 60 && code <= 64, "4 MiB stack: %lu x 64 KiB between the limits", code);

    WCHAR *desc = NULL;
    ok(SUCCEEDED(SetThreadDescription(GetCurrentThread(), L"worker one")),
       "SetThreadDescription failed");
    ok(SUCCEEDED(GetThreadDescription(GetCurrentThread(), &desc)) && desc
           && !wcscmp(desc, L"worker one"),
       "GetThreadDescription gave %ls", desc ? desc : L"(null)");
    LocalFree(desc);
}

static unsigned __stdcall crt_thread(void *param)
{
    if (param)
        _endthreadex(31);
    return 32;
}

static LONG crt_plain_ran;

static void __cdecl crt_plain(void *param)
{
    InterlockedIncrement(&crt_plain_ran);
    SetEvent((HANDLE)param);
}

static void test_crt_threads(void)
{
    unsigned tid = 0;
    DWORD code = 0;
    HANDLE h = (HANDLE)_beginthreadex(NULL, 0, crt_thread, NULL, 0, &tid);
    ok(h != NULL && tid != 0, "_beginthreadex failed");
    WaitForSingleObject(h, 5000);
    ok(GetExitCodeThread(h, &code) && code == 32, "_beginthreadex thread code %lu", code);
    CloseHandle(h);

    h = (HANDLE)_beginthreadex(NULL, 0, crt_thread, (void *)1, 0, NULL);
    WaitForSingleObject(h, 5000);
    ok(GetExitCodeThread(h, &code) && code == 31, "_endthreadex code %lu", code);
    CloseHandle(h);

    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    uintptr_t t = _beginthread(crt_plain, 0, done);
    ok(t != (uintptr_t)-1, "_beginthread failed");
    ok(WaitForSingleObject(done, 5000) == WAIT_OBJECT_0 && crt_plain_ran == 1,
       "_beginthread thread did not run");
    CloseHandle(done);
}

static void test_duplicate_current_thread(void)
{
    /* Duplicating the pseudo-handle gives a real handle to the calling thread (winpthreads
       does this for every thread it knows). */
    HANDLE h = NULL;
    ok(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &h, 0,
                       FALSE, DUPLICATE_SAME_ACCESS),
       "DuplicateHandle(GetCurrentThread()) failed: %lu", GetLastError());
    ok(h != NULL && h != GetCurrentThread(), "handle %p is not a real handle", h);
    ok(GetThreadId(h) == GetCurrentThreadId(), "GetThreadId = %lu, expected %lu", GetThreadId(h),
       GetCurrentThreadId());
    ok(CloseHandle(h), "CloseHandle failed: %lu", GetLastError());
}

int main(void)
{
    test_create_and_exit();
    test_suspended();
    test_open_thread();
    test_duplicate_current_thread();
    test_priority();
    test_tls();
    test_fls();
    test_apc();
    test_thread_state();
    test_crt_threads();
    return check_summary();
}
