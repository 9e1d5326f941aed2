/* errhandlingapi.h: the thread's last-error value and the process error mode.
 *
 * Code compiled by MSVC inlines GetLastError as a read of the TEB
 * (gs:[0x30] -> TEB, +0x68 LastErrorValue), so the value must live exactly
 * there, not in some private copy. Only the main thread is checked here. */
#include <windows.h>

#include "check.h"

#define TEB_LAST_ERROR_VALUE 0x68

static volatile DWORD *teb_last_error(void)
{
    return (volatile DWORD *)((BYTE *)NtCurrentTeb() + TEB_LAST_ERROR_VALUE);
}

static void test_round_trip(void)
{
    /* 0xdeadbeef and 0xffffffff are not Win32 errors; SetLastError stores any
     * 32-bit value unchanged (bit 29 marks application-defined codes). */
    static const DWORD values[] = {
        ERROR_SUCCESS, ERROR_FILE_NOT_FOUND, ERROR_ACCESS_DENIED,
        0x20000001, 0xdeadbeef, 0xffffffff,
    };
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        SetLastError(values[i]);
        DWORD got = GetLastError();
        ok(got == values[i], "SetLastError(0x%lx) then GetLastError() = 0x%lx",
           values[i], got);
    }

    /* Reading it does not reset it. */
    SetLastError(ERROR_INVALID_PARAMETER);
    GetLastError();
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "second GetLastError() = %lu",
       GetLastError());
}

static void test_teb_field(void)
{
    SetLastError(0x12345678);
    ok(*teb_last_error() == 0x12345678,
       "after SetLastError(0x12345678), TEB+0x68 holds 0x%lx", *teb_last_error());
    ok(GetLastError() == *teb_last_error(), "GetLastError() 0x%lx != TEB+0x68 0x%lx",
       GetLastError(), *teb_last_error());

    /* The other direction: inlined SetLastError writes the TEB directly. */
    *teb_last_error() = ERROR_NOT_ENOUGH_MEMORY;
    ok(GetLastError() == ERROR_NOT_ENOUGH_MEMORY,
       "after writing 8 to TEB+0x68, GetLastError() = %lu", GetLastError());

    /* A failing API sets the field, not just what GetLastError returns. */
    SetLastError(0xdeadbeef);
    BOOL ret = CloseHandle(NULL);
    ok(!ret && *teb_last_error() == ERROR_INVALID_HANDLE,
       "CloseHandle(NULL) returned %d, TEB+0x68 = %lu, expected ERROR_INVALID_HANDLE",
       ret, *teb_last_error());
}

static void test_error_mode(void)
{
    /* SetErrorMode returns the previous mode; GetErrorMode (Vista+) reads it. */
    UINT original = GetErrorMode();
    UINT previous = SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    ok(previous == original, "SetErrorMode returned 0x%x, GetErrorMode said 0x%x",
       previous, original);
    ok(GetErrorMode() == (SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX),
       "GetErrorMode() = 0x%x after setting 0x%x", GetErrorMode(),
       SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    previous = SetErrorMode(original);
    ok(previous == (SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX),
       "restoring: SetErrorMode returned 0x%x", previous);
    ok(GetErrorMode() == original, "GetErrorMode() = 0x%x after restoring 0x%x",
       GetErrorMode(), original);
}

int main(void)
{
    test_round_trip();
    test_teb_field();
    test_error_mode();
    return check_summary();
}
