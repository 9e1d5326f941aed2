/* ioapiset.h: I/O completion ports as queues of posted packets (how Go's
 * runtime and many servers wake their pollers), and interlockedapi.h
 * singly linked lists. */
#include <windows.h>

#include "check.h"

static HANDLE port;

static DWORD WINAPI poster(void *param)
{
    Sleep(20);
    for (ULONG_PTR i = 1; i <= 3; i++)
        PostQueuedCompletionStatus(port, (DWORD)(i * 10), i, (OVERLAPPED *)(i * 0x100));
    return 0;
}

static void test_completion_port(void)
{
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    ok(port != NULL, "CreateIoCompletionPort failed: %lu", GetLastError());

    DWORD bytes = 1;
    ULONG_PTR key = 1;
    OVERLAPPED *ov = (OVERLAPPED *)1;
    SetLastError(0xdeadbeef);
    ok_err(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 10) && ov == NULL, WAIT_TIMEOUT);

    ok(PostQueuedCompletionStatus(port, 5, 0x42, (OVERLAPPED *)0x1000),
       "PostQueuedCompletionStatus failed: %lu", GetLastError());
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0) && bytes == 5 && key == 0x42
           && ov == (OVERLAPPED *)0x1000,
       "packet: bytes %lu key %llx overlapped %p", bytes, (ULONGLONG)key, ov);

    /* Packets posted by another thread wake the waiter; Ex takes several at once, in order. */
    HANDLE t = CreateThread(NULL, 0, poster, NULL, 0, NULL);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);
    OVERLAPPED_ENTRY entries[8];
    ULONG removed = 0;
    ok(GetQueuedCompletionStatusEx(port, entries, 8, &removed, 5000, FALSE) && removed == 3,
       "GetQueuedCompletionStatusEx removed %lu", removed);
    int in_order = 1;
    for (ULONG i = 0; i < removed; i++)
        in_order &= entries[i].lpCompletionKey == i + 1
                    && entries[i].dwNumberOfBytesTransferred == (i + 1) * 10
                    && entries[i].lpOverlapped == (OVERLAPPED *)(ULONG_PTR)((i + 1) * 0x100);
    ok(in_order, "packets out of order or changed");

    t = CreateThread(NULL, 0, poster, NULL, 0, NULL);
    removed = 0;
    ok(GetQueuedCompletionStatusEx(port, entries, 2, &removed, 5000, FALSE) && removed >= 1
           && removed <= 2,
       "wait for the first of several packets removed %lu", removed);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);
    ULONG more = 0;
    GetQueuedCompletionStatusEx(port, entries, 8, &more, 0, FALSE);
    ok(removed + more == 3, "%lu + %lu packets, expected 3", removed, more);

    SetLastError(0xdeadbeef);
    ok_err(!GetQueuedCompletionStatusEx(port, entries, 8, &removed, 0, FALSE), WAIT_TIMEOUT);
    SetLastError(0xdeadbeef);
    ok_err(!PostQueuedCompletionStatus(NULL, 0, 0, NULL), ERROR_INVALID_HANDLE);
    CloseHandle(port);
}

typedef struct {
    SLIST_ENTRY entry;
    int value;
} item;

/* Both need MEMORY_ALLOCATION_ALIGNMENT (16); SLIST_HEADER and SLIST_ENTRY are declared so. */
static SLIST_HEADER list_head;
static item items[3];

static void test_slist(void)
{
    SLIST_HEADER *head = &list_head;
    InitializeSListHead(head);
    ok(QueryDepthSList(head) == 0 && InterlockedPopEntrySList(head) == NULL, "new list not empty");
    for (int i = 0; i < 3; i++) {
        items[i].value = i;
        PSLIST_ENTRY prev = InterlockedPushEntrySList(head, &items[i].entry);
        ok(prev == (i ? &items[i - 1].entry : NULL), "push %d returned %p", i, prev);
    }
    ok(QueryDepthSList(head) == 3, "depth %u", QueryDepthSList(head));
    item *top = (item *)InterlockedPopEntrySList(head);
    ok(top == &items[2] && QueryDepthSList(head) == 2, "pop gave %p, depth %u", top,
       QueryDepthSList(head));
    PSLIST_ENTRY rest = InterlockedFlushSList(head);
    ok(rest == &items[1].entry && rest->Next == &items[0].entry && QueryDepthSList(head) == 0,
       "flush gave %p", rest);
    ok(InterlockedPopEntrySList(head) == NULL, "flushed list not empty");
}

int main(void)
{
    test_completion_port();
    test_slist();
    return check_summary();
}
