/* winbase.h, GetBinaryType: PE programs by machine, DOS programs, DLLs and
 * files that are no program. The test makes its samples from its own image. */
#include <windows.h>

#include "check.h"

static char self[MAX_PATH];
static BYTE *image;
static DWORD image_size;

static void write_file(const char *name, const void *data, DWORD size)
{
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n = 0;
    ok(h != INVALID_HANDLE_VALUE && WriteFile(h, data, size, &n, NULL) && n == size,
       "writing %s: %lu", name, GetLastError());
    CloseHandle(h);
}

static void load_self(void)
{
    GetModuleFileNameA(NULL, self, MAX_PATH);
    HANDLE h = CreateFileA(self, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    image_size = GetFileSize(h, NULL);
    image = HeapAlloc(GetProcessHeap(), 0, image_size);
    DWORD n = 0;
    ok(ReadFile(h, image, image_size, &n, NULL) && n == image_size, "reading own image");
    CloseHandle(h);
}

/* The COFF header of the image's copy. */
static IMAGE_FILE_HEADER *coff(BYTE *copy)
{
    LONG at = ((IMAGE_DOS_HEADER *)copy)->e_lfanew;
    return &((IMAGE_NT_HEADERS *)(copy + at))->FileHeader;
}

static void expect_type(const char *name, DWORD expected)
{
    DWORD type = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    BOOL ret = GetBinaryTypeA(name, &type);
    ok(ret && type == expected, "GetBinaryType(%s) = %d, type %lu (expected %lu), error %lu",
       name, ret, type, expected, GetLastError());
}

/* Wine leaves the last error unchanged (or 0) for a file that is no program; Windows sets
 * ERROR_BAD_EXE_FORMAT, which is what is checked here. */
static void expect_not_program(const char *name)
{
    DWORD type = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    BOOL ret = GetBinaryTypeA(name, &type);
    ok_err(!ret, ERROR_BAD_EXE_FORMAT);
}

int main(void)
{
    load_self();
    expect_type(self, SCS_64BIT_BINARY);

    WCHAR wself[MAX_PATH];
    GetModuleFileNameW(NULL, wself, MAX_PATH);
    DWORD type = 0;
    ok(GetBinaryTypeW(wself, &type) && type == SCS_64BIT_BINARY, "GetBinaryTypeW: %lu", type);

    BYTE *copy = HeapAlloc(GetProcessHeap(), 0, image_size);
    CopyMemory(copy, image, image_size);
    /* A 32-bit machine in a PE32+ image is no valid program. */
    coff(copy)->Machine = IMAGE_FILE_MACHINE_I386;
    write_file("bt_i386.exe", copy, image_size);
    expect_not_program("bt_i386.exe");

    CopyMemory(copy, image, image_size);
    coff(copy)->Characteristics |= IMAGE_FILE_DLL;
    write_file("bt_lib.dll", copy, image_size);
    expect_not_program("bt_lib.dll");

    /* An MZ header without a new-format header is a DOS program, whatever its name. */
    BYTE dos[256] = {'M', 'Z'};
    write_file("bt_dos.exe", dos, sizeof dos);
    expect_type("bt_dos.exe", SCS_DOS_BINARY);
    write_file("bt_dos.dll", dos, sizeof dos);
    expect_type("bt_dos.dll", SCS_DOS_BINARY);

    /* A .com file is raw code; a .pif file is taken by its name. */
    write_file("bt_prog.com", "\xb4\x4c\xcd\x21", 4);
    expect_type("bt_prog.com", SCS_DOS_BINARY);
    write_file("bt_info.pif", "text", 4);
    expect_type("bt_info.pif", SCS_PIF_BINARY);

    write_file("bt_text.exe", "just text\r\n", 11);
    expect_not_program("bt_text.exe");

    SetLastError(0xdeadbeef);
    ok_err(!GetBinaryTypeA("bt_nosuch.exe", &type), ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok_err(!GetBinaryTypeA("bt_nosuchdir\\x.exe", &type), ERROR_PATH_NOT_FOUND);
    CreateDirectoryA("bt_dir", NULL);
    SetLastError(0xdeadbeef);
    ok_err(!GetBinaryTypeA("bt_dir", &type), ERROR_ACCESS_DENIED);

    RemoveDirectoryA("bt_dir");
    DeleteFileA("bt_i386.exe");
    DeleteFileA("bt_lib.dll");
    DeleteFileA("bt_dos.exe");
    DeleteFileA("bt_dos.dll");
    DeleteFileA("bt_prog.com");
    DeleteFileA("bt_info.pif");
    DeleteFileA("bt_text.exe");
    return check_summary();
}
