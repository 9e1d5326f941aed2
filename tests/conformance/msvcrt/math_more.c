/* math.h, complex.h, the floating-point primitives and stdlib.h's number conversions that
 * math.c and stdlib.c leave out: C99's fma/nan/remquo/nexttoward and the float and long double
 * forms, the UCRT's _Dcomplex/_Fcomplex functions, _dclass and friends, _ecvt/_fcvt,
 * _atodbl, the _l conversions, _rotl/_byteswap, _swab and rand_s. Built for msvcrt (mingw) and
 * the UCRT (zig); each function is looked up in the CRT DLL with GetProcAddress, so the DLL's
 * export answers rather than a compiler builtin, and called through a pointer of the type
 * Microsoft's headers give it. Long double is double in MSVC's x64 ABI, so the `l` exports are
 * called as double functions. */
#include <complex.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifdef _UCRT
#define CRT "ucrtbase.dll"
#else
#define CRT "msvcrt.dll"
#endif

/* _Dcomplex and _Fcomplex as the UCRT declares them: the compiler passes the 16-byte one by
 * address and returns it through a hidden pointer, the 8-byte one in an integer register. */
typedef struct { double re, im; } dcomplex;
typedef struct { float re, im; } fcomplex;

static HMODULE crt;

static FARPROC get(const char *name)
{
    FARPROC f = GetProcAddress(crt, name);
    ok(f != NULL, "%s exports %s", CRT, name);
    return f;
}

/* A pointer of type `type` to export `name`; the checks using it are skipped when missing. */
#define FN(type, name) ((type)get(name))

typedef double(__cdecl *d_d)(double);
typedef double(__cdecl *d_dd)(double, double);
typedef double(__cdecl *d_ddd)(double, double, double);
typedef float(__cdecl *f_f)(float);
typedef float(__cdecl *f_fff)(float, float, float);
typedef double(__cdecl *d_di)(double, long);
typedef float(__cdecl *f_fi)(float, long);
typedef int(__cdecl *i_d)(double);
typedef int(__cdecl *i_f)(float);
typedef long(__cdecl *l_f)(float);
typedef long(__cdecl *l_d)(double);
typedef long long(__cdecl *ll_f)(float);
typedef long long(__cdecl *ll_d)(double);

static uint32_t fbits(float x)
{
    uint32_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

#ifdef _UCRT
static uint64_t bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static int close_to(double got, double want)
{
    return fabs(got - want) <= 1e-15 * (fabs(want) > 1 ? fabs(want) : 1);
}

static int close_tof(float got, float want)
{
    return fabsf(got - want) <= 1e-6f * (fabsf(want) > 1 ? fabsf(want) : 1);
}
#endif

/* Functions msvcrt.dll and the UCRT both export. */
static void test_float_helpers(void)
{
    f_f chgsignf = FN(f_f, "_chgsignf");
    i_f isnanf_ = FN(i_f, "_isnanf"), finitef = FN(i_f, "_finitef"), fpclassf = FN(i_f, "_fpclassf");
    f_fi scalbf = FN(f_fi, "_scalbf");
    if (chgsignf)
        ok(chgsignf(1.5f) == -1.5f && fbits(chgsignf(0.0f)) == 0x80000000, "_chgsignf");
    if (isnanf_)
        ok(isnanf_(NAN) == 1 && isnanf_(INFINITY) == 0 && isnanf_(1.0f) == 0, "_isnanf");
    if (finitef)
        ok(finitef(1.0f) == 1 && finitef(INFINITY) == 0 && finitef(NAN) == 0, "_finitef");
    if (fpclassf) {
        ok(fpclassf(1.0f) == _FPCLASS_PN && fpclassf(-1.0f) == _FPCLASS_NN, "_fpclassf normal");
        ok(fpclassf(1e-40f) == _FPCLASS_PD && fpclassf(-1e-40f) == _FPCLASS_ND,
           "_fpclassf subnormal: %#x", fpclassf(1e-40f));
        ok(fpclassf(-0.0f) == _FPCLASS_NZ && fpclassf(-INFINITY) == _FPCLASS_NINF &&
               fpclassf(NAN) == _FPCLASS_QNAN,
           "_fpclassf zero, infinity, NaN");
    }
    if (scalbf)
        ok(scalbf(3.0f, -1) == 1.5f && scalbf(1.5f, 4) == 24.0f, "_scalbf");

    double (__cdecl *cabs_)(dcomplex) = FN(double (__cdecl *)(dcomplex), "_cabs");
    dcomplex z = {3.0, 4.0};
    if (cabs_)
        ok(cabs_(z) == 5.0, "_cabs(3+4i)");
}

static void test_l_conversions(void)
{
    wchar_t *wend;
    long (__cdecl *wcstol_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(long (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstol_l");
    unsigned long (__cdecl *wcstoul_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(unsigned long (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstoul_l");
    long long (__cdecl *wcstoi64_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(long long (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstoi64_l");
    unsigned long long (__cdecl *wcstoui64_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(unsigned long long (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t),
           "_wcstoui64_l");
    if (wcstol_l) {
        const wchar_t *s = L" -123x";
        ok(wcstol_l(s, &wend, 10, NULL) == -123 && wend == s + 5, "_wcstol_l");
        errno = 0;
        ok(wcstol_l(L"99999999999", NULL, 10, NULL) == LONG_MAX && errno == ERANGE,
           "_wcstol_l overflow: ERANGE");
    }
    if (wcstoul_l)
        ok(wcstoul_l(L"0xffffffff", NULL, 0, NULL) == 0xffffffffUL, "_wcstoul_l base 0");
    if (wcstoi64_l)
        ok(wcstoi64_l(L"-9000000000", NULL, 10, NULL) == -9000000000LL, "_wcstoi64_l");
    if (wcstoui64_l)
        ok(wcstoui64_l(L"18446744073709551615", NULL, 10, NULL) == UINT64_MAX, "_wcstoui64_l");

    int (__cdecl *atoi_l)(const char *, _locale_t) = FN(int (__cdecl *)(const char *, _locale_t), "_atoi_l");
    long (__cdecl *atol_l)(const char *, _locale_t) = FN(long (__cdecl *)(const char *, _locale_t), "_atol_l");
    long long (__cdecl *atoi64_l)(const char *, _locale_t) =
        FN(long long (__cdecl *)(const char *, _locale_t), "_atoi64_l");
    int (__cdecl *wtoi_l)(const wchar_t *, _locale_t) = FN(int (__cdecl *)(const wchar_t *, _locale_t), "_wtoi_l");
    long (__cdecl *wtol_l)(const wchar_t *, _locale_t) = FN(long (__cdecl *)(const wchar_t *, _locale_t), "_wtol_l");
    long long (__cdecl *wtoi64_l)(const wchar_t *, _locale_t) =
        FN(long long (__cdecl *)(const wchar_t *, _locale_t), "_wtoi64_l");
    double (__cdecl *wtof_l)(const wchar_t *, _locale_t) =
        FN(double (__cdecl *)(const wchar_t *, _locale_t), "_wtof_l");
    if (atoi_l)
        ok(atoi_l("  42abc", NULL) == 42, "_atoi_l");
    if (atol_l)
        ok(atol_l("-7", NULL) == -7, "_atol_l");
    if (atoi64_l)
        ok(atoi64_l("-9000000000", NULL) == -9000000000LL, "_atoi64_l");
    if (wtoi_l)
        ok(wtoi_l(L"12", NULL) == 12, "_wtoi_l");
    if (wtol_l)
        ok(wtol_l(L"-12", NULL) == -12, "_wtol_l");
    if (wtoi64_l)
        ok(wtoi64_l(L"5000000000", NULL) == 5000000000LL, "_wtoi64_l");
    if (wtof_l)
        ok(wtof_l(L"2.5e1", NULL) == 25.0, "_wtof_l");
}

/* _CRT_DOUBLE and _CRT_FLOAT are structures around one value; the results are 0,
 * _OVERFLOW (3) or _UNDERFLOW (4). */
static void test_atodbl(void)
{
    int (__cdecl *atodbl)(double *, char *) = FN(int (__cdecl *)(double *, char *), "_atodbl");
    int (__cdecl *atodbl_l)(double *, char *, _locale_t) =
        FN(int (__cdecl *)(double *, char *, _locale_t), "_atodbl_l");
    int (__cdecl *atoflt_l)(float *, const char *, _locale_t) =
        FN(int (__cdecl *)(float *, const char *, _locale_t), "_atoflt_l");
    double d = 0;
    float f = 0;
    if (atodbl) {
        ok(atodbl(&d, "1.5") == 0 && d == 1.5, "_atodbl(1.5)");
        ok(atodbl(&d, " -2.25e2xyz") == 0 && d == -225.0, "_atodbl stops at the first non-digit");
        ok(atodbl(&d, "1e999") == 3, "_atodbl overflow: _OVERFLOW");
        ok(atodbl(&d, "1e-999") == 4, "_atodbl underflow: _UNDERFLOW");
    }
    if (atodbl_l)
        ok(atodbl_l(&d, "0.125", NULL) == 0 && d == 0.125, "_atodbl_l");
    if (atoflt_l) {
        ok(atoflt_l(&f, "0.5", NULL) == 0 && f == 0.5f, "_atoflt_l");
        ok(atoflt_l(&f, "1e39", NULL) == 3, "_atoflt_l overflow: _OVERFLOW");
        ok(atoflt_l(&f, "1e-50", NULL) == 4, "_atoflt_l underflow: _UNDERFLOW");
    }

    /* _LDOUBLE: the ten bytes of an x87 extended value, little-endian mantissa then the
     * sign and exponent. */
    typedef struct { unsigned char ld[10]; } ldouble10;
    int (__cdecl *atoldbl)(ldouble10 *, char *) = FN(int (__cdecl *)(ldouble10 *, char *), "_atoldbl");
    int (__cdecl *atoldbl_l)(ldouble10 *, char *, _locale_t) =
        FN(int (__cdecl *)(ldouble10 *, char *, _locale_t), "_atoldbl_l");
    ldouble10 ld;
    static const unsigned char one_and_a_half[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0x3F};
    static const unsigned char minus_225[10] = {0, 0, 0, 0, 0, 0, 0, 0xE1, 0x06, 0xC0};
    if (atoldbl) {
        ok(atoldbl(&ld, "1.5") == 0 && !memcmp(ld.ld, one_and_a_half, 10), "_atoldbl(1.5)");
        ok(atoldbl(&ld, "1e5000") == 3, "_atoldbl overflow: _OVERFLOW");
        ok(atoldbl(&ld, "1e-5000") == 4, "_atoldbl underflow: _UNDERFLOW");
    }
    if (atoldbl_l)
        ok(atoldbl_l(&ld, " -2.25e2", NULL) == 0 && !memcmp(ld.ld, minus_225, 10), "_atoldbl_l(-225)");
#ifdef _UCRT
    int (__cdecl *atoflt)(float *, const char *) = FN(int (__cdecl *)(float *, const char *), "_atoflt");
    if (atoflt)
        ok(atoflt(&f, "-3.75") == 0 && f == -3.75f, "_atoflt");
#endif
}

typedef char *(__cdecl *cvt_fn)(double, int, int *, int *);
typedef int(__cdecl *cvt_s_fn)(char *, size_t, double, int, int *, int *);

/* The values Wine's tests check on Windows. */
static const struct {
    double value;
    int count;
    const char *ecvt, *fcvt;
    int ecvt_dec, fcvt_dec, sign;
} cvt_cases[] = {
    {45.0, 2, "45", "4500", 2, 2, 0},
    {0.0001, 1, "1", "", -3, -3, 0},
    {0.0001, 10, "1000000000", "1000000", -3, -3, 0},
    {-111.0001, 5, "11100", "11100010", 3, 3, 1},
    {111.0001, 5, "11100", "11100010", 3, 3, 0},
    {3333.3, 2, "33", "333330", 4, 4, 0},
    {999999999999.9, 3, "100", "999999999999900", 13, 12, 0},
    {0.0, 5, "00000", "00000", 0, 0, 0},
    {0.0, 0, "", "", 0, 0, 0},
};

static void test_ecvt_fcvt(void)
{
    cvt_fn ecvt = FN(cvt_fn, "_ecvt"), fcvt = FN(cvt_fn, "_fcvt");
    cvt_s_fn ecvt_s = FN(cvt_s_fn, "_ecvt_s"), fcvt_s = FN(cvt_s_fn, "_fcvt_s");
    int dec, sign;
    char buf[64];
    for (size_t i = 0; i < sizeof cvt_cases / sizeof cvt_cases[0]; i++) {
        double v = cvt_cases[i].value;
        int n = cvt_cases[i].count;
        if (ecvt) {
            dec = sign = -99;
            char *s = ecvt(v, n, &dec, &sign);
            ok(!strcmp(s, cvt_cases[i].ecvt) && dec == cvt_cases[i].ecvt_dec &&
                   sign == cvt_cases[i].sign,
               "_ecvt(%d): \"%s\" dec %d sign %d", (int)i, s, dec, sign);
        }
        if (fcvt) {
            dec = sign = -99;
            char *s = fcvt(v, n, &dec, &sign);
            ok(!strcmp(s, cvt_cases[i].fcvt) && dec == cvt_cases[i].fcvt_dec &&
                   sign == cvt_cases[i].sign,
               "_fcvt(%d): \"%s\" dec %d sign %d", (int)i, s, dec, sign);
        }
        if (ecvt_s) {
            memset(buf, 'x', sizeof buf);
            int r = ecvt_s(buf, sizeof buf, v, n, &dec, &sign);
            ok(r == 0 && !strcmp(buf, cvt_cases[i].ecvt) && dec == cvt_cases[i].ecvt_dec,
               "_ecvt_s(%d): %d \"%s\" dec %d", (int)i, r, buf, dec);
        }
        if (fcvt_s) {
            memset(buf, 'x', sizeof buf);
            int r = fcvt_s(buf, sizeof buf, v, n, &dec, &sign);
            ok(r == 0 && !strcmp(buf, cvt_cases[i].fcvt) && dec == cvt_cases[i].fcvt_dec,
               "_fcvt_s(%d): %d \"%s\" dec %d", (int)i, r, buf, dec);
        }
    }
    if (fcvt) {
        char *s = fcvt(0.00636, 2, &dec, &sign);
        ok(!strcmp(s, "1") && dec == -1, "_fcvt rounds up into a new digit: \"%s\" %d", s, dec);
        s = fcvt(0.09999999996, 2, &dec, &sign);
        ok(!strcmp(s, "10") && dec == 0, "_fcvt carries: \"%s\" %d", s, dec);
        s = fcvt(0.6, 0, &dec, &sign);
        ok(!strcmp(s, "1") && dec == 1, "_fcvt to no decimals: \"%s\" %d", s, dec);
    }
    /* An infinity or NaN converts as the significand text "1#INF", "1#IND" (0.0/0.0's
     * indefinite NaN), "1#QNAN" at position 1, rounded like digits. Wine 8's ucrtbase spells
     * them the printf way ("if" for _ecvt(inf, 2)); Microsoft's UCRT source uses this text too. */
    if (ecvt && fcvt) {
        uint64_t indefinite_bits = 0xFFF8000000000000ull;
        double indefinite;
        memcpy(&indefinite, &indefinite_bits, sizeof indefinite);
        char *s = ecvt(INFINITY, 5, &dec, &sign);
        ok(!strcmp(s, "1#INF") && dec == 1 && sign == 0, "_ecvt(inf): \"%s\" %d", s, dec);
        s = ecvt(indefinite, 5, &dec, &sign);
        ok(!strcmp(s, "1#IND") && dec == 1 && sign == 1, "_ecvt(indefinite NaN): \"%s\" %d", s, dec);
        s = fcvt(INFINITY, 2, &dec, &sign);
        ok(!strcmp(s, "1#J") && dec == 1, "_fcvt(inf, 2) rounds the text: \"%s\" %d", s, dec);
    }
    if (ecvt_s) {
        errno = 0;
        ok(ecvt_s(buf, 3, 12345.0, 3, &dec, &sign) == ERANGE && buf[0] == 0 && errno == ERANGE,
           "_ecvt_s: the digits and terminator must fit");
        ok(ecvt_s(NULL, 10, 1.0, 3, &dec, &sign) == EINVAL, "_ecvt_s: NULL buffer");
    }
    if (fcvt_s)
        ok(fcvt_s(buf, sizeof buf, 1.0, 3, NULL, &sign) == EINVAL, "_fcvt_s: NULL dec");
}

static void test_bits(void)
{
    unsigned (__cdecl *rotl)(unsigned, int) = FN(unsigned (__cdecl *)(unsigned, int), "_rotl");
    unsigned (__cdecl *rotr)(unsigned, int) = FN(unsigned (__cdecl *)(unsigned, int), "_rotr");
    unsigned long (__cdecl *lrotl)(unsigned long, int) =
        FN(unsigned long (__cdecl *)(unsigned long, int), "_lrotl");
    unsigned long (__cdecl *lrotr)(unsigned long, int) =
        FN(unsigned long (__cdecl *)(unsigned long, int), "_lrotr");
    uint64_t (__cdecl *rotl64)(uint64_t, int) = FN(uint64_t (__cdecl *)(uint64_t, int), "_rotl64");
    uint64_t (__cdecl *rotr64)(uint64_t, int) = FN(uint64_t (__cdecl *)(uint64_t, int), "_rotr64");
    if (rotl)
        ok(rotl(0x80000001u, 1) == 3 && rotl(1, 33) == 2 && rotl(0x12345678u, 0) == 0x12345678u,
           "_rotl");
    if (rotr)
        ok(rotr(1, 1) == 0x80000000u && rotr(0x10, 36) == 1, "_rotr");
    if (lrotl)
        ok(lrotl(0xF0000000ul, 4) == 0xFul, "_lrotl");
    if (lrotr)
        ok(lrotr(0xFul, 4) == 0xF0000000ul, "_lrotr");
    if (rotl64)
        ok(rotl64(1ull << 63, 1) == 1 && rotl64(1, 65) == 2, "_rotl64");
    if (rotr64)
        ok(rotr64(1, 4) == 1ull << 60, "_rotr64");
#ifdef _UCRT
    unsigned short (__cdecl *bswap16)(unsigned short) =
        FN(unsigned short (__cdecl *)(unsigned short), "_byteswap_ushort");
    unsigned long (__cdecl *bswap32)(unsigned long) =
        FN(unsigned long (__cdecl *)(unsigned long), "_byteswap_ulong");
    uint64_t (__cdecl *bswap64)(uint64_t) = FN(uint64_t (__cdecl *)(uint64_t), "_byteswap_uint64");
    if (bswap16)
        ok(bswap16(0x1234) == 0x3412, "_byteswap_ushort");
    if (bswap32)
        ok(bswap32(0x12345678ul) == 0x78563412ul, "_byteswap_ulong");
    if (bswap64)
        ok(bswap64(0x0102030405060708ull) == 0x0807060504030201ull, "_byteswap_uint64");
#endif

    void (__cdecl *swab_)(char *, char *, int) = FN(void (__cdecl *)(char *, char *, int), "_swab");
    if (swab_) {
        char src[] = "abcdef", dst[8] = "zzzzzzz";
        swab_(src, dst, 5);
        ok(!memcmp(dst, "badczzz", 8), "_swab leaves an odd last byte: \"%s\"", dst);
    }

    int (__cdecl *rand_s_)(unsigned *) = FN(int (__cdecl *)(unsigned *), "rand_s");
    if (rand_s_) {
        unsigned v[4] = {0};
        int r = 0;
        for (int i = 0; i < 4; i++)
            r |= rand_s_(&v[i]);
        ok(r == 0 && !(v[0] == v[1] && v[1] == v[2] && v[2] == v[3]), "rand_s");
        ok(rand_s_(NULL) == EINVAL, "rand_s(NULL): EINVAL");
    }
}

#ifdef _UCRT
static void test_c99_math(void)
{
    d_ddd fma_ = FN(d_ddd, "fma"), fmal_ = FN(d_ddd, "fmal");
    f_fff fmaf_ = FN(f_fff, "fmaf");
    double e30 = ldexp(1.0, -30);
    float e12 = ldexpf(1.0f, -12);
    if (fma_) {
        ok(fma_(2.0, 3.0, 4.0) == 10.0, "fma");
        ok(fma_(1 + e30, 1 - e30, -1.0) == -ldexp(1.0, -60), "fma rounds once");
    }
    if (fmal_)
        ok(fmal_(1 + e30, 1 - e30, -1.0) == -ldexp(1.0, -60), "fmal");
    if (fmaf_)
        ok(fmaf_(1 + e12, 1 - e12, -1.0f) == -ldexpf(1.0f, -24), "fmaf rounds once");

    double (__cdecl *nan_)(const char *) = FN(double (__cdecl *)(const char *), "nan");
    double (__cdecl *nanl_)(const char *) = FN(double (__cdecl *)(const char *), "nanl");
    float (__cdecl *nanf_)(const char *) = FN(float (__cdecl *)(const char *), "nanf");
    if (nan_)
        ok(bits(nan_("")) == 0x7FF8000000000000ull, "nan(\"\"): %llx", (unsigned long long)bits(nan_("")));
    if (nanl_)
        ok(bits(nanl_("")) == 0x7FF8000000000000ull, "nanl(\"\")");
    if (nanf_)
        ok(fbits(nanf_("")) == 0x7FC00000, "nanf(\"\"): %x", fbits(nanf_("")));

    double (__cdecl *remquo_)(double, double, int *) = FN(double (__cdecl *)(double, double, int *), "remquo");
    double (__cdecl *remquol_)(double, double, int *) = FN(double (__cdecl *)(double, double, int *), "remquol");
    float (__cdecl *remquof_)(float, float, int *) = FN(float (__cdecl *)(float, float, int *), "remquof");
    int q = 0;
    if (remquo_) {
        ok(remquo_(10.0, 3.0, &q) == 1.0 && q == 3, "remquo(10, 3)");
        ok(remquo_(-10.0, 3.0, &q) == -1.0 && q == -3, "remquo(-10, 3)");
        ok(remquo_(5.0, 2.0, &q) == 1.0 && q == 2, "remquo(5, 2): the quotient 2.5 rounds to even");
    }
    if (remquol_)
        ok(remquol_(7.0, 2.0, &q) == -1.0 && q == 4, "remquol");
    if (remquof_)
        ok(remquof_(10.0f, 4.0f, &q) == 2.0f && q == 2, "remquof: 2.5 rounds to even");

    d_di scalbln_ = FN(d_di, "scalbln"), scalblnl_ = FN(d_di, "scalblnl"), scalbnl_ = FN(d_di, "scalbnl");
    f_fi scalbnf_ = FN(f_fi, "scalbnf"), scalblnf_ = FN(f_fi, "scalblnf");
    if (scalbln_)
        ok(scalbln_(1.5, 4) == 24.0 && scalbln_(1.0, -1075) == 0.0, "scalbln");
    if (scalblnl_ && scalbnl_)
        ok(scalblnl_(3.0, 2) == 12.0 && scalbnl_(3.0, -1) == 1.5, "scalblnl/scalbnl");
    if (scalbnf_ && scalblnf_)
        ok(scalbnf_(1.5f, 4) == 24.0f && scalblnf_(1.0f, 128) == INFINITY, "scalbnf/scalblnf");

    d_dd nexttoward_ = FN(d_dd, "nexttoward"), nexttowardl_ = FN(d_dd, "nexttowardl"),
         nextafterl_ = FN(d_dd, "nextafterl");
    float (__cdecl *nexttowardf_)(float, double) = FN(float (__cdecl *)(float, double), "nexttowardf");
    if (nexttoward_)
        ok(nexttoward_(1.0, 2.0) == 1.0 + DBL_EPSILON && nexttoward_(1.0, 0.0) == 1.0 - DBL_EPSILON / 2,
           "nexttoward");
    if (nexttowardl_ && nextafterl_)
        ok(nexttowardl_(1.0, 2.0) == 1.0 + DBL_EPSILON && nextafterl_(0.0, -1.0) == -4.9406564584124654e-324,
           "nexttowardl/nextafterl");
    if (nexttowardf_) {
        ok(nexttowardf_(1.0f, 2.0) == 1.0f + FLT_EPSILON, "nexttowardf up");
        /* The direction comes from the double: 1 + 2^-40 is above the float 1. */
        ok(nexttowardf_(1.0f, 1.0 + ldexp(1.0, -40)) == 1.0f + FLT_EPSILON, "nexttowardf toward a double");
        ok(nexttowardf_(1.0f, 1.0) == 1.0f, "nexttowardf to itself");
        ok(fbits(nexttowardf_(0.0f, -1.0)) == 0x80000001, "nexttowardf below zero");
    }

    i_f ilogbf_ = FN(i_f, "ilogbf");
    i_d ilogbl_ = FN(i_d, "ilogbl");
    if (ilogbf_)
        ok(ilogbf_(8.0f) == 3 && ilogbf_(0.75f) == -1 && ilogbf_(0.0f) == INT_MIN &&
               ilogbf_(INFINITY) == INT_MAX && ilogbf_(1e-40f) == -133,
           "ilogbf: %d", ilogbf_(1e-40f));
    if (ilogbl_)
        ok(ilogbl_(1024.0) == 10, "ilogbl");

    l_f lrintf_ = FN(l_f, "lrintf"), lroundf_ = FN(l_f, "lroundf");
    ll_f llrintf_ = FN(ll_f, "llrintf"), llroundf_ = FN(ll_f, "llroundf");
    l_d lrintl_ = FN(l_d, "lrintl"), lroundl_ = FN(l_d, "lroundl");
    ll_d llrintl_ = FN(ll_d, "llrintl"), llroundl_ = FN(ll_d, "llroundl");
    if (lrintf_ && lroundf_)
        ok(lrintf_(2.5f) == 2 && lrintf_(3.5f) == 4 && lroundf_(2.5f) == 3 && lroundf_(-2.5f) == -3,
           "lrintf/lroundf");
    if (llrintf_ && llroundf_)
        ok(llrintf_(-3.5f) == -4 && llroundf_(1e10f) == 10000000000LL, "llrintf/llroundf");
    if (lrintl_ && lroundl_)
        ok(lrintl_(-2.5) == -2 && lroundl_(-0.5) == -1, "lrintl/lroundl");
    if (llrintl_ && llroundl_)
        ok(llrintl_(6.5) == 6 && llroundl_(6.5) == 7, "llrintl/llroundl");

    /* The long double forms of C99's functions, on double. */
    struct { const char *name; double x, want; } l1[] = {
        {"acoshl", 1.0, 0.0},   {"asinhl", 0.0, 0.0},     {"atanhl", 0.0, 0.0},
        {"cbrtl", -27.0, -3.0}, {"erfl", 0.0, 0.0},       {"erfcl", 0.0, 1.0},
        {"exp2l", 10.0, 1024.0}, {"expm1l", 0.0, 0.0},    {"lgammal", 2.0, 0.0},
        {"log1pl", 0.0, 0.0},   {"log2l", 8.0, 3.0},      {"logbl", 10.0, 3.0},
        {"nearbyintl", 2.5, 2.0}, {"rintl", -2.5, -2.0},  {"roundl", 2.5, 3.0},
        {"tgammal", 5.0, 24.0}, {"truncl", -2.7, -2.0},
    };
    for (size_t i = 0; i < sizeof l1 / sizeof l1[0]; i++) {
        d_d f = FN(d_d, l1[i].name);
        if (f)
            ok(f(l1[i].x) == l1[i].want, "%s(%g) = %.17g", l1[i].name, l1[i].x, f(l1[i].x));
    }
    struct { const char *name; double x, y, want; } l2[] = {
        {"copysignl", 3.0, -1.0, -3.0}, {"fdiml", 5.0, 3.0, 2.0}, {"fdiml", 3.0, 5.0, 0.0},
        {"fmaxl", 1.0, 2.0, 2.0},       {"fminl", 1.0, 2.0, 1.0}, {"remainderl", 10.0, 3.0, 1.0},
    };
    for (size_t i = 0; i < sizeof l2 / sizeof l2[0]; i++) {
        d_dd f = FN(d_dd, l2[i].name);
        if (f)
            ok(f(l2[i].x, l2[i].y) == l2[i].want, "%s", l2[i].name);
    }
}

static void test_complex(void)
{
    typedef dcomplex(__cdecl * c_c)(dcomplex);
    typedef fcomplex(__cdecl * fc_fc)(fcomplex);
    dcomplex z, r;
    fcomplex fz, fr;

    dcomplex (__cdecl *cbuild)(double, double) = FN(dcomplex (__cdecl *)(double, double), "_Cbuild");
    dcomplex (__cdecl *lcbuild)(double, double) = FN(dcomplex (__cdecl *)(double, double), "_LCbuild");
    fcomplex (__cdecl *fcbuild)(float, float) = FN(fcomplex (__cdecl *)(float, float), "_FCbuild");
    if (cbuild) {
        r = cbuild(1.5, -2.5);
        ok(r.re == 1.5 && r.im == -2.5, "_Cbuild");
    }
    if (lcbuild) {
        r = lcbuild(3.0, 4.0);
        ok(r.re == 3.0 && r.im == 4.0, "_LCbuild");
    }
    if (fcbuild) {
        fr = fcbuild(1.5f, -2.5f);
        ok(fr.re == 1.5f && fr.im == -2.5f, "_FCbuild");
    }

    dcomplex a = {1.0, 2.0}, b = {3.0, 4.0};
    fcomplex fa = {1.0f, 2.0f}, fb = {3.0f, 4.0f};
    dcomplex (__cdecl *mulcc)(dcomplex, dcomplex) = FN(dcomplex (__cdecl *)(dcomplex, dcomplex), "_Cmulcc");
    dcomplex (__cdecl *lmulcc)(dcomplex, dcomplex) = FN(dcomplex (__cdecl *)(dcomplex, dcomplex), "_LCmulcc");
    dcomplex (__cdecl *mulcr)(dcomplex, double) = FN(dcomplex (__cdecl *)(dcomplex, double), "_Cmulcr");
    dcomplex (__cdecl *lmulcr)(dcomplex, double) = FN(dcomplex (__cdecl *)(dcomplex, double), "_LCmulcr");
    fcomplex (__cdecl *fmulcc)(fcomplex, fcomplex) = FN(fcomplex (__cdecl *)(fcomplex, fcomplex), "_FCmulcc");
    fcomplex (__cdecl *fmulcr)(fcomplex, float) = FN(fcomplex (__cdecl *)(fcomplex, float), "_FCmulcr");
    if (mulcc) {
        r = mulcc(a, b);
        ok(r.re == -5.0 && r.im == 10.0, "_Cmulcc: (%g, %g)", r.re, r.im);
    }
    if (lmulcc) {
        r = lmulcc(a, b);
        ok(r.re == -5.0 && r.im == 10.0, "_LCmulcc");
    }
    if (mulcr) {
        r = mulcr(a, 3.0);
        ok(r.re == 3.0 && r.im == 6.0, "_Cmulcr");
    }
    if (lmulcr) {
        r = lmulcr(b, -0.5);
        ok(r.re == -1.5 && r.im == -2.0, "_LCmulcr");
    }
    if (fmulcc) {
        fr = fmulcc(fa, fb);
        ok(fr.re == -5.0f && fr.im == 10.0f, "_FCmulcc: (%g, %g)", fr.re, fr.im);
    }
    if (fmulcr) {
        fr = fmulcr(fa, 3.0f);
        ok(fr.re == 3.0f && fr.im == 6.0f, "_FCmulcr");
    }

    /* Real-valued functions of a complex argument. */
    struct { const char *name; double re, im, want; } real_of[] = {
        {"cabs", 3.0, 4.0, 5.0},  {"cabsl", -3.0, 4.0, 5.0}, {"carg", -1.0, 0.0, M_PI},
        {"cargl", 0.0, 1.0, M_PI_2}, {"creal", 1.5, 2.5, 1.5}, {"creall", 1.5, 2.5, 1.5},
        {"cimag", 1.5, 2.5, 2.5}, {"cimagl", 1.5, 2.5, 2.5}, {"norm", 3.0, 4.0, 25.0},
        {"norml", 1.0, -2.0, 5.0},
    };
    for (size_t i = 0; i < sizeof real_of / sizeof real_of[0]; i++) {
        double (__cdecl *f)(dcomplex) = FN(double (__cdecl *)(dcomplex), real_of[i].name);
        z.re = real_of[i].re;
        z.im = real_of[i].im;
        if (f)
            ok(f(z) == real_of[i].want, "%s(%g, %g) = %.17g", real_of[i].name, z.re, z.im, f(z));
    }
    struct { const char *name; float re, im, want; } real_off[] = {
        {"cabsf", 3.0f, -4.0f, 5.0f}, {"cargf", 0.0f, -1.0f, (float)-M_PI_2},
        {"crealf", 1.5f, 2.5f, 1.5f}, {"cimagf", 1.5f, 2.5f, 2.5f}, {"normf", 3.0f, 4.0f, 25.0f},
    };
    for (size_t i = 0; i < sizeof real_off / sizeof real_off[0]; i++) {
        float (__cdecl *f)(fcomplex) = FN(float (__cdecl *)(fcomplex), real_off[i].name);
        fz.re = real_off[i].re;
        fz.im = real_off[i].im;
        if (f)
            ok(f(fz) == real_off[i].want, "%s", real_off[i].name);
    }

    /* Complex functions at points where the result is exact. */
    struct { const char *name; double re, im, want_re, want_im; } exact[] = {
        {"csqrt", -4.0, 0.0, 0.0, 2.0},  {"csqrt", 3.0, 4.0, 2.0, 1.0},
        {"csqrtl", 0.0, 2.0, 1.0, 1.0},  {"cexp", 0.0, 0.0, 1.0, 0.0},
        {"cexpl", 1.0, 0.0, M_E, 0.0},    {"clog", 1.0, 0.0, 0.0, 0.0},
        {"clog", -1.0, 0.0, 0.0, M_PI},  {"clogl", 0.0, 1.0, 0.0, M_PI_2},
        {"clog10", 100.0, 0.0, 2.0, 0.0}, {"clog10l", 1000.0, 0.0, 3.0, 0.0},
        {"conj", 1.0, 2.0, 1.0, -2.0},   {"conjl", -1.0, -2.0, -1.0, 2.0},
        {"cproj", 1.0, 2.0, 1.0, 2.0},   {"cprojl", INFINITY, -2.0, INFINITY, -0.0},
        {"ccos", 0.0, 0.0, 1.0, 0.0},    {"ccosl", 0.0, 0.0, 1.0, 0.0},
        {"ccosh", 0.0, 0.0, 1.0, 0.0},   {"ccoshl", 0.0, 0.0, 1.0, 0.0},
        {"csin", 0.0, 0.0, 0.0, 0.0},    {"csinl", 0.0, 0.0, 0.0, 0.0},
        {"csinh", 0.0, 0.0, 0.0, 0.0},   {"csinhl", 0.0, 0.0, 0.0, 0.0},
        {"ctan", 0.0, 0.0, 0.0, 0.0},    {"ctanl", 0.0, 0.0, 0.0, 0.0},
        {"ctanh", 0.0, 0.0, 0.0, 0.0},   {"ctanhl", 0.0, 0.0, 0.0, 0.0},
        {"casin", 0.0, 0.0, 0.0, 0.0},   {"casinl", 0.0, 0.0, 0.0, 0.0},
        {"casinh", 0.0, 0.0, 0.0, 0.0},  {"casinhl", 0.0, 0.0, 0.0, 0.0},
        {"cacos", 1.0, 0.0, 0.0, 0.0},   {"cacosl", 0.0, 0.0, M_PI_2, 0.0},
        {"cacosh", 1.0, 0.0, 0.0, 0.0},  {"cacoshl", 1.0, 0.0, 0.0, 0.0},
        {"catan", 0.0, 0.0, 0.0, 0.0},   {"catanl", 0.0, 0.0, 0.0, 0.0},
        {"catanh", 0.0, 0.0, 0.0, 0.0},  {"catanhl", 0.0, 0.0, 0.0, 0.0},
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        c_c f = FN(c_c, exact[i].name);
        z.re = exact[i].re;
        z.im = exact[i].im;
        if (!f)
            continue;
        r = f(z);
        /* Zeros compare equal whatever their sign; an expected -0 (cprojl's) is checked by its
         * sign too. */
        int want_negative_zero = exact[i].want_im == 0.0 && signbit(exact[i].want_im);
        ok(r.re == exact[i].want_re && r.im == exact[i].want_im &&
               (!want_negative_zero || signbit(r.im)),
           "%s(%g, %g) = (%.17g, %.17g)", exact[i].name, z.re, z.im, r.re, r.im);
    }
    /* And where it is not: the host's libm and Microsoft's may differ in the last bits. */
    c_c cexp_ = FN(c_c, "cexp"), catan_ = FN(c_c, "catan"), ctanh_ = FN(c_c, "ctanh");
    if (cexp_) {
        z.re = 0.0;
        z.im = M_PI_2;
        r = cexp_(z);
        ok(close_to(r.re, 0.0) && r.im == 1.0, "cexp(i pi/2) = (%.17g, %.17g)", r.re, r.im);
    }
    if (catan_) {
        z.re = 1.0;
        z.im = 0.0;
        r = catan_(z);
        ok(close_to(r.re, M_PI_4) && r.im == 0.0, "catan(1)");
    }
    if (ctanh_) {
        z.re = 1.0;
        z.im = 0.0;
        r = ctanh_(z);
        ok(close_to(r.re, 0.76159415595576489) && r.im == 0.0, "ctanh(1)");
    }
    dcomplex (__cdecl *cpow_)(dcomplex, dcomplex) = FN(dcomplex (__cdecl *)(dcomplex, dcomplex), "cpow");
    dcomplex (__cdecl *cpowl_)(dcomplex, dcomplex) = FN(dcomplex (__cdecl *)(dcomplex, dcomplex), "cpowl");
    if (cpow_) {
        dcomplex i = {0.0, 1.0}, two = {2.0, 0.0};
        r = cpow_(i, two);
        ok(close_to(r.re, -1.0) && close_to(r.im, 0.0), "cpow(i, 2) = (%.17g, %.17g)", r.re, r.im);
    }
    if (cpowl_) {
        dcomplex x = {2.0, 0.0}, ten = {10.0, 0.0};
        r = cpowl_(x, ten);
        ok(close_to(r.re, 1024.0) && close_to(r.im, 0.0), "cpowl(2, 10)");
    }

    struct { const char *name; float re, im, want_re, want_im; } fexact[] = {
        {"csqrtf", -4.0f, 0.0f, 0.0f, 2.0f}, {"cexpf", 0.0f, 0.0f, 1.0f, 0.0f},
        {"clogf", 1.0f, 0.0f, 0.0f, 0.0f},  {"clog10f", 10.0f, 0.0f, 1.0f, 0.0f},
        {"conjf", 1.0f, 2.0f, 1.0f, -2.0f}, {"cprojf", 1.0f, 2.0f, 1.0f, 2.0f},
        {"ccosf", 0.0f, 0.0f, 1.0f, 0.0f},  {"ccoshf", 0.0f, 0.0f, 1.0f, 0.0f},
        {"csinf", 0.0f, 0.0f, 0.0f, 0.0f},  {"csinhf", 0.0f, 0.0f, 0.0f, 0.0f},
        {"ctanf", 0.0f, 0.0f, 0.0f, 0.0f},  {"ctanhf", 0.0f, 0.0f, 0.0f, 0.0f},
        {"casinf", 0.0f, 0.0f, 0.0f, 0.0f}, {"casinhf", 0.0f, 0.0f, 0.0f, 0.0f},
        {"cacosf", 1.0f, 0.0f, 0.0f, 0.0f}, {"cacoshf", 1.0f, 0.0f, 0.0f, 0.0f},
        {"catanf", 0.0f, 0.0f, 0.0f, 0.0f}, {"catanhf", 0.0f, 0.0f, 0.0f, 0.0f},
    };
    for (size_t i = 0; i < sizeof fexact / sizeof fexact[0]; i++) {
        fc_fc f = FN(fc_fc, fexact[i].name);
        fz.re = fexact[i].re;
        fz.im = fexact[i].im;
        if (!f)
            continue;
        fr = f(fz);
        ok(fr.re == fexact[i].want_re && fr.im == fexact[i].want_im,
           "%s(%g, %g) = (%.9g, %.9g)", fexact[i].name, fz.re, fz.im, fr.re, fr.im);
    }
    fcomplex (__cdecl *cpowf_)(fcomplex, fcomplex) = FN(fcomplex (__cdecl *)(fcomplex, fcomplex), "cpowf");
    if (cpowf_) {
        fcomplex x = {0.0f, 2.0f}, two = {2.0f, 0.0f};
        fr = cpowf_(x, two);
        ok(close_tof(fr.re, -4.0f) && fabsf(fr.im) < 1e-5f, "cpowf(2i, 2) = (%g, %g)", fr.re, fr.im);
    }
}

/* C99's complex types travel as the structures do: zig's headers declare csqrt and cexpf on
 * them and programs import those from the UCRT. */
static void test_c99_complex_types(void)
{
    double _Complex (__cdecl *csqrt_)(double _Complex) =
        FN(double _Complex (__cdecl *)(double _Complex), "csqrt");
    float _Complex (__cdecl *conjf_)(float _Complex) =
        FN(float _Complex (__cdecl *)(float _Complex), "conjf");
    double (__cdecl *cabs_)(double _Complex) = FN(double (__cdecl *)(double _Complex), "cabs");
    volatile double re = -3.0, im = 4.0;
    if (csqrt_) {
        double _Complex r = csqrt_(re + im * I);
        ok(creal(r) == 1.0 && cimag(r) == 2.0, "csqrt(-3+4i) as double _Complex");
    }
    if (conjf_) {
        float _Complex r = conjf_((float)re + (float)im * I);
        ok(crealf(r) == -3.0f && cimagf(r) == -4.0f, "conjf as float _Complex");
    }
    if (cabs_)
        ok(cabs_(re + im * I) == 5.0, "cabs as double _Complex");
}

/* The UCRT's floating-point primitives; math.h's FP_* classes as Microsoft numbers them. */
#define MS_FP_INFINITE 1
#define MS_FP_NAN 2
#define MS_FP_NORMAL (-1)
#define MS_FP_SUBNORMAL (-2)
#define MS_FP_ZERO 0

static void test_primitives(void)
{
    const char *dclass_names[] = {"_dclass", "_ldclass"};
    for (int i = 0; i < 2; i++) {
        short (__cdecl *dclass)(double) = FN(short (__cdecl *)(double), dclass_names[i]);
        if (dclass)
            ok(dclass(1.0) == MS_FP_NORMAL && dclass(-0.0) == MS_FP_ZERO &&
                   dclass(-INFINITY) == MS_FP_INFINITE && dclass(NAN) == MS_FP_NAN &&
                   dclass(DBL_MIN / 4) == MS_FP_SUBNORMAL,
               "%s", dclass_names[i]);
    }
    short (__cdecl *fdclass)(float) = FN(short (__cdecl *)(float), "_fdclass");
    if (fdclass)
        ok(fdclass(1.0f) == MS_FP_NORMAL && fdclass(0.0f) == MS_FP_ZERO &&
               fdclass(INFINITY) == MS_FP_INFINITE && fdclass(NAN) == MS_FP_NAN &&
               fdclass(1e-40f) == MS_FP_SUBNORMAL,
           "_fdclass");

    short (__cdecl *dtest)(double *) = FN(short (__cdecl *)(double *), "_dtest");
    short (__cdecl *ldtest)(double *) = FN(short (__cdecl *)(double *), "_ldtest");
    short (__cdecl *fdtest)(float *) = FN(short (__cdecl *)(float *), "_fdtest");
    double d = DBL_MIN / 2;
    float f = -INFINITY;
    if (dtest && ldtest)
        ok(dtest(&d) == MS_FP_SUBNORMAL && ldtest(&d) == MS_FP_SUBNORMAL, "_dtest/_ldtest");
    if (fdtest)
        ok(fdtest(&f) == MS_FP_INFINITE, "_fdtest");

    /* Microsoft documents a nonzero result for a set sign bit; the value is its place in the
     * top 16 bits. */
    int (__cdecl *dsign)(double) = FN(int (__cdecl *)(double), "_dsign");
    int (__cdecl *ldsign)(double) = FN(int (__cdecl *)(double), "_ldsign");
    int (__cdecl *fdsign)(float) = FN(int (__cdecl *)(float), "_fdsign");
    if (dsign && ldsign)
        ok(dsign(-1.0) == 0x8000 && dsign(-0.0) == 0x8000 && dsign(1.0) == 0 && ldsign(-2.0) == 0x8000,
           "_dsign: %#x", dsign(-1.0));
    if (fdsign)
        ok(fdsign(-NAN) == 0x8000 && fdsign(0.0f) == 0, "_fdsign: %#x", fdsign(-1.0f));

    int (__cdecl *dpcomp)(double, double) = FN(int (__cdecl *)(double, double), "_dpcomp");
    int (__cdecl *ldpcomp)(double, double) = FN(int (__cdecl *)(double, double), "_ldpcomp");
    int (__cdecl *fdpcomp)(float, float) = FN(int (__cdecl *)(float, float), "_fdpcomp");
    if (dpcomp && ldpcomp)
        ok(dpcomp(1.0, 2.0) == 1 && dpcomp(2.0, 2.0) == 2 && dpcomp(3.0, 2.0) == 4 &&
               dpcomp(NAN, 1.0) == 0 && ldpcomp(-0.0, 0.0) == 2,
           "_dpcomp/_ldpcomp");
    if (fdpcomp)
        ok(fdpcomp(1.0f, NAN) == 0 && fdpcomp(-1.0f, 1.0f) == 1, "_fdpcomp");

    short (__cdecl *dscale)(double *, long) = FN(short (__cdecl *)(double *, long), "_dscale");
    short (__cdecl *fdscale)(float *, long) = FN(short (__cdecl *)(float *, long), "_fdscale");
    if (dscale) {
        d = 1.5;
        ok(dscale(&d, 4) == MS_FP_NORMAL && d == 24.0, "_dscale");
        d = 1.0;
        ok(dscale(&d, 2000) == MS_FP_INFINITE && d == INFINITY, "_dscale overflows");
    }
    if (fdscale) {
        f = 1.0f;
        ok(fdscale(&f, -130) == MS_FP_SUBNORMAL && f == ldexpf(1.0f, -130), "_fdscale");
    }

    short (__cdecl *dexp)(double *, double, long) = FN(short (__cdecl *)(double *, double, long), "_dexp");
    short (__cdecl *fdexp)(float *, float, long) = FN(short (__cdecl *)(float *, float, long), "_fdexp");
    if (dexp) {
        d = 0;
        ok(dexp(&d, 1.5, 4) == MS_FP_NORMAL && d == 24.0, "_dexp");
        ok(dexp(&d, 0.0, 4) == MS_FP_ZERO && d == 0.0, "_dexp of zero");
    }
    if (fdexp) {
        f = 0;
        ok(fdexp(&f, 3.0f, -1) == MS_FP_NORMAL && f == 1.5f, "_fdexp");
    }

    short (__cdecl *dunscale)(short *, double *) = FN(short (__cdecl *)(short *, double *), "_dunscale");
    short (__cdecl *fdunscale)(short *, float *) = FN(short (__cdecl *)(short *, float *), "_fdunscale");
    short e = 99;
    if (dunscale) {
        d = 12.0;
        ok(dunscale(&e, &d) == MS_FP_NORMAL && d == 0.75 && e == 4, "_dunscale: %g %d", d, e);
        d = 0.0;
        e = 99;
        ok(dunscale(&e, &d) == MS_FP_ZERO && d == 0.0 && e == 0, "_dunscale of zero");
    }
    if (fdunscale) {
        f = -0.25f;
        ok(fdunscale(&e, &f) == MS_FP_NORMAL && f == -0.5f && e == -1, "_fdunscale");
    }

    double (__cdecl *dlog)(double, int) = FN(double (__cdecl *)(double, int), "_dlog");
    float (__cdecl *fdlog)(float, int) = FN(float (__cdecl *)(float, int), "_fdlog");
    if (dlog)
        ok(dlog(100.0, 1) == 2.0 && dlog(1.0, 0) == 0.0 && close_to(dlog(M_E, 0), 1.0), "_dlog");
    if (fdlog)
        ok(fdlog(1000.0f, 1) == 3.0f, "_fdlog");

    double (__cdecl *dsin)(double, unsigned) = FN(double (__cdecl *)(double, unsigned), "_dsin");
    float (__cdecl *fdsin)(float, unsigned) = FN(float (__cdecl *)(float, unsigned), "_fdsin");
    if (dsin)
        ok(dsin(0.0, 0) == 0.0 && dsin(0.0, 1) == 1.0 && dsin(0.0, 3) == -1.0 &&
               dsin(0.0, 5) == 1.0 && close_to(dsin(M_PI_2, 2), -1.0),
           "_dsin");
    if (fdsin)
        ok(fdsin(0.0f, 1) == 1.0f, "_fdsin");

    /* Microsoft's example: table {3, 4, 5}, n = 2 is 5x^2 + 4x + 3, 31 at 2. */
    double (__cdecl *dpoly)(double, const double *, int) =
        FN(double (__cdecl *)(double, const double *, int), "_dpoly");
    float (__cdecl *fdpoly)(float, const float *, int) =
        FN(float (__cdecl *)(float, const float *, int), "_fdpoly");
    static const double table[] = {3.0, 4.0, 5.0};
    static const float ftable[] = {3.0f, 4.0f, 5.0f};
    if (dpoly)
        ok(dpoly(2.0, table, 2) == 31.0, "_dpoly: %g", dpoly(2.0, table, 2));
    if (fdpoly)
        ok(fdpoly(2.0f, ftable, 1) == 11.0f, "_fdpoly");
}

static void test_fenv_helpers(void)
{
    void (__cdecl *set_controlfp)(unsigned, unsigned) = FN(void (__cdecl *)(unsigned, unsigned), "_set_controlfp");
    int (__cdecl *flt_rounds)(void) = FN(int (__cdecl *)(void), "__fpe_flt_rounds");
    if (set_controlfp && flt_rounds) {
        ok(flt_rounds() == 1, "__fpe_flt_rounds: to nearest");
        set_controlfp(_RC_UP, _MCW_RC);
        ok((_controlfp(0, 0) & _MCW_RC) == _RC_UP && flt_rounds() == 2, "_set_controlfp(_RC_UP)");
        set_controlfp(_RC_DOWN, _MCW_RC);
        ok(flt_rounds() == 3, "downward");
        set_controlfp(_RC_CHOP, _MCW_RC);
        ok(flt_rounds() == 0, "toward zero");
        set_controlfp(_RC_NEAR, _MCW_RC);
        ok((_controlfp(0, 0) & _MCW_RC) == _RC_NEAR && flt_rounds() == 1, "back to nearest");
    }

    int (__cdecl *get_fma3)(void) = FN(int (__cdecl *)(void), "_get_FMA3_enable");
    int (__cdecl *set_fma3)(int) = FN(int (__cdecl *)(int), "_set_FMA3_enable");
    if (get_fma3 && set_fma3) {
        int initial = get_fma3();
        ok(set_fma3(0) == 0 && get_fma3() == 0, "_set_FMA3_enable(0)");
        int on = set_fma3(1);
        ok((on == 0 || on == 1) && get_fma3() == on, "_set_FMA3_enable(1) returns what is in use");
        set_fma3(initial);
    }
}

static void test_ucrt_conversions(void)
{
    char *end;
    wchar_t *wend;
    const char *s = "-0x7fffffffffffffffz";
    long long (__cdecl *strtoll_l)(const char *, char **, int, _locale_t) =
        FN(long long (__cdecl *)(const char *, char **, int, _locale_t), "_strtoll_l");
    unsigned long long (__cdecl *strtoull_l)(const char *, char **, int, _locale_t) =
        FN(unsigned long long (__cdecl *)(const char *, char **, int, _locale_t), "_strtoull_l");
    intmax_t (__cdecl *strtoimax_l)(const char *, char **, int, _locale_t) =
        FN(intmax_t (__cdecl *)(const char *, char **, int, _locale_t), "_strtoimax_l");
    uintmax_t (__cdecl *strtoumax_l)(const char *, char **, int, _locale_t) =
        FN(uintmax_t (__cdecl *)(const char *, char **, int, _locale_t), "_strtoumax_l");
    intmax_t (__cdecl *strtoimax_)(const char *, char **, int) =
        FN(intmax_t (__cdecl *)(const char *, char **, int), "strtoimax");
    uintmax_t (__cdecl *strtoumax_)(const char *, char **, int) =
        FN(uintmax_t (__cdecl *)(const char *, char **, int), "strtoumax");
    if (strtoll_l)
        ok(strtoll_l(s, &end, 0, NULL) == -0x7fffffffffffffffLL && end == s + 19, "_strtoll_l");
    if (strtoull_l)
        ok(strtoull_l("18446744073709551615", NULL, 10, NULL) == UINT64_MAX, "_strtoull_l");
    if (strtoimax_l) {
        errno = 0;
        ok(strtoimax_l("9223372036854775808", NULL, 10, NULL) == INT64_MAX && errno == ERANGE,
           "_strtoimax_l overflow: ERANGE");
    }
    if (strtoumax_l)
        ok(strtoumax_l("777", NULL, 8, NULL) == 511, "_strtoumax_l");
    if (strtoimax_)
        ok(strtoimax_(" -42", &end, 10) == -42 && *end == 0, "strtoimax");
    if (strtoumax_)
        ok(strtoumax_("ff", NULL, 16) == 255, "strtoumax");

    intmax_t (__cdecl *wcstoimax_)(const wchar_t *, wchar_t **, int) =
        FN(intmax_t (__cdecl *)(const wchar_t *, wchar_t **, int), "wcstoimax");
    uintmax_t (__cdecl *wcstoumax_)(const wchar_t *, wchar_t **, int) =
        FN(uintmax_t (__cdecl *)(const wchar_t *, wchar_t **, int), "wcstoumax");
    intmax_t (__cdecl *wcstoimax_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(intmax_t (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstoimax_l");
    uintmax_t (__cdecl *wcstoumax_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(uintmax_t (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstoumax_l");
    long long (__cdecl *wcstoll_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(long long (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstoll_l");
    unsigned long long (__cdecl *wcstoull_l)(const wchar_t *, wchar_t **, int, _locale_t) =
        FN(unsigned long long (__cdecl *)(const wchar_t *, wchar_t **, int, _locale_t), "_wcstoull_l");
    const wchar_t *ws = L"123456789012x";
    if (wcstoimax_)
        ok(wcstoimax_(ws, &wend, 10) == 123456789012LL && wend == ws + 12, "wcstoimax");
    if (wcstoumax_)
        ok(wcstoumax_(L"-1", NULL, 10) == UINT64_MAX, "wcstoumax(-1) wraps");
    if (wcstoimax_l)
        ok(wcstoimax_l(L"-0x10", NULL, 16, NULL) == -16, "_wcstoimax_l");
    if (wcstoumax_l)
        ok(wcstoumax_l(L"z", NULL, 36, NULL) == 35, "_wcstoumax_l");
    if (wcstoll_l)
        ok(wcstoll_l(L"-9000000000", NULL, 10, NULL) == -9000000000LL, "_wcstoll_l");
    if (wcstoull_l)
        ok(wcstoull_l(L"9000000000", NULL, 10, NULL) == 9000000000ULL, "_wcstoull_l");

    float (__cdecl *strtof_l)(const char *, char **, _locale_t) =
        FN(float (__cdecl *)(const char *, char **, _locale_t), "_strtof_l");
    double (__cdecl *strtold_l)(const char *, char **, _locale_t) =
        FN(double (__cdecl *)(const char *, char **, _locale_t), "_strtold_l");
    double (__cdecl *wcstod_l)(const wchar_t *, wchar_t **, _locale_t) =
        FN(double (__cdecl *)(const wchar_t *, wchar_t **, _locale_t), "_wcstod_l");
    float (__cdecl *wcstof_l)(const wchar_t *, wchar_t **, _locale_t) =
        FN(float (__cdecl *)(const wchar_t *, wchar_t **, _locale_t), "_wcstof_l");
    double (__cdecl *wcstold_l)(const wchar_t *, wchar_t **, _locale_t) =
        FN(double (__cdecl *)(const wchar_t *, wchar_t **, _locale_t), "_wcstold_l");
    if (strtof_l)
        ok(strtof_l("0.1", &end, NULL) == 0.1f && *end == 0, "_strtof_l rounds to float");
    if (strtold_l)
        ok(strtold_l("0x1.8p1", NULL, NULL) == 3.0, "_strtold_l reads hex");
    if (wcstod_l)
        ok(wcstod_l(L"-1.25e-1", &wend, NULL) == -0.125 && *wend == 0, "_wcstod_l");
    if (wcstof_l)
        ok(wcstof_l(L"3.4e39", NULL, NULL) == INFINITY, "_wcstof_l overflow");
    if (wcstold_l)
        ok(wcstold_l(L"inf", NULL, NULL) == INFINITY, "_wcstold_l");

    /* _gcvt: F format while the exponent is from -1 to digits - 1, E format with three
     * exponent digits otherwise; the zeros ending the fraction go, the point stays. That is
     * the UCRT's own gcvt.cpp (Microsoft publishes the UCRT source); Wine 8 uses "%.*g"
     * instead and gives "1e+10", "120" and "-0.0123456789012" for the cases below. */
    char *(__cdecl *gcvt_)(double, int, char *) = FN(char *(__cdecl *)(double, int, char *), "_gcvt");
    int (__cdecl *gcvt_s)(char *, size_t, double, int) =
        FN(int (__cdecl *)(char *, size_t, double, int), "_gcvt_s");
    static const struct { double value; int digits; const char *text; } gcvt_cases[] = {
        {-1234567890.123, 12, "-1234567890.12"}, {-12345678901.23, 12, "-12345678901.2"},
        {-1234567890123.0, 12, "-1.23456789012e+012"}, {-12.34567890123, 12, "-12.3456789012"},
        {-0.1234567890123, 12, "-0.123456789012"}, {-0.01234567890123, 12, "-1.23456789012e-002"},
        {1.5, 5, "1.5"}, {120.0, 4, "120."}, {1e10, 3, "1.e+010"}, {0.5, 3, "0.5"},
        {2.5, 1, "3"}, {99.99, 3, "100."},
    };
    char gbuf[64];
    for (size_t i = 0; gcvt_ && i < sizeof gcvt_cases / sizeof gcvt_cases[0]; i++) {
        char *got = gcvt_(gcvt_cases[i].value, gcvt_cases[i].digits, gbuf);
        ok(got == gbuf && !strcmp(gbuf, gcvt_cases[i].text), "_gcvt(%.17g, %d) = \"%s\"",
           gcvt_cases[i].value, gcvt_cases[i].digits, gbuf);
    }
    if (gcvt_s) {
        ok(gcvt_s(gbuf, sizeof gbuf, 0.25, 4) == 0 && !strcmp(gbuf, "0.25"), "_gcvt_s");
        ok(gcvt_s(gbuf, 4, 1.5, 4) == ERANGE && gbuf[0] == 0, "_gcvt_s: digits must be below the size");
        ok(gcvt_s(gbuf, 6, 12345.0, 4) == ERANGE && gbuf[0] == 0, "_gcvt_s: the text must fit");
        ok(gcvt_s(NULL, 6, 1.0, 4) == EINVAL, "_gcvt_s(NULL): EINVAL");
    }

    long long (__cdecl *atoll_)(const char *) = FN(long long (__cdecl *)(const char *), "atoll");
    long long (__cdecl *atoll_l)(const char *, _locale_t) =
        FN(long long (__cdecl *)(const char *, _locale_t), "_atoll_l");
    long long (__cdecl *wtoll_)(const wchar_t *) = FN(long long (__cdecl *)(const wchar_t *), "_wtoll");
    long long (__cdecl *wtoll_l)(const wchar_t *, _locale_t) =
        FN(long long (__cdecl *)(const wchar_t *, _locale_t), "_wtoll_l");
    if (atoll_)
        ok(atoll_("-9000000000") == -9000000000LL, "atoll");
    if (atoll_l)
        ok(atoll_l("77", NULL) == 77, "_atoll_l");
    if (wtoll_)
        ok(wtoll_(L"9000000001") == 9000000001LL, "_wtoll");
    if (wtoll_l)
        ok(wtoll_l(L"-5", NULL) == -5, "_wtoll_l");

    intmax_t (__cdecl *imaxabs_)(intmax_t) = FN(intmax_t (__cdecl *)(intmax_t), "imaxabs");
    imaxdiv_t (__cdecl *imaxdiv_)(intmax_t, intmax_t) = FN(imaxdiv_t (__cdecl *)(intmax_t, intmax_t), "imaxdiv");
    if (imaxabs_)
        ok(imaxabs_(-5000000000LL) == 5000000000LL, "imaxabs");
    if (imaxdiv_) {
        imaxdiv_t qr = imaxdiv_(-7000000001LL, 1000000000LL);
        ok(qr.quot == -7 && qr.rem == -1, "imaxdiv");
    }
}
#endif

/* The UCRT's default handler ends the program; the failures are what is tested. */
static void __cdecl ignore_invalid_parameter(const wchar_t *expr, const wchar_t *func,
                                             const wchar_t *file, unsigned line, uintptr_t r)
{
}

int main(void)
{
    crt = LoadLibraryA(CRT);
    ok(crt != NULL, "LoadLibrary(%s)", CRT);
    if (!crt)
        return check_summary();
    _set_invalid_parameter_handler(ignore_invalid_parameter);

    test_float_helpers();
    test_l_conversions();
    test_atodbl();
    test_ecvt_fcvt();
    test_bits();
#ifdef _UCRT
    test_c99_math();
    test_complex();
    test_c99_complex_types();
    test_primitives();
    test_fenv_helpers();
    test_ucrt_conversions();
#endif
    return check_summary();
}
