/* Console control handlers (consoleapi.h): SetConsoleCtrlHandler keeps a
 * list called newest first until a handler returns TRUE, each event runs on
 * a new thread of the process, SetConsoleCtrlHandler(NULL, TRUE) makes the
 * process ignore CTRL+C (not CTRL+BREAK) and its children inherit that. A real
 * Ctrl+C typed at a terminal is tested through a pseudo-terminal by
 * tests/tests/console.rs.
 *
 * Under Wine run it on a terminal (script -qc): Wine gives a process whose
 * standard handles are redirected no console at all, where Windows gives every
 * console program one. Wine also refuses GenerateConsoleCtrlEvent(
 * CTRL_BREAK_EVENT, 0) with ERROR_INVALID_HANDLE, which Windows documents as
 * generating CTRL+BREAK for the console's processes; those checks follow
 * Windows and fail under Wine. A child ended by CTRL+C exits with 0 under
 * Wine 8; Windows' default handler ends it with STATUS_CONTROL_C_EXIT, which
 * the check expects. */
#include <windows.h>

#include "check.h"

static char calls[16];
static int ncalls;
static DWORD handler_thread;
static HANDLE done;

static void note(char c)
{
    if (ncalls < (int)sizeof calls - 1)
        calls[ncalls++] = c;
    handler_thread = GetCurrentThreadId();
}

static BOOL WINAPI first(DWORD event)
{
    note(event == CTRL_C_EVENT ? 'a' : 'A');
    SetEvent(done);
    return TRUE;
}

static BOOL WINAPI second(DWORD event)
{
    note(event == CTRL_C_EVENT ? 'b' : 'B');
    return FALSE;
}

static BOOL WINAPI stopper(DWORD event)
{
    note(event == CTRL_C_EVENT ? 's' : 'S');
    SetEvent(done);
    return TRUE;
}

/* Raises `event` and waits for the handler thread to finish with it. */
static const char *raise_event(DWORD event)
{
    ncalls = 0;
    calls[0] = 0;
    ResetEvent(done);
    SetLastError(0xdeadbeef);
    BOOL ret = GenerateConsoleCtrlEvent(event, 0);
    ok(ret, "GenerateConsoleCtrlEvent(%lu): error %lu", event, GetLastError());
    WaitForSingleObject(done, 2000);
    Sleep(100); /* any handler still to run after the one that set `done` */
    calls[ncalls] = 0;
    return calls;
}

static int child(void)
{
    /* The parent ignored CTRL+C: so does this process, handlers or not. */
    done = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetConsoleCtrlHandler(first, TRUE);
    GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0);
    if (WaitForSingleObject(done, 500) != WAIT_TIMEOUT)
        return 2;
    GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, 0);
    if (WaitForSingleObject(done, 2000) != WAIT_OBJECT_0)
        return 3;
    return 7;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child"))
        return child();
    if (argc > 1 && !strcmp(argv[1], "sleeper")) {
        /* Tells the parent it runs, then waits without touching the console. */
        DWORD n;
        WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "x", 1, &n, NULL);
        Sleep(20000);
        return 1;
    }
    done = CreateEventA(NULL, TRUE, FALSE, NULL);

    ok(SetConsoleCtrlHandler(first, TRUE), "add first");
    ok(SetConsoleCtrlHandler(second, TRUE), "add second");
    /* Newest first: second declines, first handles it. */
    ok(!strcmp(raise_event(CTRL_C_EVENT), "ba"), "CTRL+C calls: %s", calls);
    ok(handler_thread != GetCurrentThreadId(), "the handler ran on a new thread");
    ok(!strcmp(raise_event(CTRL_BREAK_EVENT), "BA"), "CTRL+BREAK calls: %s", calls);

    /* A handler returning TRUE ends the chain. */
    ok(SetConsoleCtrlHandler(stopper, TRUE), "add stopper");
    ok(!strcmp(raise_event(CTRL_C_EVENT), "s"), "with stopper: %s", calls);
    ok(SetConsoleCtrlHandler(stopper, FALSE), "remove stopper");
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleCtrlHandler(stopper, FALSE), ERROR_INVALID_PARAMETER);
    ok(!strcmp(raise_event(CTRL_C_EVENT), "ba"), "after removing stopper: %s", calls);

    /* Only CTRL+C and CTRL+BREAK can be generated. */
    ok(!GenerateConsoleCtrlEvent(CTRL_CLOSE_EVENT, 0), "CTRL_CLOSE_EVENT generated");

    /* Ignoring CTRL+C: no handler runs for it, CTRL+BREAK still reaches them. */
    ok(SetConsoleCtrlHandler(NULL, TRUE), "ignore CTRL+C");
    ncalls = 0;
    ResetEvent(done);
    ok(GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0), "generate while ignored");
    ok(WaitForSingleObject(done, 500) == WAIT_TIMEOUT, "no handler ran: %.*s", ncalls, calls);
    ok(!strcmp(raise_event(CTRL_BREAK_EVENT), "BA"), "CTRL+BREAK while ignoring: %s", calls);

    /* A child started now inherits the ignoring. */
    char cmd[MAX_PATH + 16];
    STARTUPINFOA si = {sizeof si};
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    wsprintfA(cmd, "\"%s\" child", argv[0]);
    ok(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), "CreateProcess: %lu",
       GetLastError());
    WaitForSingleObject(pi.hProcess, 10000);
    GetExitCodeProcess(pi.hProcess, &code);
    ok(code == 7, "the child ignored CTRL+C and saw CTRL+BREAK: exit code %lu", code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    ok(SetConsoleCtrlHandler(NULL, FALSE), "stop ignoring");
    ok(!strcmp(raise_event(CTRL_C_EVENT), "ba"), "CTRL+C again: %s", calls);

    /* CTRL+C for the console reaches its other processes: a child that has not touched the
     * console ends as the default handler ends it. */
    {
        SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
        HANDLE r, w;
        char byte;
        DWORD got = 0;
        ok(CreatePipe(&r, &w, &sa, 0), "pipe: %lu", GetLastError());
        SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = w;
        si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        wsprintfA(cmd, "\"%s\" sleeper", argv[0]);
        ok(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
           "CreateProcess: %lu", GetLastError());
        CloseHandle(w);
        ok(ReadFile(r, &byte, 1, &got, NULL) && got == 1, "the child runs: %lu", GetLastError());
        ok(!strcmp(raise_event(CTRL_C_EVENT), "ba"), "CTRL+C with a child: %s", calls);
        ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the child ended");
        code = 0;
        GetExitCodeProcess(pi.hProcess, &code);
        ok(code == STATUS_CONTROL_C_EXIT, "the child's exit code %lx", code);
        CloseHandle(r);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    ok(SetConsoleCtrlHandler(first, FALSE) && SetConsoleCtrlHandler(second, FALSE), "remove both");
    return check_summary();
}
