/* ioapiset.h: overlapped requests on files and named pipes: the OVERLAPPED
 * fields, its event, GetOverlappedResult, completion ports with a file's key,
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, cancellation, and ReadFileEx
 * completion routines run by alertable waits. */
#include <windows.h>

#include "check.h"

#define PIPE_NAME "\\\\.\\pipe\\winrun_conformance_overlapped"

static void test_file(void)
{
    char path[MAX_PATH];
    GetTempPathA(sizeof path, path);
    lstrcatA(path, "winrun_overlapped.tmp");
    HANDLE f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(f != INVALID_HANDLE_VALUE, "CreateFile failed: %lu", GetLastError());
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD n = 0;
    BOOL r = WriteFile(f, "0123456789", 10, NULL, &ov);
    if (!r)
        ok(GetLastError() == ERROR_IO_PENDING, "WriteFile: %lu", GetLastError());
    ok(GetOverlappedResult(f, &ov, &n, TRUE) && n == 10, "write result %lu", n);
    ok(ov.Internal == 0 && ov.InternalHigh == 10, "Internal %llx InternalHigh %llu",
       (ULONGLONG)ov.Internal, (ULONGLONG)ov.InternalHigh);
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0, "event set after the write");

    char buf[8] = {0};
    ResetEvent(ov.hEvent);
    ov.Offset = 4;
    r = ReadFile(f, buf, 3, NULL, &ov);
    if (!r)
        ok(GetLastError() == ERROR_IO_PENDING, "ReadFile: %lu", GetLastError());
    ok(GetOverlappedResult(f, &ov, &n, TRUE) && n == 3 && !memcmp(buf, "456", 3),
       "read result %lu '%s'", n, buf);
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0, "event set after the read");

    /* Past the end: the request ends with STATUS_END_OF_FILE. */
    ov.Offset = 100;
    SetLastError(0xdeadbeef);
    r = ReadFile(f, buf, 3, NULL, &ov);
    if (!r && GetLastError() == ERROR_IO_PENDING)
        r = GetOverlappedResult(f, &ov, &n, TRUE);
    ok_err(!r, ERROR_HANDLE_EOF);
    ok(ov.Internal == 0xC0000011, "Internal %llx", (ULONGLONG)ov.Internal);

    /* Associated with a port, each request queues a packet with the file's key. */
    HANDLE port = CreateIoCompletionPort(f, NULL, 0x77, 0);
    ok(port != NULL, "CreateIoCompletionPort: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(CreateIoCompletionPort(f, port, 0x78, 0) == NULL, ERROR_INVALID_PARAMETER);
    ov.Offset = 0;
    r = ReadFile(f, buf, 2, NULL, &ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "ReadFile: %lu", GetLastError());
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 1000) && n == 2 && key == 0x77 && got == &ov,
       "packet %lu %llx %p", n, (ULONGLONG)key, got);

    /* The low bit of hEvent keeps the packet off the port. */
    HANDLE event = ov.hEvent;
    ov.hEvent = (HANDLE)((ULONG_PTR)event | 1);
    r = ReadFile(f, buf, 2, NULL, &ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "ReadFile: %lu", GetLastError());
    ok(GetOverlappedResult(f, &ov, &n, TRUE) && n == 2, "result %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!GetQueuedCompletionStatus(port, &n, &key, &got, 0) && got == NULL, WAIT_TIMEOUT);
    ov.hEvent = event;

    /* Requests that succeed at once queue nothing with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS. */
    ok(SetFileCompletionNotificationModes(f, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS),
       "SetFileCompletionNotificationModes: %lu", GetLastError());
    r = ReadFile(f, buf, 2, NULL, &ov);
    if (r) {
        SetLastError(0xdeadbeef);
        ok_err(!GetQueuedCompletionStatus(port, &n, &key, &got, 0), WAIT_TIMEOUT);
    } else {
        ok(GetLastError() == ERROR_IO_PENDING, "ReadFile: %lu", GetLastError());
        ok(GetQueuedCompletionStatus(port, &n, &key, &got, 1000), "pending request's packet");
    }
    CloseHandle(f);
    CloseHandle(port);
    CloseHandle(event);
}

static HANDLE pipe_pair(HANDLE *client)
{
    HANDLE s = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                PIPE_TYPE_BYTE, 1, 4096, 4096, 0, NULL);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipe failed: %lu", GetLastError());
    *client = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(*client != INVALID_HANDLE_VALUE, "CreateFile on the pipe failed: %lu", GetLastError());
    return s;
}

static DWORD routine_error = 99, routine_bytes = 99;
static OVERLAPPED *routine_ov;

static void WINAPI read_done(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    routine_error = error;
    routine_bytes = bytes;
    routine_ov = ov;
}

static void test_pipe(void)
{
    HANDLE c;
    HANDLE s = pipe_pair(&c);
    HANDLE port = CreateIoCompletionPort(s, NULL, 0x55, 0);
    ok(port != NULL, "CreateIoCompletionPort: %lu", GetLastError());

    /* An empty pipe: the read goes pending. */
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventA(NULL, TRUE, TRUE, NULL);
    char buf[16] = {0};
    DWORD n = 5;
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(s, buf, sizeof buf, &n, &ov), ERROR_IO_PENDING);
    ok(ov.Internal == STATUS_PENDING && !HasOverlappedIoCompleted(&ov), "Internal %llx",
       (ULONGLONG)ov.Internal);
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT, "event reset while pending");
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResult(s, &ov, &n, FALSE), ERROR_IO_INCOMPLETE);
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResultEx(s, &ov, &n, 10, FALSE), WAIT_TIMEOUT);

    ok(WriteFile(c, "ping", 4, &n, NULL), "client write: %lu", GetLastError());
    ok(GetOverlappedResult(s, &ov, &n, TRUE) && n == 4 && !memcmp(buf, "ping", 4),
       "pending read result %lu '%s'", n, buf);
    ok(ov.Internal == 0 && ov.InternalHigh == 4, "Internal %llx", (ULONGLONG)ov.Internal);
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 1000) && n == 4 && key == 0x55 && got == &ov,
       "packet %lu %llx %p", n, (ULONGLONG)key, got);

    /* Cancelled, the request ends with ERROR_OPERATION_ABORTED and still queues its packet. */
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(s, buf, sizeof buf, NULL, &ov), ERROR_IO_PENDING);
    ok(CancelIoEx(s, &ov), "CancelIoEx: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResult(s, &ov, &n, TRUE) && n == 0, ERROR_OPERATION_ABORTED);
    ok(ov.Internal == 0xC0000120, "Internal %llx", (ULONGLONG)ov.Internal);
    SetLastError(0xdeadbeef);
    ok_err(!GetQueuedCompletionStatus(port, &n, &key, &got, 1000) && got == &ov,
           ERROR_OPERATION_ABORTED);
    SetLastError(0xdeadbeef);
    ok_err(!CancelIoEx(s, &ov), ERROR_NOT_FOUND);
    ok(CancelIo(s), "CancelIo with nothing in flight: %lu", GetLastError());
    CloseHandle(port);
    CloseHandle(s);
    CloseHandle(c);
    CloseHandle(ov.hEvent);

    /* Closing the last handle ends what is in flight on it; a pipe read ends as broken. */
    s = pipe_pair(&c);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(s, buf, sizeof buf, NULL, &ov), ERROR_IO_PENDING);
    CloseHandle(s);
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "the close completes the read");
    ok(ov.Internal == 0xC000014B, "Internal %llx", (ULONGLONG)ov.Internal);
    CloseHandle(c);
    CloseHandle(ov.hEvent);

    /* ReadFileEx: the routine runs in the issuing thread's next alertable wait. */
    s = pipe_pair(&c);
    OVERLAPPED ov2 = {0};
    ok(ReadFileEx(s, buf, sizeof buf, &ov2, read_done), "ReadFileEx: %lu", GetLastError());
    ok(SleepEx(0, TRUE) == 0 && routine_error == 99, "nothing completed yet");
    ok(WriteFile(c, "apc!", 4, &n, NULL), "client write: %lu", GetLastError());
    ok(SleepEx(5000, TRUE) == WAIT_IO_COMPLETION, "SleepEx ends for the routine");
    ok(routine_error == 0 && routine_bytes == 4 && routine_ov == &ov2 && !memcmp(buf, "apc!", 4),
       "routine %lu %lu %p", routine_error, routine_bytes, routine_ov);
    CloseHandle(s);
    CloseHandle(c);
}

int main(void)
{
    test_file();
    test_pipe();
    return check_summary();
}
