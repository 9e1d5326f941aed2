/* Static TLS as the loader sets it up: TLS callbacks before main, .tls data (clang), and the
   TlsAlloc slots of the main thread. */
#include <windows.h>
#include <stdio.h>
#include "check.h"

static int callback_reasons[8];
static int callback_count;
static int main_started;
static int attach_before_main = -1;

static void NTAPI on_tls(PVOID module, DWORD reason, PVOID reserved)
{
    (void)reserved;
    if (callback_count < 8)
        callback_reasons[callback_count++] = (int)reason;
    if (reason == DLL_PROCESS_ATTACH && attach_before_main < 0)
        attach_before_main = !main_started && module == GetModuleHandleA(NULL);
}

/* The linker collects .CRT$XL* pointers into the image's TLS callback array. */
__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK tls_callback = on_tls;

#ifdef __clang__
/* clang (zig) puts _Thread_local data in the image's .tls section: static TLS. (mingw gcc
   emulates __thread through libgcc instead, which is not the loader's business.) */
static _Thread_local int counter = 41;
#endif

int main(void)
{
    main_started = 1;
    ok(callback_count >= 1 && callback_reasons[0] == DLL_PROCESS_ATTACH,
       "first TLS callback reason %d (count %d)", callback_reasons[0], callback_count);
    ok(attach_before_main == 1, "process attach ran before main with the exe's HMODULE");
#ifdef __clang__
    ok(counter == 41, "thread-local initial value %d", counter);
    counter++;
    ok(counter == 42, "thread-local after increment %d", counter);
#endif

    DWORD slot = TlsAlloc();
    ok(slot != TLS_OUT_OF_INDEXES, "TlsAlloc");
    SetLastError(0xdeadbeef);
    ok(TlsGetValue(slot) == NULL && GetLastError() == ERROR_SUCCESS,
       "fresh slot reads NULL and clears the last error (%lu)", GetLastError());
    ok(TlsSetValue(slot, (void *)0x1234), "TlsSetValue");
    ok(TlsGetValue(slot) == (void *)0x1234, "TlsGetValue round trip");
    ok(TlsFree(slot), "TlsFree");
    SetLastError(0xdeadbeef);
    ok(!TlsSetValue(1088, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "slot past the expansion slots: %lu", GetLastError());
    return check_summary();
}
