/* aclapi.h: GetNamedSecurityInfo and GetSecurityInfo for files. The
 * descriptor comes in a LocalAlloc block, with the owner, group and DACL
 * pointers aimed into it; it holds what GetFileSecurity gives. The functions
 * return their error instead of setting it. */
#include <aclapi.h>
#include <string.h>
#include <windows.h>

#include "check.h"

static BYTE expected[4096];

static PSID token_user(void)
{
    static BYTE buf[256];
    HANDLE token;
    DWORD n;
    OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
    ok(GetTokenInformation(token, TokenUser, buf, sizeof buf, &n), "GetTokenInformation");
    CloseHandle(token);
    return ((TOKEN_USER *)buf)->User.Sid;
}

/* Whether `sd` is byte for byte the self-relative descriptor GetFileSecurityW
 * gives for `name` (with the parts `info` names), and the part pointers point
 * into it. */
static BOOL same_as_file_security(const WCHAR *name, DWORD info, PSECURITY_DESCRIPTOR sd, PSID owner, PSID group,
                                  PACL dacl)
{
    SECURITY_DESCRIPTOR_RELATIVE *rel = (SECURITY_DESCRIPTOR_RELATIVE *)sd;
    BYTE *base = (BYTE *)sd;
    DWORD need;
    if (!GetFileSecurityW(name, info, expected, sizeof expected, &need))
        return FALSE;
    return LocalSize(sd) >= need && !memcmp(sd, expected, need) &&
           (owner == NULL || owner == (PSID)(base + rel->Owner)) &&
           (group == NULL || group == (PSID)(base + rel->Group)) && (dacl == NULL || dacl == (PACL)(base + rel->Dacl));
}

int main(void)
{
    DWORD info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    WCHAR name[MAX_PATH], tmp[MAX_PATH];
    PSID owner = NULL, group = NULL;
    PACL dacl = NULL, sacl = NULL;
    PSECURITY_DESCRIPTOR sd = NULL;
    HANDLE h;
    DWORD rc;

    GetTempPathW(MAX_PATH, tmp);
    GetTempFileNameW(tmp, L"acl", 0, name);

    rc = GetNamedSecurityInfoW(name, SE_FILE_OBJECT, info, &owner, &group, &dacl, NULL, &sd);
    ok(rc == ERROR_SUCCESS, "GetNamedSecurityInfoW: %lu", rc);
    ok(sd && owner && group && dacl, "every part: %p %p %p %p", sd, owner, group, dacl);
    if (rc == ERROR_SUCCESS) {
        ok(((SECURITY_DESCRIPTOR_RELATIVE *)sd)->Revision == SECURITY_DESCRIPTOR_REVISION, "a descriptor");
        ok(EqualSid(owner, token_user()), "the owner is the process's user");
        ok(same_as_file_security(name, info, sd, owner, group, dacl), "the descriptor GetFileSecurityW gives");
        ok(LocalFree(sd) == NULL, "LocalFree of the descriptor");
    }

    /* Only the DACL; the A form. */
    sd = NULL;
    dacl = NULL;
    {
        char aname[MAX_PATH];
        WideCharToMultiByte(CP_ACP, 0, name, -1, aname, MAX_PATH, NULL, NULL);
        rc = GetNamedSecurityInfoA(aname, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL, NULL, &dacl, NULL, &sd);
    }
    ok(rc == ERROR_SUCCESS && sd && dacl && dacl->AclRevision == ACL_REVISION, "GetNamedSecurityInfoA: %lu", rc);
    if (rc == ERROR_SUCCESS) {
        SECURITY_DESCRIPTOR_RELATIVE *rel = (SECURITY_DESCRIPTOR_RELATIVE *)sd;
        ok((rel->Control & (SE_DACL_PRESENT | SE_SELF_RELATIVE)) == (SE_DACL_PRESENT | SE_SELF_RELATIVE) &&
               !rel->Owner && !rel->Group,
           "just the DACL: control 0x%x", rel->Control);
        ok(same_as_file_security(name, DACL_SECURITY_INFORMATION, sd, NULL, NULL, dacl), "the DACL GetFileSecurityW gives");
        LocalFree(sd);
    }

    /* Through a handle. */
    h = CreateFileW(name, READ_CONTROL, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    sd = NULL;
    owner = group = NULL;
    dacl = NULL;
    rc = GetSecurityInfo(h, SE_FILE_OBJECT, info, &owner, &group, &dacl, NULL, &sd);
    ok(rc == ERROR_SUCCESS, "GetSecurityInfo: %lu", rc);
    if (rc == ERROR_SUCCESS) {
        ok(same_as_file_security(name, info, sd, owner, group, dacl), "the same descriptor through the handle");
        LocalFree(sd);
    }
    CloseHandle(h);

    /* Errors, returned rather than set. */
    SetLastError(0xdeadbeef);
    sd = NULL;
    rc = GetNamedSecurityInfoW(L"C:\\winrun-no-such-dir\\x.txt", SE_FILE_OBJECT, info, NULL, NULL, NULL, NULL, &sd);
    ok(rc == ERROR_PATH_NOT_FOUND && GetLastError() == 0xdeadbeef, "a missing directory: %lu", rc);
    rc = GetNamedSecurityInfoW(L"C:\\winrun-no-such-file.txt", SE_FILE_OBJECT, info, NULL, NULL, NULL, NULL, &sd);
    ok(rc == ERROR_FILE_NOT_FOUND, "a missing file: %lu", rc);
    /* Reading the SACL takes SeSecurityPrivilege, which is not enabled (Wine 8
     * says ERROR_ACCESS_DENIED). */
    rc = GetNamedSecurityInfoW(name, SE_FILE_OBJECT, SACL_SECURITY_INFORMATION, NULL, NULL, NULL, &sacl, &sd);
    ok(rc == ERROR_PRIVILEGE_NOT_HELD, "the SACL needs SeSecurityPrivilege: %lu", rc);
    rc = GetSecurityInfo(NULL, SE_FILE_OBJECT, info, NULL, NULL, NULL, NULL, &sd);
    ok(rc == ERROR_INVALID_HANDLE, "a bad handle: %lu", rc);
    /* Without the descriptor, every part asked for needs its pointer. */
    owner = NULL;
    rc = GetNamedSecurityInfoW(name, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, NULL, NULL, NULL, NULL);
    ok(rc == ERROR_SUCCESS && owner && EqualSid(owner, token_user()), "the owner alone: %lu", rc);
    rc = GetNamedSecurityInfoW(name, SE_FILE_OBJECT, info, &owner, NULL, &dacl, NULL, NULL);
    ok(rc == ERROR_INVALID_PARAMETER, "nowhere for the group: %lu", rc);

    ok(DeleteFileW(name), "clean up: %lu", GetLastError());
    return check_summary();
}
