/* Fibers (winbase.h, fibersapi.h): converting threads, creating, switching and
 * deleting fibers; the data and TEB stack bounds each fiber sees; callee-saved
 * and floating-point control state across switches; fiber-local storage per
 * fiber with its callbacks; exceptions and stack overflow inside a fiber; a
 * start routine returning and DeleteFiber of the running fiber ending the
 * thread. (SwitchToFiber from a thread that is no fiber is undefined: not
 * tested.)
 *
 * Wine differs from Windows in three checks here: its ConvertFiberToThread
 * succeeds on a thread that is no fiber (Windows fails with
 * ERROR_ALREADY_THREAD), its CreateFiberEx ignores unknown flags (Windows
 * rejects them with ERROR_INVALID_PARAMETER), and its SwitchToFiber does not
 * switch MXCSR even for FIBER_FLAG_FLOAT_SWITCH fibers. */
#include <float.h>
#include <windows.h>

#include "check.h"

static LPVOID main_fiber;

/* ---- conversion and errors ---------------------------------------------- */

static int tag_main, tag_thread;

static DWORD WINAPI convert_thread(LPVOID arg)
{
    (void)arg;
    ok(!IsThreadAFiber(), "a new thread is a fiber");
    LPVOID f = ConvertThreadToFiber(&tag_thread);
    ok(f != NULL, "ConvertThreadToFiber failed: %lu", GetLastError());
    ok(IsThreadAFiber(), "IsThreadAFiber after ConvertThreadToFiber");
    ok(GetCurrentFiber() == f, "GetCurrentFiber %p, expected %p", GetCurrentFiber(), f);
    ok(GetFiberData() == &tag_thread, "GetFiberData %p, expected %p", GetFiberData(), (void *)&tag_thread);
    SetLastError(0xdeadbeef);
    ok_err(ConvertThreadToFiber(NULL) == NULL, ERROR_ALREADY_FIBER);
    ok(ConvertFiberToThread(), "ConvertFiberToThread failed: %lu", GetLastError());
    ok(!IsThreadAFiber(), "IsThreadAFiber after ConvertFiberToThread");
    SetLastError(0xdeadbeef);
    ok_err(!ConvertFiberToThread(), ERROR_ALREADY_THREAD);
    return 7;
}

static void test_conversion(void)
{
    SetLastError(0xdeadbeef);
    ok_err(!ConvertFiberToThread(), ERROR_ALREADY_THREAD);
    HANDLE t = CreateThread(NULL, 0, convert_thread, NULL, 0, NULL);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "converting thread did not end");
    CloseHandle(t);

    main_fiber = ConvertThreadToFiberEx(&tag_main, FIBER_FLAG_FLOAT_SWITCH);
    ok(main_fiber != NULL, "ConvertThreadToFiberEx failed: %lu", GetLastError());
    ok(GetCurrentFiber() == main_fiber && GetFiberData() == &tag_main, "main fiber %p data %p",
       GetCurrentFiber(), GetFiberData());
    SetLastError(0xdeadbeef);
    ok_err(ConvertThreadToFiberEx(NULL, 0) == NULL, ERROR_ALREADY_FIBER);
}

/* ---- ping-pong, data, stack bounds ------------------------------------- */

static LPVOID ping, pong;
static char trace[64];
static int trace_len;
static int data_ok, bounds_ok;

static int in_own_stack(void)
{
    NT_TIB *tib = (NT_TIB *)NtCurrentTeb();
    char here;
    return (char *)tib->StackLimit < &here && &here < (char *)tib->StackBase;
}

static VOID CALLBACK ping_proc(LPVOID data)
{
    for (int i = 0; i < 3; i++) {
        trace[trace_len++] = 'p';
        data_ok += data == (void *)0x1111 && GetFiberData() == (void *)0x1111 && GetCurrentFiber() == ping;
        bounds_ok += in_own_stack();
        SwitchToFiber(pong);
    }
    SwitchToFiber(main_fiber);
}

static VOID CALLBACK pong_proc(LPVOID data)
{
    for (;;) {
        trace[trace_len++] = 'P';
        data_ok += data == (void *)0x2222 && GetFiberData() == (void *)0x2222 && GetCurrentFiber() == pong;
        bounds_ok += in_own_stack();
        SwitchToFiber(ping);
    }
}

static void test_ping_pong(void)
{
    NT_TIB *tib = (NT_TIB *)NtCurrentTeb();
    PVOID base = tib->StackBase, limit = tib->StackLimit;
    ping = CreateFiber(0, ping_proc, (void *)0x1111);
    pong = CreateFiberEx(64 * 1024, 256 * 1024, FIBER_FLAG_FLOAT_SWITCH, pong_proc, (void *)0x2222);
    ok(ping != NULL && pong != NULL, "CreateFiber failed: %lu", GetLastError());
    ok(*(void **)ping == (void *)0x1111, "the fiber's first field is not its data");
    SwitchToFiber(ping);
    trace[trace_len] = 0;
    ok(strcmp(trace, "pPpPpP") == 0, "switch order %s", trace);
    ok(data_ok == 6, "GetFiberData/GetCurrentFiber right in %d of 6 switches", data_ok);
    ok(bounds_ok == 6, "TEB stack bounds cover the fiber's stack in %d of 6 switches", bounds_ok);
    ok(GetCurrentFiber() == main_fiber && GetFiberData() == &tag_main, "back in main: fiber %p", GetCurrentFiber());
    ok(tib->StackBase == base && tib->StackLimit == limit, "main stack bounds %p-%p, expected %p-%p",
       tib->StackLimit, tib->StackBase, limit, base);
    DeleteFiber(ping);
    DeleteFiber(pong);

    SetLastError(0xdeadbeef);
    ok_err(CreateFiberEx(0, 0, 2, pong_proc, NULL) == NULL, ERROR_INVALID_PARAMETER);
}

/* A fiber's stack is one allocation: VirtualQuery on it gives the TEB's
 * DeallocationStack as allocation base (what Rust's stacker relies on). */
static VOID CALLBACK query_proc(LPVOID data)
{
    MEMORY_BASIC_INFORMATION mbi;
    char here;
    void *dealloc = *(void **)((char *)NtCurrentTeb() + 0x1478);
    ULONG_PTR low = 0, high = 0;
    GetCurrentThreadStackLimits(&low, &high);
    *(int *)data = VirtualQuery(&here, &mbi, sizeof mbi) == sizeof mbi && mbi.AllocationBase == dealloc &&
                   low == (ULONG_PTR)dealloc && high == (ULONG_PTR)((NT_TIB *)NtCurrentTeb())->StackBase &&
                   high - low >= 256 * 1024;
    SwitchToFiber(main_fiber);
}

static void test_stack_allocation(void)
{
    int good = 0;
    LPVOID f = CreateFiberEx(0, 256 * 1024, 0, query_proc, &good);
    SwitchToFiber(f);
    ok(good, "fiber stack: allocation base, DeallocationStack and GetCurrentThreadStackLimits disagree");
    DeleteFiber(f);
}

/* ---- registers across switches ----------------------------------------- */

static LPVOID clobber;
static volatile unsigned int fiber_rounding;

/* Loads xmm6/xmm15/rbx/r12 with `value`, switches to `to`, returns them xor'ed
 * together after the switch back (value ^ value ^ ... == 0 when preserved). */
static unsigned long long switch_keeping(unsigned long long value, LPVOID to)
{
    unsigned long long x6, x15, b, r12;
    __asm__ volatile("movq %[v], %%xmm6\n\t"
                     "movq %[v], %%xmm15\n\t"
                     "mov %[v], %%rbx\n\t"
                     "mov %[v], %%r12\n\t"
                     "mov %[to], %%rcx\n\t"
                     "sub $32, %%rsp\n\t"
                     "call *%[fn]\n\t"
                     "add $32, %%rsp\n\t"
                     "movq %%xmm6, %[x6]\n\t"
                     "movq %%xmm15, %[x15]\n\t"
                     "mov %%rbx, %[b]\n\t"
                     "mov %%r12, %[r12]\n\t"
                     : [x6] "=&m"(x6), [x15] "=&m"(x15), [b] "=&m"(b), [r12] "=&m"(r12)
                     : [v] "r"(value), [to] "r"(to), [fn] "r"(SwitchToFiber)
                     : "rax", "rbx", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "xmm0", "xmm1", "xmm2",
                       "xmm3", "xmm4", "xmm5", "xmm6", "xmm15", "memory");
    return (x6 ^ value) | (x15 ^ value) | (b ^ value) | (r12 ^ value);
}

static VOID CALLBACK clobber_proc(LPVOID data)
{
    (void)data;
    _controlfp(_RC_DOWN, _MCW_RC);
    for (;;) {
        fiber_rounding = _controlfp(0, 0) & _MCW_RC;
        switch_keeping(0x5555555555555555ull, main_fiber);
    }
}

static void test_registers(void)
{
    clobber = CreateFiberEx(0, 0, FIBER_FLAG_FLOAT_SWITCH, clobber_proc, NULL);
    unsigned int before = _controlfp(0, 0) & _MCW_RC;
    ok(switch_keeping(0x1234567890abcdefull, clobber) == 0, "rbx, r12, xmm6 or xmm15 changed across a switch");
    ok((_controlfp(0, 0) & _MCW_RC) == before, "the other fiber's rounding mode leaked: 0x%x",
       _controlfp(0, 0) & _MCW_RC);
    ok(fiber_rounding == _RC_DOWN, "fiber's rounding mode 0x%x", fiber_rounding);
    _controlfp(_RC_UP, _MCW_RC);
    ok(switch_keeping(0xfedcba9876543210ull, clobber) == 0, "registers changed across a second switch");
    ok(fiber_rounding == _RC_DOWN, "fiber's rounding mode after main changed its own: 0x%x", fiber_rounding);
    ok((_controlfp(0, 0) & _MCW_RC) == _RC_UP, "main's rounding mode 0x%x", _controlfp(0, 0) & _MCW_RC);
    _controlfp(before, _MCW_RC);
    DeleteFiber(clobber);
}

/* ---- fiber-local storage ----------------------------------------------- */

static DWORD fls_index;
static volatile int callback_calls;
static void *callback_values[8];

static VOID WINAPI fls_callback(PVOID value)
{
    if (callback_calls < 8)
        callback_values[callback_calls] = value;
    callback_calls++;
}

static int fls_fresh, fls_own;

static VOID CALLBACK fls_proc(LPVOID data)
{
    fls_fresh = FlsGetValue(fls_index) == NULL;
    FlsSetValue(fls_index, data);
    SwitchToFiber(main_fiber);
    fls_own = FlsGetValue(fls_index) == data;
    SwitchToFiber(main_fiber);
}

static void test_fls(void)
{
    fls_index = FlsAlloc(fls_callback);
    ok(fls_index != FLS_OUT_OF_INDEXES, "FlsAlloc failed");
    ok(FlsSetValue(fls_index, (void *)0xA1), "FlsSetValue failed");
    LPVOID a = CreateFiber(0, fls_proc, (void *)0xB2);
    LPVOID b = CreateFiber(0, fls_proc, (void *)0xC3);
    SwitchToFiber(a);
    ok(fls_fresh, "a new fiber sees another fiber's FLS value");
    ok(FlsGetValue(fls_index) == (void *)0xA1, "main's FLS value after a switch: %p", FlsGetValue(fls_index));
    SwitchToFiber(a);
    ok(fls_own, "the fiber's own FLS value was lost across switches");
    ok(callback_calls == 0, "%d callbacks before DeleteFiber", callback_calls);
    DeleteFiber(a);
    ok(callback_calls == 1 && callback_values[0] == (void *)0xB2, "DeleteFiber: %d callbacks, first value %p",
       callback_calls, callback_values[0]);
    fls_fresh = 0;
    SwitchToFiber(b);
    ok(fls_fresh, "fiber b saw a value before setting its own");
    /* FlsFree calls the callback for every fiber's value: b's (not running) and main's. */
    callback_calls = 0;
    ok(FlsFree(fls_index), "FlsFree failed");
    int saw_main = 0, saw_b = 0;
    for (int i = 0; i < callback_calls && i < 8; i++) {
        saw_main += callback_values[i] == (void *)0xA1;
        saw_b += callback_values[i] == (void *)0xC3;
    }
    ok(callback_calls == 2 && saw_main == 1 && saw_b == 1, "FlsFree: %d callbacks (main %d, b %d)", callback_calls,
       saw_main, saw_b);
    callback_calls = 0;
    DeleteFiber(b);
    ok(callback_calls == 0, "DeleteFiber after FlsFree: %d callbacks", callback_calls);
}

/* ---- exceptions inside a fiber ----------------------------------------- */

static volatile int filter_calls;
static volatile DWORD filter_code;

LONG fiber_filter(EXCEPTION_POINTERS *p, void *frame)
{
    (void)frame;
    filter_calls++;
    filter_code = p->ExceptionRecord->ExceptionCode;
    return EXCEPTION_EXECUTE_HANDLER;
}

/* int fiber_guarded_read(int *p): __try { return *p; } __except (fiber_filter(...)) { return -1; } */
int fiber_guarded_read(int *p);
__asm__(".text\n"
        ".globl fiber_guarded_read\n"
        ".def fiber_guarded_read; .scl 2; .type 32; .endef\n"
        ".seh_proc fiber_guarded_read\n"
        "fiber_guarded_read:\n"
        "  sub $40, %rsp\n"
        "  .seh_stackalloc 40\n"
        "  .seh_endprologue\n"
        "fgr_try_begin:\n"
        "  mov (%rcx), %eax\n"
        "  nop\n"
        "fgr_try_end:\n"
        "  add $40, %rsp\n"
        "  ret\n"
        "fgr_except:\n"
        "  mov $-1, %eax\n"
        "  add $40, %rsp\n"
        "  ret\n"
        "  .seh_handler __C_specific_handler, @except\n"
        "  .seh_handlerdata\n"
        "  .long 1\n"
        "  .rva fgr_try_begin, fgr_try_end, fiber_filter, fgr_except\n"
        "  .text\n"
        ".seh_endproc\n");

static int guarded_result, raise_caught;

static LONG CALLBACK raise_handler(EXCEPTION_POINTERS *p)
{
    if (p->ExceptionRecord->ExceptionCode != 0xE0001234)
        return EXCEPTION_CONTINUE_SEARCH;
    raise_caught++;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static CONTEXT before_recursion;
static volatile int overflow_seen;
static volatile int keep_going = 1;

static LONG CALLBACK overflow_handler(EXCEPTION_POINTERS *p)
{
    if (p->ExceptionRecord->ExceptionCode != EXCEPTION_STACK_OVERFLOW)
        return EXCEPTION_CONTINUE_SEARCH;
    overflow_seen++;
    *p->ContextRecord = before_recursion;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static __attribute__((noinline)) int recurse(int n)
{
    volatile char pad[1024];
    pad[n % 1024] = (char)n;
    return keep_going ? recurse(n + 1) + pad[0] : 0;
}

static VOID CALLBACK exception_proc(LPVOID data)
{
    (void)data;
    guarded_result = fiber_guarded_read((int *)16);
    PVOID h = AddVectoredExceptionHandler(1, raise_handler);
    RaiseException(0xE0001234, 0, 0, NULL);
    RemoveVectoredExceptionHandler(h);
    /* The guard page at the bottom of the fiber's stack. */
    h = AddVectoredExceptionHandler(1, overflow_handler);
    RtlCaptureContext(&before_recursion);
    if (!overflow_seen)
        recurse(0);
    RemoveVectoredExceptionHandler(h);
    SwitchToFiber(main_fiber);
}

static void test_exceptions(void)
{
    LPVOID f = CreateFiberEx(0, 512 * 1024, 0, exception_proc, NULL);
    SwitchToFiber(f);
    ok(guarded_result == -1 && filter_calls == 1 && filter_code == EXCEPTION_ACCESS_VIOLATION,
       "__except in a fiber: result %d, %d filter calls, code 0x%lx", guarded_result, filter_calls, filter_code);
    ok(raise_caught == 1, "RaiseException in a fiber: vectored handler ran %d times", raise_caught);
    ok(overflow_seen == 1, "stack overflow in a fiber: handler ran %d times", overflow_seen);
    DeleteFiber(f);
}

/* ---- ending threads ---------------------------------------------------- */

static volatile int after_switch;

static VOID CALLBACK returning_proc(LPVOID data)
{
    *(int *)data = 1;
}

static VOID CALLBACK self_deleting_proc(LPVOID data)
{
    *(int *)data = 1;
    DeleteFiber(GetCurrentFiber());
    *(int *)data = 2;
}

static DWORD WINAPI fiber_thread(LPVOID arg)
{
    static int ran;
    ConvertThreadToFiber(NULL);
    LPVOID f = CreateFiber(0, (LPFIBER_START_ROUTINE)arg, &ran);
    ran = 0;
    SwitchToFiber(f);
    after_switch = 1;
    return 5;
}

static void test_thread_end(void)
{
    DWORD code = 0;
    HANDLE t = CreateThread(NULL, 0, fiber_thread, (void *)returning_proc, 0, NULL);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "returning start routine: thread did not end");
    ok(!after_switch, "the thread went on after its fiber's start routine returned");
    CloseHandle(t);

    t = CreateThread(NULL, 0, fiber_thread, (void *)self_deleting_proc, 0, NULL);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "DeleteFiber(current): thread did not end");
    ok(GetExitCodeThread(t, &code) && code == 1, "DeleteFiber(current): exit code %lu", code);
    ok(!after_switch, "the thread went on after DeleteFiber of its running fiber");
    CloseHandle(t);
}

int main(void)
{
    test_conversion();
    test_ping_pong();
    test_stack_allocation();
    test_registers();
    test_fls();
    test_exceptions();
    test_thread_end();
    ok(ConvertFiberToThread(), "ConvertFiberToThread of main failed: %lu", GetLastError());
    ok(!IsThreadAFiber(), "main is still a fiber");
    return check_summary();
}
