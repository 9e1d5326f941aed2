/* processthreadsapi.h processes: CreateProcess of this same program as a
 * child (argv[1] == "child" selects what the child does), the exact command
 * line, environment blocks, current directory, std handles through pipes,
 * inherited handles, exit codes, waits, TerminateProcess, CREATE_SUSPENDED,
 * OpenProcess, job objects; cmd /c; anonymous pipe ends (namedpipeapi.h). */
#include <windows.h>
#include <string.h>
#include <stdlib.h>

#include "check.h"

static WCHAR self[MAX_PATH];

/* ---- the child side ---- */

static void put(const char *s)
{
    DWORD n;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), s, (DWORD)strlen(s), &n, NULL);
}

static void put_wide(const WCHAR *w)
{
    char buf[4096];
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof buf, NULL, NULL);
    if (n > 0)
        put(buf);
}

static int child(int argc, char **argv)
{
    const char *mode = argv[2];
    if (!strcmp(mode, "exit"))
        return (int)strtoul(argv[3], NULL, 0);
    if (!strcmp(mode, "cmdline")) {
        put_wide(GetCommandLineW());
        return 0;
    }
    if (!strcmp(mode, "env")) {
        WCHAR value[256];
        DWORD n = GetEnvironmentVariableW(L"WINRUN_TEST_VAR", value, 256);
        put(n ? "" : "(unset)");
        if (n)
            put_wide(value);
        return 0;
    }
    if (!strcmp(mode, "cwd")) {
        WCHAR dir[MAX_PATH];
        GetCurrentDirectoryW(MAX_PATH, dir);
        put_wide(dir);
        return 0;
    }
    if (!strcmp(mode, "upper")) {
        char buf[256];
        DWORD n = 0, total = 0;
        while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof buf, &n, NULL) && n) {
            for (DWORD i = 0; i < n; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z')
                    buf[i] -= 32;
            DWORD w;
            WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buf, n, &w, NULL);
            total += n;
        }
        return (int)total;
    }
    if (!strcmp(mode, "inherit")) {
        HANDLE h = (HANDLE)(ULONG_PTR)strtoull(argv[3], NULL, 0);
        DWORD n = 0;
        return WriteFile(h, "inherited", 9, &n, NULL) && n == 9 ? 0 : 1;
    }
    if (!strcmp(mode, "sleep")) {
        Sleep(INFINITE);
        return 0;
    }
    return 99;
}

/* ---- the parent side ---- */

/* `"self" child args` (built with kernel32 only: wsprintfW lives in user32). */
static void child_line(WCHAR *line, const WCHAR *args)
{
    lstrcpyW(line, L"\"");
    lstrcatW(line, self);
    lstrcatW(line, L"\" child ");
    lstrcatW(line, args);
}

static void append_number(WCHAR *s, unsigned long v)
{
    WCHAR digits[16];
    int n = 0;
    do
        digits[n++] = (WCHAR)(L'0' + v % 10);
    while (v /= 10);
    s += lstrlenW(s);
    while (n)
        *s++ = digits[--n];
    *s = 0;
}

/* Starts `self <args>` with stdout to a pipe (when `out` is set) and stdin from a pipe (when
 * `in` is set); returns FALSE with the last error of CreateProcessW. */
static BOOL start(const WCHAR *args, DWORD flags, void *env, const WCHAR *dir,
                  HANDLE *out, HANDLE *in, PROCESS_INFORMATION *pi)
{
    WCHAR line[1024];
    child_line(line, args);
    STARTUPINFOW si = {sizeof si};
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE out_r = NULL, out_w = NULL, in_r = NULL, in_w = NULL;
    if (out || in) {
        si.dwFlags = STARTF_USESTDHANDLES;
        si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
        si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    }
    if (out) {
        CreatePipe(&out_r, &out_w, &sa, 0);
        SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
        si.hStdOutput = out_w;
    }
    if (in) {
        CreatePipe(&in_r, &in_w, &sa, 0);
        SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
        si.hStdInput = in_r;
    }
    BOOL r = CreateProcessW(NULL, line, NULL, NULL, out || in, flags, env, dir, &si, pi);
    DWORD e = GetLastError();
    if (out_w)
        CloseHandle(out_w);
    if (in_r)
        CloseHandle(in_r);
    if (out)
        *out = out_r;
    if (in)
        *in = in_w;
    SetLastError(e);
    return r;
}

/* Everything the pipe gives until its writer is gone. */
static DWORD read_all(HANDLE h, char *buf, DWORD size)
{
    DWORD total = 0, n;
    while (total + 1 < size && ReadFile(h, buf + total, size - 1 - total, &n, NULL) && n)
        total += n;
    buf[total] = 0;
    return total;
}

static DWORD finish(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xdeadbeef;
    ok(WaitForSingleObject(pi->hProcess, 20000) == WAIT_OBJECT_0, "child did not end");
    ok(GetExitCodeProcess(pi->hProcess, &code), "GetExitCodeProcess: %lu", GetLastError());
    CloseHandle(pi->hThread);
    CloseHandle(pi->hProcess);
    return code;
}

static void test_missing_image(void)
{
    STARTUPINFOW si = {sizeof si};
    PROCESS_INFORMATION pi;
    WCHAR line[] = L"winrun-no-such-program-4711 x";
    SetLastError(0xdeadbeef);
    ok_err(!CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
           ERROR_FILE_NOT_FOUND);
    WCHAR line3[] = L"x";
    SetLastError(0xdeadbeef);
    ok_err(!CreateProcessW(L"C:\\winrun-no-such-file.exe", line3, NULL, NULL, FALSE, 0, NULL,
                           NULL, &si, &pi),
           ERROR_FILE_NOT_FOUND);
}

static void test_exit_codes(void)
{
    PROCESS_INFORMATION pi;
    ok(start(L"exit 300", 0, NULL, NULL, NULL, NULL, &pi), "CreateProcessW: %lu", GetLastError());
    ok(pi.dwProcessId != 0 && GetProcessId(pi.hProcess) == pi.dwProcessId, "process id %lu",
       pi.dwProcessId);
    ok(finish(&pi) == 300, "exit code");

    ok(start(L"exit 0x12345678", 0, NULL, NULL, NULL, NULL, &pi), "CreateProcessW: %lu",
       GetLastError());
    ok(finish(&pi) == 0x12345678, "a 32-bit exit code travels whole");

    ok(start(L"sleep", 0, NULL, NULL, NULL, NULL, &pi), "CreateProcessW: %lu", GetLastError());
    DWORD code = 0;
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "running: %lu", code);
    ok(WaitForSingleObject(pi.hProcess, 50) == WAIT_TIMEOUT, "a running child is not signaled");
    ok(TerminateProcess(pi.hProcess, 77), "TerminateProcess: %lu", GetLastError());
    ok(WaitForSingleObject(pi.hThread, 20000) == WAIT_OBJECT_0, "the main thread ends too");
    ok(finish(&pi) == 77, "terminated with 77");
}

static void test_wait_multiple(void)
{
    PROCESS_INFORMATION a, b;
    ok(start(L"exit 1", 0, NULL, NULL, NULL, NULL, &a), "CreateProcessW: %lu", GetLastError());
    ok(start(L"exit 2", 0, NULL, NULL, NULL, NULL, &b), "CreateProcessW: %lu", GetLastError());
    HANDLE both[2] = {a.hProcess, b.hProcess};
    ok(WaitForMultipleObjects(2, both, TRUE, 20000) == WAIT_OBJECT_0, "wait for both");
    ok(finish(&a) == 1 && finish(&b) == 2, "exit codes");
}

static void test_command_line(void)
{
    /* Blanks, quotes and backslashes exactly as given. */
    const WCHAR *args = L"cmdline   \"a b\"  c\\\\\"d\" \t\xe9t\xe9";
    WCHAR expected[1024];
    child_line(expected, args);
    PROCESS_INFORMATION pi;
    HANDLE out;
    ok(start(args, 0, NULL, NULL, &out, NULL, &pi), "CreateProcessW: %lu", GetLastError());
    char got[2048], want[2048];
    read_all(out, got, sizeof got);
    WideCharToMultiByte(CP_UTF8, 0, expected, -1, want, sizeof want, NULL, NULL);
    ok(!strcmp(got, want), "command line [%s], expected [%s]", got, want);
    CloseHandle(out);
    ok(finish(&pi) == 0, "exit code");
}

static void test_environment(void)
{
    static const WCHAR wide_block[] = L"A=1\0WINRUN_TEST_VAR=w\xe9ide\0Z=2\0";
    PROCESS_INFORMATION pi;
    HANDLE out;
    char got[256];
    ok(start(L"env", CREATE_UNICODE_ENVIRONMENT, (void *)wide_block, NULL, &out, NULL, &pi),
       "CreateProcessW: %lu", GetLastError());
    read_all(out, got, sizeof got);
    ok(!strcmp(got, "w\xc3\xa9ide"), "unicode block: [%s]", got);
    CloseHandle(out);
    finish(&pi);

    static const char ansi_block[] = "WINRUN_TEST_VAR=ansi\0OTHER=x\0";
    ok(start(L"env", 0, (void *)ansi_block, NULL, &out, NULL, &pi), "CreateProcessW: %lu",
       GetLastError());
    read_all(out, got, sizeof got);
    ok(!strcmp(got, "ansi"), "ansi block: [%s]", got);
    CloseHandle(out);
    finish(&pi);

    SetEnvironmentVariableW(L"WINRUN_TEST_VAR", L"from parent");
    ok(start(L"env", 0, NULL, NULL, &out, NULL, &pi), "CreateProcessW: %lu", GetLastError());
    read_all(out, got, sizeof got);
    ok(!strcmp(got, "from parent"), "inherited environment: [%s]", got);
    CloseHandle(out);
    finish(&pi);
    SetEnvironmentVariableW(L"WINRUN_TEST_VAR", NULL);
}

static void test_current_directory(void)
{
    WCHAR tmp[MAX_PATH], dir[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    lstrcpyW(dir, tmp);
    lstrcatW(dir, L"winrun-cp-");
    append_number(dir, GetCurrentProcessId());
    CreateDirectoryW(dir, NULL);
    PROCESS_INFORMATION pi;
    HANDLE out;
    ok(start(L"cwd", 0, NULL, dir, &out, NULL, &pi), "CreateProcessW: %lu", GetLastError());
    char got[1024], want[1024];
    read_all(out, got, sizeof got);
    WideCharToMultiByte(CP_UTF8, 0, dir, -1, want, sizeof want, NULL, NULL);
    ok(!_stricmp(got, want), "child directory [%s], expected [%s]", got, want);
    CloseHandle(out);
    finish(&pi);

    lstrcatW(dir, L"-missing");
    SetLastError(0xdeadbeef);
    ok_err(!start(L"cwd", 0, NULL, dir, NULL, NULL, &pi), ERROR_DIRECTORY);
    dir[lstrlenW(dir) - 8] = 0;
    lstrcpyW(dir, tmp);
    lstrcatW(dir, L"winrun-cp-");
    append_number(dir, GetCurrentProcessId());
    RemoveDirectoryW(dir);
}

static void test_std_handles(void)
{
    PROCESS_INFORMATION pi;
    HANDLE out, in;
    ok(start(L"upper", 0, NULL, NULL, &out, &in, &pi), "CreateProcessW: %lu", GetLastError());
    DWORD n;
    ok(WriteFile(in, "hello, ", 7, &n, NULL) && WriteFile(in, "pipe", 4, &n, NULL), "write");
    CloseHandle(in);
    char got[64];
    read_all(out, got, sizeof got);
    ok(!strcmp(got, "HELLO, PIPE"), "child output [%s]", got);
    CloseHandle(out);
    ok(finish(&pi) == 11, "the child read 11 bytes");
}

static void test_inherited_handle(void)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE r, w;
    ok(CreatePipe(&r, &w, &sa, 0), "CreatePipe: %lu", GetLastError());
    DWORD flags = 0;
    ok(GetHandleInformation(w, &flags) && flags == HANDLE_FLAG_INHERIT, "flags %lu", flags);
    ok(SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0), "SetHandleInformation");
    ok(GetHandleInformation(r, &flags) && flags == 0, "flags %lu", flags);

    WCHAR line[1024];
    child_line(line, L"inherit ");
    append_number(line, (unsigned long)(ULONG_PTR)w);
    STARTUPINFOW si = {sizeof si};
    PROCESS_INFORMATION pi;
    ok(CreateProcessW(NULL, line, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi),
       "CreateProcessW: %lu", GetLastError());
    CloseHandle(w);
    char got[64];
    read_all(r, got, sizeof got);
    ok(!strcmp(got, "inherited"), "through the inherited handle: [%s]", got);
    CloseHandle(r);
    ok(finish(&pi) == 0, "exit code");
}

static void test_suspended(void)
{
    PROCESS_INFORMATION pi;
    ok(start(L"exit 4", CREATE_SUSPENDED, NULL, NULL, NULL, NULL, &pi), "CreateProcessW: %lu",
       GetLastError());
    ok(WaitForSingleObject(pi.hProcess, 300) == WAIT_TIMEOUT, "a suspended child does not run");
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread returns the previous count");
    ok(finish(&pi) == 4, "exit code after resuming");
}

static void test_open_process(void)
{
    PROCESS_INFORMATION pi;
    ok(start(L"exit 9", 0, NULL, NULL, NULL, NULL, &pi), "CreateProcessW: %lu", GetLastError());
    HANDLE h = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                           pi.dwProcessId);
    ok(h != NULL, "OpenProcess: %lu", GetLastError());
    ok(GetProcessId(h) == pi.dwProcessId, "id");
    ok(WaitForSingleObject(h, 20000) == WAIT_OBJECT_0, "wait on the opened handle");
    DWORD code = 0;
    ok(GetExitCodeProcess(h, &code) && code == 9, "exit code %lu", code);
    CloseHandle(h);
    /* Windows refuses to terminate a process that has ended (Wine lets it succeed). */
    SetLastError(0xdeadbeef);
    ok_err(!TerminateProcess(pi.hProcess, 1), ERROR_ACCESS_DENIED);
    finish(&pi);

    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());
    ok(h != NULL && GetProcessId(h) == GetCurrentProcessId(), "own process");
    ok(GetExitCodeProcess(h, &code) && code == STILL_ACTIVE, "own process is active");
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok_err(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, 0x7ffffff0) == NULL,
           ERROR_INVALID_PARAMETER);
}

static void test_job_kill_on_close(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    ok(job != NULL, "CreateJobObjectW: %lu", GetLastError());
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = {0};
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    ok(SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info, sizeof info),
       "SetInformationJobObject: %lu", GetLastError());
    PROCESS_INFORMATION pi;
    ok(start(L"sleep", CREATE_SUSPENDED, NULL, NULL, NULL, NULL, &pi), "CreateProcessW: %lu",
       GetLastError());
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject: %lu",
       GetLastError());
    ResumeThread(pi.hThread);
    ok(WaitForSingleObject(pi.hProcess, 100) == WAIT_TIMEOUT, "running");
    CloseHandle(job);
    ok(WaitForSingleObject(pi.hProcess, 20000) == WAIT_OBJECT_0,
       "closing the job ends its processes");
    finish(&pi);
}

static void test_cmd(void)
{
    STARTUPINFOW si = {sizeof si};
    PROCESS_INFORMATION pi;
    WCHAR line[] = L"cmd /c exit 3";
    ok(CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
       "CreateProcessW: %lu", GetLastError());
    ok(finish(&pi) == 3, "cmd /c exit 3");

    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE r, w;
    CreatePipe(&r, &w, &sa, 0);
    SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = w;
    si.hStdError = w;
    WCHAR line2[] = L"cmd.exe /c \"echo one&& echo two& exit 7\"";
    ok(CreateProcessW(NULL, line2, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
       "CreateProcessW: %lu", GetLastError());
    CloseHandle(w);
    char got[128];
    read_all(r, got, sizeof got);
    ok(!strcmp(got, "one\r\ntwo\r\n"), "cmd output [%s]", got);
    CloseHandle(r);
    ok(finish(&pi) == 7, "exit 7");

    si.dwFlags = 0;
    WCHAR line3[] = L"cmd /c \"winrun-no-such-program-4711 2>nul || exit 5\"";
    ok(CreateProcessW(NULL, line3, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
       "CreateProcessW: %lu", GetLastError());
    ok(finish(&pi) == 5, "|| runs after a failed command");
}

static void test_pipe_ends(void)
{
    HANDLE r, w;
    DWORD n = 5, avail = 0;
    char buf[8];
    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe: %lu", GetLastError());
    ok(GetFileType(r) == FILE_TYPE_PIPE, "pipe type");
    ok(WriteFile(w, "abc", 3, &n, NULL) && n == 3, "write");
    ok(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL) && avail == 3, "available %lu", avail);
    /* Peeking copies without taking: the read still gets every byte. */
    memset(buf, 0, sizeof buf);
    ok(PeekNamedPipe(r, buf, 2, &n, &avail, NULL) && n == 2 && avail == 3 && !memcmp(buf, "ab", 2),
       "peeked %lu of %lu: %.2s", n, avail, buf);
    ok(ReadFile(r, buf, sizeof buf, &n, NULL) && n == 3 && !memcmp(buf, "abc", 3), "read %lu", n);
    CloseHandle(w);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(r, buf, sizeof buf, &n, NULL) && n == 0, ERROR_BROKEN_PIPE);
    SetLastError(0xdeadbeef);
    ok_err(!PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL), ERROR_BROKEN_PIPE);
    CloseHandle(r);

    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe: %lu", GetLastError());
    CloseHandle(r);
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(w, "abc", 3, &n, NULL), ERROR_NO_DATA);
    CloseHandle(w);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "child"))
        return child(argc, argv);
    GetModuleFileNameW(NULL, self, MAX_PATH);
    test_missing_image();
    test_pipe_ends();
    test_exit_codes();
    test_wait_multiple();
    test_command_line();
    test_environment();
    test_current_directory();
    test_std_handles();
    test_inherited_handle();
    test_suspended();
    test_open_process();
    test_job_kill_on_close();
    test_cmd();
    return check_summary();
}
