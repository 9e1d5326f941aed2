/* winbase.h, ReadDirectoryChangesW: FILE_NOTIFY_INFORMATION records for files
 * added, renamed and removed, in the directory and (bWatchSubtree) below it;
 * synchronous calls, OVERLAPPED with an event, completion ports and
 * completion routines; a buffer too small for the changes. And fileapi.h's
 * change notification handles (FindFirstChangeNotification), which only
 * signal that a change came. */
#include <windows.h>
#include <wchar.h>

#include "check.h"

#define FILTER FILE_NOTIFY_CHANGE_FILE_NAME

static DWORD buf[1024];

static HANDLE open_dir(DWORD flags)
{
    return CreateFileW(L"rdc_dir", FILE_LIST_DIRECTORY,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | flags, NULL);
}

static void touch(const WCHAR *name)
{
    CloseHandle(CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL));
}

/* Record `index` of the buffer: its action, and its name compared with `name`. */
static int record_is(int index, DWORD action, const WCHAR *name)
{
    FILE_NOTIFY_INFORMATION *r = (FILE_NOTIFY_INFORMATION *)buf;
    for (int i = 0; i < index; i++) {
        if (!r->NextEntryOffset)
            return 0;
        r = (FILE_NOTIFY_INFORMATION *)((BYTE *)r + r->NextEntryOffset);
    }
    size_t len = wcslen(name);
    int same = r->Action == action && r->FileNameLength == len * sizeof(WCHAR) &&
               !memcmp(r->FileName, name, len * sizeof(WCHAR));
    if (!same)
        printf("record %d: action %lu name %.*ls\n", index, r->Action,
               (int)(r->FileNameLength / 2), r->FileName);
    return same;
}

static void test_event(void)
{
    HANDLE dir = open_dir(FILE_FLAG_OVERLAPPED);
    ok(dir != INVALID_HANDLE_VALUE, "opening the directory: %lu", GetLastError());
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD n = 0;
    ok(ReadDirectoryChangesW(dir, buf, sizeof buf, FALSE, FILTER, NULL, &ov, NULL),
       "a queued request is a success: %lu", GetLastError());
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT, "nothing changed yet");
    touch(L"rdc_dir\\a.txt");
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "the event is set");
    ok(GetOverlappedResult(dir, &ov, &n, FALSE) && n > 0, "result: %lu bytes", n);
    ok(record_is(0, FILE_ACTION_ADDED, L"a.txt"), "a.txt added");

    /* Changes made between calls wait for the next one. */
    ok(MoveFileW(L"rdc_dir\\a.txt", L"rdc_dir\\b.txt"), "rename: %lu", GetLastError());
    Sleep(100);
    ResetEvent(ov.hEvent);
    ok(ReadDirectoryChangesW(dir, buf, sizeof buf, FALSE, FILTER, NULL, &ov, NULL), "again");
    ok(GetOverlappedResult(dir, &ov, &n, TRUE) && n > 0, "result: %lu bytes", n);
    ok(record_is(0, FILE_ACTION_RENAMED_OLD_NAME, L"a.txt"), "old name");
    ok(record_is(1, FILE_ACTION_RENAMED_NEW_NAME, L"b.txt"), "new name");

    ok(ReadDirectoryChangesW(dir, buf, sizeof buf, FALSE, FILTER, NULL, &ov, NULL), "again");
    DeleteFileW(L"rdc_dir\\b.txt");
    ok(GetOverlappedResult(dir, &ov, &n, TRUE) && n > 0, "result: %lu bytes", n);
    ok(record_is(0, FILE_ACTION_REMOVED, L"b.txt"), "b.txt removed");

    /* Changes that do not fit: no records, zero bytes, and the request ends with
     * STATUS_NOTIFY_ENUM_DIR, a success status, so GetOverlappedResult succeeds (as
     * kernelbase tests NT_SUCCESS). Wine 8 fails it with ERROR_NOTIFY_ENUM_DIR instead. */
    DWORD small[4];
    ok(ReadDirectoryChangesW(dir, small, sizeof small, FALSE, FILTER, NULL, &ov, NULL), "small");
    touch(L"rdc_dir\\a_rather_long_name_that_does_not_fit.txt");
    n = 0xdead;
    ok(GetOverlappedResult(dir, &ov, &n, TRUE) && n == 0, "overflow: %lu bytes", n);
    DeleteFileW(L"rdc_dir\\a_rather_long_name_that_does_not_fit.txt");
    CloseHandle(ov.hEvent);
    CloseHandle(dir);
}

/* Removes rdc_dir\sub and whatever the tests put in it. */
static BOOL remove_sub(void)
{
    WCHAR name[64];
    for (int i = 1; i < 200; i++) {
        _snwprintf(name, 64, L"rdc_dir\\sub\\c%d.txt", i);
        DeleteFileW(name);
    }
    DeleteFileW(L"rdc_dir\\sub\\deep.txt");
    return RemoveDirectoryW(L"rdc_dir\\sub");
}

static volatile LONG subtree_seen;

/* Creates sub\c1.txt, sub\c2.txt ... until the watcher has seen one: a synchronous call
 * starts watching only once it runs, so a single early change could come before it (on
 * Windows as here) and the test would wait forever on a loaded machine. */
static DWORD WINAPI make_until_seen(void *unused)
{
    WCHAR name[64];
    for (int i = 1; !subtree_seen && i < 200; i++) {
        Sleep(100);
        _snwprintf(name, 64, L"rdc_dir\\sub\\c%d.txt", i);
        touch(name);
    }
    return 0;
}

static void test_sync_subtree(void)
{
    CreateDirectoryW(L"rdc_dir\\sub", NULL);
    HANDLE dir = open_dir(0);
    HANDLE t = CreateThread(NULL, 0, make_until_seen, NULL, 0, NULL);
    DWORD n = 0;
    ok(ReadDirectoryChangesW(dir, buf, sizeof buf, TRUE, FILTER, &n, NULL, NULL) && n > 0,
       "synchronous, subtree: %lu bytes, error %lu", n, GetLastError());
    subtree_seen = 1;
    FILE_NOTIFY_INFORMATION *r = (FILE_NOTIFY_INFORMATION *)buf;
    ok(r->Action == FILE_ACTION_ADDED && r->FileNameLength > 10 &&
           !memcmp(r->FileName, L"sub\\c", 10),
       "sub\\cN.txt added: action %lu name %.*ls", r->Action, (int)(r->FileNameLength / 2),
       r->FileName);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CloseHandle(dir);
    BOOL removed = remove_sub();
    ok(removed, "removing sub: %lu", GetLastError());
}

static DWORD routine_error = 0xdead, routine_bytes;

static void WINAPI done(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    routine_error = error;
    routine_bytes = bytes;
}

static void test_routine_and_port(void)
{
    HANDLE dir = open_dir(FILE_FLAG_OVERLAPPED);
    OVERLAPPED ov = {0};
    ok(ReadDirectoryChangesW(dir, buf, sizeof buf, FALSE, FILTER, NULL, &ov, done),
       "with a completion routine: %lu", GetLastError());
    touch(L"rdc_dir\\d.txt");
    ok(SleepEx(5000, TRUE) == WAIT_IO_COMPLETION, "the routine runs in an alertable wait");
    ok(routine_error == 0 && routine_bytes > 0, "routine: error %lu, %lu bytes", routine_error,
       routine_bytes);
    ok(record_is(0, FILE_ACTION_ADDED, L"d.txt"), "d.txt added");
    CloseHandle(dir);

    dir = open_dir(FILE_FLAG_OVERLAPPED);
    HANDLE port = CreateIoCompletionPort(dir, NULL, 7, 0);
    memset(&ov, 0, sizeof ov);
    ok(ReadDirectoryChangesW(dir, buf, sizeof buf, FALSE, FILTER, NULL, &ov, NULL), "port");
    DeleteFileW(L"rdc_dir\\d.txt");
    DWORD n = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *got = NULL;
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 5000) && key == 7 && got == &ov && n > 0,
       "the packet: key %lu, %lu bytes", (unsigned long)key, n);
    ok(record_is(0, FILE_ACTION_REMOVED, L"d.txt"), "d.txt removed");
    CloseHandle(dir);
    CloseHandle(port);
}

static void test_errors(void)
{
    DWORD n;
    SetLastError(0xdeadbeef);
    ok_err(!ReadDirectoryChangesW(NULL, buf, sizeof buf, FALSE, FILTER, &n, NULL, NULL),
           ERROR_INVALID_HANDLE);
    HANDLE dir = open_dir(0);
    SetLastError(0xdeadbeef);
    ok_err(!ReadDirectoryChangesW(dir, buf, sizeof buf, FALSE, 0, &n, NULL, NULL),
           ERROR_INVALID_PARAMETER);
    CloseHandle(dir);
    touch(L"rdc_file.txt");
    HANDLE f = CreateFileW(L"rdc_file.txt", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(!ReadDirectoryChangesW(f, buf, sizeof buf, FALSE, FILTER, &n, NULL, NULL),
           ERROR_INVALID_PARAMETER);
    CloseHandle(f);
    DeleteFileW(L"rdc_file.txt");
}

static void append_to(const WCHAR *name)
{
    HANDLE f = CreateFileW(name, FILE_APPEND_DATA, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD n;
    ok(f != INVALID_HANDLE_VALUE && WriteFile(f, "x", 1, &n, NULL), "append to %ls: %lu", name,
       GetLastError());
    CloseHandle(f);
}

static void test_change_notification(void)
{
    HANDLE names, writes, tree;

    names = FindFirstChangeNotificationW(L"rdc_dir", FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);
    ok(names != INVALID_HANDLE_VALUE, "FindFirstChangeNotificationW: %lu", GetLastError());
    ok(WaitForSingleObject(names, 0) == WAIT_TIMEOUT, "nothing changed yet");
    ok(WaitForSingleObject(names, 50) == WAIT_TIMEOUT, "still nothing");
    touch(L"rdc_dir\\n1.txt");
    ok(WaitForSingleObject(names, 5000) == WAIT_OBJECT_0, "signaled by a new file");
    ok(WaitForSingleObject(names, 0) == WAIT_OBJECT_0, "and stays signaled");

    /* FindNextChangeNotification asks for the next change. */
    ok(FindNextChangeNotification(names), "FindNextChangeNotification: %lu", GetLastError());
    ok(WaitForSingleObject(names, 100) == WAIT_TIMEOUT, "unsignaled until the next change");
    /* A change outside the filter does not count. */
    append_to(L"rdc_dir\\n1.txt");
    ok(WaitForSingleObject(names, 200) == WAIT_TIMEOUT, "a write is not a name change");
    ok(DeleteFileW(L"rdc_dir\\n1.txt"), "delete: %lu", GetLastError());
    ok(WaitForSingleObject(names, 5000) == WAIT_OBJECT_0, "signaled by the removal");

    /* A change made before FindNextChangeNotification is recorded and
     * satisfies the next wait at once (its documented remarks; Wine 8 loses
     * it). */
    touch(L"rdc_dir\\n2.txt");
    ok(FindNextChangeNotification(names), "FindNextChangeNotification: %lu", GetLastError());
    ok(WaitForSingleObject(names, 1000) == WAIT_OBJECT_0, "the recorded change signals it");
    ok(FindNextChangeNotification(names), "FindNextChangeNotification: %lu", GetLastError());
    ok(WaitForSingleObject(names, 100) == WAIT_TIMEOUT, "then nothing is left");

    /* Last-write changes, and a tree (Wine 8 misses the file created below). */
    writes = FindFirstChangeNotificationA("rdc_dir", FALSE, FILE_NOTIFY_CHANGE_LAST_WRITE);
    ok(writes != INVALID_HANDLE_VALUE, "FindFirstChangeNotificationA: %lu", GetLastError());
    append_to(L"rdc_dir\\n2.txt");
    ok(WaitForSingleObject(writes, 5000) == WAIT_OBJECT_0, "signaled by a write");
    BOOL made = CreateDirectoryW(L"rdc_dir\\sub", NULL);
    ok(made, "CreateDirectory: %lu", GetLastError());
    ok(FindNextChangeNotification(names), "FindNextChangeNotification: %lu", GetLastError());
    tree = FindFirstChangeNotificationW(L"rdc_dir", TRUE, FILE_NOTIFY_CHANGE_FILE_NAME);
    ok(tree != INVALID_HANDLE_VALUE, "watch the tree: %lu", GetLastError());
    touch(L"rdc_dir\\sub\\deep.txt");
    ok(WaitForSingleObject(tree, 5000) == WAIT_OBJECT_0, "the tree sees a file below");
    ok(WaitForSingleObject(names, 200) == WAIT_TIMEOUT, "the directory alone does not");

    ok(FindCloseChangeNotification(names) && FindCloseChangeNotification(writes) && CloseHandle(tree),
       "closing: %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!FindCloseChangeNotification(names), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!FindNextChangeNotification(names), ERROR_INVALID_HANDLE);
    DeleteFileW(L"rdc_dir\\sub\\deep.txt");
    RemoveDirectoryW(L"rdc_dir\\sub");
    DeleteFileW(L"rdc_dir\\n2.txt");

    /* Errors. */
    SetLastError(0xdeadbeef);
    ok_err(FindFirstChangeNotificationW(L"rdc_dir", FALSE, 0) == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(FindFirstChangeNotificationW(L"rdc_dir", FALSE, 0x200) == INVALID_HANDLE_VALUE,
           ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ok_err(FindFirstChangeNotificationW(L"rdc_nosuch", FALSE, FILE_NOTIFY_CHANGE_FILE_NAME) == INVALID_HANDLE_VALUE,
           ERROR_FILE_NOT_FOUND);
    touch(L"rdc_file.txt");
    SetLastError(0xdeadbeef);
    ok_err(FindFirstChangeNotificationW(L"rdc_file.txt", FALSE, FILE_NOTIFY_CHANGE_FILE_NAME) == INVALID_HANDLE_VALUE,
           ERROR_DIRECTORY);
    DeleteFileW(L"rdc_file.txt");
}

int main(void)
{
    CreateDirectoryW(L"rdc_dir", NULL);
    remove_sub(); /* what a run killed half-way left */
    test_event();
    test_sync_subtree();
    test_routine_and_port();
    test_errors();
    test_change_notification();
    RemoveDirectoryW(L"rdc_dir");
    return check_summary();
}
