/* debugapi.h: no debugger is attached, and OutputDebugString, which only a debugger would show,
 * returns to the program (tests/tests/debugapi.rs checks that nothing reaches its streams and
 * that WINRUN_LOG=debugstr traces the strings). Whether the last error survives is not
 * documented: Wine's sets it to ERROR_FILE_NOT_FOUND (its DBWinMutex look-up), so it is not
 * checked. */
#include <windows.h>

#include "check.h"

int main(void)
{
    ok(!IsDebuggerPresent(), "IsDebuggerPresent");

    /* Returning at all is what is checked here (the summary below is printed only then). */
    OutputDebugStringA("a debug string\n");
    OutputDebugStringW(L"a wide debug string \x263a\n");
    OutputDebugStringA("");
    OutputDebugStringW(L"");

    return check_summary();
}
