/* setjmp.h: longjmp returns to the setjmp that filled the buffer, with its
 * value (1 for 0), the caller's non-volatile registers back, and — because the
 * buffer names a frame — the frames in between unwound: their __finally blocks
 * run (written as a MinGW scope table, since gcc has no __try). */
#include <setjmp.h>
#include <windows.h>

#include "check.h"

static jmp_buf env;
static volatile int finally_calls, finally_abnormal;

void jump_finally_block(BOOLEAN abnormal, void *frame)
{
    (void)frame;
    finally_calls++;
    finally_abnormal = abnormal;
}

/* void with_finally(void (*fn)(int), int arg): __try { fn(arg); } __finally { jump_finally_block(); } */
void with_finally(void (*fn)(int), int arg);
__asm__(".text\n"
        ".globl with_finally\n"
        ".def with_finally; .scl 2; .type 32; .endef\n"
        ".seh_proc with_finally\n"
        "with_finally:\n"
        "  push %rbx\n"
        "  .seh_pushreg %rbx\n"
        "  sub $32, %rsp\n"
        "  .seh_stackalloc 32\n"
        "  .seh_endprologue\n"
        "  mov %rcx, %rax\n"
        "  mov %edx, %ecx\n"
        "wf_try_begin:\n"
        "  call *%rax\n"
        "  nop\n"
        "wf_try_end:\n"
        "  xor %ecx, %ecx\n"
        "  xor %edx, %edx\n"
        "  call jump_finally_block\n"
        "  add $32, %rsp\n"
        "  pop %rbx\n"
        "  ret\n"
        "  .seh_handler __C_specific_handler, @unwind, @except\n"
        "  .seh_handlerdata\n"
        "  .long 1\n"
        "  .rva wf_try_begin, wf_try_end, jump_finally_block\n"
        "  .long 0\n"
        "  .text\n"
        ".seh_endproc\n");

/* gcc takes the recursion that ends in longjmp for an endless one. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static __attribute__((noinline)) void jump_from(int depth)
{
    if (depth > 0)
        jump_from(depth - 1);
    longjmp(env, 0);
}

static __attribute__((noinline)) void jump_with(int value)
{
    longjmp(env, value);
}

static void test_longjmp(void)
{
    volatile int passes = 0;
    int r = setjmp(env);
    passes++;
    if (r == 0) {
        jump_with(42);
        ok(0, "longjmp returned");
    }
    ok(r == 42 && passes == 2, "setjmp returned %d on pass %d", r, passes);

    passes = 0;
    r = setjmp(env);
    passes++;
    if (r == 0)
        jump_from(5);
    ok(r == 1 && passes == 2, "longjmp(env, 0): setjmp returned %d on pass %d", r, passes);
}

static void test_longjmp_runs_finally(void)
{
    volatile int passes = 0;
    finally_calls = 0;
    int r = setjmp(env);
    passes++;
    if (r == 0)
        with_finally(jump_from, 3);
    ok(r == 1 && passes == 2, "through __finally: setjmp returned %d on pass %d", r, passes);
    ok(finally_calls == 1 && finally_abnormal == 1, "__finally: %d calls, abnormal %d", finally_calls,
       finally_abnormal);

    /* Without an exception, the __finally runs normally, once. */
    finally_calls = 0;
    with_finally((void (*)(int))Sleep, 0);
    ok(finally_calls == 1 && finally_abnormal == 0, "normal __finally: %d calls, abnormal %d",
       finally_calls, finally_abnormal);
}

int main(void)
{
    test_longjmp();
    test_longjmp_runs_finally();
    return check_summary();
}
