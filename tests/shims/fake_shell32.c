/* A native shell32.dll of our own for the --override tests: CommandLineToArgvW always counts
 * 99 arguments, so the output tells which SHELL32 the program got. */
#include <windows.h>

static LPWSTR none[1];

__declspec(dllexport) LPWSTR *WINAPI CommandLineToArgvW(LPCWSTR command_line, int *count)
{
    (void)command_line;
    *count = 99;
    return none;
}
