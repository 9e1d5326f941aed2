/* ProcessPrng (bcryptprimitives.dll), as Rust's standard library calls it: no import library
 * ships it, so it is found with GetProcAddress the way programs that use it do. (Wine 8 has no
 * ProcessPrng.) */
#include <windows.h>
#include <string.h>

#include "check.h"

typedef BOOL(WINAPI *process_prng_fn)(PBYTE, SIZE_T);

int main(void)
{
    HMODULE m = LoadLibraryA("bcryptprimitives.dll");
    process_prng_fn prng = m ? (process_prng_fn)GetProcAddress(m, "ProcessPrng") : NULL;
    unsigned char a[64], b[64], zero[64] = {0};

    ok(prng != NULL, "ProcessPrng found");
    if (!prng)
        return check_summary();
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    ok(prng(a, sizeof a) == TRUE && memcmp(a, zero, sizeof a), "filled");
    ok(prng(b, sizeof b) == TRUE && memcmp(a, b, sizeof a), "different each time");
    ok(prng(NULL, 0) == TRUE, "zero bytes");
    return check_summary();
}
