/* math.h: values on exact cases and errno on domain and range errors. Built
 * for msvcrt (mingw) and the UCRT (zig). Compilers replace most math calls
 * with builtins or their own library code, so every function is looked up
 * in the CRT DLL itself with GetProcAddress: the DLL's exports must answer. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check.h"

#ifdef _UCRT
#define CRT "ucrtbase.dll"
#else
#define CRT "msvcrt.dll"
#endif

typedef double(__cdecl *fn1)(double);
typedef double(__cdecl *fn2)(double, double);
typedef float(__cdecl *fn1f)(float);
typedef float(__cdecl *fn2f)(float, float);
typedef double(__cdecl *fn_di)(double, int);
typedef double(__cdecl *fn_dpi)(double, int *);
typedef double(__cdecl *fn_dpd)(double, double *);
typedef int(__cdecl *fn_id)(double);
typedef long(__cdecl *fn_ld)(double);

static HMODULE crt;

static FARPROC get(const char *name)
{
    FARPROC f = GetProcAddress(crt, name);
    ok(f != NULL, "%s exports %s", CRT, name);
    return f;
}

/* One-argument function `name` at x; NAN if it is missing. */
static double call1(const char *name, double x)
{
    fn1 f = (fn1)get(name);
    return f ? f(x) : NAN;
}

static double call2(const char *name, double x, double y)
{
    fn2 f = (fn2)get(name);
    return f ? f(x, y) : NAN;
}

int main(void)
{
    crt = LoadLibraryA(CRT);
    ok(crt != NULL, "LoadLibrary(%s)", CRT);
    if (!crt)
        return check_summary();

    ok(call1("sin", 0.0) == 0.0 && call1("cos", 0.0) == 1.0, "sin/cos at 0");
    ok(fabs(call1("sin", M_PI / 6) - 0.5) < 1e-15, "sin(pi/6)");
    ok(fabs(call2("atan2", 1.0, 1.0) - M_PI / 4) < 1e-15, "atan2");
    ok(call1("sqrt", 16.0) == 4.0 && call2("pow", 2.0, 10.0) == 1024.0, "sqrt/pow exact");
    ok(call1("exp", 0.0) == 1.0 && call1("log", 1.0) == 0.0, "exp/log");
    ok(call1("log10", 1000.0) == 3.0, "log10");
    ok(call1("floor", -1.5) == -2.0 && call1("ceil", -1.5) == -1.0, "floor/ceil");
    ok(call2("fmod", 7.5, 2.0) == 1.5 && call2("fmod", -7.5, 2.0) == -1.5, "fmod keeps the sign");
    ok(call2("_hypot", 5.0, 12.0) == 13.0, "_hypot");
    ok(call2("_copysign", 3.0, -1.0) == -3.0, "_copysign");
    ok(call2("_nextafter", 1.0, 2.0) == 1.0 + DBL_EPSILON, "_nextafter");
    ok(fabs(call1("tanh", 0.5) - 0.46211715726000974) < 1e-15, "tanh");

    fn_di ldexp_ = (fn_di)get("ldexp");
    ok(ldexp_ && ldexp_(0.75, 4) == 12.0, "ldexp");
    fn_dpi frexp_ = (fn_dpi)get("frexp");
    int e = 0;
    ok(frexp_ && frexp_(12.0, &e) == 0.75 && e == 4, "frexp");
    fn_dpd modf_ = (fn_dpd)get("modf");
    double ip = 0;
    ok(modf_ && modf_(-3.25, &ip) == -0.25 && ip == -3.0, "modf");
    fn_id isnan_ = (fn_id)get("_isnan"), finite_ = (fn_id)get("_finite"), fpclass_ = (fn_id)get("_fpclass");
    ok(isnan_ && isnan_(NAN) && !isnan_(1.0), "_isnan");
    ok(finite_ && finite_(1.0) && !finite_(INFINITY), "_finite");
    ok(fpclass_ && fpclass_(-0.0) == _FPCLASS_NZ && fpclass_(1.0) == _FPCLASS_PN &&
           fpclass_(-INFINITY) == _FPCLASS_NINF && fpclass_(NAN) == _FPCLASS_QNAN,
       "_fpclass");
    fn1f sqrtf_ = (fn1f)get("sqrtf");
    fn2f powf_ = (fn2f)get("powf");
    ok(sqrtf_ && powf_ && sqrtf_(16.0f) == 4.0f && powf_(2.0f, 3.0f) == 8.0f, "float variants");
#ifdef _UCRT
    /* C99 additions the UCRT exports (msvcrt.dll has none of them). */
    ok(call1("round", 2.5) == 3.0 && call1("round", -2.5) == -3.0 && call1("trunc", -2.7) == -2.0,
       "round halfway away from zero, trunc");
    ok(call1("cbrt", 27.0) == 3.0, "cbrt");
    ok(fabs(call1("erf", 0.5) - 0.5204998778130465) < 1e-15, "erf");
    fn_ld lround_ = (fn_ld)get("lround");
    ok(lround_ && lround_(2.5) == 3 && lround_(-2.5) == -3, "lround");
#endif

    errno = 0;
    ok(isnan(call1("sqrt", -1.0)) && errno == EDOM, "sqrt(-1): EDOM (errno %d)", errno);
    errno = 0;
    ok(isnan(call1("acos", 2.0)) && errno == EDOM, "acos(2): EDOM");
    errno = 0;
    ok(isnan(call1("log", -1.0)) && errno == EDOM, "log(-1): EDOM");
    errno = 0;
    ok(call1("log", 0.0) == -HUGE_VAL && errno == ERANGE, "log(0): ERANGE (errno %d)", errno);
    errno = 0;
    ok(call1("exp", 1000.0) == HUGE_VAL && errno == ERANGE, "exp overflow: ERANGE");
    errno = 0;
    ok(call2("pow", 10.0, 400.0) == HUGE_VAL && errno == ERANGE, "pow overflow: ERANGE");
    return check_summary();
}
