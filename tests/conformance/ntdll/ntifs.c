/* ntifs.h: NtOpenFile and NtCreateFile on files, directories and the pipe
 * file system (NtCreateFile's dispositions as Rust's remove_dir_all and others
 * use them), and
 * NtCreateNamedPipeFile for named and anonymous pipes, the way Rust's
 * standard library makes the pipes of a child process. */
#include <windows.h>
#include <winternl.h>
#include <wchar.h>

#include "check.h"

#ifndef STATUS_OBJECT_NAME_NOT_FOUND
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#endif
#define STATUS_OBJECT_PATH_SYNTAX_BAD_ ((NTSTATUS)0xC000003B)
#define STATUS_NOT_A_DIRECTORY_ ((NTSTATUS)0xC0000103)
#define STATUS_FILE_IS_A_DIRECTORY_ ((NTSTATUS)0xC00000BA)
/* ntifs.h values winternl.h does not have. */
#define FILE_PIPE_BYTE_STREAM_TYPE 0
#define FILE_PIPE_MESSAGE_TYPE 1
#define FILE_PIPE_BYTE_STREAM_MODE 0
#define FILE_PIPE_MESSAGE_MODE 1
#define FILE_PIPE_QUEUE_OPERATION 0
#define FILE_OPENED_ 1
#define FILE_CREATED_ 2
#define FILE_OVERWRITTEN_ 3
#define STATUS_OBJECT_NAME_COLLISION_ ((NTSTATUS)0xC0000035)

typedef NTSTATUS(NTAPI *open_file_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK,
                                       ULONG, ULONG);
typedef NTSTATUS(NTAPI *create_pipe_fn)(PHANDLE, ULONG, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK,
                                         ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG, ULONG,
                                         ULONG, PLARGE_INTEGER);
typedef NTSTATUS(NTAPI *create_file_fn)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES,
                                         PIO_STATUS_BLOCK, PLARGE_INTEGER, ULONG, ULONG, ULONG,
                                         ULONG, PVOID, ULONG);
static open_file_fn open_file;
static create_file_fn create_file;
static create_pipe_fn create_pipe;

static void init_name(UNICODE_STRING *u, const WCHAR *s)
{
    u->Length = (USHORT)(wcslen(s) * sizeof(WCHAR));
    u->MaximumLength = u->Length;
    u->Buffer = (WCHAR *)s;
}

static NTSTATUS open_at(HANDLE *h, HANDLE root, const WCHAR *name, ACCESS_MASK access,
                        ULONG share, ULONG options, IO_STATUS_BLOCK *io)
{
    UNICODE_STRING u;
    init_name(&u, name);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &u, 0, root, NULL);
    io->Information = 0xdead;
    return open_file(h, access, &oa, io, share, options);
}

/* The NT name of `name` in the current directory. */
static void nt_name(WCHAR *out, const WCHAR *name)
{
    WCHAR dir[MAX_PATH];
    GetCurrentDirectoryW(MAX_PATH, dir);
    swprintf(out, MAX_PATH, L"\\??\\%ls\\%ls", dir, name);
}

static void test_files(void)
{
    HANDLE f = CreateFileW(L"ntifs_file.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(f, "hello", 5, &n, NULL);
    CloseHandle(f);
    CreateDirectoryW(L"ntifs_dir", NULL);

    WCHAR name[MAX_PATH];
    IO_STATUS_BLOCK io;
    HANDLE h = NULL;
    nt_name(name, L"ntifs_file.txt");
    NTSTATUS st = open_at(&h, NULL, name, GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, &io);
    ok(st == 0 && io.Information == FILE_OPENED_, "NtOpenFile(file) = 0x%lx, info %llu",
       (unsigned long)st, (unsigned long long)io.Information);
    char buf[16] = {0};
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 5 && !memcmp(buf, "hello", 5),
       "reading through the NT handle: %lu", n);
    CloseHandle(h);

    /* The directory, and a file relative to it. */
    HANDLE dir = NULL;
    nt_name(name, L"ntifs_dir");
    st = open_at(&dir, NULL, name, FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                 FILE_SYNCHRONOUS_IO_NONALERT | FILE_DIRECTORY_FILE, &io);
    ok(st == 0 && io.Information == FILE_OPENED_, "NtOpenFile(dir) = 0x%lx", (unsigned long)st);
    f = CreateFileW(L"ntifs_dir\\inner.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, "in", 2, &n, NULL);
    CloseHandle(f);
    st = open_at(&h, dir, L"inner.txt", GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ,
                 FILE_SYNCHRONOUS_IO_NONALERT, &io);
    ok(st == 0, "NtOpenFile relative to a directory = 0x%lx", (unsigned long)st);
    memset(buf, 0, sizeof buf);
    ok(ReadFile(h, buf, sizeof buf, &n, NULL) && n == 2 && !memcmp(buf, "in", 2), "relative read");
    CloseHandle(h);
    st = open_at(&h, dir, L"absent.txt", GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ,
                 FILE_SYNCHRONOUS_IO_NONALERT, &io);
    ok(st == STATUS_OBJECT_NAME_NOT_FOUND, "missing relative file = 0x%lx", (unsigned long)st);
    CloseHandle(dir);

    /* Directory or not, as asked. */
    nt_name(name, L"ntifs_file.txt");
    st = open_at(&h, NULL, name, GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ,
                 FILE_SYNCHRONOUS_IO_NONALERT | FILE_DIRECTORY_FILE, &io);
    ok(st == STATUS_NOT_A_DIRECTORY_, "a file as a directory = 0x%lx", (unsigned long)st);
    nt_name(name, L"ntifs_dir");
    st = open_at(&h, NULL, name, GENERIC_READ | SYNCHRONIZE, FILE_SHARE_READ,
                 FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, &io);
    ok(st == STATUS_FILE_IS_A_DIRECTORY_, "a directory as a file = 0x%lx", (unsigned long)st);

    nt_name(name, L"ntifs_absent.txt");
    st = open_at(&h, NULL, name, GENERIC_READ, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT, &io);
    ok(st == STATUS_OBJECT_NAME_NOT_FOUND, "missing file = 0x%lx", (unsigned long)st);
    st = open_at(&h, NULL, L"relative.txt", GENERIC_READ, FILE_SHARE_READ,
                 FILE_SYNCHRONOUS_IO_NONALERT, &io);
    ok(st == STATUS_OBJECT_PATH_SYNTAX_BAD_, "a relative name without a root = 0x%lx",
       (unsigned long)st);

    DeleteFileW(L"ntifs_dir\\inner.txt");
    RemoveDirectoryW(L"ntifs_dir");
    DeleteFileW(L"ntifs_file.txt");
}

static NTSTATUS create_at(HANDLE *h, HANDLE root, const WCHAR *name, ACCESS_MASK access,
                          ULONG disposition, ULONG options, IO_STATUS_BLOCK *io)
{
    UNICODE_STRING u;
    init_name(&u, name);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &u, 0, root, NULL);
    io->Information = 0xdead;
    *h = NULL;
    return create_file(h, access | SYNCHRONIZE, &oa, io, NULL, FILE_ATTRIBUTE_NORMAL,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, disposition,
                       options | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
}

static void test_create_file(void)
{
    CreateDirectoryW(L"ntifs_create", NULL);
    WCHAR name[MAX_PATH];
    nt_name(name, L"ntifs_create");
    IO_STATUS_BLOCK io;
    HANDLE dir, h;
    NTSTATUS st = create_at(&dir, NULL, name, FILE_LIST_DIRECTORY, FILE_OPEN, FILE_DIRECTORY_FILE,
                            &io);
    ok(st == 0 && io.Information == FILE_OPENED_, "NtCreateFile(FILE_OPEN of a directory) = 0x%lx",
       (unsigned long)st);

    st = create_at(&h, dir, L"new.txt", GENERIC_WRITE, FILE_CREATE, FILE_NON_DIRECTORY_FILE, &io);
    ok(st == 0 && io.Information == FILE_CREATED_, "FILE_CREATE = 0x%lx, info %llu",
       (unsigned long)st, (unsigned long long)io.Information);
    DWORD n;
    WriteFile(h, "data", 4, &n, NULL);
    CloseHandle(h);
    st = create_at(&h, dir, L"new.txt", GENERIC_WRITE, FILE_CREATE, 0, &io);
    ok(st == STATUS_OBJECT_NAME_COLLISION_, "FILE_CREATE of an existing file = 0x%lx",
       (unsigned long)st);
    st = create_at(&h, dir, L"new.txt", GENERIC_READ, FILE_OPEN_IF, 0, &io);
    ok(st == 0 && io.Information == FILE_OPENED_, "FILE_OPEN_IF of an existing file = 0x%lx, %llu",
       (unsigned long)st, (unsigned long long)io.Information);
    ok(GetFileSize(h, NULL) == 4, "opened, not truncated: %lu", GetFileSize(h, NULL));
    CloseHandle(h);
    /* FILE_OVERWRITE truncates; it needs no write access asked for. */
    st = create_at(&h, dir, L"new.txt", GENERIC_READ, FILE_OVERWRITE, 0, &io);
    ok(st == 0 && io.Information == FILE_OVERWRITTEN_, "FILE_OVERWRITE = 0x%lx, %llu",
       (unsigned long)st, (unsigned long long)io.Information);
    ok(GetFileSize(h, NULL) == 0, "overwritten: %lu", GetFileSize(h, NULL));
    CloseHandle(h);
    st = create_at(&h, dir, L"other.txt", GENERIC_WRITE, FILE_OPEN_IF, 0, &io);
    ok(st == 0 && io.Information == FILE_CREATED_, "FILE_OPEN_IF of a new file = 0x%lx, %llu",
       (unsigned long)st, (unsigned long long)io.Information);
    CloseHandle(h);
    st = create_at(&h, dir, L"absent.txt", GENERIC_READ, FILE_OPEN, 0, &io);
    ok(st == STATUS_OBJECT_NAME_NOT_FOUND, "FILE_OPEN of a missing file = 0x%lx",
       (unsigned long)st);
    st = create_at(&h, dir, L"sub", FILE_LIST_DIRECTORY, FILE_CREATE, FILE_DIRECTORY_FILE, &io);
    ok(st == 0 && io.Information == FILE_CREATED_ &&
           GetFileAttributesW(L"ntifs_create\\sub") == FILE_ATTRIBUTE_DIRECTORY,
       "FILE_CREATE of a directory = 0x%lx", (unsigned long)st);
    CloseHandle(h);
    st = create_at(&h, dir, L"x.txt", GENERIC_READ, 7, 0, &io);
    ok(st == STATUS_INVALID_PARAMETER, "an unknown disposition = 0x%lx", (unsigned long)st);
    CloseHandle(dir);

    RemoveDirectoryW(L"ntifs_create\\sub");
    DeleteFileW(L"ntifs_create\\new.txt");
    DeleteFileW(L"ntifs_create\\other.txt");
    RemoveDirectoryW(L"ntifs_create");
}

/* What Rust's std does for a child's stdout: an anonymous pipe created relative to the pipe
 * file system, whose other end is opened relative to the server handle. */
static void test_anonymous_pipe(void)
{
    IO_STATUS_BLOCK io;
    HANDLE pipe_fs = NULL;
    NTSTATUS st = open_at(&pipe_fs, NULL, L"\\??\\PIPE\\", SYNCHRONIZE | GENERIC_READ,
                          FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_SYNCHRONOUS_IO_NONALERT, &io);
    ok(st == 0 && pipe_fs, "opening the pipe file system = 0x%lx", (unsigned long)st);

    UNICODE_STRING empty = {0, 0, NULL};
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &empty, 0, pipe_fs, NULL);
    LARGE_INTEGER timeout;
    timeout.QuadPart = -50 * 10000;
    HANDLE ours = NULL;
    io.Information = 0xdead;
    st = create_pipe(&ours, SYNCHRONIZE | GENERIC_READ, &oa, &io, FILE_SHARE_WRITE,
                     FILE_CREATE, 0, FILE_PIPE_BYTE_STREAM_TYPE, FILE_PIPE_BYTE_STREAM_MODE,
                     FILE_PIPE_QUEUE_OPERATION, 1, 65536, 65536, &timeout);
    /* NPFS reports FILE_CREATED on Windows; Wine 8 leaves Information unchanged. */
    ok(st == 0 && io.Information == FILE_CREATED_, "NtCreateNamedPipeFile = 0x%lx, info %llu",
       (unsigned long)st, (unsigned long long)io.Information);

    HANDLE theirs = NULL;
    InitializeObjectAttributes(&oa, &empty, OBJ_INHERIT, ours, NULL);
    st = open_file(&theirs, SYNCHRONIZE | FILE_WRITE_DATA | FILE_READ_ATTRIBUTES, &oa, &io, 0,
                   FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    ok(st == 0 && io.Information == FILE_OPENED_, "NtOpenFile(client) = 0x%lx", (unsigned long)st);
    DWORD flags = 0;
    ok(GetHandleInformation(theirs, &flags) && (flags & HANDLE_FLAG_INHERIT),
       "OBJ_INHERIT makes the handle inheritable");
    ok(GetFileType(ours) == FILE_TYPE_PIPE && GetFileType(theirs) == FILE_TYPE_PIPE,
       "both ends are pipes");

    /* Only one client. */
    HANDLE again = NULL;
    st = open_file(&again, SYNCHRONIZE | FILE_WRITE_DATA, &oa, &io, 0,
                   FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT);
    ok(st != 0, "a second client fails: 0x%lx", (unsigned long)st);

    DWORD n = 0;
    ok(WriteFile(theirs, "data", 4, &n, NULL) && n == 4, "client write: %lu", GetLastError());
    /* The server end was created for overlapped I/O (no FILE_SYNCHRONOUS_IO_*). */
    char buf[8] = {0};
    OVERLAPPED ov = {0};
    ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    BOOL done = ReadFile(ours, buf, sizeof buf, NULL, &ov);
    ok(done || GetLastError() == ERROR_IO_PENDING, "overlapped read: %lu", GetLastError());
    ok(GetOverlappedResult(ours, &ov, &n, TRUE) && n == 4 && !memcmp(buf, "data", 4),
       "the server reads what the client wrote (%lu)", n);
    /* The client may not read: it was opened for writing only. */
    SetLastError(0xdeadbeef);
    ok_err(!ReadFile(theirs, buf, 1, &n, NULL), ERROR_ACCESS_DENIED);

    CloseHandle(theirs);
    SetLastError(0xdeadbeef);
    ResetEvent(ov.hEvent);
    done = ReadFile(ours, buf, sizeof buf, NULL, &ov);
    if (!done && GetLastError() == ERROR_IO_PENDING)
        done = GetOverlappedResult(ours, &ov, &n, TRUE);
    ok_err(!done, ERROR_BROKEN_PIPE);
    CloseHandle(ov.hEvent);
    CloseHandle(ours);
    CloseHandle(pipe_fs);
}

static void test_named_pipe(void)
{
    IO_STATUS_BLOCK io;
    UNICODE_STRING u;
    init_name(&u, L"\\??\\PIPE\\winrun_ntifs_pipe");
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &u, 0, NULL, NULL);
    /* The time-out is optional on Windows; Wine 8 requires one. */
    LARGE_INTEGER timeout;
    timeout.QuadPart = -50 * 10000;
    HANDLE server = NULL;
    NTSTATUS st = create_pipe(&server, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &oa, &io,
                              FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
                              FILE_SYNCHRONOUS_IO_NONALERT, FILE_PIPE_MESSAGE_TYPE,
                              FILE_PIPE_MESSAGE_MODE, FILE_PIPE_QUEUE_OPERATION, 2, 4096, 4096,
                              &timeout);
    ok(st == 0, "NtCreateNamedPipeFile(named) = 0x%lx", (unsigned long)st);
    /* FILE_CREATE: the pipe must not exist yet. */
    HANDLE second = NULL;
    st = create_pipe(&second, GENERIC_READ | GENERIC_WRITE | SYNCHRONIZE, &oa, &io,
                     FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE, FILE_SYNCHRONOUS_IO_NONALERT,
                     FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_MESSAGE_MODE, FILE_PIPE_QUEUE_OPERATION,
                     2, 4096, 4096, &timeout);
    /* As CreateNamedPipe's FILE_FLAG_FIRST_PIPE_INSTANCE on Windows; Wine 8 ignores it. */
    ok(st == (NTSTATUS)0xC0000022, "a second FILE_CREATE = 0x%lx", (unsigned long)st);

    /* A Win32 client sees a message pipe. */
    HANDLE c = CreateFileW(L"\\\\.\\pipe\\winrun_ntifs_pipe", GENERIC_READ | GENERIC_WRITE, 0,
                           NULL, OPEN_EXISTING, 0, NULL);
    ok(c != INVALID_HANDLE_VALUE, "CreateFile on the NT-made pipe: %lu", GetLastError());
    DWORD n = 0, flags = 0;
    /* The server end reads in message mode: one message per read. */
    ok(WriteFile(c, "one", 3, &n, NULL) && WriteFile(c, "two", 3, &n, NULL), "writes");
    char buf[8] = {0};
    ok(ReadFile(server, buf, sizeof buf, &n, NULL) && n == 3 && !memcmp(buf, "one", 3),
       "one message per read (%lu)", n);
    ok(GetNamedPipeInfo(server, &flags, NULL, NULL, NULL) &&
           flags == (PIPE_SERVER_END | PIPE_TYPE_MESSAGE),
       "GetNamedPipeInfo flags 0x%lx", flags);
    CloseHandle(c);
    CloseHandle(server);
}

int main(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    open_file = (open_file_fn)(void *)GetProcAddress(ntdll, "NtOpenFile");
    create_pipe = (create_pipe_fn)(void *)GetProcAddress(ntdll, "NtCreateNamedPipeFile");
    ok(open_file && create_pipe, "ntdll exports NtOpenFile and NtCreateNamedPipeFile");
    if (!open_file || !create_pipe)
        return check_summary();
    test_files();
    create_file = (create_file_fn)(void *)GetProcAddress(ntdll, "NtCreateFile");
    ok(create_file != NULL, "ntdll exports NtCreateFile");
    if (create_file)
        test_create_file();
    test_anonymous_pipe();
    test_named_pipe();
    return check_summary();
}
