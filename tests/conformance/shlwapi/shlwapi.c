/* shlwapi.h: path string helpers and case-insensitive comparison. */
#include <wchar.h>
#include <windows.h>
#include <shlwapi.h>

#include "check.h"

static void combine(const WCHAR *dir, const WCHAR *file, const WCHAR *expected)
{
    WCHAR out[MAX_PATH] = L"junk";
    WCHAR *r = PathCombineW(out, dir, file);
    ok(r == out && !wcscmp(out, expected), "PathCombineW(%ls, %ls) = %ls, expected %ls", dir,
       file, out, expected);
}

int main(void)
{
    combine(L"C:\\a", L"b", L"C:\\a\\b");
    combine(L"C:\\a\\", L"..\\b\\.\\c", L"C:\\b\\c");
    combine(L"C:\\a", L"\\x", L"C:\\x");
    combine(L"C:\\a", L"D:\\y", L"D:\\y");
    combine(L"C:\\a\\b", L"..\\..\\..", L"C:\\");
    WCHAR out[MAX_PATH];
    ok(PathCombineW(out, NULL, NULL) == NULL, "PathCombineW(NULL, NULL)");

    WCHAR p[MAX_PATH] = L"C:\\dir";
    ok(PathAppendW(p, L"\\sub\\file.txt") && !wcscmp(p, L"C:\\dir\\sub\\file.txt"),
       "PathAppendW: %ls", p);
    ok(!wcscmp(PathFindFileNameW(p), L"file.txt"), "PathFindFileNameW: %ls",
       PathFindFileNameW(p));
    ok(!wcscmp(PathFindExtensionW(p), L".txt"), "PathFindExtensionW: %ls", PathFindExtensionW(p));
    ok(*PathFindExtensionW(L"C:\\a.b\\noext") == 0, "no extension");
    ok(!wcscmp(PathFindFileNameW(L"C:\\dir\\"), L"dir\\"), "trailing backslash: %ls",
       PathFindFileNameW(L"C:\\dir\\"));

    ok(PathRemoveFileSpecW(p) && !wcscmp(p, L"C:\\dir\\sub"), "PathRemoveFileSpecW: %ls", p);
    WCHAR root[] = L"C:\\top";
    ok(PathRemoveFileSpecW(root) && !wcscmp(root, L"C:\\"), "to the root: %ls", root);
    ok(!PathRemoveFileSpecW(root) && !wcscmp(root, L"C:\\"), "the root stays: %ls", root);
    WCHAR bare[] = L"file";
    ok(PathRemoveFileSpecW(bare) && bare[0] == 0, "bare name: %ls", bare);

    ok(PathIsRelativeW(L"a\\b") && !PathIsRelativeW(L"\\a") && !PathIsRelativeW(L"C:\\a")
           && !PathIsRelativeW(L"C:a"),
       "PathIsRelativeW");

    WCHAR dir[MAX_PATH];
    GetCurrentDirectoryW(MAX_PATH, dir);
    ok(PathFileExistsW(dir), "the current directory exists");
    ok(!PathFileExistsW(L"C:\\no\\such\\winrun\\file"), "a missing file does not");

    ok(StrCmpIW(L"Hello", L"hELLO") == 0, "StrCmpIW equal");
    ok(StrCmpIW(L"abc", L"ABD") < 0 && StrCmpIW(L"b", L"A") > 0, "StrCmpIW order");
    return check_summary();
}
