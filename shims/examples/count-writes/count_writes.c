/* count-writes: counts the bytes a program writes with WriteFile, in C.
 *
 *     cc -shared -fPIC -I shims/include -o libcount_writes.so count_writes.c
 *     winrun --preload ./libcount_writes.so prog.exe
 *
 * When the program ends, the shim prints "count-writes: N bytes in M calls" on stderr (or
 * appends it to the file COUNT_WRITES_LOG names). Each WriteFile goes on to the implementation
 * the shim wraps; only calls that succeed count, with the bytes they report written. */

#include <stdatomic.h>
#include <stdlib.h>

#include "winrun_shim.h"

typedef int BOOL;
typedef uint32_t DWORD;

static BOOL (WINAPI *next_WriteFile)(void *file, const void *buffer, DWORD to_write,
                                     DWORD *written, void *overlapped);

static atomic_ullong bytes_written;
static atomic_ullong successful_calls;

static BOOL WINAPI count_WriteFile(void *file, const void *buffer, DWORD to_write, DWORD *written,
                                   void *overlapped)
{
    BOOL ok = next_WriteFile(file, buffer, to_write, written, overlapped);
    if (ok && written) {
        atomic_fetch_add(&bytes_written, *written);
        atomic_fetch_add(&successful_calls, 1);
    }
    return ok;
}

static struct winrun_shim_log shim_log;

static const struct winrun_shim_entry entries[] = {
    WINRUN_SHIM_ENTRY("kernel32", "WriteFile", count_WriteFile, next_WriteFile),
};

static const struct winrun_shim table = {
    WINRUN_SHIM_ABI_VERSION, WINRUN_SHIM_COUNT(entries), "count-writes", entries, &shim_log,
};

const struct winrun_shim *winrun_shim(void)
{
    return &table;
}

/* Runs when the process exits (winrun ends with exit(3), which runs library destructors). */
__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("COUNT_WRITES_LOG");
    FILE *out = path ? fopen(path, "a") : stderr;
    if (!out)
        return;
    fprintf(out, "count-writes: %llu bytes in %llu calls\n",
            (unsigned long long)atomic_load(&bytes_written),
            (unsigned long long)atomic_load(&successful_calls));
    if (out != stderr)
        fclose(out);
    winrun_shim_logf(&shim_log, WINRUN_SHIM_INFO, "reported %llu bytes",
                     (unsigned long long)atomic_load(&bytes_written));
}
