/* processthreadsapi.h: SuspendThread really stops a running thread;
 * GetThreadContext/SetThreadContext inspect and redirect it while it is
 * suspended (the way Go's runtime preempts goroutines); ResumeThread counts. */
#include <windows.h>

#include "check.h"

static volatile LONG64 spins;
static volatile LONG redirected_ran;

static DWORD WINAPI spinner(void *param)
{
    (void)param;
    for (;;)
        spins++;
    return 0;
}

static void redirected(void)
{
    redirected_ran = 1;
    ExitThread(42);
}

static void test_stop_and_resume(void)
{
    HANDLE t = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
    while (spins == 0)
        Sleep(1);

    ok(SuspendThread(t) == 0, "first SuspendThread should return 0");
    ok(SuspendThread(t) == 1, "second SuspendThread should return 1");
    LONG64 before = spins;
    Sleep(30);
    ok(spins == before, "thread ran while suspended: %lld -> %lld", before, spins);

    CONTEXT c;
    memset(&c, 0, sizeof c);
    c.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    ok(GetThreadContext(t, &c), "GetThreadContext failed: %lu", GetLastError());
    ok(c.Rip >= (DWORD64)spinner && c.Rip < (DWORD64)spinner + 128,
       "Rip %p is not in the spinning loop at %p", (void *)c.Rip, (void *)spinner);
    ok(c.Rsp != 0 && (c.Rsp & 7) == 0, "Rsp %p", (void *)c.Rsp);

    ok(ResumeThread(t) == 2, "ResumeThread should return the previous count 2");
    ok(ResumeThread(t) == 1, "ResumeThread should return the previous count 1");
    Sleep(30);
    ok(spins != before, "thread did not go on after ResumeThread");
    ok(ResumeThread(t) == 0, "ResumeThread of a running thread should return 0");

    /* Redirect it: a call to `redirected` as if made from where it stopped. */
    ok(SuspendThread(t) == 0, "SuspendThread should return 0");
    memset(&c, 0, sizeof c);
    c.ContextFlags = CONTEXT_CONTROL;
    ok(GetThreadContext(t, &c), "GetThreadContext failed: %lu", GetLastError());
    c.Rsp = (c.Rsp & ~(DWORD64)15) - 8;
    c.Rip = (DWORD64)redirected;
    ok(SetThreadContext(t, &c), "SetThreadContext failed: %lu", GetLastError());
    ok(redirected_ran == 0, "redirected ran before ResumeThread");
    ok(ResumeThread(t) == 1, "ResumeThread should return 1");
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "redirected thread did not end");
    DWORD code = 0;
    ok(GetExitCodeThread(t, &code) && code == 42, "exit code %lu, expected 42", code);
    ok(redirected_ran == 1, "redirected did not run");
    CloseHandle(t);
}

static void test_bad_handle(void)
{
    SetLastError(0xdeadbeef);
    ok_err(SuspendThread(NULL) == (DWORD)-1, ERROR_INVALID_HANDLE);
    CONTEXT c;
    c.ContextFlags = CONTEXT_CONTROL;
    SetLastError(0xdeadbeef);
    ok_err(!GetThreadContext(NULL, &c), ERROR_INVALID_HANDLE);
}

int main(void)
{
    test_stop_and_resume();
    test_bad_handle();
    return check_summary();
}
