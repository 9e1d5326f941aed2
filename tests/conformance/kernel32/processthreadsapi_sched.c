/* processthreadsapi.h: thread affinity, priority, background mode, ideal
 * processor, and SetThreadContext on the calling thread; the affinity of a
 * child process, set and read by its parent. */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

/* winerror.h values mingw-w64's headers lack. */
#ifndef ERROR_THREAD_MODE_ALREADY_BACKGROUND
#define ERROR_THREAD_MODE_ALREADY_BACKGROUND 400
#endif
#ifndef ERROR_THREAD_MODE_NOT_BACKGROUND
#define ERROR_THREAD_MODE_NOT_BACKGROUND 401
#endif

static DWORD_PTR process_mask, system_mask;
static volatile DWORD_PTR child_previous;
static volatile DWORD child_processor;

static int lowest_bit(DWORD_PTR mask)
{
    int i = 0;
    while (!(mask & ((DWORD_PTR)1 << i)))
        i++;
    return i;
}

static int highest_bit(DWORD_PTR mask)
{
    int i = 63;
    while (!(mask & ((DWORD_PTR)1 << i)))
        i--;
    return i;
}

static DWORD WINAPI pin_self(void *param)
{
    DWORD_PTR mask = (DWORD_PTR)param;
    child_previous = SetThreadAffinityMask(GetCurrentThread(), mask);
    child_processor = GetCurrentProcessorNumber();
    return 0;
}

static void test_affinity(void)
{
    HANDLE me = GetCurrentThread();
    ok(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask),
       "GetProcessAffinityMask failed: %lu", GetLastError());
    int first = lowest_bit(process_mask), last = highest_bit(process_mask);

    DWORD_PTR previous = SetThreadAffinityMask(me, (DWORD_PTR)1 << last);
    ok(previous == process_mask, "previous mask 0x%llx, process 0x%llx",
       (unsigned long long)previous, (unsigned long long)process_mask);
    for (int i = 0; i < 20; i++) {
        ok(GetCurrentProcessorNumber() == (DWORD)last, "running on %lu, pinned to %d",
           GetCurrentProcessorNumber(), last);
        Sleep(1);
    }
    DWORD_PTR p, s;
    ok(GetProcessAffinityMask(GetCurrentProcess(), &p, &s) && p == process_mask && s == system_mask,
       "a pinned thread changed the process mask: 0x%llx/0x%llx", (unsigned long long)p,
       (unsigned long long)s);

    /* A new thread starts on the process's processors, not its creator's. */
    HANDLE t = CreateThread(NULL, 0, pin_self, (void *)((DWORD_PTR)1 << first), 0, NULL);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(child_previous == process_mask, "new thread's mask 0x%llx", (unsigned long long)child_previous);
    ok(child_processor == (DWORD)first, "new thread ran on %lu, pinned to %d", child_processor, first);
    CloseHandle(t);

    /* A suspended thread is pinned before it runs. */
    t = CreateThread(NULL, 0, pin_self, (void *)process_mask, CREATE_SUSPENDED, NULL);
    ok(SetThreadAffinityMask(t, (DWORD_PTR)1 << first) == process_mask,
       "previous mask of a new thread");
    ResumeThread(t);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(child_previous == ((DWORD_PTR)1 << first), "mask set while suspended: 0x%llx",
       (unsigned long long)child_previous);
    CloseHandle(t);

    SetLastError(0xdeadbeef);
    ok_err(SetThreadAffinityMask(me, 0) == 0, ERROR_INVALID_PARAMETER);
    /* Windows documents ERROR_INVALID_PARAMETER for any processor outside the process
     * mask; Wine drops such bits and accepts the rest. */
    if (last < 63) {
        SetLastError(0xdeadbeef);
        ok_err(SetThreadAffinityMask(me, (DWORD_PTR)1 << (last + 1)) == 0, ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ok_err(SetThreadAffinityMask(me, process_mask | (DWORD_PTR)1 << (last + 1)) == 0,
               ERROR_INVALID_PARAMETER);
    }
    SetLastError(0xdeadbeef);
    ok_err(SetThreadAffinityMask(NULL, 1) == 0, ERROR_INVALID_HANDLE);

    previous = SetThreadAffinityMask(me, process_mask);
    ok(previous == ((DWORD_PTR)1 << last), "previous mask 0x%llx after pinning to %d",
       (unsigned long long)previous, last);
    ok(SetThreadAffinityMask(me, process_mask) == process_mask, "mask not restored");
}

/* The child: after its parent has had time to pin it, the processor it runs
 * on, or 99 when that changes. */
static int pinned_child(void)
{
    Sleep(500);
    DWORD first = GetCurrentProcessorNumber();
    for (int i = 0; i < 20; i++) {
        Sleep(1);
        if (GetCurrentProcessorNumber() != first)
            return 99;
    }
    return (int)first;
}

static void test_affinity_of_child(void)
{
    WCHAR exe[MAX_PATH], line[MAX_PATH + 32];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD_PTR p, s;
    DWORD code = 0;
    int last = highest_bit(process_mask);

    GetModuleFileNameW(NULL, exe, MAX_PATH);
    swprintf(line, MAX_PATH + 32, L"\"%ls\" pinned-child", exe);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    ok(CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "CreateProcessW: %lu",
       GetLastError());
    ok(GetProcessAffinityMask(pi.hProcess, &p, &s) && p == process_mask && s == system_mask,
       "the child starts with our mask: 0x%llx/0x%llx", (unsigned long long)p, (unsigned long long)s);
    ok(SetProcessAffinityMask(pi.hProcess, (DWORD_PTR)1 << last), "SetProcessAffinityMask: %lu", GetLastError());
    ok(GetProcessAffinityMask(pi.hProcess, &p, &s) && p == ((DWORD_PTR)1 << last) && s == system_mask,
       "the child's new mask: 0x%llx/0x%llx", (unsigned long long)p, (unsigned long long)s);
    SetLastError(0xdeadbeef);
    ok_err(!SetProcessAffinityMask(pi.hProcess, 0), ERROR_INVALID_PARAMETER);
    if (highest_bit(system_mask) < 63) {
        SetLastError(0xdeadbeef);
        ok_err(!SetProcessAffinityMask(pi.hProcess, (DWORD_PTR)1 << (highest_bit(system_mask) + 1)),
               ERROR_INVALID_PARAMETER);
    }
    /* A thread handle is not a process (STATUS_OBJECT_TYPE_MISMATCH). */
    SetLastError(0xdeadbeef);
    ok_err(!SetProcessAffinityMask(pi.hThread, 1), ERROR_INVALID_HANDLE);
    ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the child ends");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == (DWORD)last, "the child ran on %lu, pinned to %d", code,
       last);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void test_priority_levels(void)
{
    HANDLE me = GetCurrentThread();
    static const int levels[] = {THREAD_PRIORITY_IDLE, THREAD_PRIORITY_LOWEST,
                                 THREAD_PRIORITY_BELOW_NORMAL, THREAD_PRIORITY_ABOVE_NORMAL,
                                 THREAD_PRIORITY_HIGHEST, THREAD_PRIORITY_TIME_CRITICAL,
                                 THREAD_PRIORITY_NORMAL};
    for (int i = 0; i < (int)(sizeof levels / sizeof levels[0]); i++) {
        ok(SetThreadPriority(me, levels[i]), "SetThreadPriority(%d) failed: %lu", levels[i],
           GetLastError());
        ok(GetThreadPriority(me) == levels[i], "priority %d after setting %d",
           GetThreadPriority(me), levels[i]);
    }
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(me, 3), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(me, -3), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(NULL, THREAD_PRIORITY_LOWEST), ERROR_INVALID_HANDLE);
}

/* Wine does not implement background mode (ERROR_INVALID_PARAMETER); the errors
 * are the ones Windows documents for the current thread. */
static void test_background_mode(void)
{
    HANDLE me = GetCurrentThread();
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(me, THREAD_MODE_BACKGROUND_END), ERROR_THREAD_MODE_NOT_BACKGROUND);
    ok(SetThreadPriority(me, THREAD_MODE_BACKGROUND_BEGIN), "BACKGROUND_BEGIN failed: %lu",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(me, THREAD_MODE_BACKGROUND_BEGIN),
           ERROR_THREAD_MODE_ALREADY_BACKGROUND);
    ok(SetThreadPriority(me, THREAD_MODE_BACKGROUND_END), "BACKGROUND_END failed: %lu",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!SetThreadPriority(me, THREAD_MODE_BACKGROUND_END), ERROR_THREAD_MODE_NOT_BACKGROUND);
    ok(GetThreadPriority(me) == THREAD_PRIORITY_NORMAL, "priority %d after background mode",
       GetThreadPriority(me));
}

/* Wine's SetThreadIdealProcessor and GetThreadIdealProcessorEx are stubs. */
static void test_ideal_processor(void)
{
    HANDLE me = GetCurrentThread();
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    ok(SetThreadIdealProcessor(me, 0) != (DWORD)-1, "SetThreadIdealProcessor failed: %lu",
       GetLastError());
    ok(SetThreadIdealProcessor(me, MAXIMUM_PROCESSORS) == 0, "ideal processor not 0");
    PROCESSOR_NUMBER n;
    memset(&n, 0xcc, sizeof n);
    ok(GetThreadIdealProcessorEx(me, &n) && n.Group == 0 && n.Number == 0,
       "GetThreadIdealProcessorEx: group %u number %u", n.Group, n.Number);
    SetLastError(0xdeadbeef);
    ok_err(SetThreadIdealProcessor(me, si.dwNumberOfProcessors) == (DWORD)-1,
           ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(SetThreadIdealProcessor(NULL, 0) == (DWORD)-1, ERROR_INVALID_HANDLE);
}

static volatile int passes;

static void test_context_of_self(void)
{
    CONTEXT c;
    memset(&c, 0, sizeof c);
    /* Debug registers: accepted, the thread goes on. */
    c.ContextFlags = CONTEXT_DEBUG_REGISTERS;
    ok(SetThreadContext(GetCurrentThread(), &c), "SetThreadContext(DEBUG_REGISTERS) failed: %lu",
       GetLastError());

    /* The full context: the thread continues where it was captured. */
    RtlCaptureContext(&c);
    passes++;
    if (passes == 1) {
        c.ContextFlags = CONTEXT_FULL;
        SetThreadContext(GetCurrentThread(), &c);
        ok(0, "SetThreadContext of the calling thread returned");
    }
    ok(passes == 2, "passes %d", passes);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "pinned-child"))
        return pinned_child();
    test_affinity();
    test_affinity_of_child();
    test_priority_levels();
    test_background_mode();
    test_ideal_processor();
    test_context_of_self();
    return check_summary();
}
