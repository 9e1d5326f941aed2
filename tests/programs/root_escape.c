/* Run by tests/tests/root.rs as `winrun --root BOX root_escape.exe OUTSIDE`:
 * tries every way it can think of to reach OUTSIDE, a host directory beside
 * BOX holding secret.txt. BOX holds inside.txt ("inside") and symlinks set up
 * by the test: abs -> OUTSIDE (absolute), rel -> ../outside (relative),
 * up -> ../../../../../.. , dangling -> OUTSIDE/made-through-dangling.txt,
 * inlink -> inside.txt, abslink -> /inside.txt. The Rust side checks
 * afterwards that nothing outside BOX changed. */
#include <io.h>
#include <direct.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>

#include "check.h"

static char outside[MAX_PATH]; /* OUTSIDE with backslashes, without a drive */

static const char *join(const char *a, const char *b)
{
    static char buf[8][MAX_PATH];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, MAX_PATH, "%s%s", a, b);
    return p;
}

/* Opening `name` for reading must fail. */
static void no_read(const char *name, int line)
{
    HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    check_ok_(__FILE__, line, h == INVALID_HANDLE_VALUE, "%s opened", name);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    check_ok_(__FILE__, line, GetFileAttributesA(name) == INVALID_FILE_ATTRIBUTES,
              "attributes of %s", name);
}
#define NO_READ(name) no_read(name, __LINE__)

static const char *read_text(const char *name)
{
    static char buf[64];
    DWORD n = 0;
    HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return "<failed>";
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    buf[n] = 0;
    CloseHandle(h);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    for (size_t i = 0; argv[1][i] && i < sizeof outside - 1; i++)
        outside[i] = argv[1][i] == '/' ? '\\' : argv[1][i];

    /* What is inside works, symlinks inside included. */
    ok(strcmp(read_text("C:\\inside.txt"), "inside") == 0, "inside.txt [%s]", read_text("C:\\inside.txt"));
    ok(strcmp(read_text("C:\\inlink"), "inside") == 0, "relative link inside");
    ok(strcmp(read_text("C:\\abslink"), "inside") == 0, "absolute link, read inside the root");
    char cwd[MAX_PATH];
    GetCurrentDirectoryA(sizeof cwd, cwd);
    ok(strcmp(cwd, "C:\\") == 0, "starts at the root: [%s]", cwd);

    /* Names. */
    NO_READ(join("C:", join(outside, "\\secret.txt")));
    NO_READ(join("\\", join(outside, "\\secret.txt")));
    NO_READ(join(outside, "\\secret.txt"));
    NO_READ(join("C:\\..\\..\\..\\..\\..\\..\\..\\..", join(outside, "\\secret.txt")));
    NO_READ(join("\\\\?\\C:\\..\\..\\..\\..\\..\\..", join(outside, "\\secret.txt")));
    NO_READ(join("\\\\.\\C:\\..\\..\\..\\..\\..", join(outside, "\\secret.txt")));
    NO_READ(join("Z:", join(outside, "\\secret.txt")));
    NO_READ("C:\\..\\outside\\secret.txt");
    NO_READ("..\\outside\\secret.txt");
    /* Symlinks. */
    NO_READ("C:\\abs\\secret.txt");
    NO_READ("C:\\rel\\secret.txt");
    NO_READ("C:\\ABS\\SECRET.TXT");
    NO_READ(join("C:\\up", join(outside, "\\secret.txt")));
    NO_READ("C:\\up\\..\\outside\\secret.txt");

    /* Writing through a dangling link lands inside the root, or nowhere. */
    HANDLE h = CreateFileA("C:\\dangling", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (h != INVALID_HANDLE_VALUE) {
        DWORD n;
        WriteFile(h, "x", 1, &n, NULL);
        CloseHandle(h);
    }

    /* Operations on names. */
    ok(!DeleteFileA("C:\\abs\\secret.txt"), "DeleteFile through abs");
    ok(!DeleteFileA("C:\\rel\\secret.txt"), "DeleteFile through rel");
    ok(!MoveFileA("C:\\abs\\secret.txt", "C:\\stolen.txt"), "MoveFile out of abs");
    ok(!MoveFileA("C:\\inside.txt", "C:\\abs\\planted.txt"), "MoveFile into abs");
    ok(!CopyFileA("C:\\rel\\secret.txt", "C:\\copy.txt", FALSE), "CopyFile from rel");
    ok(!CopyFileA("C:\\inside.txt", "C:\\rel\\planted.txt", FALSE), "CopyFile into rel");
    ok(!CreateDirectoryA("C:\\abs\\newdir", NULL), "CreateDirectory in abs");
    ok(!CreateHardLinkA("C:\\hard.txt", "C:\\abs\\secret.txt", NULL), "hard link to abs");
    ok(!SetFileAttributesA("C:\\abs\\secret.txt", FILE_ATTRIBUTE_READONLY), "SetFileAttributes in abs");
    WIN32_FIND_DATAA fd;
    h = FindFirstFileA("C:\\abs\\*", &fd);
    ok(h == INVALID_HANDLE_VALUE, "FindFirstFile in abs found [%s]", fd.cFileName);
    h = FindFirstFileA("C:\\up\\*", &fd);
    if (h != INVALID_HANDLE_VALUE) {
        /* up leads to the root of the box: its listing is the box's. */
        int saw_inside = 0;
        do
            saw_inside |= strcmp(fd.cFileName, "inside.txt") == 0;
        while (FindNextFileA(h, &fd));
        FindClose(h);
        ok(saw_inside, "up lists the box's own root");
    }
    ok(!SetCurrentDirectoryA("C:\\abs"), "SetCurrentDirectory to abs");
    ok(SetCurrentDirectoryA("C:\\.."), "SetCurrentDirectory above the root stays at it");
    NO_READ("..\\outside\\secret.txt");

    /* The C runtime opens and names files through the same layer. */
    ok(fopen("C:\\abs\\secret.txt", "rb") == NULL, "fopen through abs");
    ok(fopen("C:\\rel\\secret.txt", "r+b") == NULL, "fopen r+ through rel");
    ok(fopen("C:\\abs\\planted.txt", "wb") == NULL, "fopen w into abs");
    ok(_open("C:\\up\\..\\outside\\secret.txt", _O_RDONLY) == -1, "_open through up");
    struct _stat64 st;
    ok(_stat64("C:\\abs\\secret.txt", &st) == -1, "_stat64 through abs");
    ok(_access("C:\\rel\\secret.txt", 0) == -1, "_access through rel");
    ok(remove("C:\\abs\\secret.txt") == -1, "remove through abs");
    ok(rename("C:\\rel\\secret.txt", "C:\\stolen2.txt") == -1, "rename out of rel");
    ok(_mkdir("C:\\abs\\crtdir") == -1, "_mkdir in abs");
    struct _finddata_t found;
    ok(_findfirst("C:\\abs\\*", &found) == -1, "_findfirst in abs");
    FILE *f = fopen("C:\\inlink", "rb");
    char text[16] = {0};
    ok(f && fread(text, 1, sizeof text - 1, f) == 6 && strcmp(text, "inside") == 0,
       "fopen of a link inside");
    if (f)
        fclose(f);

    /* A symlink made by the program itself. */
    WCHAR target[MAX_PATH], wide[MAX_PATH];
    MultiByteToWideChar(CP_ACP, 0, join("C:", outside), -1, wide, MAX_PATH);
    memcpy(target, wide, sizeof wide);
    if (CreateSymbolicLinkW(L"C:\\mylink", target, SYMBOLIC_LINK_FLAG_DIRECTORY))
        NO_READ("C:\\mylink\\secret.txt");
    if (CreateSymbolicLinkW(L"C:\\mylink2", L"..\\..\\..\\..\\..\\..\\..", SYMBOLIC_LINK_FLAG_DIRECTORY))
        NO_READ(join("C:\\mylink2", join(outside, "\\secret.txt")));

    /* Links opened themselves (FILE_FLAG_OPEN_REPARSE_POINT) are files inside the root, and
     * what they point at is resolved inside it too: abs and rel name directories BOX lacks,
     * so they are dangling file links here. Deleting them takes the links only. */
    HANDLE link = CreateFileA("C:\\abs", GENERIC_READ, 0, NULL, OPEN_EXISTING,
                              FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
    BY_HANDLE_FILE_INFORMATION info = {0};
    ok(GetFileInformationByHandle(link, &info) &&
           info.dwFileAttributes == (FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_REPARSE_POINT),
       "the link abs itself: 0x%lx", info.dwFileAttributes);
    char data[16];
    DWORD got = 0;
    got = 0xdead;
    ok(ReadFile(link, data, sizeof data, &got, NULL) && got == 0, "the link abs holds no data");
    CloseHandle(link);
    ok(GetFileAttributesA("C:\\rel") == (FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_REPARSE_POINT),
       "attributes of the link rel");
    ok(!RemoveDirectoryA("C:\\abs") && GetLastError() == ERROR_DIRECTORY,
       "RemoveDirectory of abs, a file link here");
    link = CreateFileA("C:\\dangling", DELETE, 0, NULL, OPEN_EXISTING,
                       FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(link != INVALID_HANDLE_VALUE, "opening the link dangling itself");
    CloseHandle(link);
    ok(GetFileAttributesA("C:\\dangling") == INVALID_FILE_ATTRIBUTES, "dangling deleted on close");
    ok(DeleteFileA("C:\\abs") && DeleteFileA("C:\\rel"), "deleting the links abs and rel");
    return check_summary();
}
