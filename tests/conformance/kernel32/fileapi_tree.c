/* fileapi.h: a program's life with a tree of files. It writes a tree,
 * renames files and directories (one only by case), marks some hidden or
 * read-only, lists the whole tree recursively with FindFirstFile and checks
 * exactly what is there (names in NTFS order, attributes, sizes), deletes
 * parts and checks again, then removes the rest and checks that nothing is
 * left. */
#include <string.h>
#include <windows.h>

#include "check.h"

static char root[MAX_PATH];

static const char *at(const char *rel)
{
    static char buf[4][MAX_PATH];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, MAX_PATH, "%s\\%s", root, rel);
    return p;
}

static void write_file(const char *rel, const char *text)
{
    HANDLE h = CreateFileA(at(rel), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD n = 0;
    ok(h != INVALID_HANDLE_VALUE && WriteFile(h, text, (DWORD)strlen(text), &n, NULL) && n == strlen(text),
       "write %s: error %lu", rel, GetLastError());
    CloseHandle(h);
}

/* Appends "path:attributes:size" of every entry below rel (depth first,
 * in the order FindNextFile gives) to out, '|'-separated. */
static void list(const char *rel, char *out, size_t size)
{
    char pattern[MAX_PATH];
    WIN32_FIND_DATAA fd;
    HANDLE h;
    snprintf(pattern, sizeof pattern, "%s\\*", rel[0] ? at(rel) : root);
    h = FindFirstFileA(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE)
        return;
    do {
        char child[MAX_PATH], entry[MAX_PATH + 32];
        if (strcmp(fd.cFileName, ".") == 0 || strcmp(fd.cFileName, "..") == 0)
            continue;
        snprintf(child, sizeof child, "%s%s%s", rel, rel[0] ? "\\" : "", fd.cFileName);
        snprintf(entry, sizeof entry, "%s%s:%lx:%lu", out[0] ? "|" : "", child, fd.dwFileAttributes,
                 fd.nFileSizeLow);
        strncat(out, entry, size - strlen(out) - 1);
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            list(child, out, size);
    } while (FindNextFileA(h, &fd));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "listing %s ends with %lu", rel, GetLastError());
    FindClose(h);
}

static void check_tree(const char *expected, int line)
{
    static char got[4096];
    got[0] = 0;
    list("", got, sizeof got);
    ok(strcmp(got, expected) == 0, "line %d: tree is\n  %s\nexpected\n  %s", line, got, expected);
}
#define check(expected) check_tree(expected, __LINE__)

int main(void)
{
    char tmp[MAX_PATH];
    GetTempPathA(MAX_PATH, tmp);
    snprintf(root, sizeof root, "%swinrun-tree-%lu", tmp, GetCurrentProcessId());
    ok(CreateDirectoryA(root, NULL), "CreateDirectory %s: error %lu", root, GetLastError());

    ok(CreateDirectoryA(at("src"), NULL) && CreateDirectoryA(at("src\\lib"), NULL) &&
           CreateDirectoryA(at("docs"), NULL),
       "directories: error %lu", GetLastError());
    write_file("README", "read me");
    write_file("src\\main.c", "int main(void) { return 0; }\n");
    write_file("src\\lib\\util.c", "/* util */\n");
    write_file("src\\lib\\util.h", "");
    write_file("docs\\guide.txt", "guide");
    write_file("docs\\.notes", "notes");
    ok(SetFileAttributesA(at("docs\\.notes"), FILE_ATTRIBUTE_HIDDEN), "hide: error %lu", GetLastError());
    ok(SetFileAttributesA(at("README"), FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE), "read-only: error %lu",
       GetLastError());
    /* NTFS order: case-insensitive by name; a leading dot hides nothing.
     * SetFileAttributes(HIDDEN) clears ARCHIVE (Wine keeps reporting it). */
    check("docs:10:0|docs\\.notes:2:5|docs\\guide.txt:20:5|README:21:7|src:10:0|src\\lib:10:0|"
          "src\\lib\\util.c:20:11|src\\lib\\util.h:20:0|src\\main.c:20:29");

    /* Renames: a file across directories, a directory, a case-only rename,
     * and a file replacing another. */
    ok(MoveFileA(at("src\\lib\\util.h"), at("src\\util.h")), "move util.h: error %lu", GetLastError());
    ok(MoveFileA(at("src\\lib"), at("src\\Library")), "rename lib: error %lu", GetLastError());
    ok(MoveFileA(at("docs\\guide.txt"), at("docs\\GUIDE.txt")), "case-only rename: error %lu", GetLastError());
    write_file("docs\\draft.txt", "new guide text");
    ok(MoveFileExA(at("docs\\draft.txt"), at("docs\\guide.txt"), MOVEFILE_REPLACE_EXISTING),
       "replace GUIDE.txt: error %lu", GetLastError());
    /* The file the case-insensitive name found is replaced; its entry takes
     * the case of the name given. */
    check("docs:10:0|docs\\.notes:2:5|docs\\guide.txt:20:14|README:21:7|src:10:0|src\\Library:10:0|"
          "src\\Library\\util.c:20:11|src\\main.c:20:29|src\\util.h:20:0");

    /* Deletions: a read-only file refuses, a non-empty directory refuses. */
    SetLastError(0xdeadbeef);
    ok_err(!DeleteFileA(at("readme")), ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ok_err(!RemoveDirectoryA(at("src\\library")), ERROR_DIR_NOT_EMPTY);
    ok(DeleteFileA(at("src\\library\\UTIL.C")) && RemoveDirectoryA(at("src\\library")),
       "delete Library: error %lu", GetLastError());
    ok(SetFileAttributesA(at("readme"), FILE_ATTRIBUTE_NORMAL) && DeleteFileA(at("readme")),
       "delete README: error %lu", GetLastError());
    check("docs:10:0|docs\\.notes:2:5|docs\\guide.txt:20:14|src:10:0|src\\main.c:20:29|src\\util.h:20:0");

    /* The rest, and nothing is left. */
    ok(DeleteFileA(at("docs\\.notes")) && DeleteFileA(at("docs\\guide.txt")) && RemoveDirectoryA(at("docs")) &&
           DeleteFileA(at("src\\main.c")) && DeleteFileA(at("src\\util.h")) && RemoveDirectoryA(at("src")),
       "delete the rest: error %lu", GetLastError());
    check("");
    ok(RemoveDirectoryA(root), "RemoveDirectory %s: error %lu", root, GetLastError());
    return check_summary();
}
