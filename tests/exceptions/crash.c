/* Ends in the unhandled exception its argument names, after printing a line
 * (which must not be lost). Windows ends the process with the exception code
 * as exit status; the Linux parent sees its low 8 bits. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static volatile int zero;

static int recurse(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    return recurse(n + 1) + pad[0];
}

static LONG WINAPI execute_handler_filter(EXCEPTION_POINTERS *p)
{
    (void)p;
    printf("filter saw 0x%lx\n", p->ExceptionRecord->ExceptionCode);
    fflush(stdout);
    return EXCEPTION_EXECUTE_HANDLER;
}

static LONG CALLBACK continue_anything(EXCEPTION_POINTERS *p)
{
    (void)p;
    return EXCEPTION_CONTINUE_EXECUTION;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    printf("before %s\n", mode);
    if (!strcmp(mode, "write"))
        *(volatile int *)0x10 = 1;
    else if (!strcmp(mode, "read"))
        return *(volatile int *)0x20;
    else if (!strcmp(mode, "divide"))
        return 10 / zero;
    else if (!strcmp(mode, "raise"))
        RaiseException(0xE0000042, 0, 0, NULL);
    else if (!strcmp(mode, "noncontinuable")) {
        AddVectoredExceptionHandler(1, continue_anything);
        RaiseException(0xE0000043, EXCEPTION_NONCONTINUABLE, 0, NULL);
    } else if (!strcmp(mode, "overflow"))
        return recurse(0);
    else if (!strcmp(mode, "fastfail"))
        __asm__ volatile("mov $7, %%ecx; int $0x29" ::: "rcx"); /* __fastfail(7) */
    else if (!strcmp(mode, "badptr")) {
        char *volatile bad = (char *)0x30;
        return (int)strlen(bad);
    } else if (!strcmp(mode, "dll")) {
        void (*crash_in_dll)(void) =
            (void (*)(void))GetProcAddress(LoadLibraryA("crashdll.dll"), "crash_in_dll");
        if (crash_in_dll)
            crash_in_dll();
    } else if (!strcmp(mode, "filter")) {
        SetUnhandledExceptionFilter(execute_handler_filter);
        RaiseException(0xE0000044, 0, 0, NULL);
    }
    printf("after %s\n", mode);
    return 0;
}
