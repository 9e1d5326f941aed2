/* check.h: the checking idiom of winrun's conformance programs.
 *
 *   ok(cond, fmt, ...)        one check; on failure prints
 *                             "FAIL <file>:<line>: <message>"
 *   ok_err(cond, expected)    one check of a failing call: cond must hold and
 *                             GetLastError() must equal expected
 *   return check_summary();   last line of main: prints "N passed, M failed",
 *                             returns 0 if nothing failed, 1 otherwise
 *
 * Before a call that is expected to fail, set the last error to a value no
 * API uses, so that a call which fails without setting an error is caught:
 *
 *   SetLastError(0xdeadbeef);
 *   h = LoadLibraryA("nosuch.dll");
 *   ok_err(h == NULL, ERROR_MOD_NOT_FOUND);
 *
 * Messages carry no trailing newline; ok() adds one. Output goes through
 * stdio and is flushed after every failure, so a crash later in the program
 * does not lose the lines printed before it. The test binaries are linked
 * against both msvcrt and the UCRT, so formats stay within what both
 * support (%d %u %lu %llu %x %p %s %ls; no %zu).
 *
 * Each program is a single translation unit, so the counters live here.
 * A program that only makes sense against msvcrt.dll (mingw-w64) and not the
 * UCRT (zig cc) starts with the line "// toolchains: mingw". */
#ifndef WINRUN_CHECK_H
#define WINRUN_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <windows.h>

static int check_passed_;
static int check_failed_;

/* __FILE__ is whatever path the build used; the base name is enough to find
 * the check and keeps the output the same across build directories. */
static inline const char *check_basename_(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static inline int check_ok_(const char *file, int line, int cond, const char *fmt, ...)
{
    if (cond) {
        check_passed_++;
        return 1;
    }
    check_failed_++;
    printf("FAIL %s:%d: ", check_basename_(file), line);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return 0;
}

static inline int check_err_(const char *file, int line, int cond, DWORD got,
                             DWORD expected, const char *cond_text)
{
    if (cond && got == expected) {
        check_passed_++;
        return 1;
    }
    if (!cond)
        return check_ok_(file, line, 0, "%s is false (last error %lu, expected %lu)",
                         cond_text, (unsigned long)got, (unsigned long)expected);
    return check_ok_(file, line, 0, "%s holds, but last error is %lu (0x%lx), expected %lu",
                     cond_text, (unsigned long)got, (unsigned long)got,
                     (unsigned long)expected);
}

/* Returns nonzero when cond holds, so a check can guard what follows. */
#define ok(cond, ...) check_ok_(__FILE__, __LINE__, (cond) ? 1 : 0, __VA_ARGS__)

/* cond is evaluated first, then the last error is read, so cond may itself
 * contain the call (ok_err(!GetProcAddress(m, "x"), ERROR_PROC_NOT_FOUND)).
 * The comparisons in cond must not touch the last error. */
#define ok_err(cond, expected)                                                    \
    do {                                                                          \
        int check_cond_ = (cond) ? 1 : 0;                                         \
        DWORD check_got_ = GetLastError();                                        \
        check_err_(__FILE__, __LINE__, check_cond_, check_got_, (expected), #cond); \
    } while (0)

static inline int check_summary(void)
{
    printf("%d passed, %d failed\n", check_passed_, check_failed_);
    fflush(stdout);
    return check_failed_ ? 1 : 0;
}

#endif
