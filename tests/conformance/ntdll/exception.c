/* Exceptions (winnt.h / errhandlingapi.h / rtlsupportapi.h): hardware faults
 * and RaiseException reach vectored handlers with the Windows exception code,
 * address and parameters; a handler that fixes the CONTEXT and returns
 * EXCEPTION_CONTINUE_EXECUTION resumes there; frame-based handlers found
 * through .pdata run __except filters and __finally blocks (written here as
 * MinGW scope tables, since gcc has no __try); RtlCaptureContext and
 * RtlVirtualUnwind walk the stack. */
#include <windows.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

static volatile LONG veh_calls;
static volatile DWORD seen_code, seen_flags, seen_nparams;
static volatile ULONG_PTR seen_info[4];
static volatile void *seen_address;
static volatile DWORD64 seen_rip;
static volatile DWORD seen_eflags;

/* Skips the faulting instruction: each fault site below is a known-length
 * instruction placed by inline asm, and the handler learns its length from
 * skip_bytes (0 continues where the exception happened; -1 passes it on). */
static volatile int skip_bytes = -1;

static LONG CALLBACK recording_handler(EXCEPTION_POINTERS *p)
{
    EXCEPTION_RECORD *r = p->ExceptionRecord;
    veh_calls++;
    seen_code = r->ExceptionCode;
    seen_flags = r->ExceptionFlags;
    seen_nparams = r->NumberParameters;
    seen_address = r->ExceptionAddress;
    seen_rip = p->ContextRecord->Rip;
    seen_eflags = p->ContextRecord->EFlags;
    for (int i = 0; i < 4; i++)
        seen_info[i] = i < (int)r->NumberParameters ? r->ExceptionInformation[i] : 0;
    if (skip_bytes >= 0) {
        p->ContextRecord->Rip += skip_bytes;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

/* Each fault: a labelled instruction of known length. */
extern char av_read_at[], av_write_at[], div_at[], int3_at[], ud2_at[], hlt_at[];
extern char single_step_at[], stepped_to[], idiv_at[];
__asm__(".text\n"
        "av_read_at: mov (%rcx), %eax\n ret\n"      /* 2 bytes */
        "av_write_at: movl $1, (%rcx)\n ret\n"     /* 6 bytes */
        "xor %edx, %edx\n mov $7, %eax\n"
        "div_at: div %ecx\n"                  /* 2 bytes */
        " ret\n"
        "int3_at: int3\n ret\n"                 /* 1 byte */
        "ud2_at: ud2\n ret\n"                   /* 2 bytes */
        "hlt_at: hlt\n ret\n"
        /* INT_MIN / -1: mov $0x80000000, eax (5 bytes); cdq (1); mov $-1, ecx (5) */
        "mov $0x80000000, %eax\n cdq\n mov $-1, %ecx\n"
        "idiv_at: idiv %ecx\n ret\n"
        /* pushf; or TF; popf; then nop executes and traps before stepped_to */
        "single_step_at: pushfq\n orq $0x100, (%rsp)\n popfq\n nop\n"
        "stepped_to: ret\n");                 /* 1 byte */
static int (*const read_fault)(void *) = (int (*)(void *))av_read_at;
static void (*const write_fault)(void *) = (void (*)(void *))av_write_at;

static void test_faults_reach_vectored_handler(void)
{
    PVOID h = AddVectoredExceptionHandler(1, recording_handler);
    ok(h != NULL, "AddVectoredExceptionHandler returned NULL");

    veh_calls = 0;
    skip_bytes = 2;
    read_fault((void *)0x10);
    ok(veh_calls == 1, "read fault: %ld handler calls", veh_calls);
    ok(seen_code == EXCEPTION_ACCESS_VIOLATION, "read fault: code 0x%lx", seen_code);
    ok(seen_address == (void *)av_read_at, "read fault: address %p, expected %p", seen_address, av_read_at);
    ok(seen_rip == (DWORD64)av_read_at, "read fault: Rip %p", (void *)seen_rip);
    ok(seen_nparams == 2 && seen_info[0] == 0 && seen_info[1] == 0x10,
       "read fault: params %lu [%p %p]", seen_nparams, (void *)seen_info[0], (void *)seen_info[1]);
    ok(seen_flags == 0, "read fault: flags 0x%lx", seen_flags);

    veh_calls = 0;
    skip_bytes = 6;
    write_fault((void *)0x20);
    ok(veh_calls == 1 && seen_code == EXCEPTION_ACCESS_VIOLATION, "write fault: %ld calls, code 0x%lx",
       veh_calls, seen_code);
    ok(seen_nparams == 2 && seen_info[0] == 1 && seen_info[1] == 0x20,
       "write fault: params %lu [%p %p]", seen_nparams, (void *)seen_info[0], (void *)seen_info[1]);

    veh_calls = 0;
    skip_bytes = 2;
    /* The division's function (xor edx, edx; mov $7, eax) starts 7 bytes before div_at. */
    unsigned (*divide)(unsigned) = (unsigned (*)(unsigned))((char *)div_at - 7);
    unsigned q = divide(0);
    ok(veh_calls == 1 && seen_code == EXCEPTION_INT_DIVIDE_BY_ZERO, "divide: %ld calls, code 0x%lx",
       veh_calls, seen_code);
    ok(seen_address == (void *)div_at, "divide: address %p, expected %p", seen_address, div_at);
    ok(seen_nparams == 0, "divide: %lu params", seen_nparams);
    (void)q;

    /* The quotient of INT_MIN / -1 does not fit: Windows raises
     * EXCEPTION_INT_OVERFLOW, not a division by zero, although the CPU raises
     * the same #DE for both. (Wine 8 reports a division by zero: this check
     * fails there.) */
    veh_calls = 0;
    skip_bytes = 2;
    ((void (*)(void))((char *)idiv_at - 11))();
    ok(veh_calls == 1 && seen_code == EXCEPTION_INT_OVERFLOW, "INT_MIN / -1: %ld calls, code 0x%lx",
       veh_calls, seen_code);
    ok(seen_address == (void *)idiv_at, "INT_MIN / -1: address %p, expected %p", seen_address, idiv_at);

    /* int3: the exception address and Rip are the int3 itself. */
    veh_calls = 0;
    skip_bytes = 1;
    ((void (*)(void))int3_at)();
    ok(veh_calls == 1 && seen_code == EXCEPTION_BREAKPOINT, "int3: %ld calls, code 0x%lx", veh_calls,
       seen_code);
    ok(seen_address == (void *)int3_at, "int3: address %p, expected %p", seen_address, int3_at);
    ok(seen_rip == (DWORD64)int3_at, "int3: Rip %p, expected %p", (void *)seen_rip, int3_at);

    /* DebugBreak: the same breakpoint, inside kernel32; stepping over it returns. */
    veh_calls = 0;
    skip_bytes = 1;
    DebugBreak();
    ok(veh_calls == 1 && seen_code == EXCEPTION_BREAKPOINT, "DebugBreak: %ld calls, code 0x%lx", veh_calls,
       seen_code);
    ok(seen_rip == (DWORD64)seen_address, "DebugBreak: Rip %p, address %p", (void *)seen_rip, seen_address);

    /* The trap flag: one EXCEPTION_SINGLE_STEP after the next instruction, at
     * the instruction that follows it; the flag is clear in the context. */
    veh_calls = 0;
    skip_bytes = 0;
    ((void (*)(void))single_step_at)();
    ok(veh_calls == 1 && seen_code == EXCEPTION_SINGLE_STEP, "single step: %ld calls, code 0x%lx",
       veh_calls, seen_code);
    ok(seen_address == (void *)stepped_to, "single step: address %p, expected %p", seen_address, stepped_to);
    ok(!(seen_eflags & 0x100), "single step: EFlags 0x%lx still has the trap flag", seen_eflags);

    veh_calls = 0;
    skip_bytes = 2;
    ((void (*)(void))ud2_at)();
    ok(veh_calls == 1 && seen_code == EXCEPTION_ILLEGAL_INSTRUCTION, "ud2: %ld calls, code 0x%lx",
       veh_calls, seen_code);
    ok(seen_address == (void *)ud2_at, "ud2: address %p, expected %p", seen_address, ud2_at);

    veh_calls = 0;
    skip_bytes = 1;
    ((void (*)(void))hlt_at)();
    ok(veh_calls == 1 && seen_code == EXCEPTION_PRIV_INSTRUCTION, "hlt: %ld calls, code 0x%lx",
       veh_calls, seen_code);

    skip_bytes = -1;
    ok(RemoveVectoredExceptionHandler(h) != 0, "RemoveVectoredExceptionHandler failed");
    ok(RemoveVectoredExceptionHandler(h) == 0, "second RemoveVectoredExceptionHandler succeeded");
}

/* Unmasked floating-point exceptions: SSE (MXCSR) and x87 division by zero
 * raise EXCEPTION_FLT_DIVIDE_BY_ZERO; the handler masks them again in the
 * CONTEXT (and clears the x87 status) and the division completes. */
static volatile DWORD fpe_code;
static volatile unsigned fpe_mxcsr;

static LONG CALLBACK fpe_handler(EXCEPTION_POINTERS *p)
{
    fpe_code = p->ExceptionRecord->ExceptionCode;
    fpe_mxcsr = p->ContextRecord->MxCsr;
    p->ContextRecord->MxCsr = 0x1F80;
    p->ContextRecord->FltSave.MxCsr = 0x1F80;
    p->ContextRecord->FltSave.StatusWord = 0;
    p->ContextRecord->FltSave.ControlWord = 0x27F;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_float_exceptions(void)
{
    PVOID h = AddVectoredExceptionHandler(1, fpe_handler);
    unsigned mxcsr = 0x1F80 & ~0x200; /* ZM clear */
    volatile double one = 1.0, zero = 0.0, r;
    fpe_code = 0;
    __asm__ volatile("ldmxcsr %0" ::"m"(mxcsr));
    r = one / zero;
    ok(fpe_code == EXCEPTION_FLT_DIVIDE_BY_ZERO, "SSE divide by zero: code 0x%lx", fpe_code);
    ok((fpe_mxcsr & 0x204) == 0x004, "SSE: MXCSR 0x%x in the context (ZE set, ZM clear)", fpe_mxcsr);
    ok(r > 1e308, "SSE: the division completed as infinity");

    unsigned short cw = 0x27F & ~0x4; /* x87 ZM clear */
    long double x = 1.0L;
    volatile long double y = 0.0L, z;
    fpe_code = 0;
    __asm__ volatile("fldcw %0" ::"m"(cw));
    z = x / y;
    __asm__ volatile("fwait");
    ok(fpe_code == EXCEPTION_FLT_DIVIDE_BY_ZERO, "x87 divide by zero: code 0x%lx", fpe_code);
    (void)z;
    RemoveVectoredExceptionHandler(h);
}

/* A handler that continues a software exception. */
static LONG CALLBACK continue_handler(EXCEPTION_POINTERS *p)
{
    veh_calls++;
    seen_code = p->ExceptionRecord->ExceptionCode;
    seen_flags = p->ExceptionRecord->ExceptionFlags;
    seen_nparams = p->ExceptionRecord->NumberParameters;
    for (int i = 0; i < 4; i++)
        seen_info[i] = p->ExceptionRecord->ExceptionInformation[i];
    return seen_code == 0xE0000001 ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}

static volatile int order[4], order_n;
static LONG CALLBACK first_handler(EXCEPTION_POINTERS *p) { order[order_n++] = 1; (void)p; return EXCEPTION_CONTINUE_SEARCH; }
static LONG CALLBACK last_handler(EXCEPTION_POINTERS *p) { order[order_n++] = 2; (void)p; return EXCEPTION_CONTINUE_EXECUTION; }
static LONG CALLBACK continue_list_handler(EXCEPTION_POINTERS *p) { order[order_n++] = 3; (void)p; return EXCEPTION_CONTINUE_SEARCH; }

static void test_raise_exception(void)
{
    PVOID h = AddVectoredExceptionHandler(0, continue_handler);
    ULONG_PTR args[3] = {11, 22, 33};
    veh_calls = 0;
    RaiseException(0xE0000001, 0, 3, args);
    ok(veh_calls == 1, "RaiseException: %ld handler calls", veh_calls);
    ok(seen_code == 0xE0000001 && seen_flags == 0, "RaiseException: code 0x%lx flags 0x%lx", seen_code, seen_flags);
    ok(seen_nparams == 3 && seen_info[0] == 11 && seen_info[1] == 22 && seen_info[2] == 33,
       "RaiseException: %lu params [%lu %lu %lu]", seen_nparams, (unsigned long)seen_info[0],
       (unsigned long)seen_info[1], (unsigned long)seen_info[2]);

    /* Only EXCEPTION_NONCONTINUABLE survives in the flags; the parameter count
     * is capped at EXCEPTION_MAXIMUM_PARAMETERS. */
    ULONG_PTR many[20] = {0};
    veh_calls = 0;
    RaiseException(0xE0000001, 0xFFFFFFFE, 20, many);
    ok(veh_calls == 1 && seen_flags == 0, "flags 0xFFFFFFFE: %ld calls, flags 0x%lx", veh_calls, seen_flags);
    ok(seen_nparams == EXCEPTION_MAXIMUM_PARAMETERS, "20 arguments: %lu params", seen_nparams);
    RemoveVectoredExceptionHandler(h);

    /* Order: First=1 handlers before the others; continue handlers after one
     * says EXCEPTION_CONTINUE_EXECUTION, as Windows' RtlDispatchException
     * does. (Wine 8 never calls continue handlers: this check fails there.) */
    PVOID a = AddVectoredExceptionHandler(0, last_handler);
    PVOID b = AddVectoredExceptionHandler(1, first_handler);
    PVOID c = AddVectoredContinueHandler(0, continue_list_handler);
    order_n = 0;
    RaiseException(0xE0000002, 0, 0, NULL);
    ok(order_n == 3 && order[0] == 1 && order[1] == 2 && order[2] == 3,
       "handler order: %d calls [%d %d %d]", order_n, order[0], order[1], order[2]);
    RemoveVectoredExceptionHandler(a);
    RemoveVectoredExceptionHandler(b);
    ok(RemoveVectoredContinueHandler(c) != 0, "RemoveVectoredContinueHandler failed");
}

/* __try/__except and __finally through __C_specific_handler, as a scope
 * table written in assembly:
 *
 *   int guarded(int *p) {            // returns *p, or -1 after an access violation
 *       __try { return *p; }
 *       __except (filter(...)) { return -1; }
 *   }
 *
 * and a function with a __finally around a call that raises. */
static volatile int filter_calls, finally_calls, finally_abnormal;
static volatile DWORD filter_code;

LONG filter_av(EXCEPTION_POINTERS *p, void *frame)
{
    (void)frame;
    filter_calls++;
    filter_code = p->ExceptionRecord->ExceptionCode;
    return filter_code == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

void finally_block(BOOLEAN abnormal, void *frame)
{
    (void)frame;
    finally_calls++;
    finally_abnormal = abnormal;
}

int guarded_read(int *p);
int guarded_raise(DWORD code);
__asm__(".text\n"
        ".globl guarded_read\n"
        ".def guarded_read; .scl 2; .type 32; .endef\n"
        ".seh_proc guarded_read\n"
        "guarded_read:\n"
        "  sub $40, %rsp\n"
        "  .seh_stackalloc 40\n"
        "  .seh_endprologue\n"
        "gr_try_begin:\n"
        "  mov (%rcx), %eax\n"
        "  nop\n"
        "gr_try_end:\n"
        "  add $40, %rsp\n"
        "  ret\n"
        "gr_except:\n"
        "  mov $-1, %eax\n"
        "  add $40, %rsp\n"
        "  ret\n"
        "  .seh_handler __C_specific_handler, @except\n"
        "  .seh_handlerdata\n"
        "  .long 1\n"
        "  .rva gr_try_begin, gr_try_end, filter_av, gr_except\n"
        "  .text\n"
        ".seh_endproc\n"

        /* int guarded_raise(code): __try { inner raise } __finally { finally_block } ;
         * the caller catches with a vectored handler-free frame handler below. */
        ".globl guarded_raise\n"
        ".def guarded_raise; .scl 2; .type 32; .endef\n"
        ".seh_proc guarded_raise\n"
        "guarded_raise:\n"
        "  push %rbx\n"
        "  .seh_pushreg %rbx\n"
        "  sub $48, %rsp\n"
        "  .seh_stackalloc 48\n"
        "  .seh_endprologue\n"
        "  mov $0x1234, %ebx\n"
        "gf_try_begin:\n"
        "  xor %edx, %edx\n"
        "  xor %r8d, %r8d\n"
        "  xor %r9d, %r9d\n"
        "  call *__imp_RaiseException(%rip)\n"
        "  nop\n"
        "gf_try_end:\n"
        "  mov %ebx, %eax\n"
        "  add $48, %rsp\n"
        "  pop %rbx\n"
        "  ret\n"
        "  .seh_handler __C_specific_handler, @unwind, @except\n"
        "  .seh_handlerdata\n"
        "  .long 1\n"
        "  .rva gf_try_begin, gf_try_end, finally_block\n"
        "  .long 0\n"
        "  .text\n"
        ".seh_endproc\n"

        /* int catch_raise(code): __try { guarded_raise(code) } __except(1) { return rbx-preserved marker } */
        ".globl catch_raise\n"
        ".def catch_raise; .scl 2; .type 32; .endef\n"
        ".seh_proc catch_raise\n"
        "catch_raise:\n"
        "  push %rbx\n"
        "  .seh_pushreg %rbx\n"
        "  sub $32, %rsp\n"
        "  .seh_stackalloc 32\n"
        "  .seh_endprologue\n"
        "  mov $0x5678, %ebx\n"
        "cr_try_begin:\n"
        "  call guarded_raise\n"
        "  nop\n"
        "cr_try_end:\n"
        "  add $32, %rsp\n"
        "  pop %rbx\n"
        "  ret\n"
        "cr_except:\n"
        /* eax holds the exception code; rbx must be this frame's value again */
        "  cmp $0x5678, %ebx\n"
        "  je 1f\n"
        "  mov $1, %eax\n"
        "1:\n"
        "  add $32, %rsp\n"
        "  pop %rbx\n"
        "  ret\n"
        "  .seh_handler __C_specific_handler, @except\n"
        "  .seh_handlerdata\n"
        "  .long 1\n"
        "  .rva cr_try_begin, cr_try_end\n"
        "  .long 1\n"
        "  .rva cr_except\n"
        "  .text\n"
        ".seh_endproc\n");
int catch_raise(DWORD code);

static void test_scope_tables(void)
{
    int value = 42;
    filter_calls = 0;
    ok(guarded_read(&value) == 42, "guarded_read(&42) != 42");
    ok(filter_calls == 0, "filter ran without an exception");
    ok(guarded_read((int *)8) == -1, "guarded_read(8) did not reach __except");
    ok(filter_calls == 1 && filter_code == EXCEPTION_ACCESS_VIOLATION, "filter: %d calls, code 0x%lx",
       filter_calls, filter_code);

    finally_calls = 0;
    DWORD got = catch_raise(0xE0001234);
    /* Windows' __C_specific_handler unwinds with the exception code as the
     * return value, so the __except block finds it in eax (MSVC reads
     * GetExceptionCode() from there). Wine 8 passes 0: this check fails there. */
    ok(got == 0xE0001234, "__except got 0x%lx (1 if rbx was not restored)", got);
    ok(finally_calls == 1 && finally_abnormal == 1, "__finally: %d calls, abnormal %d", finally_calls,
       finally_abnormal);
}

/* RtlCaptureContext + RtlLookupFunctionEntry + RtlVirtualUnwind: unwinding
 * one frame out of a function gives its caller's return address and stack. */
static __attribute__((noinline)) void capture_here(CONTEXT *c) { RtlCaptureContext(c); }

static __attribute__((noinline)) DWORD64 unwind_one(DWORD64 *caller_rsp)
{
    CONTEXT c;
    DWORD64 base = 0, frame = 0;
    void *data = NULL;
    RtlCaptureContext(&c);
    PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(c.Rip, &base, NULL);
    ok(f != NULL, "no function entry for Rip %p", (void *)c.Rip);
    ok(base == (DWORD64)GetModuleHandleA(NULL), "image base %p", (void *)base);
    if (!f)
        return 0;
    KNONVOLATILE_CONTEXT_POINTERS saved;
    memset(&saved, 0, sizeof saved);
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, c.Rip, f, &c, &data, &frame, &saved);
    /* Each register the frame saved is found where the pointers say. */
    DWORD64 *regs = &c.Rax;
    int found = 0;
    for (int i = 0; i < 16; i++) {
        if (saved.IntegerContext[i]) {
            found++;
            ok(*saved.IntegerContext[i] == regs[i], "register %d: saved %p, unwound %p", i,
               (void *)*saved.IntegerContext[i], (void *)regs[i]);
        }
    }
    ok(found > 0, "no saved register reported");
    *caller_rsp = c.Rsp;
    return c.Rip;
}

static void test_virtual_unwind(void)
{
    CONTEXT c;
    memset(&c, 0, sizeof c);
    capture_here(&c);
    ok(c.Rip != 0 && c.Rsp != 0, "RtlCaptureContext: Rip %p Rsp %p", (void *)c.Rip, (void *)c.Rsp);
    ok((c.ContextFlags & CONTEXT_FULL) == CONTEXT_FULL, "ContextFlags 0x%lx", c.ContextFlags);

    DWORD64 rsp = 0;
    DWORD64 ret = unwind_one(&rsp);
    /* The return address lies in this function, just after the call. */
    ok(ret > (DWORD64)test_virtual_unwind && ret < (DWORD64)test_virtual_unwind + 0x400,
       "unwound Rip %p not in test_virtual_unwind %p", (void *)ret, test_virtual_unwind);
    DWORD64 here = (DWORD64)__builtin_frame_address(0);
    ok(rsp != 0 && rsp < here + 0x1000 && rsp + 0x1000 > here, "unwound Rsp %p, frame %p", (void *)rsp, (void *)here);

    ok(RtlLookupFunctionEntry(0x1000, &rsp, NULL) == NULL, "function entry for address 0x1000");
}

/* The unhandled-exception filter sees what no handler took and may continue. */
static LONG WINAPI top_filter(EXCEPTION_POINTERS *p)
{
    veh_calls++;
    seen_code = p->ExceptionRecord->ExceptionCode;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_unhandled_filter(void)
{
    LPTOP_LEVEL_EXCEPTION_FILTER old = SetUnhandledExceptionFilter(top_filter);
    veh_calls = 0;
    RaiseException(0xE0000003, 0, 0, NULL);
    ok(veh_calls == 1 && seen_code == 0xE0000003, "top-level filter: %ld calls, code 0x%lx", veh_calls,
       seen_code);
    ok(SetUnhandledExceptionFilter(old) == top_filter, "SetUnhandledExceptionFilter did not return the filter");
}

/* Stack overflow: the guard page raises EXCEPTION_STACK_OVERFLOW, which a
 * vectored handler sees on what is left of the stack; it resumes in a context
 * captured before the recursion. (Once: the guard page is not re-armed without
 * _resetstkoflw.) */
static CONTEXT before_recursion;
static volatile int overflow_seen;
static volatile DWORD overflow_params;

static LONG CALLBACK overflow_handler(EXCEPTION_POINTERS *p)
{
    if (p->ExceptionRecord->ExceptionCode != EXCEPTION_STACK_OVERFLOW)
        return EXCEPTION_CONTINUE_SEARCH;
    overflow_seen++;
    *p->ContextRecord = before_recursion;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static volatile int keep_going = 1;

static __attribute__((noinline)) int recurse(int n)
{
    volatile char pad[1024];
    pad[n % 1024] = (char)n;
    return keep_going ? recurse(n + 1) + pad[0] : 0;
}

static void test_stack_overflow(void)
{
    /* The guarantee starts at 0; it can grow, never shrink, and the call
     * returns the previous value. */
    ULONG size = 0;
    ok(SetThreadStackGuarantee(&size) && size == 0, "initial guarantee %lu", size);
    size = 0x5000;
    ok(SetThreadStackGuarantee(&size) && size == 0, "SetThreadStackGuarantee(0x5000): previous %lu", size);
    size = 0x1000;
    ok(SetThreadStackGuarantee(&size) && size == 0x5000, "SetThreadStackGuarantee(0x1000): previous 0x%lx",
       size);
    size = 0;
    ok(SetThreadStackGuarantee(&size) && size == 0x5000, "guarantee after a smaller request 0x%lx", size);

    PVOID h = AddVectoredExceptionHandler(1, overflow_handler);
    overflow_seen = 0;
    RtlCaptureContext(&before_recursion);
    if (!overflow_seen)
        recurse(0);
    ok(overflow_seen == 1, "stack overflow: handler ran %d times", overflow_seen);
    /* The overflow used up the guard page; _resetstkoflw puts it back, and the next overflow is
       caught the same way. */
    ok(_resetstkoflw() != 0, "_resetstkoflw failed");
    ok(_resetstkoflw() != 0, "_resetstkoflw with the guard page in place failed");
    RtlCaptureContext(&before_recursion);
    if (overflow_seen == 1)
        recurse(0);
    ok(overflow_seen == 2, "second stack overflow: handler ran %d times", overflow_seen);
    RemoveVectoredExceptionHandler(h);
}

/* A vectored handler may continue even a non-continuable exception: the
 * non-continuable check guards frame handlers only. */
static LONG CALLBACK continue_all(EXCEPTION_POINTERS *p)
{
    veh_calls++;
    seen_flags = p->ExceptionRecord->ExceptionFlags;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static void test_noncontinuable_from_vectored(void)
{
    PVOID h = AddVectoredExceptionHandler(1, continue_all);
    veh_calls = 0;
    RaiseException(0xE0000005, EXCEPTION_NONCONTINUABLE, 0, NULL);
    ok(veh_calls == 1 && seen_flags == EXCEPTION_NONCONTINUABLE, "non-continuable: %ld calls, flags 0x%lx",
       veh_calls, seen_flags);
    RemoveVectoredExceptionHandler(h);
}

/* RtlRestoreContext with the records MSVC's runtime passes: STATUS_LONGJUMP
 * takes the non-volatile registers and Rip from a _JUMP_BUFFER;
 * STATUS_UNWIND_CONSOLIDATE calls ExceptionInformation[0] and continues where
 * it returns. Both resume here at the RtlCaptureContext call's return. */
#ifndef STATUS_LONGJUMP
#define STATUS_LONGJUMP 0x80000026
#endif
#ifndef STATUS_UNWIND_CONSOLIDATE
#define STATUS_UNWIND_CONSOLIDATE 0x80000029
#endif
typedef struct {
    DWORD64 Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12, R13, R14, R15, Rip;
    DWORD MxCsr;
    WORD FpCsr, Spare;
    M128A Xmm[10];
} JUMP_BUFFER64;

static CONTEXT resume_point;
static volatile int resumed, consolidate_calls;
static volatile EXCEPTION_RECORD *consolidate_record;

static void *CALLBACK consolidate_callback(EXCEPTION_RECORD *rec)
{
    consolidate_calls++;
    consolidate_record = rec;
    return (void *)resume_point.Rip;
}

static void test_restore_context_records(void)
{
    static JUMP_BUFFER64 jb;
    static CONTEXT scratch;
    EXCEPTION_RECORD rec;

    resumed = 0;
    RtlCaptureContext(&resume_point);
    if (resumed == 0) {
        resumed = 1;
        memset(&jb, 0, sizeof jb);
        jb.Rbx = resume_point.Rbx; jb.Rsp = resume_point.Rsp; jb.Rbp = resume_point.Rbp;
        jb.Rsi = resume_point.Rsi; jb.Rdi = resume_point.Rdi; jb.R12 = resume_point.R12;
        jb.R13 = resume_point.R13; jb.R14 = resume_point.R14; jb.R15 = resume_point.R15;
        jb.Rip = resume_point.Rip; jb.MxCsr = 0x1F80;
        jb.Xmm[0] = resume_point.Xmm6; jb.Xmm[1] = resume_point.Xmm7; jb.Xmm[2] = resume_point.Xmm8;
        jb.Xmm[3] = resume_point.Xmm9; jb.Xmm[4] = resume_point.Xmm10; jb.Xmm[5] = resume_point.Xmm11;
        jb.Xmm[6] = resume_point.Xmm12; jb.Xmm[7] = resume_point.Xmm13; jb.Xmm[8] = resume_point.Xmm14;
        jb.Xmm[9] = resume_point.Xmm15;
        memset(&rec, 0, sizeof rec);
        rec.ExceptionCode = STATUS_LONGJUMP;
        rec.NumberParameters = 1;
        rec.ExceptionInformation[0] = (ULONG_PTR)&jb;
        /* Any context will do: the jump buffer replaces what matters. */
        RtlCaptureContext(&scratch);
        RtlRestoreContext(&scratch, &rec);
        ok(0, "RtlRestoreContext(STATUS_LONGJUMP) returned");
    }
    ok(resumed == 1, "STATUS_LONGJUMP: resumed %d", resumed);

    consolidate_calls = 0;
    RtlCaptureContext(&resume_point);
    if (consolidate_calls == 0) {
        static EXCEPTION_RECORD crec;
        memset(&crec, 0, sizeof crec);
        crec.ExceptionCode = STATUS_UNWIND_CONSOLIDATE;
        crec.NumberParameters = 1;
        crec.ExceptionInformation[0] = (ULONG_PTR)consolidate_callback;
        scratch = resume_point;
        RtlRestoreContext(&scratch, &crec);
        ok(0, "RtlRestoreContext(STATUS_UNWIND_CONSOLIDATE) returned");
    }
    ok(consolidate_calls == 1, "STATUS_UNWIND_CONSOLIDATE: callback ran %d times", consolidate_calls);
    ok(consolidate_record && consolidate_record->ExceptionCode == STATUS_UNWIND_CONSOLIDATE,
       "callback got record %p", (void *)consolidate_record);
}

/* RtlCaptureStackBackTrace: frame 0 is the caller's return address, frame 1
 * its caller's. */
static __attribute__((noinline)) void back_trace_here(void)
{
    void *frames[64] = {0};
    DWORD hash = 0;
    USHORT n = RtlCaptureStackBackTrace(0, 64, frames, &hash);
    ok(n >= 3 && n < 64, "RtlCaptureStackBackTrace: %u frames", n);
    ok((char *)frames[0] > (char *)back_trace_here && (char *)frames[0] < (char *)back_trace_here + 0x100,
       "frame 0 %p not in back_trace_here %p", frames[0], back_trace_here);
    void *skipped[64] = {0};
    USHORT m = RtlCaptureStackBackTrace(1, 64, skipped, NULL);
    ok(m == n - 1 && skipped[0] == frames[1], "skipping 1: %u frames, first %p, expected %p", m,
       skipped[0], frames[1]);
    extern void test_back_trace(void);
    ok((char *)frames[1] > (char *)test_back_trace && (char *)frames[1] < (char *)test_back_trace + 0x40,
       "frame 1 %p not in test_back_trace %p", frames[1], test_back_trace);
}

__attribute__((noinline)) void test_back_trace(void)
{
    back_trace_here();
    __asm__ volatile("");
}

/* PAGE_GUARD: the first touch raises STATUS_GUARD_PAGE_VIOLATION and clears
 * the guard, so continuing retries the access, which then succeeds. */
static LONG CALLBACK guard_handler(EXCEPTION_POINTERS *p)
{
    veh_calls++;
    seen_code = p->ExceptionRecord->ExceptionCode;
    seen_nparams = p->ExceptionRecord->NumberParameters;
    seen_info[0] = p->ExceptionRecord->ExceptionInformation[0];
    seen_info[1] = p->ExceptionRecord->ExceptionInformation[1];
    return seen_code == STATUS_GUARD_PAGE_VIOLATION ? EXCEPTION_CONTINUE_EXECUTION : EXCEPTION_CONTINUE_SEARCH;
}

static void test_guard_page(void)
{
    volatile int *page = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    DWORD old = 0;
    page[3] = 77;
    ok(VirtualProtect((void *)page, 4096, PAGE_READWRITE | PAGE_GUARD, &old) && old == PAGE_READWRITE,
       "VirtualProtect(PAGE_GUARD): old 0x%lx", old);
    PVOID h = AddVectoredExceptionHandler(1, guard_handler);
    veh_calls = 0;
    int v = page[3];
    ok(v == 77, "read through the guard page: %d", v);
    ok(veh_calls == 1 && seen_code == STATUS_GUARD_PAGE_VIOLATION, "guard page: %ld calls, code 0x%lx",
       veh_calls, seen_code);
    ok(seen_nparams == 2 && seen_info[0] == 0 && seen_info[1] == (ULONG_PTR)&page[3],
       "guard page: params %lu [%p %p]", seen_nparams, (void *)seen_info[0], (void *)seen_info[1]);
    veh_calls = 0;
    page[3] = 78;
    ok(veh_calls == 0 && page[3] == 78, "the guard was not cleared: %ld calls", veh_calls);
    MEMORY_BASIC_INFORMATION mbi;
    ok(VirtualQuery((void *)page, &mbi, sizeof mbi) == sizeof mbi && mbi.Protect == PAGE_READWRITE,
       "after the touch, VirtualQuery shows 0x%lx", mbi.Protect);
    RemoveVectoredExceptionHandler(h);
    VirtualFree((void *)page, 0, MEM_RELEASE);
}

/* Code generated at run time: RtlAddFunctionTable makes its frames
 * unwindable, so an exception raised below a generated function reaches the
 * __except of its caller.
 *
 * int caught_call(void (*fn)(void *), void *arg):
 *     __try { fn(arg); return 0; } __except (EXCEPTION_EXECUTE_HANDLER) { return 0xC0DE; } */
int caught_call(void (*fn)(void *), void *arg);
__asm__(".text\n"
        ".globl caught_call\n"
        ".def caught_call; .scl 2; .type 32; .endef\n"
        ".seh_proc caught_call\n"
        "caught_call:\n"
        "  push %rbx\n"
        "  .seh_pushreg %rbx\n"
        "  sub $32, %rsp\n"
        "  .seh_stackalloc 32\n"
        "  .seh_endprologue\n"
        "  mov %rcx, %rax\n"
        "  mov %rdx, %rcx\n"
        "cc_try_begin:\n"
        "  call *%rax\n"
        "  nop\n"
        "cc_try_end:\n"
        "  xor %eax, %eax\n"
        "  add $32, %rsp\n"
        "  pop %rbx\n"
        "  ret\n"
        "cc_except:\n"
        "  mov $0xC0DE, %eax\n"
        "  add $32, %rsp\n"
        "  pop %rbx\n"
        "  ret\n"
        "  .seh_handler __C_specific_handler, @except\n"
        "  .seh_handlerdata\n"
        "  .long 1\n"
        "  .rva cc_try_begin, cc_try_end\n"
        "  .long 1\n"
        "  .rva cc_except\n"
        "  .text\n"
        ".seh_endproc\n");

static void raiser(void)
{
    RaiseException(0xE0000077, 0, 0, NULL);
}

/* A handler that raises an exception while handling one: the new exception's dispatch walks
   the frames of the first again, and their handlers see EXCEPTION_NESTED_CALL up to the frame
   whose handler raised it (that one included), not beyond. */
#define NESTED_FIRST 0xE0000001
#define NESTED_SECOND 0xE0000002
static volatile DWORD inner_saw_second_flags = 0xFFFF, outer_saw_second_flags = 0xFFFF;
static volatile int inner_calls, outer_calls;

EXCEPTION_DISPOSITION nested_inner_handler(EXCEPTION_RECORD *r, void *frame, CONTEXT *c, void *dc)
{
    (void)frame, (void)c, (void)dc;
    inner_calls++;
    if (r->ExceptionCode == NESTED_FIRST) {
        RaiseException(NESTED_SECOND, 0, 0, NULL);
        return ExceptionContinueExecution;
    }
    if (r->ExceptionCode == NESTED_SECOND)
        inner_saw_second_flags = r->ExceptionFlags;
    return ExceptionContinueSearch;
}

EXCEPTION_DISPOSITION nested_outer_handler(EXCEPTION_RECORD *r, void *frame, CONTEXT *c, void *dc)
{
    (void)frame, (void)c, (void)dc;
    outer_calls++;
    if (r->ExceptionCode != NESTED_SECOND)
        return ExceptionContinueSearch;
    outer_saw_second_flags = r->ExceptionFlags;
    return ExceptionContinueExecution;
}

void raise_nested_first(void) { RaiseException(NESTED_FIRST, 0, 0, NULL); }

/* nested_caller -> nested_callee -> raise_nested_first, each of the two with its handler. */
__asm__(".globl nested_callee\n"
        ".def nested_callee; .scl 2; .type 32; .endef\n"
        ".seh_proc nested_callee\n"
        "nested_callee:\n"
        "  sub $40, %rsp\n"
        "  .seh_stackalloc 40\n"
        "  .seh_endprologue\n"
        "  call raise_nested_first\n"
        "  nop\n"
        "  add $40, %rsp\n"
        "  ret\n"
        "  .seh_handler nested_inner_handler, @except\n"
        ".seh_endproc\n"
        ".globl nested_caller\n"
        ".def nested_caller; .scl 2; .type 32; .endef\n"
        ".seh_proc nested_caller\n"
        "nested_caller:\n"
        "  sub $40, %rsp\n"
        "  .seh_stackalloc 40\n"
        "  .seh_endprologue\n"
        "  call nested_callee\n"
        "  nop\n"
        "  add $40, %rsp\n"
        "  ret\n"
        "  .seh_handler nested_outer_handler, @except\n"
        ".seh_endproc\n");
void nested_caller(void);

static void test_nested_exception(void)
{
    nested_caller();
    ok(inner_calls == 2 && outer_calls == 1, "handler calls: inner %d, outer %d", inner_calls,
       outer_calls);
    ok(inner_saw_second_flags == EXCEPTION_NESTED_CALL, "inner handler saw flags 0x%lx",
       inner_saw_second_flags);
    ok(outer_saw_second_flags == 0, "outer handler saw flags 0x%lx", outer_saw_second_flags);
}

/* JIT code describes itself through a callback that RtlLookupFunctionEntry asks for the
   RUNTIME_FUNCTION of an address in the registered range. */
static RUNTIME_FUNCTION callback_function;
static volatile DWORD64 callback_pc;
static void *volatile callback_context;

static PRUNTIME_FUNCTION CALLBACK table_callback(DWORD64 pc, PVOID context)
{
    callback_pc = pc;
    callback_context = context;
    return &callback_function;
}

static void test_function_table_callback(void)
{
    BYTE *code = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    DWORD64 base = (DWORD64)code, image = 0;
    callback_function.BeginAddress = 0x10;
    callback_function.EndAddress = 0x20;
    ok(!RtlInstallFunctionTableCallback(base, base, 0x1000, table_callback, (PVOID)0x1234, NULL),
       "an identifier without its two low bits set is refused");
    ok(RtlInstallFunctionTableCallback(base | 3, base, 0x1000, table_callback, (PVOID)0x1234, NULL),
       "RtlInstallFunctionTableCallback failed");
    PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(base + 0x14, &image, NULL);
    ok(f == &callback_function && image == base, "lookup: %p (image %p)", f, (void *)image);
    ok(callback_pc == base + 0x14 && callback_context == (void *)0x1234, "callback got %p, %p",
       (void *)callback_pc, callback_context);
    callback_pc = 0;
    ok(RtlLookupFunctionEntry(base + 0x1000, &image, NULL) == NULL && callback_pc == 0,
       "an address past the range asked the callback (%p)", (void *)callback_pc);
    ok(RtlDeleteFunctionTable((PRUNTIME_FUNCTION)(base | 3)), "RtlDeleteFunctionTable failed");
    ok(!RtlDeleteFunctionTable((PRUNTIME_FUNCTION)(base | 3)), "deleted twice");
    ok(RtlLookupFunctionEntry(base + 0x14, &image, NULL) == NULL && callback_pc == 0,
       "the callback is still asked after its deletion");
    VirtualFree(code, 0, MEM_RELEASE);
}

static void test_dynamic_function_table(void)
{
    /* sub rsp, 0x28; call rcx; nop; add rsp, 0x28; ret */
    static const BYTE code[] = {0x48, 0x83, 0xEC, 0x28, 0xFF, 0xD1, 0x90, 0x48, 0x83, 0xC4, 0x28, 0xC3};
    /* UNWIND_INFO: version 1, prolog 4 bytes, 1 code: at 4, UWOP_ALLOC_SMALL (0x28 - 8) / 8 */
    static const BYTE unwind[] = {0x01, 0x04, 0x01, 0x00, 0x04, 0x42, 0x00, 0x00};
    BYTE *jit = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
    memcpy(jit, code, sizeof code);
    memcpy(jit + 0x20, unwind, sizeof unwind);
    RUNTIME_FUNCTION *table = (RUNTIME_FUNCTION *)(jit + 0x40);
    table->BeginAddress = 0;
    table->EndAddress = sizeof code;
    table->UnwindData = 0x20;
    ok(RtlAddFunctionTable(table, 1, (DWORD64)jit), "RtlAddFunctionTable failed");
    DWORD64 base = 0;
    ok(RtlLookupFunctionEntry((DWORD64)jit + 6, &base, NULL) == table && base == (DWORD64)jit,
       "lookup in generated code: base %p", (void *)base);
    int r = caught_call((void (*)(void *))jit, (void *)raiser);
    ok(r == 0xC0DE, "exception through generated code: caught_call returned 0x%x", r);
    ok(RtlDeleteFunctionTable(table), "RtlDeleteFunctionTable failed");
    ok(RtlLookupFunctionEntry((DWORD64)jit + 6, &base, NULL) == NULL, "entry still found after delete");
    ok(!RtlDeleteFunctionTable(table), "second RtlDeleteFunctionTable succeeded");
    VirtualFree(jit, 0, MEM_RELEASE);
}

int main(void)
{
    test_faults_reach_vectored_handler();
    test_float_exceptions();
    test_raise_exception();
    test_scope_tables();
    test_virtual_unwind();
    test_unhandled_filter();
    test_noncontinuable_from_vectored();
    test_guard_page();
    test_dynamic_function_table();
    test_function_table_callback();
    test_nested_exception();
    test_restore_context_records();
    test_back_trace();
    test_stack_overflow();
    return check_summary();
}
