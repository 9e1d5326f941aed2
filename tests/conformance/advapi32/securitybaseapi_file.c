/* securitybaseapi.h, the security of files: GetFileSecurity gives a
 * self-relative descriptor with the owner, group and DACL asked for;
 * SetFileSecurity changes the DACL. Descriptors are read and built by hand
 * (offsets of SECURITY_DESCRIPTOR_RELATIVE, ACL and ACCESS_ALLOWED_ACE). */
#include <windows.h>

#include "check.h"

static BYTE sd[4096];

static PSID token_sid(TOKEN_INFORMATION_CLASS cls)
{
    static BYTE buf[2][256];
    HANDLE token;
    DWORD n;
    OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
    BYTE *out = buf[cls == TokenUser ? 0 : 1];
    ok(GetTokenInformation(token, cls, out, sizeof buf[0], &n), "GetTokenInformation %d", cls);
    CloseHandle(token);
    return *(PSID *)out; /* TOKEN_USER.User.Sid, TOKEN_PRIMARY_GROUP.PrimaryGroup */
}

static SECURITY_DESCRIPTOR_RELATIVE *rel(void)
{
    return (SECURITY_DESCRIPTOR_RELATIVE *)sd;
}

static PSID part(DWORD offset)
{
    return offset ? (PSID)(sd + offset) : NULL;
}

/* The mask of the ACCESS_ALLOWED ACE for `sid` in the descriptor's DACL, or ~0. */
static DWORD allowed_for(PSID sid)
{
    if (!rel()->Dacl)
        return ~0u;
    ACL *acl = (ACL *)(sd + rel()->Dacl);
    BYTE *ace = (BYTE *)(acl + 1);
    for (WORD i = 0; i < acl->AceCount; i++) {
        ACE_HEADER *h = (ACE_HEADER *)ace;
        ACCESS_ALLOWED_ACE *a = (ACCESS_ALLOWED_ACE *)ace;
        if (h->AceType == ACCESS_ALLOWED_ACE_TYPE && EqualSid((PSID)&a->SidStart, sid))
            return a->Mask;
        ace += h->AceSize;
    }
    return ~0u;
}

static void test_get(const WCHAR *name)
{
    DWORD info = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
                 DACL_SECURITY_INFORMATION;
    DWORD need = 0;
    SetLastError(0xdeadbeef);
    ok_err(!GetFileSecurityW(name, info, sd, 0, &need), ERROR_INSUFFICIENT_BUFFER);
    ok(need > sizeof(SECURITY_DESCRIPTOR_RELATIVE) && need <= sizeof sd, "needed %lu", need);
    DWORD need2 = 0;
    ok(GetFileSecurityW(name, info, sd, sizeof sd, &need2), "GetFileSecurityW: %lu",
       GetLastError());
    ok(need2 == need, "the length needed is the same: %lu %lu", need2, need);
    ok(rel()->Revision == SECURITY_DESCRIPTOR_REVISION, "revision %u", rel()->Revision);
    ok((rel()->Control & (SE_SELF_RELATIVE | SE_DACL_PRESENT)) == (SE_SELF_RELATIVE | SE_DACL_PRESENT),
       "control 0x%x", rel()->Control);
    ok(rel()->Owner && IsValidSid(part(rel()->Owner)), "an owner");
    ok(rel()->Group && IsValidSid(part(rel()->Group)), "a group");
    ok(rel()->Sacl == 0, "no SACL asked for");
    PSID user = token_sid(TokenUser);
    ok(EqualSid(part(rel()->Owner), user), "the file's owner is the process's user");
    DWORD mask = allowed_for(user);
    ok(mask != ~0u && (mask & FILE_GENERIC_READ) == FILE_GENERIC_READ &&
           (mask & FILE_WRITE_DATA),
       "the owner may read and write: 0x%lx", mask);

    /* Only the owner. */
    ok(GetFileSecurityW(name, OWNER_SECURITY_INFORMATION, sd, sizeof sd, &need),
       "owner only: %lu", GetLastError());
    ok(rel()->Owner && !rel()->Group && !rel()->Dacl,
       "just the owner: %lu %lu %lu", rel()->Owner, rel()->Group, rel()->Dacl);
    char aname[MAX_PATH];
    WideCharToMultiByte(CP_ACP, 0, name, -1, aname, MAX_PATH, NULL, NULL);
    ok(GetFileSecurityA(aname, GROUP_SECURITY_INFORMATION, sd, sizeof sd, &need) && rel()->Group,
       "GetFileSecurityA: %lu", GetLastError());
}

/* A self-relative descriptor whose DACL allows `owner_mask` to the owner and
 * `everyone_mask` to Everyone. */
static DWORD make_descriptor(BYTE *out, PSID owner, DWORD owner_mask, DWORD everyone_mask)
{
    SID_IDENTIFIER_AUTHORITY world = {SECURITY_WORLD_SID_AUTHORITY};
    BYTE everyone[SECURITY_MAX_SID_SIZE] = {1, 1};
    memcpy(everyone + 2, &world, 6);
    *(DWORD *)(everyone + 8) = SECURITY_WORLD_RID;
    SECURITY_DESCRIPTOR_RELATIVE *d = (SECURITY_DESCRIPTOR_RELATIVE *)out;
    memset(out, 0, 1024);
    d->Revision = SECURITY_DESCRIPTOR_REVISION;
    d->Control = SE_SELF_RELATIVE | SE_DACL_PRESENT;
    ACL *acl = (ACL *)(out + sizeof *d);
    d->Dacl = sizeof *d;
    BYTE *at = (BYTE *)(acl + 1);
    PSID sids[2] = {owner, (PSID)everyone};
    DWORD masks[2] = {owner_mask, everyone_mask};
    for (int i = 0; i < 2; i++) {
        ACCESS_ALLOWED_ACE *a = (ACCESS_ALLOWED_ACE *)at;
        DWORD len = GetLengthSid(sids[i]);
        a->Header.AceType = ACCESS_ALLOWED_ACE_TYPE;
        a->Header.AceFlags = 0;
        a->Header.AceSize = (WORD)(sizeof *a - sizeof(DWORD) + len);
        a->Mask = masks[i];
        CopySid(len, (PSID)&a->SidStart, sids[i]);
        at += a->Header.AceSize;
    }
    acl->AclRevision = ACL_REVISION;
    acl->AclSize = (WORD)(at - (BYTE *)acl);
    acl->AceCount = 2;
    return (DWORD)(at - out);
}

static void test_set(const WCHAR *name)
{
    PSID user = token_sid(TokenUser);
    static BYTE desc[1024];
    make_descriptor(desc, user, FILE_GENERIC_READ | READ_CONTROL | WRITE_DAC, FILE_GENERIC_READ);
    ok(SetFileSecurityW(name, DACL_SECURITY_INFORMATION, desc), "SetFileSecurityW: %lu",
       GetLastError());
    DWORD need;
    ok(GetFileSecurityW(name, DACL_SECURITY_INFORMATION, sd, sizeof sd, &need), "read back: %lu",
       GetLastError());
    DWORD mask = allowed_for(user);
    ok(mask != ~0u && (mask & FILE_READ_DATA) && !(mask & FILE_WRITE_DATA),
       "the owner may read but not write now: 0x%lx", mask);

    make_descriptor(desc, user, FILE_ALL_ACCESS, FILE_GENERIC_READ);
    ok(SetFileSecurityW(name, DACL_SECURITY_INFORMATION, desc), "SetFileSecurityW again: %lu",
       GetLastError());
    ok(GetFileSecurityW(name, DACL_SECURITY_INFORMATION, sd, sizeof sd, &need), "read back: %lu",
       GetLastError());
    mask = allowed_for(user);
    ok(mask != ~0u && (mask & FILE_WRITE_DATA), "the owner may write again: 0x%lx", mask);
}

int main(void)
{
    const WCHAR *name = L"sec_file.txt";
    HANDLE h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(h);
    test_get(name);
    test_set(name);

    DWORD need;
    SetLastError(0xdeadbeef);
    ok_err(!GetFileSecurityW(L"sec_nosuch.txt", OWNER_SECURITY_INFORMATION, sd, sizeof sd, &need),
           ERROR_FILE_NOT_FOUND);
    /* Reading the SACL takes SeSecurityPrivilege, which is not enabled: the open for
     * ACCESS_SYSTEM_SECURITY fails with STATUS_PRIVILEGE_NOT_HELD on Windows (Wine 8 says
     * ERROR_ACCESS_DENIED). */
    SetLastError(0xdeadbeef);
    ok_err(!GetFileSecurityW(name, SACL_SECURITY_INFORMATION, sd, sizeof sd, &need),
           ERROR_PRIVILEGE_NOT_HELD);
    DeleteFileW(name);
    return check_summary();
}
