/* wincrypt.h, ntsecapi.h, evntprov.h: the random sources programs seed from, and ETW
 * registration (accepted; nothing listens). */
#include <string.h>
#include <windows.h>
#include <wincrypt.h>
#include <evntprov.h>

#include "check.h"

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

static int looks_random(const BYTE *a, const BYTE *b, int n)
{
    int zero = 1;
    for (int i = 0; i < n; i++)
        zero &= a[i] == 0;
    return !zero && memcmp(a, b, n) != 0;
}

int main(void)
{
    BYTE a[64] = {0}, b[64] = {0};
    ok(SystemFunction036(a, sizeof(a)) && SystemFunction036(b, sizeof(b)), "RtlGenRandom");
    ok(looks_random(a, b, sizeof(a)), "RtlGenRandom gave zeros or the same bytes twice");

    HCRYPTPROV prov = 0;
    ok(CryptAcquireContextW(&prov, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT),
       "CryptAcquireContextW: %lu", GetLastError());
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    ok(CryptGenRandom(prov, sizeof(a), a) && CryptGenRandom(prov, sizeof(b), b),
       "CryptGenRandom: %lu", GetLastError());
    ok(looks_random(a, b, sizeof(a)), "CryptGenRandom gave zeros or the same bytes twice");
    ok(CryptReleaseContext(prov, 0), "CryptReleaseContext: %lu", GetLastError());
    HCRYPTPROV provA = 0;
    ok(CryptAcquireContextA(&provA, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT),
       "CryptAcquireContextA: %lu", GetLastError());
    ok(CryptReleaseContext(provA, 0), "CryptReleaseContext(A)");

    static const GUID provider = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    REGHANDLE reg = 0;
    ok(EventRegister(&provider, NULL, NULL, &reg) == ERROR_SUCCESS && reg != 0,
       "EventRegister");
    EVENT_DESCRIPTOR desc = {1, 0, 0, 4, 0, 0, 0};
    ok(EventWriteTransfer(reg, &desc, NULL, NULL, 0, NULL) == ERROR_SUCCESS,
       "EventWriteTransfer");
    ok(!EventEnabled(reg, &desc), "no session listens");
    ok(EventUnregister(reg) == ERROR_SUCCESS, "EventUnregister");
    return check_summary();
}
