/* setjmp/longjmp: the value setjmp returns the second time (0 becomes 1),
 * locals kept in callee-saved registers, a jump out of nested calls, and
 * floating-point state restored. Built for msvcrt (mingw) and the UCRT (zig). */
#include <float.h>
#include <setjmp.h>

#include "check.h"

#ifndef _SW_ZERODIVIDE
#define _SW_ZERODIVIDE 0x00000008
#endif

static jmp_buf env;
static int depth;

static void dive(int n);
/* Called through a pointer so the compiler keeps every frame. */
static void (*volatile next_level)(int) = dive;

static void dive(int n)
{
    depth = n;
    if (n < 10)
        next_level(n + 1);
    longjmp(env, 42);
}

static __attribute__((noinline)) void jump_with(int value)
{
    longjmp(env, value);
}

int main(void)
{
    volatile int passes = 0;
    int r = setjmp(env);
    passes++;
    if (r == 0) {
        ok(passes == 1, "setjmp returns 0 first");
        jump_with(7);
    }
    ok(r == 7 && passes == 2, "longjmp's value comes back: %d after %d passes", r, passes);

    r = setjmp(env);
    if (r == 0)
        jump_with(0);
    ok(r == 1, "longjmp(env, 0) makes setjmp return 1: %d", r);

    /* Locals in callee-saved registers keep their values across the jump (they are not
     * modified after setjmp, so C guarantees them). */
    register long a = 0x1111, b = 0x2222, c = 0x3333;
    double x = 1.25;
    r = setjmp(env);
    if (r == 0)
        dive(0);
    ok(r == 42 && depth == 10, "a jump out of nested calls: %d, depth %d", r, depth);
    ok(a == 0x1111 && b == 0x2222 && c == 0x3333 && x == 1.25, "locals survive");

    unsigned int cw = _controlfp(0, 0);
    r = setjmp(env);
    if (r == 0) {
        _controlfp(_RC_DOWN, _MCW_RC);
        jump_with(3);
    }
    ok((_controlfp(0, 0) & _MCW_RC) == (cw & _MCW_RC), "the rounding mode is restored");

    /* The float.h control word itself. */
    ok(cw == (_EM_INVALID | _EM_DENORMAL | _EM_ZERODIVIDE | _EM_OVERFLOW | _EM_UNDERFLOW | _EM_INEXACT),
       "Windows' default control word: %#x", cw);
    ok((_controlfp(_RC_CHOP, _MCW_RC) & _MCW_RC) == _RC_CHOP, "_controlfp sets the rounding");
    volatile double three = 3.0;
    ok((int)(1e6 * (2.0 / three)) == 666666, "chopped arithmetic");
    _controlfp(_RC_UP, _MCW_RC);
    ok(2.0 / three > 0.6666666666666666, "rounding up: %.17g", 2.0 / three);
    ok(_controlfp(_RC_NEAR, _MCW_RC) == cw, "back to round-to-nearest");
    _clearfp();
    volatile double zero = 0.0;
    volatile double q = 1.0 / zero;
    (void)q;
    ok(_statusfp() & _SW_ZERODIVIDE, "_statusfp sees a division by zero");
    ok(_clearfp() & _SW_ZERODIVIDE, "_clearfp returns it");
    ok(!(_statusfp() & _SW_ZERODIVIDE), "and clears it");
    return check_summary();
}
