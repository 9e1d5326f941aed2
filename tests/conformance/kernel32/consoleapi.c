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
    CONSOLE_SCREEN_BUFFER_INFOEX infoex;
    CONSOLE_CURSOR_INFO cursor = {25, TRUE};
    INPUT_RECORD records[2];
    CHAR_INFO cells[2] = {{{L'a'}, 7}, {{L'b'}, 7}};
    SMALL_RECT rect = {0, 0, 1, 0};
    COORD origin = {0, 0}, two = {2, 1};
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
    /* The screen-buffer functions refuse a pipe the same way. */
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleCursorPosition(out, origin), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!GetConsoleCursorInfo(out, &cursor), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleCursorInfo(out, &cursor), ERROR_INVALID_HANDLE);
    infoex.cbSize = sizeof infoex;
    SetLastError(0xdeadbeef);
    ok_err(!GetConsoleScreenBufferInfoEx(out, &infoex), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!FillConsoleOutputCharacterW(out, L'x', 3, origin, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!FillConsoleOutputCharacterA(out, 'x', 3, origin, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!FillConsoleOutputAttribute(out, 7, 3, origin, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleOutputCharacterW(out, L"ab", 2, origin, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleOutputCharacterA(out, "ab", 2, origin, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleOutputAttribute(out, (WORD[]){7, 7}, 2, origin, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleOutputW(out, cells, two, origin, &rect), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleOutputA(out, cells, two, origin, &rect), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ScrollConsoleScreenBufferW(out, &rect, NULL, origin, &cells[0]), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ScrollConsoleScreenBufferA(out, &rect, NULL, origin, &cells[0]), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleScreenBufferSize(out, two), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleWindowInfo(out, TRUE, &rect), ERROR_INVALID_HANDLE);
    /* And the input functions refuse the null device. */
    SetLastError(0xdeadbeef);
    ok_err(!PeekConsoleInputW(in, records, 2, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!PeekConsoleInputA(in, records, 2, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ReadConsoleInputW(in, records, 2, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ReadConsoleInputA(in, records, 2, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!GetNumberOfConsoleInputEvents(in, &n), ERROR_INVALID_HANDLE);
    /* Windows refuses every console call on a handle that is no console with
     * ERROR_INVALID_HANDLE; Wine's WriteConsoleInputW passes the request on to
     * the device and reports ERROR_ACCESS_DENIED here (ERROR_NOT_SUPPORTED on a
     * pipe), so this check follows Windows and fails under Wine. */
    SetLastError(0xdeadbeef);
    ok_err(!WriteConsoleInputW(in, records, 0, &n), ERROR_INVALID_HANDLE);
    /* A terminal has no window of its own; a process without a console has none either. */
    ok(GetConsoleWindow() == NULL, "GetConsoleWindow: %p", (void *)GetConsoleWindow());
    return check_summary();
}
