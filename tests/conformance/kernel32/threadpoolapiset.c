/* threadpoolapiset.h and threadpoollegacyapiset.h: callbacks on the default
 * thread pool — simple callbacks, work objects, work items, registered waits
 * and timer-queue timers, and actions run when a callback returns. */
#include <windows.h>

#include "check.h"

static LONG simple_calls;
static HANDLE simple_done;

static void CALLBACK simple(PTP_CALLBACK_INSTANCE instance, void *context)
{
    if (context == (void *)0x51 && instance != NULL)
        InterlockedIncrement(&simple_calls);
    /* The event is set once this callback has returned. */
    SetEventWhenCallbackReturns(instance, simple_done);
}

static LONG work_calls;
static DWORD main_thread;
static LONG on_other_thread;

static void CALLBACK work_fn(PTP_CALLBACK_INSTANCE instance, void *context, PTP_WORK work)
{
    Sleep(5);
    if (GetCurrentThreadId() != main_thread)
        InterlockedIncrement(&on_other_thread);
    InterlockedExchangeAdd(&work_calls, (LONG)(ULONG_PTR)context);
}

static void test_threadpool(void)
{
    main_thread = GetCurrentThreadId();
    simple_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    ok(TrySubmitThreadpoolCallback(simple, (void *)0x51, NULL),
       "TrySubmitThreadpoolCallback failed: %lu", GetLastError());
    ok(WaitForSingleObject(simple_done, 5000) == WAIT_OBJECT_0 && simple_calls == 1,
       "simple callback: %ld calls", simple_calls);
    CloseHandle(simple_done);

    PTP_WORK work = CreateThreadpoolWork(work_fn, (void *)3, NULL);
    ok(work != NULL, "CreateThreadpoolWork failed: %lu", GetLastError());
    for (int i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    ok(work_calls == 30, "after waiting: work total %ld, expected 30", work_calls);
    ok(on_other_thread == 10, "%ld callbacks on pool threads", on_other_thread);

    /* Cancelling drops what has not started yet. */
    for (int i = 0; i < 50; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, TRUE);
    LONG after_cancel = work_calls;
    Sleep(50);
    ok(work_calls == after_cancel && work_calls >= 30 && work_calls <= 30 + 150,
       "callbacks ran after a cancelling wait: %ld then %ld", after_cancel, work_calls);
    CloseThreadpoolWork(work);
}

static LONG item_calls;
static HANDLE item_done;

static DWORD WINAPI work_item(void *context)
{
    if (InterlockedIncrement(&item_calls) == 4)
        SetEvent(item_done);
    return 0;
}

static LONG wait_fired, wait_timed_out;
static HANDLE wait_seen;

static void CALLBACK wait_callback(void *context, BOOLEAN timed_out)
{
    if (timed_out)
        InterlockedIncrement(&wait_timed_out);
    else
        InterlockedIncrement(&wait_fired);
    SetEvent(wait_seen);
}

static LONG timer_calls;

static void CALLBACK timer_callback(void *param, BOOLEAN fired)
{
    if (param == (void *)0x77 && fired)
        InterlockedIncrement(&timer_calls);
}

static void test_legacy(void)
{
    item_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (int i = 0; i < 4; i++)
        ok(QueueUserWorkItem(work_item, NULL, WT_EXECUTEDEFAULT), "QueueUserWorkItem failed");
    ok(WaitForSingleObject(item_done, 5000) == WAIT_OBJECT_0 && item_calls == 4,
       "work items: %ld calls", item_calls);
    CloseHandle(item_done);

    /* A registered wait runs its callback for each signal, and on timeouts. */
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    wait_seen = CreateEventW(NULL, FALSE, FALSE, NULL);
    HANDLE wait = NULL;
    ok(RegisterWaitForSingleObject(&wait, ev, wait_callback, NULL, INFINITE, WT_EXECUTEDEFAULT),
       "RegisterWaitForSingleObject failed: %lu", GetLastError());
    SetEvent(ev);
    ok(WaitForSingleObject(wait_seen, 5000) == WAIT_OBJECT_0 && wait_fired == 1,
       "first signal: %ld callbacks", wait_fired);
    SetEvent(ev);
    ok(WaitForSingleObject(wait_seen, 5000) == WAIT_OBJECT_0 && wait_fired == 2,
       "second signal: %ld callbacks", wait_fired);
    ok(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE), "UnregisterWaitEx failed: %lu",
       GetLastError());
    SetEvent(ev);
    Sleep(30);
    ok(wait_fired == 2, "callback after UnregisterWaitEx");

    ResetEvent(ev);
    ok(RegisterWaitForSingleObject(&wait, ev, wait_callback, NULL, 20, WT_EXECUTEONLYONCE),
       "RegisterWaitForSingleObject with a timeout failed");
    ok(WaitForSingleObject(wait_seen, 5000) == WAIT_OBJECT_0 && wait_timed_out == 1,
       "timeout callback: %ld", wait_timed_out);
    UnregisterWaitEx(wait, INVALID_HANDLE_VALUE);
    CloseHandle(ev);
    CloseHandle(wait_seen);

    /* Timer-queue timers: due time, then the period. */
    HANDLE queue = CreateTimerQueue();
    ok(queue != NULL, "CreateTimerQueue failed: %lu", GetLastError());
    HANDLE timer = NULL;
    ok(CreateTimerQueueTimer(&timer, queue, timer_callback, (void *)0x77, 10, 10,
                             WT_EXECUTEDEFAULT),
       "CreateTimerQueueTimer failed: %lu", GetLastError());
    DWORD start = GetTickCount();
    while (timer_calls < 3 && GetTickCount() - start < 5000)
        Sleep(5);
    ok(timer_calls >= 3, "periodic timer: %ld calls", timer_calls);
    ok(DeleteTimerQueueTimer(queue, timer, INVALID_HANDLE_VALUE), "DeleteTimerQueueTimer "
       "failed: %lu", GetLastError());
    LONG calls = timer_calls;
    Sleep(40);
    ok(timer_calls == calls, "timer ran after DeleteTimerQueueTimer");
    ok(DeleteTimerQueueEx(queue, INVALID_HANDLE_VALUE), "DeleteTimerQueueEx failed: %lu",
       GetLastError());
}

int main(void)
{
    test_threadpool();
    test_legacy();
    return check_summary();
}
