// toolchains: zig
/* fenv.h as ucrtbase.dll exports it: fenv_t {_Fe_ctl, _Fe_stat} in the UCRT's
 * encoding (each abstract _controlfp/_statusfp bit doubled by an SSE marker
 * bit), rounding modes on MXCSR only (the x87 control word is left alone,
 * which is why MinGW's libraries do not import these), exception flags, hold and
 * update. MinGW's headers route fe* to its own static library, so the UCRT's
 * exports are called through GetProcAddress. Wine 8 differs: it lacks
 * feholdexcept, feupdateenv and feraiseexcept, and its fesetround rewrites the
 * x87 control word; the encodings and flags agree with it. */
#include <float.h>
#include <windows.h>

#include "check.h"

typedef struct {
    unsigned long ctl, stat;
} ucrt_fenv;

static int(__cdecl *p_fegetenv)(ucrt_fenv *);
static int(__cdecl *p_fesetenv)(const ucrt_fenv *);
static int(__cdecl *p_feholdexcept)(ucrt_fenv *);
static int(__cdecl *p_feupdateenv)(const ucrt_fenv *);
static int(__cdecl *p_fegetround)(void);
static int(__cdecl *p_fesetround)(int);
static int(__cdecl *p_fetestexcept)(int);
static int(__cdecl *p_feclearexcept)(int);
static int(__cdecl *p_feraiseexcept)(int);
static int(__cdecl *p_fegetexceptflag)(unsigned long *, int);
static int(__cdecl *p_fesetexceptflag)(const unsigned long *, int);

#define UP 0x200
#define DOWN 0x100
#define CHOP 0x300
#define INEXACT 0x1
#define UNDERFLOW 0x2
#define OVERFLOW 0x4
#define DIVBYZERO 0x8
#define INVALID 0x10
#define ALL 0x1F
/* The default control word: every exception masked, round to nearest. */
#define DEFAULT_CTL 0x3f00003ful

static unsigned short x87_control(void)
{
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static volatile double quotient;

/* a / b, computed at run time even when the result is not used. */
static double divide(double a, double b)
{
    volatile double x = a, y = b;
    quotient = x / y;
    return quotient;
}

static void test_rounding(void)
{
    unsigned short x87 = x87_control();
    ok(p_fegetround() == 0, "default rounding %d", p_fegetround());
    ok(p_fesetround(UP) == 0, "fesetround(FE_UPWARD)");
    ok(p_fegetround() == UP, "fegetround %#x", p_fegetround());
    ok((_controlfp(0, 0) & _MCW_RC) == _RC_UP, "_controlfp sees it: %#x", _controlfp(0, 0));
    double up = divide(1, 3);
    ucrt_fenv env = {1, 1};
    p_feclearexcept(ALL);
    ok(p_fegetenv(&env) == 0 && env.ctl == (DEFAULT_CTL | 0x80000200ul) && env.stat == 0,
       "fegetenv while rounding up: %#lx %#lx", env.ctl, env.stat);
    ok(x87_control() == x87, "the x87 control word is untouched: %#x", x87_control());
    ok(p_fesetround(DOWN) == 0 && p_fegetround() == DOWN, "FE_DOWNWARD");
    double down = divide(1, 3);
    ok(up > down, "the mode reaches SSE arithmetic");
    ok(p_fesetround(CHOP) == 0 && p_fegetround() == CHOP, "FE_TOWARDZERO");
    ok(p_fegetenv(&env) == 0 && env.ctl == (DEFAULT_CTL | 0xc0000300ul), "ctl %#lx", env.ctl);
    ok(p_fesetround(0x400) != 0 && p_fegetround() == CHOP, "an unknown mode is refused");
    ok(p_fesetround(0) == 0 && p_fegetround() == 0, "FE_TONEAREST");
}

static void test_flags(void)
{
    ok(p_feclearexcept(ALL) == 0 && p_fetestexcept(ALL) == 0, "cleared");
    ok(p_feraiseexcept(DIVBYZERO | INEXACT) == 0, "feraiseexcept");
    ok(p_fetestexcept(ALL) == (DIVBYZERO | INEXACT), "raised %#x", p_fetestexcept(ALL));
    ok(p_fetestexcept(INEXACT | OVERFLOW) == INEXACT, "fetestexcept masks its argument");
    ok((_statusfp() & 0x1f) == (_SW_ZERODIVIDE | _SW_INEXACT), "_statusfp %#x", _statusfp());
    unsigned long flags = 0;
    ok(p_fegetexceptflag(&flags, ALL) == 0 && flags == 0x09000009ul, "fexcept_t %#lx", flags);
    ok(p_fegetexceptflag(&flags, INEXACT) == 0 && flags == 0x01000001ul, "fexcept_t %#lx", flags);
    ok(p_feclearexcept(INEXACT) == 0 && p_fetestexcept(ALL) == DIVBYZERO, "feclearexcept");
    ok(p_fesetexceptflag(&flags, ALL) == 0 && p_fetestexcept(ALL) == INEXACT,
       "fesetexceptflag sets and clears: %#x", p_fetestexcept(ALL));
    divide(0, 0);
    ok(p_fetestexcept(INVALID) == INVALID, "0/0 flags FE_INVALID");
    divide(1, 0);
    ok(p_fetestexcept(DIVBYZERO) == DIVBYZERO, "1/0 flags FE_DIVBYZERO");
    p_feclearexcept(ALL);
}

static void test_environment(void)
{
    ucrt_fenv saved, held, env;
    p_feraiseexcept(OVERFLOW);
    ok(p_fegetenv(&saved) == 0 && saved.ctl == DEFAULT_CTL && saved.stat == 0x04000004ul,
       "fegetenv %#lx %#lx", saved.ctl, saved.stat);

    _controlfp(_EM_INVALID, _MCW_EM); /* unmask all but invalid */
    p_fesetround(UP);
    ok(p_feholdexcept(&held) == 0, "feholdexcept");
    ok(held.ctl == (0x10000010ul | 0x80000200ul) && held.stat == 0x04000004ul,
       "held %#lx %#lx", held.ctl, held.stat);
    ok((_controlfp(0, 0) & _MCW_EM) == _MCW_EM, "every exception masked: %#x",
       _controlfp(0, 0));
    ok(p_fetestexcept(ALL) == 0, "flags cleared");
    divide(1, 0); /* masked now: only flags */
    ok(p_feupdateenv(&held) == 0, "feupdateenv");
    ok(p_fetestexcept(ALL) == (OVERFLOW | DIVBYZERO), "old and new flags %#x",
       p_fetestexcept(ALL));
    ok((_controlfp(0, 0) & (_MCW_EM | _MCW_RC)) == (_EM_INVALID | _RC_UP),
       "held control restored: %#x", _controlfp(0, 0));

    ok(p_fesetenv(&saved) == 0, "fesetenv");
    ok((_controlfp(0, 0) & (_MCW_EM | _MCW_RC)) == _MCW_EM && p_fetestexcept(ALL) == OVERFLOW,
       "saved environment back: %#x %#x", _controlfp(0, 0), p_fetestexcept(ALL));
    env.ctl = 0;
    env.stat = 0;
    p_fesetround(DOWN);
    ok(p_fesetenv(&env) == 0 && p_fegetround() == 0 && p_fetestexcept(ALL) == 0,
       "an all-zero environment is the default one");
}

int main(void)
{
    HMODULE ucrt = LoadLibraryA("ucrtbase.dll");
    ok(ucrt != NULL, "ucrtbase.dll loads");
    if (!ucrt)
        return check_summary();
#define GET(name)                                                                              \
    p_##name = (void *)GetProcAddress(ucrt, #name);                                            \
    ok(p_##name != NULL, #name " is exported")
    GET(fegetenv);
    GET(fesetenv);
    GET(feholdexcept);
    GET(feupdateenv);
    GET(fegetround);
    GET(fesetround);
    GET(fetestexcept);
    GET(feclearexcept);
    GET(feraiseexcept);
    GET(fegetexceptflag);
    GET(fesetexceptflag);
    if (p_fegetenv && p_fesetenv && p_feholdexcept && p_feupdateenv && p_fegetround &&
        p_fesetround && p_fetestexcept && p_feclearexcept && p_feraiseexcept &&
        p_fegetexceptflag && p_fesetexceptflag) {
        test_rounding();
        test_flags();
        test_environment();
    }
    return check_summary();
}
