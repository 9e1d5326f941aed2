/* consoleapi.h, consoleapi2.h, consoleapi3.h with redirected standard
 * handles, as the conformance harness runs programs (output to a pipe, input
 * from the null device): console functions refuse handles that are not a
 * console, and GetFileType tells what they are. The terminal side is tested
 * through a pseudo-terminal by tests/tests/console.rs. */
#include <windows.h>

#include "check.h"

int main(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode, n;
    CONSOLE_SCREEN_BUFFER_INFO info;
    WCHAR buf[8];

    ok(GetFileType(out) == FILE_TYPE_PIPE, "stdout is a pipe: %lu", GetFileType(out));
    SetLastError(0xdeadbeef);
    ok_err(!GetConsoleMode(out, &mode), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!GetConsoleScreenBufferInfo(out, &info), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleTextAttribute(out, FOREGROUND_RED), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleW(out, L"x", 1, &n, NULL), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ReadConsoleW(in, buf, 8, &n, NULL), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!FlushConsoleInputBuffer(in), ERROR_INVALID_HANDLE);
    /* The null device is a character device, but not a console. */
    ok(GetFileType(in) == FILE_TYPE_CHAR, "stdin is the null device: %lu", GetFileType(in));
    SetLastError(0xdeadbeef);
    ok_err(!GetConsoleMode(in, &mode), ERROR_INVALID_HANDLE);
    /* A terminal has no window of its own; a process without a console has none either. */
    ok(GetConsoleWindow() == NULL, "GetConsoleWindow: %p", (void *)GetConsoleWindow());
    return check_summary();
}
