/* A test shim on a native DLL's exports (samples/greet): greet_calls, by name, reports 1000
 * more calls than greet.dll counted; ordinal 7 (exported without a name) returns one more. */
#include "winrun_shim.h"

static int (WINAPI *next_greet_calls)(void);
static int (WINAPI *next_secret)(void);

static int WINAPI more_greet_calls(void)
{
    return next_greet_calls() + 1000;
}

static int WINAPI bigger_secret(void)
{
    return next_secret() + 1;
}

static const struct winrun_shim_entry entries[] = {
    WINRUN_SHIM_ENTRY("greet", "greet_calls", more_greet_calls, next_greet_calls),
    {"greet.dll", NULL, 7, 0, (const void *)bigger_secret, (void **)&next_secret},
};

static const struct winrun_shim table = {
    WINRUN_SHIM_ABI_VERSION, WINRUN_SHIM_COUNT(entries), "greet-test", entries, NULL,
};

const struct winrun_shim *winrun_shim(void)
{
    return &table;
}
