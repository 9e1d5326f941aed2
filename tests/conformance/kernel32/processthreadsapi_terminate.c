/* processthreadsapi.h and friends: TerminateThread (the thread stops at once,
 * its exit code is recorded, waiters wake, no FLS callbacks run for it; the
 * calling thread too), RaiseFailFastException (the process ends at once with
 * the record's code, or STATUS_FAIL_FAST_EXCEPTION; no handler, no atexit),
 * process affinity masks and the current processor number, and a stack
 * overflow on a thread of CreateThread caught by a vectored handler.
 *
 * Wine ends a fail-fast process with STATUS_FAIL_FAST_EXCEPTION even when the
 * record names another code; Windows uses the record's code. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "check.h"

#ifndef STATUS_FAIL_FAST_EXCEPTION
#define STATUS_FAIL_FAST_EXCEPTION 0xC0000602
#endif

/* ---- TerminateThread ---------------------------------------------------- */

static volatile LONG spins;
static DWORD fls_index;
static volatile LONG fls_callbacks;

static VOID WINAPI count_fls(PVOID value)
{
    (void)value;
    InterlockedIncrement(&fls_callbacks);
}

static DWORD WINAPI spinner(LPVOID arg)
{
    (void)arg;
    FlsSetValue(fls_index, (void *)1);
    for (;;)
        InterlockedIncrement(&spins);
}

static DWORD WINAPI waiter(LPVOID event)
{
    FlsSetValue(fls_index, (void *)2);
    WaitForSingleObject(event, INFINITE);
    return 0;
}

static volatile int after_self_terminate;

static DWORD WINAPI self_terminator(LPVOID arg)
{
    (void)arg;
    FlsSetValue(fls_index, (void *)3);
    TerminateThread(GetCurrentThread(), 77);
    after_self_terminate = 1;
    return 0;
}

static volatile int suspended_ran;

static DWORD WINAPI never_runs(LPVOID arg)
{
    (void)arg;
    suspended_ran = 1;
    return 0;
}

static DWORD WINAPI normal_exit(LPVOID arg)
{
    (void)arg;
    FlsSetValue(fls_index, (void *)4);
    return 9;
}

static void test_terminate_thread(void)
{
    DWORD code = 0;
    fls_index = FlsAlloc(count_fls);

    /* The control: a thread that returns runs its FLS callback. */
    HANDLE t = CreateThread(NULL, 0, normal_exit, NULL, 0, NULL);
    WaitForSingleObject(t, 5000);
    ok(fls_callbacks == 1, "a returning thread ran %ld FLS callbacks", fls_callbacks);
    CloseHandle(t);
    fls_callbacks = 0;

    t = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
    while (spins < 1000)
        Sleep(1);
    ok(TerminateThread(t, 0x1234), "TerminateThread failed: %lu", GetLastError());
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "terminated spinner not signaled");
    ok(GetExitCodeThread(t, &code) && code == 0x1234, "spinner exit code 0x%lx", code);
    LONG before = spins;
    Sleep(50);
    ok(spins == before, "the terminated thread still runs (%ld -> %ld)", before, spins);
    CloseHandle(t);

    HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
    t = CreateThread(NULL, 0, waiter, event, 0, NULL);
    Sleep(50);
    ok(GetExitCodeThread(t, &code) && code == STILL_ACTIVE, "waiter exit code %lu before", code);
    ok(TerminateThread(t, 5), "TerminateThread of a waiting thread failed: %lu", GetLastError());
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "terminated waiter not signaled");
    ok(GetExitCodeThread(t, &code) && code == 5, "waiter exit code %lu", code);
    /* The terminated thread's wait is gone: it does not take the auto-reset signal. */
    SetEvent(event);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "a terminated waiter consumed the event's signal");
    CloseHandle(t);
    CloseHandle(event);

    t = CreateThread(NULL, 0, self_terminator, NULL, 0, NULL);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "self-terminating thread not signaled");
    ok(GetExitCodeThread(t, &code) && code == 77, "self-terminated exit code %lu", code);
    ok(!after_self_terminate, "TerminateThread(GetCurrentThread()) returned");
    CloseHandle(t);

    t = CreateThread(NULL, 0, never_runs, NULL, CREATE_SUSPENDED, NULL);
    ok(TerminateThread(t, 3), "TerminateThread of a suspended thread failed: %lu", GetLastError());
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "terminated suspended thread not signaled");
    ok(GetExitCodeThread(t, &code) && code == 3, "suspended thread exit code %lu", code);
    ok(!suspended_ran, "the start routine of a thread terminated while suspended ran");
    CloseHandle(t);

    ok(fls_callbacks == 0, "terminated threads ran %ld FLS callbacks", fls_callbacks);
    FlsFree(fls_index);

    SetLastError(0xdeadbeef);
    ok_err(!TerminateThread(NULL, 0), ERROR_INVALID_HANDLE);
}

/* ---- RaiseFailFastException (in a child: it ends the process) ---------- */

static void announce_atexit(void)
{
    printf("atexit ran\n");
    fflush(stdout);
}

static LONG CALLBACK any_handler(EXCEPTION_POINTERS *p)
{
    (void)p;
    printf("handler ran\n");
    fflush(stdout);
    return EXCEPTION_CONTINUE_EXECUTION;
}

static int fail_fast_child(const char *how)
{
    atexit(announce_atexit);
    AddVectoredExceptionHandler(1, any_handler);
    SetUnhandledExceptionFilter((LPTOP_LEVEL_EXCEPTION_FILTER)any_handler);
    printf("child\n");
    fflush(stdout);
    if (strcmp(how, "record") == 0) {
        EXCEPTION_RECORD record = {0};
        record.ExceptionCode = 0xE0000BAD;
        RaiseFailFastException(&record, NULL, 0);
    } else {
        RaiseFailFastException(NULL, NULL, 0);
    }
    printf("returned\n");
    return 1;
}

static void run_fail_fast(const char *how, DWORD expected)
{
    char exe[MAX_PATH], cmd[MAX_PATH + 64], out[256];
    GetModuleFileNameA(NULL, exe, sizeof exe);
    snprintf(cmd, sizeof cmd, "\"%s\" failfast %s", exe, how);
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE rd, wr;
    CreatePipe(&rd, &wr, &sa, 0);
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOA si = {sizeof si};
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = wr;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    PROCESS_INFORMATION pi;
    if (!ok(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi), "CreateProcess failed: %lu",
            GetLastError()))
        return;
    CloseHandle(wr);
    DWORD total = 0, got;
    while (total < sizeof out - 1 && ReadFile(rd, out + total, sizeof out - 1 - total, &got, NULL) && got)
        total += got;
    out[total] = 0;
    WaitForSingleObject(pi.hProcess, 10000);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    ok(code == expected, "fail fast (%s): exit code 0x%lx, expected 0x%lx", how, code, expected);
    ok(strcmp(out, "child\r\n") == 0 || strcmp(out, "child\n") == 0, "fail fast (%s): child printed \"%s\"", how,
       out);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(rd);
}

static void test_fail_fast(void)
{
    run_fail_fast("record", 0xE0000BAD);
    run_fail_fast("null", STATUS_FAIL_FAST_EXCEPTION);
}

/* ---- affinity and processor numbers ------------------------------------ */

static volatile DWORD thread_processor = 99;

static DWORD WINAPI report_processor(LPVOID arg)
{
    (void)arg;
    thread_processor = GetCurrentProcessorNumber();
    return 0;
}

static void test_affinity(void)
{
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    DWORD n = info.dwNumberOfProcessors;
    DWORD_PTR all = n >= 64 ? ~(DWORD_PTR)0 : ((DWORD_PTR)1 << n) - 1;
    DWORD_PTR process = 0, system = 0;
    ok(GetProcessAffinityMask(GetCurrentProcess(), &process, &system), "GetProcessAffinityMask failed: %lu",
       GetLastError());
    ok(system == all && process == all, "masks 0x%llx/0x%llx, expected 0x%llx for %lu processors",
       (unsigned long long)process, (unsigned long long)system, (unsigned long long)all, n);
    ok(GetCurrentProcessorNumber() < n, "GetCurrentProcessorNumber %lu of %lu", GetCurrentProcessorNumber(), n);

    SetLastError(0xdeadbeef);
    ok_err(!SetProcessAffinityMask(GetCurrentProcess(), 0), ERROR_INVALID_PARAMETER);
    if (n < 64) {
        SetLastError(0xdeadbeef);
        ok_err(!SetProcessAffinityMask(GetCurrentProcess(), (DWORD_PTR)1 << n), ERROR_INVALID_PARAMETER);
    }

    DWORD_PTR last = (DWORD_PTR)1 << (n - 1);
    ok(SetProcessAffinityMask(GetCurrentProcess(), last), "SetProcessAffinityMask failed: %lu", GetLastError());
    ok(GetProcessAffinityMask(GetCurrentProcess(), &process, &system) && process == last && system == all,
       "masks after SetProcessAffinityMask 0x%llx/0x%llx", (unsigned long long)process,
       (unsigned long long)system);
    Sleep(1);
    ok(GetCurrentProcessorNumber() == n - 1, "pinned to %lu, running on %lu", n - 1, GetCurrentProcessorNumber());
    PROCESSOR_NUMBER number;
    memset(&number, 0xcc, sizeof number);
    GetCurrentProcessorNumberEx(&number);
    ok(number.Group == 0 && number.Number == n - 1 && number.Reserved == 0, "PROCESSOR_NUMBER %u/%u/%u",
       number.Group, number.Number, number.Reserved);
    HANDLE t = CreateThread(NULL, 0, report_processor, NULL, 0, NULL);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);
    ok(thread_processor == n - 1, "a new thread runs on %lu, pinned to %lu", thread_processor, n - 1);
    ok(SetProcessAffinityMask(GetCurrentProcess(), all), "restoring the mask failed: %lu", GetLastError());
}

/* ---- stack overflow on a thread ---------------------------------------- */

static CONTEXT before_recursion;
static volatile int overflow_seen;
static volatile int keep_going = 1;

static LONG CALLBACK overflow_handler(EXCEPTION_POINTERS *p)
{
    if (p->ExceptionRecord->ExceptionCode != EXCEPTION_STACK_OVERFLOW)
        return EXCEPTION_CONTINUE_SEARCH;
    overflow_seen++;
    *p->ContextRecord = before_recursion;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static __attribute__((noinline)) int recurse(int n)
{
    volatile char pad[1024];
    pad[n % 1024] = (char)n;
    return keep_going ? recurse(n + 1) + pad[0] : 0;
}

static DWORD WINAPI overflowing_thread(LPVOID arg)
{
    (void)arg;
    RtlCaptureContext(&before_recursion);
    if (overflow_seen == 0)
        recurse(0);
    /* The guard page is used up; _resetstkoflw puts it back for a second overflow. */
    if (overflow_seen == 1) {
        if (!_resetstkoflw())
            return 1;
        RtlCaptureContext(&before_recursion);
        if (overflow_seen == 1)
            recurse(0);
    }
    return 100 + overflow_seen;
}

static void test_thread_stack_overflow(void)
{
    PVOID h = AddVectoredExceptionHandler(1, overflow_handler);
    HANDLE t = CreateThread(NULL, 512 * 1024, overflowing_thread, NULL, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    DWORD code = 0;
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "overflowing thread did not end");
    ok(GetExitCodeThread(t, &code) && code == 102, "overflowing thread: exit code %lu (102: two overflows caught)",
       code);
    ok(overflow_seen == 2, "stack overflow on a thread: handler ran %d times", overflow_seen);
    CloseHandle(t);
    RemoveVectoredExceptionHandler(h);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "failfast") == 0)
        return fail_fast_child(argv[2]);
    test_terminate_thread();
    test_fail_fast();
    test_affinity();
    test_thread_stack_overflow();
    return check_summary();
}
