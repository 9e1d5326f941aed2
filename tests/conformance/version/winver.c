/* winver.h: GetFileVersionInfoSize, GetFileVersionInfo and VerQueryValue on the program's own
 * file (its VERSIONINFO is winver.rc). */
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "check.h"

int main(void)
{
    WCHAR path[MAX_PATH];
    char path_a[MAX_PATH];
    DWORD handle = 0xdeadbeef;
    GetModuleFileNameW(NULL, path, MAX_PATH);
    GetModuleFileNameA(NULL, path_a, MAX_PATH);

    DWORD size = GetFileVersionInfoSizeW(path, &handle);
    ok(size > 0 && handle == 0, "GetFileVersionInfoSizeW: %lu, handle %lu", size, handle);
    ok(GetFileVersionInfoSizeA(path_a, NULL) == size, "GetFileVersionInfoSizeA differs");

    char *block = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size);
    ok(GetFileVersionInfoW(path, 0, size, block), "GetFileVersionInfoW: %lu", GetLastError());
    /* The block starts with VS_VERSIONINFO: its length, then the fixed info's size. */
    WORD length = *(WORD *)block, value_length = *(WORD *)(block + 2);
    ok(length > 92 && length <= size && value_length == sizeof(VS_FIXEDFILEINFO),
       "VS_VERSIONINFO length %u, value length %u, size %lu", length, value_length, size);

    VS_FIXEDFILEINFO *fixed = NULL;
    UINT len = 0;
    ok(VerQueryValueW(block, L"\\", (void **)&fixed, &len), "VerQueryValueW(\\)");
    ok(fixed && len == sizeof(*fixed) && fixed->dwSignature == 0xfeef04bd &&
           fixed->dwFileVersionMS == 0x10002 && fixed->dwFileVersionLS == 0x30004 &&
           fixed->dwProductVersionMS == 0x50006 && fixed->dwProductVersionLS == 0x70008 &&
           fixed->dwFileType == VFT_APP,
       "fixed file info: len %u", len);

    WORD *translation = NULL;
    ok(VerQueryValueW(block, L"\\VarFileInfo\\Translation", (void **)&translation, &len) &&
           len == 4 && translation[0] == 0x409 && translation[1] == 1200,
       "Translation: len %u", len);

    WCHAR *text = NULL;
    ok(VerQueryValueW(block, L"\\StringFileInfo\\040904b0\\ProductVersion", (void **)&text,
                      &len) &&
           text && !wcscmp(text, L"5.6.7.8-beta") && len == 13,
       "ProductVersion: len %u", len);
    /* Keys match case-insensitively; extra separators are ignored. */
    ok(VerQueryValueW(block, L"\\stringfileinfo\\040904B0\\companyname", (void **)&text, &len) &&
           text && !wcscmp(text, L"winrun tests"),
       "case-insensitive CompanyName");
    ok(!VerQueryValueW(block, L"\\StringFileInfo\\040904b0\\NoSuchValue", (void **)&text, &len),
       "NoSuchValue found");

    /* The A forms: narrow copies of the strings. */
    char *block_a = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size);
    ok(GetFileVersionInfoA(path_a, 0, size, block_a), "GetFileVersionInfoA");
    char *text_a = NULL;
    ok(VerQueryValueA(block_a, "\\StringFileInfo\\040904b0\\FileDescription", (void **)&text_a,
                      &len) &&
           text_a && !strcmp(text_a, "version.dll conformance") && len == 24,
       "VerQueryValueA FileDescription: %s, len %u", text_a ? text_a : "(null)", len);
    ok(VerQueryValueA(block_a, "\\", (void **)&fixed, &len) && len == sizeof(*fixed) &&
           fixed->dwSignature == 0xfeef04bd,
       "VerQueryValueA(\\)");

    /* A file that does not exist, and one without a version resource. */
    SetLastError(0xdeadbeef);
    ok_err(GetFileVersionInfoSizeW(L"no-such-file.exe", &handle) == 0, ERROR_FILE_NOT_FOUND);
    WCHAR text_file[MAX_PATH];
    GetTempPathW(MAX_PATH, text_file);
    wcscat(text_file, L"winver-not-a-pe.txt");
    HANDLE h = CreateFileW(text_file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;
    WriteFile(h, "plain text", 10, &written, NULL);
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(GetFileVersionInfoSizeW(text_file, &handle) == 0 && GetLastError() != 0xdeadbeef,
       "no version resource: last error %lu", GetLastError());
    DeleteFileW(text_file);

    return check_summary();
}
