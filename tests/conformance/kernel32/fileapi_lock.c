/* fileapi.h: LockFileEx on a FILE_FLAG_OVERLAPPED handle. A lock that has to
 * wait returns FALSE with ERROR_IO_PENDING and completes later, when the lock
 * in the way goes, through the OVERLAPPED: Internal, its event, the handle's
 * completion port and GetOverlappedResult. CancelIoEx and closing the handle
 * end a waiting lock with ERROR_OPERATION_ABORTED.
 *
 * This follows Microsoft's LockFileEx page ("If the file handle is opened for
 * asynchronous I/O ... the function returns ERROR_IO_PENDING. When the lock is
 * granted, the event ... is signaled"). Wine differs: it does not implement an
 * asynchronous lock wait, so its LockFileEx reports the waiting lock as granted
 * at once and the pending-lock checks fail there. */
#include <windows.h>

#include "check.h"

static HANDLE open_file(const char *path, DWORD flags)
{
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                           NULL, OPEN_ALWAYS, flags, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFile failed: %lu", GetLastError());
    return h;
}

int main(void)
{
    /* Named per process: the test's two builds may run at once. */
    char dir[MAX_PATH], path[MAX_PATH];
    GetTempPathA(sizeof dir, dir);
    wsprintfA(path, "%swinrun_lockfileex_%lu.tmp", dir, GetCurrentProcessId());
    DeleteFileA(path);
    HANDLE sync = open_file(path, 0);
    HANDLE async = open_file(path, FILE_FLAG_OVERLAPPED);
    DWORD n = 0xdeadbeef;

    /* Granted at once: TRUE, the OVERLAPPED completed and its event set. */
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ov.Offset = 100;
    ok(LockFileEx(async, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov), "LockFileEx: %lu",
       GetLastError());
    ok(ov.Internal == 0 && WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0,
       "Internal %llx", (ULONGLONG)ov.Internal);
    ok(UnlockFileEx(async, 0, 10, 0, &ov), "UnlockFileEx: %lu", GetLastError());

    /* In the way of another handle's lock: pending until that lock goes. */
    ok(LockFile(sync, 0, 0, 10, 0), "LockFile: %lu", GetLastError());
    ResetEvent(ov.hEvent);
    ov.Offset = 5;
    SetLastError(0xdeadbeef);
    ok_err(!LockFileEx(async, LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov), ERROR_IO_PENDING);
    ok(ov.Internal == STATUS_PENDING, "Internal %llx", (ULONGLONG)ov.Internal);
    ok(WaitForSingleObject(ov.hEvent, 100) == WAIT_TIMEOUT, "event set while waiting");
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResult(async, &ov, &n, FALSE), ERROR_IO_INCOMPLETE);
    ok(UnlockFile(sync, 0, 0, 10, 0), "UnlockFile: %lu", GetLastError());
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "event not set");
    ok(GetOverlappedResult(async, &ov, &n, FALSE) && n == 0, "result %lu: %lu", n,
       GetLastError());
    ok(ov.Internal == 0, "Internal %llx", (ULONGLONG)ov.Internal);
    /* The waiting handle now holds the range. */
    SetLastError(0xdeadbeef);
    ok_err(!LockFile(sync, 14, 0, 1, 0), ERROR_LOCK_VIOLATION);
    ok(UnlockFileEx(async, 0, 10, 0, &ov), "UnlockFileEx: %lu", GetLastError());

    /* A shared lock waits for an exclusive one, not for another shared one. */
    OVERLAPPED shared = {0};
    shared.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(LockFileEx(sync, 0, 0, 10, 0, &shared), "shared LockFileEx: %lu", GetLastError());
    ok(LockFileEx(async, 0, 0, 10, 0, &shared), "second shared lock: %lu", GetLastError());
    ok(UnlockFile(async, 0, 0, 10, 0), "UnlockFile: %lu", GetLastError());

    /* With LOCKFILE_FAIL_IMMEDIATELY it fails at once instead. */
    SetLastError(0xdeadbeef);
    ov.Offset = 0;
    ok_err(!LockFileEx(async, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov),
           ERROR_LOCK_VIOLATION);

    /* Completion port: the granted lock queues a packet with the file's key. */
    HANDLE port = CreateIoCompletionPort(async, NULL, 0x55, 0);
    ok(port != NULL, "CreateIoCompletionPort: %lu", GetLastError());
    ResetEvent(ov.hEvent);
    SetLastError(0xdeadbeef);
    ok_err(!LockFileEx(async, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov), ERROR_IO_PENDING);
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    SetLastError(0xdeadbeef);
    ok(!GetQueuedCompletionStatus(port, &n, &key, &got, 50) && GetLastError() == WAIT_TIMEOUT,
       "packet %p before the lock was granted: %lu", got, GetLastError());
    ok(UnlockFile(sync, 0, 0, 10, 0), "UnlockFile: %lu", GetLastError());
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 5000) && key == 0x55 && got == &ov,
       "packet %llx %p: %lu", (ULONGLONG)key, got, GetLastError());
    ok(UnlockFile(async, 0, 0, 1, 0), "UnlockFile: %lu", GetLastError());

    /* CancelIoEx ends a waiting lock with ERROR_OPERATION_ABORTED. */
    ok(LockFile(sync, 0, 0, 10, 0), "LockFile: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!LockFileEx(async, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov), ERROR_IO_PENDING);
    ok(CancelIoEx(async, &ov), "CancelIoEx: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!GetOverlappedResult(async, &ov, &n, TRUE), ERROR_OPERATION_ABORTED);
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 5000) == FALSE && got == &ov &&
           GetLastError() == ERROR_OPERATION_ABORTED,
       "cancel packet %p: %lu", got, GetLastError());
    /* The cancelled request took no lock. */
    ok(UnlockFile(sync, 0, 0, 10, 0), "UnlockFile: %lu", GetLastError());
    ok(LockFile(sync, 0, 0, 10, 0), "LockFile after the cancel: %lu", GetLastError());
    ok(UnlockFile(sync, 0, 0, 10, 0), "UnlockFile: %lu", GetLastError());

    CloseHandle(port);
    CloseHandle(async);
    CloseHandle(sync);
    CloseHandle(ov.hEvent);
    CloseHandle(shared.hEvent);
    ok(DeleteFileA(path), "DeleteFile: %lu", GetLastError());
    return check_summary();
}
