/* namedpipeapi.h: named pipes in byte and message mode, the connection
 * life cycle of a server instance (listening, connected, disconnected),
 * what each end sees when the other goes away, and overlapped connects. */
#include <windows.h>

#include "check.h"

#define NAME "\\\\.\\pipe\\winrun_conformance_np"

static HANDLE server_pipe(DWORD open_mode, DWORD pipe_mode, DWORD max)
{
    return CreateNamedPipeA(NAME, open_mode, pipe_mode, max, 4096, 2048, 50, NULL);
}

static HANDLE client(void)
{
    return CreateFileA(NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

static void test_names(void)
{
    SetLastError(0xdeadbeef);
    HANDLE h = CreateNamedPipeA("not a named pipe", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_NAME);
    SetLastError(0xdeadbeef);
    h = CreateNamedPipeA(NULL, PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    h = CreateNamedPipeA(NAME, PIPE_ACCESS_DUPLEX, PIPE_READMODE_MESSAGE, 1, 0, 0, 0, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    h = client();
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(!WaitNamedPipeA(NAME, 10), ERROR_FILE_NOT_FOUND);
}

static void test_byte_mode(void)
{
    HANDLE s = server_pipe(PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_WAIT, 1);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipe failed: %lu", GetLastError());
    ok(WaitNamedPipeA(NAME, 10), "WaitNamedPipe on a listening pipe: %lu", GetLastError());

    /* A second instance is over the limit of one. */
    SetLastError(0xdeadbeef);
    HANDLE s2 = server_pipe(PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1);
    ok_err(s2 == INVALID_HANDLE_VALUE, ERROR_PIPE_BUSY);

    DWORD n = 0;
    char buf[64];
    /* Before any client the server end cannot transfer data. */
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(s, "x", 1, &n, NULL), ERROR_PIPE_LISTENING);

    /* The client comes before ConnectNamedPipe: a good connection, reported as an error. */
    HANDLE c = client();
    ok(c != INVALID_HANDLE_VALUE, "CreateFile on the pipe failed: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!ConnectNamedPipe(s, NULL), ERROR_PIPE_CONNECTED);
    SetLastError(0xdeadbeef);
    HANDLE c2 = client();
    ok_err(c2 == INVALID_HANDLE_VALUE, ERROR_PIPE_BUSY);
    SetLastError(0xdeadbeef);
    ok_err(!WaitNamedPipeA(NAME, 10), ERROR_SEM_TIMEOUT);
    ok(GetFileType(s) == FILE_TYPE_PIPE && GetFileType(c) == FILE_TYPE_PIPE, "file types");

    DWORD flags = 9, out = 9, in = 9, max = 9;
    ok(GetNamedPipeInfo(s, &flags, &out, &in, &max), "GetNamedPipeInfo: %lu", GetLastError());
    ok(flags == PIPE_SERVER_END && out == 4096 && in == 2048 && max == 1,
       "server info %lu %lu %lu %lu", flags, out, in, max);
    ok(GetNamedPipeInfo(c, &flags, NULL, NULL, &max), "GetNamedPipeInfo: %lu", GetLastError());
    ok(flags == PIPE_CLIENT_END && max == 1, "client info %lu %lu", flags, max);

    ok(WriteFile(c, "hello ", 6, &n, NULL) && n == 6, "client write %lu", n);
    ok(WriteFile(c, "pipe", 4, &n, NULL) && n == 4, "client write %lu", n);
    DWORD got = 0, avail = 0, left = 7;
    memset(buf, 0, sizeof buf);
    ok(PeekNamedPipe(s, buf, 3, &got, &avail, &left), "PeekNamedPipe: %lu", GetLastError());
    /* Byte pipes have no message left: 0 as documented (Wine reports 0 minus the bytes
     * copied here). */
    ok(got == 3 && avail == 10 && left == 0 && !memcmp(buf, "hel", 3),
       "peek %lu %lu %lu '%s'", got, avail, left, buf);
    memset(buf, 0, sizeof buf);
    ok(ReadFile(s, buf, sizeof buf, &n, NULL) && n == 10 && !memcmp(buf, "hello pipe", 10),
       "server read %lu '%s'", n, buf);
    ok(WriteFile(s, "back", 4, &n, NULL) && n == 4, "server write %lu", n);
    ok(ReadFile(c, buf, 2, &n, NULL) && n == 2 && !memcmp(buf, "ba", 2), "client read %lu", n);
    ok(ReadFile(c, buf, 8, &n, NULL) && n == 2 && !memcmp(buf, "ck", 2), "client read %lu", n);

    /* Message read mode needs a message-type pipe. */
    DWORD mode = PIPE_READMODE_MESSAGE;
    SetLastError(0xdeadbeef);
    ok_err(!SetNamedPipeHandleState(c, &mode, NULL, NULL), ERROR_INVALID_PARAMETER);

    /* The client goes: the server reads the end of the pipe, and its writes find no reader. */
    CloseHandle(c);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(s, buf, sizeof buf, &n, NULL) && n == 0, ERROR_BROKEN_PIPE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(s, "x", 1, &n, NULL), ERROR_NO_DATA);
    SetLastError(0xdeadbeef);
    ok_err(!ConnectNamedPipe(s, NULL), ERROR_NO_DATA);

    /* Disconnected, the instance takes no client until it listens again. */
    ok(DisconnectNamedPipe(s), "DisconnectNamedPipe: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    c = client();
    ok_err(c == INVALID_HANDLE_VALUE, ERROR_PIPE_BUSY);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(s, buf, sizeof buf, &n, NULL), ERROR_PIPE_NOT_CONNECTED);
    CloseHandle(s);
}

static DWORD WINAPI late_client(void *param)
{
    Sleep(30);
    HANDLE *out = param;
    *out = client();
    return 0;
}

static void test_connect_wait_and_disconnect(void)
{
    HANDLE s = server_pipe(PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipe failed: %lu", GetLastError());
    HANDLE c = INVALID_HANDLE_VALUE;
    HANDLE t = CreateThread(NULL, 0, late_client, &c, 0, NULL);
    ok(ConnectNamedPipe(s, NULL), "ConnectNamedPipe waiting for a client: %lu", GetLastError());
    WaitForSingleObject(t, 5000);
    CloseHandle(t);
    ok(c != INVALID_HANDLE_VALUE, "late client failed");

    DWORD n;
    char buf[8];
    ok(WriteFile(s, "abc", 3, &n, NULL), "server write %lu", GetLastError());
    /* DisconnectNamedPipe drops what the client did not read and cuts it off. */
    ok(DisconnectNamedPipe(s), "DisconnectNamedPipe: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(c, buf, sizeof buf, &n, NULL), ERROR_PIPE_NOT_CONNECTED);
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(c, "x", 1, &n, NULL), ERROR_PIPE_NOT_CONNECTED);
    CloseHandle(c);

    /* Listening again, a new client connects, and then the server goes away. */
    c = INVALID_HANDLE_VALUE;
    t = CreateThread(NULL, 0, late_client, &c, 0, NULL);
    ok(ConnectNamedPipe(s, NULL), "ConnectNamedPipe again: %lu", GetLastError());
    WaitForSingleObject(t, 5000);
    CloseHandle(t);
    ok(c != INVALID_HANDLE_VALUE, "second client failed");
    ok(WriteFile(s, "zz", 2, &n, NULL), "server write %lu", GetLastError());
    CloseHandle(s);
    /* Data written before the close is still read; then the pipe is broken. */
    ok(ReadFile(c, buf, sizeof buf, &n, NULL) && n == 2, "client read after close %lu", n);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(c, buf, sizeof buf, &n, NULL), ERROR_BROKEN_PIPE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteFile(c, "x", 1, &n, NULL), ERROR_NO_DATA);
    CloseHandle(c);
}

static void test_message_mode(void)
{
    HANDLE s = server_pipe(PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 2);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipe failed: %lu", GetLastError());
    HANDLE c = client();
    ok(c != INVALID_HANDLE_VALUE, "CreateFile on the pipe failed: %lu", GetLastError());
    DWORD flags = 0;
    ok(GetNamedPipeInfo(s, &flags, NULL, NULL, NULL) && flags == (PIPE_SERVER_END | PIPE_TYPE_MESSAGE),
       "server flags %lu", flags);

    DWORD n;
    char buf[16];
    ok(WriteFile(c, "hello", 5, &n, NULL) && n == 5, "write %lu", n);
    ok(WriteFile(c, "world!!", 7, &n, NULL) && n == 7, "write %lu", n);

    /* A short read takes part of the message and says there is more. */
    memset(buf, 0, sizeof buf);
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(s, buf, 3, &n, NULL) && n == 3 && !memcmp(buf, "hel", 3), ERROR_MORE_DATA);
    DWORD got = 9, avail = 0, left = 0;
    ok(PeekNamedPipe(s, NULL, 0, &got, &avail, &left), "PeekNamedPipe: %lu", GetLastError());
    ok(got == 0 && left == 2, "peek: %lu read, %lu left in message", got, left);
    ok(ReadFile(s, buf, sizeof buf, &n, NULL) && n == 2 && !memcmp(buf, "lo", 2), "rest %lu", n);
    ok(ReadFile(s, buf, sizeof buf, &n, NULL) && n == 7 && !memcmp(buf, "world!!", 7),
       "second message %lu", n);

    /* The client starts in byte read mode: a short read is no error there. */
    ok(WriteFile(s, "message", 7, &n, NULL), "server write %lu", GetLastError());
    ok(ReadFile(c, buf, 4, &n, NULL) && n == 4 && !memcmp(buf, "mess", 4), "byte-mode read %lu", n);
    ok(ReadFile(c, buf, 4, &n, NULL) && n == 3 && !memcmp(buf, "age", 3), "byte-mode rest %lu", n);

    DWORD mode = PIPE_READMODE_MESSAGE;
    ok(SetNamedPipeHandleState(c, &mode, NULL, NULL), "SetNamedPipeHandleState: %lu", GetLastError());
    ok(WriteFile(s, "abcdef", 6, &n, NULL), "server write %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(c, buf, 4, &n, NULL) && n == 4, ERROR_MORE_DATA);
    ok(ReadFile(c, buf, 4, &n, NULL) && n == 2 && !memcmp(buf, "ef", 2), "message rest %lu", n);

    CloseHandle(c);
    CloseHandle(s);
}

static void test_overlapped_connect(void)
{
    HANDLE s = server_pipe(PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipe failed: %lu", GetLastError());
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventA(NULL, TRUE, TRUE, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!ConnectNamedPipe(s, &ov), ERROR_IO_PENDING);
    ok(!HasOverlappedIoCompleted(&ov) && ov.Internal == STATUS_PENDING, "Internal %llx",
       (ULONGLONG)ov.Internal);
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT, "the event is reset while pending");
    DWORD n = 7;
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResult(s, &ov, &n, FALSE), ERROR_IO_INCOMPLETE);

    HANDLE c = client();
    ok(c != INVALID_HANDLE_VALUE, "CreateFile on the pipe failed: %lu", GetLastError());
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "the connect completes");
    ok(HasOverlappedIoCompleted(&ov) && ov.Internal == 0, "Internal %llx", (ULONGLONG)ov.Internal);
    ok(GetOverlappedResult(s, &ov, &n, TRUE) && n == 0, "GetOverlappedResult: %lu", GetLastError());

    /* A read that has its data completes at once, through the OVERLAPPED too. */
    ok(WriteFile(c, "ov", 2, &n, NULL), "client write %lu", GetLastError());
    char buf[4];
    ResetEvent(ov.hEvent);
    ok(ReadFile(s, buf, sizeof buf, &n, &ov) && n == 2, "overlapped read %lu", GetLastError());
    ok(ov.Internal == 0 && ov.InternalHigh == 2, "Internal %llx InternalHigh %llu",
       (ULONGLONG)ov.Internal, (ULONGLONG)ov.InternalHigh);
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0, "event set");
    CloseHandle(c);
    CloseHandle(s);

    /* A connect in flight can be cancelled. */
    s = server_pipe(PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1);
    SetLastError(0xdeadbeef);
    ok_err(!ConnectNamedPipe(s, &ov), ERROR_IO_PENDING);
    ok(CancelIoEx(s, &ov), "CancelIoEx: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResult(s, &ov, &n, TRUE), ERROR_OPERATION_ABORTED);
    SetLastError(0xdeadbeef);
    ok_err(!CancelIoEx(s, &ov), ERROR_NOT_FOUND);
    CloseHandle(s);
    CloseHandle(ov.hEvent);
}

int main(void)
{
    test_names();
    test_byte_mode();
    test_connect_wait_and_disconnect();
    test_message_mode();
    test_overlapped_connect();
    return check_summary();
}
