/* memoryapi.h: file mappings. Views of a file see and change its contents,
 * copy-on-write views do not; page-file sections are shared memory, found
 * again by name; the errors for a wrong size, access or alignment. */
#include <string.h>
#include <windows.h>

#include "check.h"

static char path[MAX_PATH];

static HANDLE make_file(const char *contents, DWORD access)
{
    HANDLE h = CreateFileA(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    if (contents)
        WriteFile(h, contents, (DWORD)strlen(contents), &n, NULL);
    return h;
}

static void test_file_views(void)
{
    HANDLE file = make_file("0123456789", GENERIC_READ | GENERIC_WRITE);
    char buf[16] = {0};
    DWORD n;

    SetLastError(0xdeadbeef);
    HANDLE map = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(map != NULL && GetLastError() == 0, "CreateFileMapping: %p, error %lu", map, GetLastError());
    char *view = MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: error %lu", GetLastError());
    if (!view)
        return;
    ok(memcmp(view, "0123456789", 10) == 0, "the view shows the file");
    view[0] = 'X';
    ok(FlushViewOfFile(view, 0), "FlushViewOfFile: error %lu", GetLastError());
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ok(ReadFile(file, buf, 10, &n, NULL) && buf[0] == 'X', "the file has the view's write: [%s]", buf);
    /* Writes to the file show in the view. */
    SetFilePointer(file, 5, NULL, FILE_BEGIN);
    WriteFile(file, "Y", 1, &n, NULL);
    ok(view[5] == 'Y', "the view sees the file's write: %c", view[5]);

    /* A copy-on-write view keeps its changes to itself. */
    char *copy = MapViewOfFile(map, FILE_MAP_COPY, 0, 0, 10);
    ok(copy != NULL, "FILE_MAP_COPY: error %lu", GetLastError());
    if (copy) {
        copy[1] = 'Z';
        ok(view[1] == '1', "the shared view does not see it");
        ok(UnmapViewOfFile(copy), "UnmapViewOfFile(copy): error %lu", GetLastError());
    }

    /* Views outlive the handles. */
    CloseHandle(map);
    CloseHandle(file);
    ok(view[0] == 'X', "the view outlives its handles");
    ok(UnmapViewOfFile(view + 3), "unmap through an address inside the view: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(!UnmapViewOfFile(view), ERROR_INVALID_ADDRESS);
    SetLastError(0xdeadbeef);
    ok_err(!UnmapViewOfFile(buf), ERROR_INVALID_ADDRESS);
}

static void test_file_errors(void)
{
    HANDLE file = make_file(NULL, GENERIC_READ | GENERIC_WRITE);
    SetLastError(0xdeadbeef);
    HANDLE map = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok_err(map == NULL, ERROR_FILE_INVALID);

    /* A larger section grows a writable file. */
    map = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 8192, NULL);
    ok(map != NULL && GetFileSize(file, NULL) == 8192, "the file grew to %lu", GetFileSize(file, NULL));
    SetLastError(0xdeadbeef);
    ok_err(MapViewOfFile(map, FILE_MAP_READ, 0, 4096, 0) == NULL, ERROR_MAPPED_ALIGNMENT);
    SetLastError(0xdeadbeef);
    ok_err(CreateFileMappingA(file, NULL, 0x1234, 0, 0, NULL) == NULL, ERROR_INVALID_PARAMETER);
    CloseHandle(map);
    CloseHandle(file);

    /* A handle without write access cannot back a writable section. */
    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok_err(CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL) == NULL, ERROR_ACCESS_DENIED);
    map = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 0, NULL);
    ok(map != NULL, "read-only section: error %lu", GetLastError());
    SetLastError(0xdeadbeef);
    ok_err(MapViewOfFile(map, FILE_MAP_WRITE, 0, 0, 0) == NULL, ERROR_ACCESS_DENIED);
    char *view = MapViewOfFile(map, FILE_MAP_READ, 0, 0, 0);
    ok(view != NULL && view[100] == 0, "read-only view: error %lu", GetLastError());
    UnmapViewOfFile(view);
    CloseHandle(map);
    CloseHandle(file);
}

static void test_page_file_sections(void)
{
    SetLastError(0xdeadbeef);
    ok_err(CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL) == NULL,
           ERROR_INVALID_PARAMETER);

    SetLastError(0xdeadbeef);
    HANDLE a = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 65536, L"Local\\winrun-mapping-test");
    ok(a != NULL && GetLastError() == 0, "named section: %p, error %lu", a, GetLastError());
    SetLastError(0xdeadbeef);
    HANDLE b = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"Local\\winrun-mapping-test");
    ok(b != NULL && b != a && GetLastError() == ERROR_ALREADY_EXISTS,
       "the same name again: %p, error %lu", b, GetLastError());
    HANDLE c = OpenFileMappingW(FILE_MAP_READ, FALSE, L"Local\\winrun-mapping-test");
    ok(c != NULL, "OpenFileMapping: error %lu", GetLastError());

    char *va = MapViewOfFile(a, FILE_MAP_WRITE, 0, 0, 0);
    char *vb = MapViewOfFile(b, FILE_MAP_WRITE, 0, 0, 65536);
    char *vc = MapViewOfFile(c, FILE_MAP_READ, 0, 0, 0);
    ok(va && vb && vc && va[65535] == 0, "views of page-file memory, zero-filled");
    if (va && vb && vc) {
        strcpy(va + 1000, "shared");
        ok(strcmp(vb + 1000, "shared") == 0 && strcmp(vc + 1000, "shared") == 0,
           "the same memory under one name");
    }
    UnmapViewOfFile(va);
    UnmapViewOfFile(vb);
    UnmapViewOfFile(vc);
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);
    SetLastError(0xdeadbeef);
    ok_err(OpenFileMappingW(FILE_MAP_READ, FALSE, L"Local\\winrun-mapping-test") == NULL,
           ERROR_FILE_NOT_FOUND);
}

int main(void)
{
    char tmp[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(path, sizeof path, "%swinrun-mapping-%lu.bin", tmp, GetCurrentProcessId());

    test_file_views();
    test_file_errors();
    test_page_file_sections();

    ok(DeleteFileA(path), "DeleteFile: error %lu", GetLastError());
    return check_summary();
}
