/* A shim that wraps GetLastError and only calls the next implementation: the cost of a shim
 * that calls `next`, for call-cost.sh. */
#include "winrun_shim.h"

static uint32_t (WINAPI *next_GetLastError)(void);

static uint32_t WINAPI passthrough_GetLastError(void)
{
    return next_GetLastError();
}

static const struct winrun_shim_entry entries[] = {
    WINRUN_SHIM_ENTRY("kernel32", "GetLastError", passthrough_GetLastError, next_GetLastError),
};

static const struct winrun_shim table = {
    WINRUN_SHIM_ABI_VERSION, WINRUN_SHIM_COUNT(entries), "passthrough", entries, NULL,
};

const struct winrun_shim *winrun_shim(void)
{
    return &table;
}
