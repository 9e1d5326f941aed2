/* fcopy: copies a file with the Win32 file API.
 *
 *     fcopy SOURCE DEST
 *
 * Opens SOURCE with CreateFileW for reading and creates DEST (replacing it), copies with
 * ReadFile/WriteFile in 4 KiB blocks and prints "copied N bytes" (exit 0), or the failing call
 * and its error code (exit 1). */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>

int main(void)
{
    int argc = 0;
    WCHAR **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    HANDLE in, out;
    char buf[4096];
    DWORD got, put;
    unsigned long long total = 0;

    if (!argv || argc != 3) {
        fprintf(stderr, "usage: fcopy SOURCE DEST\n");
        return 2;
    }
    in = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                     FILE_ATTRIBUTE_NORMAL, NULL);
    if (in == INVALID_HANDLE_VALUE) {
        printf("open %ls: error %lu\n", argv[1], GetLastError());
        return 1;
    }
    out = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL,
                      NULL);
    if (out == INVALID_HANDLE_VALUE) {
        printf("create %ls: error %lu\n", argv[2], GetLastError());
        return 1;
    }
    while (ReadFile(in, buf, sizeof buf, &got, NULL) && got > 0) {
        if (!WriteFile(out, buf, got, &put, NULL) || put != got) {
            printf("write: error %lu\n", GetLastError());
            return 1;
        }
        total += got;
    }
    CloseHandle(in);
    CloseHandle(out);
    printf("copied %llu bytes\n", total);
    return 0;
}
