/* winbase.h: FormatMessage — system texts, message strings with inserts and printf formats,
 * escapes, ALLOCATE_BUFFER, IGNORE_INSERTS, ARGUMENT_ARRAY, MAX_WIDTH_MASK, errors. Windows'
 * texts are the expectation; Wine 8 has its own wording for some system messages (it says
 * "File not found." for ERROR_FILE_NOT_FOUND), so those checks fail under Wine. */
#include <stdarg.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

static DWORD format_w(DWORD flags, const WCHAR *source, DWORD id, WCHAR *buf, DWORD size, ...)
{
    va_list ap;
    DWORD n;
    va_start(ap, size);
    n = FormatMessageW(flags, source, id, 0, buf, size, &ap);
    va_end(ap);
    return n;
}

static DWORD format_a(DWORD flags, const char *source, DWORD id, char *buf, DWORD size, ...)
{
    va_list ap;
    DWORD n;
    va_start(ap, size);
    n = FormatMessageA(flags, source, id, 0, buf, size, &ap);
    va_end(ap);
    return n;
}

static void test_system(void)
{
    char buf[256];
    WCHAR wbuf[256];
    DWORD n;

    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_FILE_NOT_FOUND, 0, buf, sizeof buf, NULL);
    ok(n == 44 && strcmp(buf, "The system cannot find the file specified.\r\n") == 0,
       "ERROR_FILE_NOT_FOUND: %lu [%s]", (unsigned long)n, buf);
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_ACCESS_DENIED, 0, wbuf, 256, NULL);
    ok(n == 19 && wcscmp(wbuf, L"Access is denied.\r\n") == 0, "ERROR_ACCESS_DENIED: %ls", wbuf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_SUCCESS, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), buf,
                       sizeof buf, NULL);
    ok(strcmp(buf, "The operation completed successfully.\r\n") == 0, "ERROR_SUCCESS [%s]", buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_INVALID_PARAMETER, 0, buf, sizeof buf, NULL);
    ok(strcmp(buf, "The parameter is incorrect.\r\n") == 0, "ERROR_INVALID_PARAMETER [%s]", buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_ALREADY_EXISTS, 0, buf, sizeof buf, NULL);
    ok(strcmp(buf, "Cannot create a file when that file already exists.\r\n") == 0,
       "ERROR_ALREADY_EXISTS [%s]", buf);
    /* An insert in a system message stays when inserts are ignored. */
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_BAD_EXE_FORMAT, 0, buf, sizeof buf, NULL);
    ok(strcmp(buf, "%1 is not a valid Win32 application.\r\n") == 0, "ERROR_BAD_EXE_FORMAT [%s]",
       buf);
    /* MAX_WIDTH_MASK turns the closing line break into a space. */
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                           FORMAT_MESSAGE_MAX_WIDTH_MASK,
                       NULL, ERROR_ACCESS_DENIED, 0, buf, sizeof buf, NULL);
    ok(n == 18 && strcmp(buf, "Access is denied. ") == 0, "max width [%s]", buf);

    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       0x2fffffff, 0, buf, sizeof buf, NULL);
    ok_err(n == 0, ERROR_MR_MID_NOT_FOUND);
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_FILE_NOT_FOUND, 0, buf, 10, NULL);
    ok_err(n == 0, ERROR_INSUFFICIENT_BUFFER);
}

static void test_allocate(void)
{
    char *text = NULL;
    WCHAR *wtext = NULL;
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                                 FORMAT_MESSAGE_ALLOCATE_BUFFER,
                             NULL, ERROR_PATH_NOT_FOUND, 0, (char *)&text, 0, NULL);
    ok(n == 44 && text && strcmp(text, "The system cannot find the path specified.\r\n") == 0,
       "allocated: %lu", (unsigned long)n);
    ok(LocalFree(text) == NULL, "LocalFree");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                           FORMAT_MESSAGE_IGNORE_INSERTS,
                       L"wide %1", 0, 0, (WCHAR *)&wtext, 0, NULL);
    ok(n == 7 && wtext && wcscmp(wtext, L"wide %1") == 0, "allocated wide: %lu",
       (unsigned long)n);
    LocalFree(wtext);
}

static void test_strings(void)
{
    char buf[256];
    WCHAR wbuf[256];
    DWORD n;
    DWORD_PTR array[3];

    n = format_a(FORMAT_MESSAGE_FROM_STRING, "Hello %1, you are %2!d! (%3!04x!)", 0, buf,
                 sizeof buf, "Bob", 42, 0xbe);
    ok(n == 28 && strcmp(buf, "Hello Bob, you are 42 (00be)") == 0, "inserts: %lu [%s]",
       (unsigned long)n, buf);
    n = format_a(FORMAT_MESSAGE_FROM_STRING, "%2 before %1", 0, buf, sizeof buf, "one", "two");
    ok(strcmp(buf, "two before one") == 0, "order [%s]", buf);
    n = format_w(FORMAT_MESSAGE_FROM_STRING, L"%1 and %1!s!", 0, wbuf, 256, L"w");
    ok(n == 7 && wcscmp(wbuf, L"w and w") == 0, "wide inserts [%ls]", wbuf);
    n = format_a(FORMAT_MESSAGE_FROM_STRING, "a%nb%%c%0d", 0, buf, sizeof buf);
    ok(n == 6 && strcmp(buf, "a\r\nb%c") == 0, "escapes [%s]", buf);
    n = format_a(FORMAT_MESSAGE_FROM_STRING, "x%.y%!z", 0, buf, sizeof buf);
    ok(strcmp(buf, "x.y!z") == 0, "%%. and %%! [%s]", buf);
    n = format_a(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "keep %1 and %2!d!",
                 0, buf, sizeof buf);
    ok(strcmp(buf, "keep %1 and %2!d!") == 0, "ignored inserts [%s]", buf);
    n = format_a(FORMAT_MESSAGE_FROM_STRING, "line1\r\nline2", 0, buf, sizeof buf);
    ok(strcmp(buf, "line1\r\nline2") == 0, "line breaks kept [%s]", buf);
    n = format_a(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "line1\r\nline2%n",
                 0, buf, sizeof buf);
    ok(strcmp(buf, "line1 line2\r\n") == 0, "line breaks become spaces [%s]", buf);

    array[0] = (DWORD_PTR) "arr";
    array[1] = 7;
    array[2] = (DWORD_PTR)-3;
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                       "%1 %2!u! %3!d!", 0, 0, buf, sizeof buf, (va_list *)array);
    ok(strcmp(buf, "arr 7 -3") == 0, "argument array [%s]", buf);

    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "needs %1", 0, 0, buf, sizeof buf, NULL);
    ok_err(n == 0, ERROR_INVALID_PARAMETER);
}

int main(void)
{
    test_system();
    test_allocate();
    test_strings();
    return check_summary();
}
