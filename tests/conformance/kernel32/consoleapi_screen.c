/* consoleapi2.h screen buffers without a terminal: a buffer made by
 * CreateConsoleScreenBuffer keeps its cells, so what the fill, write and
 * scroll functions and plain text writes leave can be read back exactly.
 * A console program has a console on Windows even with its standard handles
 * redirected, as the harness runs it (Wine gives a program started without a
 * terminal no console at all: run it under Wine in a terminal, where all
 * checks pass). Switching the terminal to a buffer is tested through a
 * pseudo-terminal by tests/tests/console.rs. */
#include <windows.h>

#include "check.h"

static HANDLE buf;

/* Row `y` from column `x`: `n` characters as a string, attributes in `attrs`. */
static const char *row(SHORT x, SHORT y, DWORD n, WORD *attrs)
{
    static char text[64];
    COORD at = {x, y};
    DWORD got = 0;
    ReadConsoleOutputCharacterA(buf, text, n, at, &got);
    text[got] = 0;
    if (attrs)
        ReadConsoleOutputAttribute(buf, attrs, n, at, &got);
    return text;
}

int main(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    COORD at;
    DWORD n;
    WORD attrs[8];
    WCHAR wide[8];
    SHORT w, h;
    HANDLE file;

    SetLastError(0xdeadbeef);
    buf = CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, 0, NULL, 2, NULL);
    ok_err(buf == INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
    buf = CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                    CONSOLE_TEXTMODE_BUFFER, NULL);
    ok(buf != INVALID_HANDLE_VALUE, "created: %lu", GetLastError());
    ok(GetConsoleScreenBufferInfo(buf, &info), "info: %lu", GetLastError());
    w = info.dwSize.X, h = info.dwSize.Y;
    ok(w >= 20 && h >= 16, "size %dx%d", w, h);
    ok(info.dwCursorPosition.X == 0 && info.dwCursorPosition.Y == 0, "cursor %d,%d",
       info.dwCursorPosition.X, info.dwCursorPosition.Y);
    ok(info.wAttributes == 7, "attributes %x", info.wAttributes);

    /* A new buffer is blank: spaces in the default attributes. */
    ok(!strcmp(row(0, 0, 4, attrs), "    "), "blank [%s]", row(0, 0, 4, NULL));
    ok(attrs[0] == 7 && attrs[3] == 7, "blank attributes %x %x", attrs[0], attrs[3]);

    /* Fills: characters keep their attributes and attributes their characters. */
    at.X = 1, at.Y = 1;
    ok(FillConsoleOutputCharacterW(buf, L'x', 3, at, &n) && n == 3, "fill %lu", n);
    at.X = 2;
    ok(FillConsoleOutputAttribute(buf, 0x1F, 2, at, &n) && n == 2, "fill attributes %lu", n);
    ok(!strcmp(row(0, 1, 5, attrs), " xxx "), "filled [%s]", row(0, 1, 5, NULL));
    ok(attrs[1] == 7 && attrs[2] == 0x1F && attrs[3] == 0x1F && attrs[4] == 7,
       "filled attributes %x %x %x %x", attrs[1], attrs[2], attrs[3], attrs[4]);

    /* Writes wrap at the end of a row and stop at the end of the buffer. */
    at.X = w - 2, at.Y = 3;
    ok(WriteConsoleOutputCharacterA(buf, "hello", 5, at, &n) && n == 5, "wrote %lu", n);
    ok(!strcmp(row(w - 2, 3, 5, NULL), "hello"), "wrapped [%s]", row(w - 2, 3, 5, NULL));
    ok(!strcmp(row(0, 4, 3, NULL), "llo"), "next row [%s]", row(0, 4, 3, NULL));
    at.X = w - 1, at.Y = h - 1;
    ok(WriteConsoleOutputCharacterW(buf, L"abc", 3, at, &n) && n == 1, "at the end %lu", n);
    at.X = 0, at.Y = 3;
    attrs[0] = 0x0C, attrs[1] = 0x0A;
    ok(WriteConsoleOutputAttribute(buf, attrs, 2, at, &n) && n == 2, "attributes %lu", n);
    at.X = w - 2;
    ok(ReadConsoleOutputAttribute(buf, attrs, 2, at, &n) && n == 2 && attrs[0] == 7,
       "kept attributes %lu %x", n, attrs[0]);
    at.X = 0;
    ok(ReadConsoleOutputAttribute(buf, attrs, 3, at, &n) && n == 3 && attrs[0] == 0x0C &&
           attrs[1] == 0x0A && attrs[2] == 7,
       "written attributes %x %x %x", attrs[0], attrs[1], attrs[2]);
    at.X = w - 1, at.Y = h - 1;
    ok(ReadConsoleOutputCharacterW(buf, wide, 8, at, &n) && n == 1 && wide[0] == L'a',
       "read to the end %lu %x", n, wide[0]);

    /* Rectangles, clipped to the buffer. */
    {
        CHAR_INFO cells[4] = {{{L'A'}, 0x07}, {{L'B'}, 0x70}, {{L'C'}, 0x1E}, {{L'D'}, 0x07}};
        CHAR_INFO back[9];
        COORD size = {2, 2}, origin = {0, 0}, size3 = {3, 3};
        SMALL_RECT r = {5, 5, 6, 6};
        ok(WriteConsoleOutputW(buf, cells, size, origin, &r), "rect: %lu", GetLastError());
        ok(r.Left == 5 && r.Top == 5 && r.Right == 6 && r.Bottom == 6, "rect %d,%d-%d,%d",
           r.Left, r.Top, r.Right, r.Bottom);
        memset(back, 0, sizeof back);
        r.Left = 5, r.Top = 5, r.Right = 7, r.Bottom = 7;
        ok(ReadConsoleOutputW(buf, back, size3, origin, &r), "read rect: %lu", GetLastError());
        ok(r.Left == 5 && r.Top == 5 && r.Right == 7 && r.Bottom == 7, "read %d,%d-%d,%d",
           r.Left, r.Top, r.Right, r.Bottom);
        ok(back[0].Char.UnicodeChar == L'A' && back[1].Char.UnicodeChar == L'B' &&
               back[1].Attributes == 0x70 && back[3].Char.UnicodeChar == L'C' &&
               back[3].Attributes == 0x1E && back[4].Char.UnicodeChar == L'D' &&
               back[2].Char.UnicodeChar == L' ' && back[2].Attributes == 7,
           "cells %x/%x %x/%x %x/%x", back[0].Char.UnicodeChar, back[0].Attributes,
           back[1].Char.UnicodeChar, back[1].Attributes, back[3].Char.UnicodeChar,
           back[3].Attributes);
        /* Past the right edge: only what is inside is read. */
        r.Left = w - 1, r.Top = 0, r.Right = w + 5, r.Bottom = 0;
        ok(ReadConsoleOutputW(buf, back, size3, origin, &r), "edge: %lu", GetLastError());
        ok(r.Left == w - 1 && r.Right == w - 1 && r.Top == 0 && r.Bottom == 0,
           "edge %d,%d-%d,%d", r.Left, r.Top, r.Right, r.Bottom);
    }

    /* A scroll of part of a row; the cells it leaves take the fill. */
    {
        CHAR_INFO fill = {{L'.'}, 0x20};
        SMALL_RECT source = {1, 8, 3, 8}, clip = {0, 9, 3, 9};
        COORD dest = {2, 8};
        at.X = 0, at.Y = 8;
        WriteConsoleOutputCharacterA(buf, "abcdef", 6, at, &n);
        at.Y = 9;
        WriteConsoleOutputCharacterA(buf, "012345", 6, at, &n);
        ok(ScrollConsoleScreenBufferW(buf, &source, NULL, dest, &fill), "scroll: %lu",
           GetLastError());
        ok(!strcmp(row(0, 8, 6, attrs), "a.bcdf"), "scrolled [%s]", row(0, 8, 6, NULL));
        ok(attrs[0] == 7 && attrs[1] == 0x20 && attrs[2] == 7, "scrolled attributes %x %x %x",
           attrs[0], attrs[1], attrs[2]);
        /* Only cells inside the clip rectangle change. */
        source.Left = 0, source.Top = 9, source.Right = 5, source.Bottom = 9;
        dest.X = 2, dest.Y = 9;
        ok(ScrollConsoleScreenBufferA(buf, &source, &clip, dest, &fill), "clipped: %lu",
           GetLastError());
        ok(!strcmp(row(0, 9, 6, NULL), "..0145"), "clipped [%s]", row(0, 9, 6, NULL));
        /* Rows move down: the row above them takes the fill. */
        source.Left = 0, source.Top = 8, source.Right = w - 1, source.Bottom = 9;
        dest.X = 0, dest.Y = 10;
        ok(ScrollConsoleScreenBufferW(buf, &source, NULL, dest, &fill), "rows: %lu",
           GetLastError());
        ok(!strcmp(row(0, 10, 6, NULL), "a.bcdf") && !strcmp(row(0, 11, 6, NULL), "..0145") &&
               !strcmp(row(0, 8, 2, NULL), ".."),
           "rows [%s]", row(0, 10, 6, NULL));
    }

    /* Text written to the buffer lands at its cursor in its attributes. */
    at.X = 0, at.Y = 12;
    ok(SetConsoleCursorPosition(buf, at), "position: %lu", GetLastError());
    ok(SetConsoleTextAttribute(buf, 0x1E), "attribute: %lu", GetLastError());
    ok(WriteConsoleA(buf, "hi\nyo", 5, &n, NULL) && n == 5, "text %lu", n);
    ok(WriteFile(buf, "!", 1, &n, NULL) && n == 1, "file %lu", n);
    ok(!strcmp(row(0, 12, 3, attrs), "hi "), "text [%s]", row(0, 12, 3, NULL));
    ok(attrs[0] == 0x1E && attrs[1] == 0x1E && attrs[2] == 7, "text attributes %x %x %x",
       attrs[0], attrs[1], attrs[2]);
    ok(!strcmp(row(0, 13, 4, NULL), "yo! "), "next line [%s]", row(0, 13, 4, NULL));
    ok(GetConsoleScreenBufferInfo(buf, &info), "info: %lu", GetLastError());
    ok(info.dwCursorPosition.X == 3 && info.dwCursorPosition.Y == 13 && info.wAttributes == 0x1E,
       "cursor %d,%d attributes %x", info.dwCursorPosition.X, info.dwCursorPosition.Y,
       info.wAttributes);
    at.X = w, at.Y = 0;
    SetLastError(0xdeadbeef);
    ok_err(!SetConsoleCursorPosition(buf, at), ERROR_INVALID_PARAMETER);

    /* A file is no screen buffer. */
    file = CreateFileA("consoleapi_screen.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                       CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    at.X = 0, at.Y = 0;
    SetLastError(0xdeadbeef);
    ok_err(!FillConsoleOutputCharacterW(file, L'x', 1, at, &n), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ok_err(!ReadConsoleOutputCharacterW(file, wide, 1, at, &n), ERROR_INVALID_HANDLE);
    CloseHandle(file);

    ok(CloseHandle(buf), "closed: %lu", GetLastError());
    return check_summary();
}
