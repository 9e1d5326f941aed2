/* shlobj_core.h: the special folders agree with the environment the process sees. */
#include <wchar.h>
#include <windows.h>
#include <shlobj.h>

#include "check.h"

/* FOLDERID_LocalAppData, defined here: the SDK's copy lives in libuuid. */
static const GUID local_app_data = {0xf1b32785, 0x6fba, 0x4fcf,
                                    {0x9d, 0x55, 0x7b, 0x8e, 0x7f, 0x15, 0x70, 0x91}};

int main(void)
{
    WCHAR path[MAX_PATH], env[MAX_PATH];
    HRESULT hr = SHGetFolderPathW(NULL, CSIDL_PROFILE, NULL, 0, path);
    GetEnvironmentVariableW(L"USERPROFILE", env, MAX_PATH);
    ok(hr == S_OK && !wcscmp(path, env), "CSIDL_PROFILE: %lx %ls (USERPROFILE %ls)", hr, path,
       env);
    hr = SHGetFolderPathW(NULL, CSIDL_APPDATA | CSIDL_FLAG_CREATE, NULL, 0, path);
    GetEnvironmentVariableW(L"APPDATA", env, MAX_PATH);
    ok(hr == S_OK && !wcscmp(path, env), "CSIDL_APPDATA: %lx %ls (APPDATA %ls)", hr, path, env);
    ok(GetFileAttributesW(path) & FILE_ATTRIBUTE_DIRECTORY, "AppData exists");

    PWSTR known = NULL;
    hr = SHGetKnownFolderPath(&local_app_data, KF_FLAG_CREATE, NULL, &known);
    GetEnvironmentVariableW(L"LOCALAPPDATA", env, MAX_PATH);
    ok(hr == S_OK && known && !wcscmp(known, env), "FOLDERID_LocalAppData: %lx %ls", hr,
       known ? known : L"(null)");
    CoTaskMemFree(known);
    ok(SHGetFolderPathW(NULL, 0xff, NULL, 0, path) == E_INVALIDARG, "unknown CSIDL");
    return check_summary();
}
