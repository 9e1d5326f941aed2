/* fileapi.h and friends on symbolic links, which NTFS keeps as reparse points
 * ("Symbolic Link Effects on File Systems Functions"): functions that take a
 * name report the link itself (FILE_ATTRIBUTE_REPARSE_POINT, and DIRECTORY for
 * a link to a directory, the IO_REPARSE_TAG_SYMLINK tag in dwReserved0);
 * CreateFile with FILE_FLAG_OPEN_REPARSE_POINT opens the link, without it the
 * target; deleting, removing or moving a link touches the link, never its
 * target.
 *
 * The host decides whether a link is a directory link from its target, so a
 * dangling link is a file link here (on NTFS it is what it was made as).
 *
 * Wine 8 cannot run these checks: its CreateSymbolicLinkW is a stub that
 * returns TRUE and creates nothing, and it shows host symlinks as their
 * targets. The expectations are Microsoft's documentation for NTFS. */
#include <windows.h>
#include <winioctl.h>
#include <wchar.h>

#include "check.h"

/* REPARSE_DATA_BUFFER for a symbolic link (ntifs.h, not in the SDK headers). */
typedef struct {
    ULONG ReparseTag;
    USHORT ReparseDataLength;
    USHORT Reserved;
    USHORT SubstituteNameOffset;
    USHORT SubstituteNameLength;
    USHORT PrintNameOffset;
    USHORT PrintNameLength;
    ULONG Flags;
    WCHAR PathBuffer[1];
} SYMLINK_REPARSE;
#define SYMLINK_FLAG_RELATIVE 1

#define FILE_LINK (FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_REPARSE_POINT)
#define DIR_LINK (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)

static WCHAR outside_full[MAX_PATH];

static void make_file(const WCHAR *name, const char *text)
{
    HANDLE h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n;
    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static BOOL has_text(const WCHAR *name, const char *text)
{
    char buf[64] = {0};
    DWORD n = 0;
    HANDLE h = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    CloseHandle(h);
    return n == strlen(text) && !memcmp(buf, text, n);
}

static HANDLE open_link(const WCHAR *name, DWORD access, DWORD flags)
{
    return CreateFileW(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | flags, NULL);
}

/* The names and flags of a link's reparse data; the byte count must be the whole buffer. */
static BOOL get_link(const WCHAR *link, WCHAR *sub, WCHAR *print, ULONG *flags)
{
    static BYTE buf[MAXIMUM_REPARSE_DATA_BUFFER_SIZE];
    HANDLE h = open_link(link, 0, FILE_FLAG_BACKUP_SEMANTICS);
    DWORD n = 0;
    BOOL ret = DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, buf, sizeof buf, &n, NULL);
    CloseHandle(h);
    if (!ret)
        return FALSE;
    SYMLINK_REPARSE *r = (SYMLINK_REPARSE *)buf;
    ok(r->ReparseTag == IO_REPARSE_TAG_SYMLINK, "%ls: tag 0x%lx", link, r->ReparseTag);
    ok(r->ReparseDataLength == 12 + r->SubstituteNameLength + r->PrintNameLength,
       "%ls: data length %u for names of %u and %u bytes", link, r->ReparseDataLength,
       r->SubstituteNameLength, r->PrintNameLength);
    ok(n == 8u + r->ReparseDataLength, "%ls: %lu bytes returned", link, n);
    memcpy(sub, (BYTE *)r->PathBuffer + r->SubstituteNameOffset, r->SubstituteNameLength);
    sub[r->SubstituteNameLength / 2] = 0;
    memcpy(print, (BYTE *)r->PathBuffer + r->PrintNameOffset, r->PrintNameLength);
    print[r->PrintNameLength / 2] = 0;
    *flags = r->Flags;
    return TRUE;
}

/* rp_tree\target.txt, rp_tree\dir\inner.txt, rp_outside\keep.txt, and links to them. */
static BOOL make_tree(void)
{
    CreateDirectoryW(L"rp_tree", NULL);
    CreateDirectoryW(L"rp_tree\\dir", NULL);
    CreateDirectoryW(L"rp_outside", NULL);
    make_file(L"rp_tree\\target.txt", "target");
    make_file(L"rp_tree\\dir\\inner.txt", "inner");
    make_file(L"rp_outside\\keep.txt", "kept");
    GetFullPathNameW(L"rp_outside", MAX_PATH, outside_full, NULL);
    DWORD dir = SYMBOLIC_LINK_FLAG_DIRECTORY;
    BOOL made = CreateSymbolicLinkW(L"rp_tree\\file.lnk", L"target.txt", 0) &&
                CreateSymbolicLinkW(L"rp_tree\\dir.lnk", L"dir", dir) &&
                CreateSymbolicLinkW(L"rp_tree\\out.lnk", outside_full, dir) &&
                CreateSymbolicLinkW(L"rp_tree\\dir\\up.lnk", L"..\\target.txt", 0) &&
                CreateSymbolicLinkW(L"rp_tree\\dangling.lnk", L"missing.txt", 0);
    ok(made, "CreateSymbolicLinkW: %lu", GetLastError());
    BOOL there = GetFileAttributesW(L"rp_tree\\file.lnk") != INVALID_FILE_ATTRIBUTES;
    ok(there, "CreateSymbolicLinkW made no link");
    return made && there;
}

static void test_attributes_by_name(void)
{
    DWORD a = GetFileAttributesW(L"rp_tree\\file.lnk");
    ok(a == FILE_LINK, "file link attributes 0x%lx", a);
    a = GetFileAttributesW(L"rp_tree\\dir.lnk");
    ok(a == DIR_LINK, "directory link attributes 0x%lx", a);
    a = GetFileAttributesW(L"rp_tree\\out.lnk");
    ok(a == DIR_LINK, "absolute directory link attributes 0x%lx", a);
    a = GetFileAttributesW(L"rp_tree\\dangling.lnk");
    ok(a == FILE_LINK, "dangling link attributes 0x%lx", a);
    a = GetFileAttributesW(L"rp_tree\\target.txt");
    ok(a == FILE_ATTRIBUTE_ARCHIVE, "target attributes 0x%lx", a);
    /* A link inside the path is followed; only the last component is the link itself. */
    a = GetFileAttributesW(L"rp_tree\\dir.lnk\\inner.txt");
    ok(a == FILE_ATTRIBUTE_ARCHIVE, "through a directory link 0x%lx", a);
    a = GetFileAttributesW(L"RP_TREE\\FILE.LNK");
    ok(a == FILE_LINK, "another case 0x%lx", a);

    WIN32_FILE_ATTRIBUTE_DATA d;
    memset(&d, 0xcc, sizeof d);
    ok(GetFileAttributesExW(L"rp_tree\\file.lnk", GetFileExInfoStandard, &d) &&
           d.dwFileAttributes == FILE_LINK && d.nFileSizeLow == 0 && d.nFileSizeHigh == 0,
       "GetFileAttributesExW: 0x%lx size %lu", d.dwFileAttributes, d.nFileSizeLow);
    ok(GetFileAttributesExW(L"rp_tree\\dir.lnk", GetFileExInfoStandard, &d) &&
           d.dwFileAttributes == DIR_LINK && d.nFileSizeLow == 0,
       "GetFileAttributesExW of a directory link: 0x%lx", d.dwFileAttributes);
}

static void test_find(void)
{
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(L"rp_tree\\*", &fd);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFileW: %lu", GetLastError());
    int links = 0, others = 0;
    do {
        DWORD want_attrs = 0, want_tag = 0;
        if (!wcscmp(fd.cFileName, L"file.lnk") || !wcscmp(fd.cFileName, L"dangling.lnk"))
            want_attrs = FILE_LINK, want_tag = IO_REPARSE_TAG_SYMLINK;
        else if (!wcscmp(fd.cFileName, L"dir.lnk") || !wcscmp(fd.cFileName, L"out.lnk"))
            want_attrs = DIR_LINK, want_tag = IO_REPARSE_TAG_SYMLINK;
        if (want_attrs) {
            links++;
            ok(fd.dwFileAttributes == want_attrs && fd.dwReserved0 == want_tag &&
                   fd.nFileSizeLow == 0 && fd.nFileSizeHigh == 0,
               "%ls: attributes 0x%lx tag 0x%lx size %lu", fd.cFileName, fd.dwFileAttributes,
               fd.dwReserved0, fd.nFileSizeLow);
        } else {
            others++;
            ok(!(fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT), "%ls: attributes 0x%lx",
               fd.cFileName, fd.dwFileAttributes);
        }
    } while (FindNextFileW(h, &fd));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "end of the listing: %lu", GetLastError());
    FindClose(h);
    /* ., .., dir, target.txt and four links. */
    ok(links == 4 && others == 4, "%d links, %d other entries", links, others);

    h = FindFirstFileW(L"rp_tree\\dir.lnk", &fd);
    ok(h != INVALID_HANDLE_VALUE && fd.dwFileAttributes == DIR_LINK &&
           fd.dwReserved0 == IO_REPARSE_TAG_SYMLINK && !wcscmp(fd.cFileName, L"dir.lnk"),
       "FindFirstFileW of the link itself: 0x%lx %ls", fd.dwFileAttributes, fd.cFileName);
    FindClose(h);
}

static void test_handles(void)
{
    /* Opened by its name, the link is its target. */
    HANDLE h = CreateFileW(L"rp_tree\\file.lnk", GENERIC_READ, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, 0, NULL);
    BY_HANDLE_FILE_INFORMATION info;
    ok(GetFileInformationByHandle(h, &info) && info.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE &&
           info.nFileSizeLow == 6,
       "through the link: 0x%lx size %lu", info.dwFileAttributes, info.nFileSizeLow);
    FILE_ATTRIBUTE_TAG_INFO tag = {0xdead, 0xdead};
    ok(GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) &&
           tag.FileAttributes == FILE_ATTRIBUTE_ARCHIVE && tag.ReparseTag == 0,
       "tag of the target: 0x%lx 0x%lx", tag.FileAttributes, tag.ReparseTag);
    WCHAR final[MAX_PATH];
    DWORD len = GetFinalPathNameByHandleW(h, final, MAX_PATH, 0);
    ok(len > 11 && !wcscmp(final + len - 11, L"\\target.txt"), "final path %ls", final);
    CloseHandle(h);

    /* With FILE_FLAG_OPEN_REPARSE_POINT, the link itself. */
    h = open_link(L"rp_tree\\file.lnk", 0, 0);
    ok(h != INVALID_HANDLE_VALUE, "opening the link: %lu", GetLastError());
    ok(GetFileType(h) == FILE_TYPE_DISK, "file type %lu", GetFileType(h));
    ok(GetFileInformationByHandle(h, &info) && info.dwFileAttributes == FILE_LINK &&
           info.nFileSizeLow == 0 && info.nFileSizeHigh == 0 && info.nNumberOfLinks == 1,
       "the link: 0x%lx size %lu links %lu", info.dwFileAttributes, info.nFileSizeLow,
       info.nNumberOfLinks);
    FILE_BASIC_INFO basic;
    ok(GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic) &&
           basic.FileAttributes == FILE_LINK,
       "FileBasicInfo 0x%lx", basic.FileAttributes);
    FILE_STANDARD_INFO std;
    memset(&std, 0xcc, sizeof std);
    ok(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std) &&
           std.EndOfFile.QuadPart == 0 && std.AllocationSize.QuadPart == 0 && !std.Directory &&
           !std.DeletePending,
       "FileStandardInfo: end %lld directory %u", std.EndOfFile.QuadPart, std.Directory);
    ok(GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) &&
           tag.FileAttributes == FILE_LINK && tag.ReparseTag == IO_REPARSE_TAG_SYMLINK,
       "FileAttributeTagInfo: 0x%lx 0x%lx", tag.FileAttributes, tag.ReparseTag);
    len = GetFinalPathNameByHandleW(h, final, MAX_PATH, 0);
    ok(len > 9 && !wcscmp(final + len - 9, L"\\file.lnk"), "final path of the link %ls", final);
    CloseHandle(h);

    /* The link's own data stream is empty. */
    h = open_link(L"rp_tree\\file.lnk", GENERIC_READ, 0);
    char data[16];
    DWORD got = 0xdead;
    ok(ReadFile(h, data, sizeof data, &got, NULL) && got == 0, "reading the link: %lu", got);
    CloseHandle(h);

    /* A directory link is a directory: it needs backup semantics. */
    SetLastError(0xdeadbeef);
    h = open_link(L"rp_tree\\dir.lnk", 0, 0);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
    h = open_link(L"rp_tree\\dir.lnk", 0, FILE_FLAG_BACKUP_SEMANTICS);
    ok(GetFileInformationByHandle(h, &info) && info.dwFileAttributes == DIR_LINK,
       "directory link: 0x%lx", info.dwFileAttributes);
    ok(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std) && std.Directory,
       "directory link FileStandardInfo.Directory %u", std.Directory);
    ok(GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) &&
           tag.FileAttributes == DIR_LINK && tag.ReparseTag == IO_REPARSE_TAG_SYMLINK,
       "directory link tag: 0x%lx 0x%lx", tag.FileAttributes, tag.ReparseTag);
    CloseHandle(h);

    /* The link exists: it cannot be created again. */
    SetLastError(0xdeadbeef);
    h = CreateFileW(L"rp_tree\\file.lnk", GENERIC_READ, 0, NULL, CREATE_NEW,
                    FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    ok_err(h == INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS);

    /* A file that is no link opens as itself, and has no reparse data. */
    h = open_link(L"rp_tree\\target.txt", GENERIC_READ, 0);
    ok(GetFileInformationByHandle(h, &info) && info.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE &&
           info.nFileSizeLow == 6,
       "plain file with FILE_FLAG_OPEN_REPARSE_POINT: 0x%lx", info.dwFileAttributes);
    BYTE buf[512];
    DWORD n;
    SetLastError(0xdeadbeef);
    ok_err(!DeviceIoControl(h, FSCTL_GET_REPARSE_POINT, NULL, 0, buf, sizeof buf, &n, NULL),
           ERROR_NOT_A_REPARSE_POINT);
    CloseHandle(h);
}

typedef struct {
    USHORT Length, MaximumLength;
    WCHAR *Buffer;
} NAME_STRING;
typedef struct {
    ULONG Length;
    HANDLE RootDirectory;
    NAME_STRING *ObjectName;
    ULONG Attributes;
    void *SecurityDescriptor, *SecurityQualityOfService;
} OBJECT_ATTRIBUTES_;
typedef struct {
    ULONG_PTR Status;
    ULONG_PTR Information;
} IO_STATUS_BLOCK_;
typedef LONG(WINAPI *create_file_fn)(HANDLE *, ACCESS_MASK, OBJECT_ATTRIBUTES_ *,
                                      IO_STATUS_BLOCK_ *, LARGE_INTEGER *, ULONG, ULONG, ULONG,
                                      ULONG, void *, ULONG);
#define FILE_OPEN_ 1
#define FILE_SYNCHRONOUS_IO_NONALERT_ 0x20
#define FILE_OPEN_REPARSE_POINT_ 0x200000

/* NtCreateFile relative to a directory handle, as Rust's remove_dir_all opens entries. */
static void test_nt_open(void)
{
    create_file_fn create_file =
        (create_file_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtCreateFile");
    ok(create_file != NULL, "NtCreateFile");
    if (!create_file)
        return;
    HANDLE dir = CreateFileW(L"rp_tree", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                             OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    NAME_STRING name = {16, 16, L"file.lnk"};
    OBJECT_ATTRIBUTES_ oa = {sizeof oa, dir, &name, 0, NULL, NULL};
    IO_STATUS_BLOCK_ io;
    FILE_ATTRIBUTE_TAG_INFO tag;
    for (int reparse = 0; reparse < 2; reparse++) {
        HANDLE h = NULL;
        ULONG options = FILE_SYNCHRONOUS_IO_NONALERT_ | (reparse ? FILE_OPEN_REPARSE_POINT_ : 0);
        LONG st = create_file(&h, SYNCHRONIZE | FILE_READ_ATTRIBUTES, &oa, &io, NULL, 0,
                              FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_OPEN_, options, NULL, 0);
        ok(st == 0 && io.Information == 1, "NtCreateFile(reparse %d) = 0x%lx", reparse,
           (unsigned long)st);
        DWORD want_attrs = reparse ? FILE_LINK : FILE_ATTRIBUTE_ARCHIVE;
        DWORD want_tag = reparse ? IO_REPARSE_TAG_SYMLINK : 0;
        ok(GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof tag) &&
               tag.FileAttributes == want_attrs && tag.ReparseTag == want_tag,
           "NtCreateFile(reparse %d): 0x%lx 0x%lx", reparse, tag.FileAttributes, tag.ReparseTag);
        CloseHandle(h);
    }
    CloseHandle(dir);
}

static void test_directory_listing(void)
{
    HANDLE h = CreateFileW(L"rp_tree", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    static BYTE buf[8192];
    int links = 0, plain = 0;
    while (GetFileInformationByHandleEx(h, FileIdBothDirectoryInfo, buf, sizeof buf)) {
        FILE_ID_BOTH_DIR_INFO *e = (FILE_ID_BOTH_DIR_INFO *)buf;
        for (;;) {
            WCHAR name[MAX_PATH] = {0};
            memcpy(name, e->FileName, e->FileNameLength);
            if (e->FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
                links++;
                ok(e->EaSize == IO_REPARSE_TAG_SYMLINK && e->EndOfFile.QuadPart == 0,
                   "%ls: EaSize 0x%lx size %lld", name, e->EaSize, e->EndOfFile.QuadPart);
            } else {
                plain++;
                ok(e->EaSize == 0, "%ls: EaSize 0x%lx", name, e->EaSize);
            }
            if (!e->NextEntryOffset)
                break;
            e = (FILE_ID_BOTH_DIR_INFO *)((BYTE *)e + e->NextEntryOffset);
        }
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "listing ends with %lu", GetLastError());
    ok(links == 4 && plain == 4, "%d links, %d others", links, plain);
    CloseHandle(h);
}

static void test_reparse_data(void)
{
    WCHAR sub[MAX_PATH], print[MAX_PATH], expected[MAX_PATH + 8];
    ULONG flags = 0xdead;

    /* Relative links keep their text, with backslashes, and say so. */
    ok(get_link(L"rp_tree\\file.lnk", sub, print, &flags), "file link: %lu", GetLastError());
    ok(!wcscmp(sub, L"target.txt") && !wcscmp(print, L"target.txt") &&
           flags == SYMLINK_FLAG_RELATIVE,
       "file link: %ls | %ls | %lu", sub, print, flags);
    ok(get_link(L"rp_tree\\dir\\up.lnk", sub, print, &flags), "up link: %lu", GetLastError());
    ok(!wcscmp(sub, L"..\\target.txt") && !wcscmp(print, L"..\\target.txt") &&
           flags == SYMLINK_FLAG_RELATIVE,
       "up link: %ls | %ls | %lu", sub, print, flags);
    ok(get_link(L"rp_tree\\dir.lnk", sub, print, &flags), "dir link: %lu", GetLastError());
    ok(!wcscmp(sub, L"dir") && flags == SYMLINK_FLAG_RELATIVE, "dir link: %ls | %lu", sub, flags);
    ok(get_link(L"rp_tree\\dangling.lnk", sub, print, &flags), "dangling: %lu", GetLastError());
    ok(!wcscmp(sub, L"missing.txt"), "dangling link: %ls", sub);

    /* An absolute link: the NT name to substitute, the DOS name to print. */
    ok(get_link(L"rp_tree\\out.lnk", sub, print, &flags), "out link: %lu", GetLastError());
    swprintf(expected, MAX_PATH + 8, L"\\??\\%ls", outside_full);
    ok(!wcscmp(sub, expected) && !wcscmp(print, outside_full) && flags == 0,
       "out link: %ls | %ls | %lu", sub, print, flags);
}

static void test_copy_and_move(void)
{
    /* CopyFile copies what the link points at. */
    ok(CopyFileW(L"rp_tree\\file.lnk", L"rp_tree\\copy.txt", TRUE), "CopyFileW: %lu",
       GetLastError());
    DWORD a = GetFileAttributesW(L"rp_tree\\copy.txt");
    ok(a == FILE_ATTRIBUTE_ARCHIVE && has_text(L"rp_tree\\copy.txt", "target"),
       "the copy is a file: 0x%lx", a);
    DeleteFileW(L"rp_tree\\copy.txt");

    /* COPY_FILE_COPY_SYMLINK copies the link. */
    ok(CopyFileExW(L"rp_tree\\file.lnk", L"rp_tree\\copy.lnk", NULL, NULL, NULL,
                   COPY_FILE_COPY_SYMLINK | COPY_FILE_FAIL_IF_EXISTS),
       "CopyFileExW(COPY_FILE_COPY_SYMLINK): %lu", GetLastError());
    WCHAR sub[MAX_PATH], print[MAX_PATH];
    ULONG flags;
    a = GetFileAttributesW(L"rp_tree\\copy.lnk");
    ok(a == FILE_LINK && get_link(L"rp_tree\\copy.lnk", sub, print, &flags) &&
           !wcscmp(sub, L"target.txt") && flags == SYMLINK_FLAG_RELATIVE,
       "the copied link: 0x%lx %ls", a, sub);
    SetLastError(0xdeadbeef);
    ok_err(!CopyFileExW(L"rp_tree\\file.lnk", L"rp_tree\\copy.lnk", NULL, NULL, NULL,
                        COPY_FILE_COPY_SYMLINK | COPY_FILE_FAIL_IF_EXISTS),
           ERROR_FILE_EXISTS);

    /* MoveFile moves the link: the new name is a link to the same text. */
    ok(MoveFileW(L"rp_tree\\copy.lnk", L"rp_tree\\moved.lnk"), "MoveFileW: %lu", GetLastError());
    a = GetFileAttributesW(L"rp_tree\\moved.lnk");
    ok(a == FILE_LINK && GetFileAttributesW(L"rp_tree\\copy.lnk") == INVALID_FILE_ATTRIBUTES,
       "moved link 0x%lx", a);
    ok(has_text(L"rp_tree\\moved.lnk", "target") && has_text(L"rp_tree\\target.txt", "target"),
       "the target stays");
    ok(DeleteFileW(L"rp_tree\\moved.lnk"), "DeleteFileW: %lu", GetLastError());
}

static void test_delete(void)
{
    /* DeleteFile takes file links only, RemoveDirectory directory links only. */
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileW(L"rp_tree\\dir.lnk"), ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok_err(!RemoveDirectoryW(L"rp_tree\\file.lnk"), ERROR_DIRECTORY);
    ok(RemoveDirectoryW(L"rp_tree\\dir.lnk"), "RemoveDirectoryW of the link: %lu", GetLastError());
    ok(GetFileAttributesW(L"rp_tree\\dir.lnk") == INVALID_FILE_ATTRIBUTES &&
           has_text(L"rp_tree\\dir\\inner.txt", "inner"),
       "the link went, the directory stayed");
    ok(DeleteFileW(L"rp_tree\\dangling.lnk"), "DeleteFileW of a dangling link: %lu",
       GetLastError());

    /* Delete on close through a handle to the link itself. */
    ok(CreateSymbolicLinkW(L"rp_tree\\doomed.lnk", L"target.txt", 0), "link: %lu",
       GetLastError());
    HANDLE h = open_link(L"rp_tree\\doomed.lnk", DELETE, FILE_FLAG_DELETE_ON_CLOSE);
    ok(h != INVALID_HANDLE_VALUE, "open for delete: %lu", GetLastError());
    CloseHandle(h);
    ok(GetFileAttributesW(L"rp_tree\\doomed.lnk") == INVALID_FILE_ATTRIBUTES &&
           has_text(L"rp_tree\\target.txt", "target"),
       "FILE_FLAG_DELETE_ON_CLOSE took the link only");

    /* The disposition of a directory link's handle: the link goes, not the directory it
     * points at (which is not empty). */
    h = open_link(L"rp_tree\\out.lnk", DELETE, FILE_FLAG_BACKUP_SEMANTICS);
    FILE_DISPOSITION_INFO dispose = {TRUE};
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &dispose, sizeof dispose),
       "FileDispositionInfo: %lu", GetLastError());
    CloseHandle(h);
    ok(GetFileAttributesW(L"rp_tree\\out.lnk") == INVALID_FILE_ATTRIBUTES &&
           has_text(L"rp_outside\\keep.txt", "kept"),
       "the directory link went, the outside directory stayed");

    /* Opened through the link, delete on close takes the target (as DeleteFile's
     * documentation says to delete one). */
    ok(CreateSymbolicLinkW(L"rp_tree\\to-victim.lnk", L"victim.txt", 0), "link: %lu",
       GetLastError());
    make_file(L"rp_tree\\victim.txt", "victim");
    h = CreateFileW(L"rp_tree\\to-victim.lnk", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(h != INVALID_HANDLE_VALUE, "open through the link: %lu", GetLastError());
    CloseHandle(h);
    ok(GetFileAttributesW(L"rp_tree\\victim.txt") == INVALID_FILE_ATTRIBUTES &&
           GetFileAttributesW(L"rp_tree\\to-victim.lnk") == FILE_LINK,
       "the target went, the link stayed");
    /* Renamed through a handle opened by the link's name, the target moves and the link
     * stays (dangling now). */
    make_file(L"rp_tree\\victim.txt", "victim");
    h = CreateFileW(L"rp_tree\\to-victim.lnk", DELETE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, 0, NULL);
    static BYTE rename_buf[sizeof(FILE_RENAME_INFO) + MAX_PATH * sizeof(WCHAR)];
    FILE_RENAME_INFO *rename = (FILE_RENAME_INFO *)rename_buf;
    memset(rename_buf, 0, sizeof rename_buf);
    GetFullPathNameW(L"rp_tree\\renamed.txt", MAX_PATH, rename->FileName, NULL);
    rename->FileNameLength = (DWORD)(wcslen(rename->FileName) * sizeof(WCHAR));
    ok(SetFileInformationByHandle(h, FileRenameInfo, rename, sizeof rename_buf),
       "FileRenameInfo through the link: %lu", GetLastError());
    CloseHandle(h);
    ok(has_text(L"rp_tree\\renamed.txt", "victim") &&
           GetFileAttributesW(L"rp_tree\\victim.txt") == INVALID_FILE_ATTRIBUTES &&
           GetFileAttributesW(L"rp_tree\\to-victim.lnk") == FILE_LINK,
       "the target was renamed, the link stayed");
    DeleteFileW(L"rp_tree\\renamed.txt");
    ok(DeleteFileW(L"rp_tree\\to-victim.lnk"), "DeleteFileW: %lu", GetLastError());
    ok(DeleteFileW(L"rp_tree\\file.lnk") && has_text(L"rp_tree\\target.txt", "target"),
       "DeleteFileW of a file link: %lu", GetLastError());
}

static void cleanup(void)
{
    DeleteFileW(L"rp_tree\\dir\\up.lnk");
    DeleteFileW(L"rp_tree\\dir\\inner.txt");
    RemoveDirectoryW(L"rp_tree\\dir");
    DeleteFileW(L"rp_tree\\target.txt");
    RemoveDirectoryW(L"rp_tree");
    DeleteFileW(L"rp_outside\\keep.txt");
    RemoveDirectoryW(L"rp_outside");
}

int main(void)
{
    if (make_tree()) {
        test_attributes_by_name();
        test_find();
        test_handles();
        test_directory_listing();
        test_nt_open();
        test_reparse_data();
        test_copy_and_move();
        test_delete();
    }
    cleanup();
    ok(GetFileAttributesW(L"rp_tree") == INVALID_FILE_ATTRIBUTES, "everything was removed");
    return check_summary();
}
