/* winrun_shim.h: the ABI between winrun and a shim library, for shims written in C.
 *
 * A shim is a Linux shared library (cc -shared -fPIC) that replaces or wraps single Windows
 * APIs of a program run by winrun, like an LD_PRELOAD library:
 *
 *     winrun --preload ./libmyshim.so prog.exe        (or WINRUN_PRELOAD=./libmyshim.so)
 *
 * It defines `winrun_shim()`, returning a table of the functions it replaces. Each replacement
 * is an ms_abi (Win64) function with the Windows prototype; winrun stores in its `next` slot
 * the implementation the import would otherwise get (the next shim, winrun's builtin, the
 * program's native DLL, or a stub that reports "unimplemented"), so the replacement can wrap
 * it. This is version 1 of the layout; it is the same as the Rust `shims` crate's. */

#ifndef WINRUN_SHIM_H
#define WINRUN_SHIM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WINRUN_SHIM_ABI_VERSION 1u

/* The calling convention of every Windows API and of every replacement. */
#define WINAPI __attribute__((ms_abi))

/* Entry flag: the shim provides this function of a DLL that neither winrun nor the program
 * has (winrun then makes a DLL of that name whose exports are the provided functions). */
#define WINRUN_SHIM_PROVIDE 1u

/* Where winrun stores its logging function for the shim (messages go to winrun's log, target
 * `shim`: WINRUN_LOG=shim=info shows them). */
struct winrun_shim_log {
    void (*function)(uintptr_t context, uint32_t level, const char *message, size_t len);
    uintptr_t context;
};

enum winrun_shim_level {
    WINRUN_SHIM_ERROR = 1,
    WINRUN_SHIM_WARN = 2,
    WINRUN_SHIM_INFO = 3,
    WINRUN_SHIM_DEBUG = 4,
    WINRUN_SHIM_TRACE = 5,
};

struct winrun_shim_entry {
    const char *dll;          /* "kernel32", "msvcrt", "ws2_32", or a native DLL's name */
    const char *function;     /* the export name; NULL to match by ordinal only */
    uint32_t ordinal;         /* the export ordinal, or 0 */
    uint32_t flags;           /* WINRUN_SHIM_PROVIDE or 0 */
    const void *replacement;  /* a WINAPI function with the export's prototype */
    void **next;              /* a function pointer variable winrun fills before any call */
};

struct winrun_shim {
    uint32_t abi_version;     /* WINRUN_SHIM_ABI_VERSION: always the first field */
    uint32_t entry_count;
    const char *name;
    const struct winrun_shim_entry *entries;
    struct winrun_shim_log *log;  /* may be NULL */
};

/* The one symbol a shim library exports. */
const struct winrun_shim *winrun_shim(void);

/* An entry replacing `dll!function`; `next_variable` is a function pointer of the same type. */
#define WINRUN_SHIM_ENTRY(dll, function, replacement, next_variable) \
    { (dll), (function), 0, 0, (const void *)(replacement), (void **)&(next_variable) }

/* An entry providing `dll!function` where no DLL of that name exists. */
#define WINRUN_SHIM_PROVIDED(dll, function, replacement, next_variable) \
    { (dll), (function), 0, WINRUN_SHIM_PROVIDE, (const void *)(replacement), (void **)&(next_variable) }

#define WINRUN_SHIM_COUNT(entries) ((uint32_t)(sizeof(entries) / sizeof((entries)[0])))

/* SetLastError from a shim: the thread's last error lives in its TEB, at gs:[0x68] on Win64,
 * shared by the program, winrun and every shim. Only call it on a thread running the program
 * (in a replacement), where GS points at the TEB. */
static inline void winrun_shim_set_last_error(uint32_t code)
{
    __asm__ volatile("movl %0, %%gs:0x68" : : "r"(code) : "memory");
}

/* GetLastError from a shim (same rules as winrun_shim_set_last_error). */
static inline uint32_t winrun_shim_last_error(void)
{
    uint32_t code;
    __asm__ volatile("movl %%gs:0x68, %0" : "=r"(code));
    return code;
}

/* printf-style logging through winrun; does nothing when winrun gave no logging function. */
static inline void winrun_shim_logf(const struct winrun_shim_log *log, enum winrun_shim_level level,
                                    const char *format, ...) __attribute__((format(printf, 3, 4)));
static inline void winrun_shim_logf(const struct winrun_shim_log *log, enum winrun_shim_level level,
                                    const char *format, ...)
{
    char message[1024];
    va_list args;
    int len;
    if (!log || !log->function)
        return;
    va_start(args, format);
    len = vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (len < 0)
        return;
    if ((size_t)len >= sizeof message)
        len = sizeof message - 1;
    log->function(log->context, (uint32_t)level, message, (size_t)len);
}

#endif
