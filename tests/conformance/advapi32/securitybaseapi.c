/* securitybaseapi.h, processthreadsapi.h, winbase.h, sddl.h (advapi32 parts): the process
 * token, the user's SID and name, privileges. */
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <sddl.h>

#include "check.h"

static void test_token(void)
{
    HANDLE token = NULL;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token), "OpenProcessToken: %lu",
       GetLastError());

    BYTE buf[256];
    DWORD len = 0;
    SetLastError(0xdeadbeef);
    ok_err(!GetTokenInformation(token, TokenUser, NULL, 0, &len), ERROR_INSUFFICIENT_BUFFER);
    ok(len > sizeof(TOKEN_USER), "TokenUser needs %lu bytes", len);
    ok(GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len), "TokenUser: %lu",
       GetLastError());
    PSID sid = ((TOKEN_USER *)buf)->User.Sid;
    ok(IsValidSid(sid), "the user SID is not valid");
    ok(GetLengthSid(sid) == 8 + 4 * (DWORD)((BYTE *)sid)[1], "GetLengthSid %lu",
       GetLengthSid(sid));

    LPWSTR text = NULL;
    ok(ConvertSidToStringSidW(sid, &text), "ConvertSidToStringSidW: %lu", GetLastError());
    ok(text && !wcsncmp(text, L"S-1-5-", 6), "SID string %ls", text ? text : L"(null)");
    LocalFree(text);

    /* The user's SID names the user GetUserNameW returns. */
    WCHAR name[128], domain[128], user[128];
    DWORD name_len = 128, domain_len = 128, user_len = 128;
    SID_NAME_USE use = 0;
    ok(LookupAccountSidW(NULL, sid, name, &name_len, domain, &domain_len, &use),
       "LookupAccountSidW: %lu", GetLastError());
    ok(use == SidTypeUser && name_len == wcslen(name), "use %d len %lu", use, name_len);
    ok(GetUserNameW(user, &user_len), "GetUserNameW: %lu", GetLastError());
    ok(user_len == wcslen(user) + 1, "GetUserNameW length %lu for %ls", user_len, user);
    ok(!wcscmp(user, name), "GetUserNameW %ls, LookupAccountSidW %ls", user, name);
    user_len = 1;
    SetLastError(0xdeadbeef);
    ok_err(!GetUserNameW(user, &user_len), ERROR_INSUFFICIENT_BUFFER);
    ok(user_len == wcslen(name) + 1, "needed %lu", user_len);

    char aname[128];
    DWORD aname_len = sizeof(aname);
    ok(GetUserNameA(aname, &aname_len) && aname_len == strlen(aname) + 1, "GetUserNameA");

    TOKEN_ELEVATION elevation;
    ok(GetTokenInformation(token, TokenElevation, &elevation, sizeof(elevation), &len)
           && len == sizeof(elevation),
       "TokenElevation: %lu", GetLastError());
    TOKEN_ELEVATION_TYPE type = 0;
    ok(GetTokenInformation(token, TokenElevationType, &type, sizeof(type), &len)
           && len == sizeof(type) && type >= TokenElevationTypeDefault
           && type <= TokenElevationTypeLimited,
       "TokenElevationType %d", type);

    ok(CloseHandle(token), "CloseHandle(token)");
    SetLastError(0xdeadbeef);
    ok_err(!GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len), ERROR_INVALID_HANDLE);

    /* A thread that does not impersonate has no token of its own. */
    SetLastError(0xdeadbeef);
    ok_err(!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token), ERROR_NO_TOKEN);
}

static void test_well_known_sids(void)
{
    BYTE raw[] = {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}; /* S-1-1-0 */
    WCHAR name[64], domain[64];
    DWORD name_len = 64, domain_len = 64;
    SID_NAME_USE use = 0;
    ok(LookupAccountSidW(NULL, raw, name, &name_len, domain, &domain_len, &use),
       "LookupAccountSidW(Everyone): %lu", GetLastError());
    ok(!wcscmp(name, L"Everyone") && use == SidTypeWellKnownGroup, "S-1-1-0 is %ls (%d)", name,
       use);
    LPWSTR text = NULL;
    ok(ConvertSidToStringSidW(raw, &text) && !wcscmp(text, L"S-1-1-0"), "string %ls", text);
    LocalFree(text);
    BYTE copy[16];
    ok(CopySid(sizeof(copy), copy, raw) && EqualSid(copy, raw), "CopySid/EqualSid");
    /* Windows documents a last error here (ERROR_INSUFFICIENT_BUFFER); Wine sets none, so only
       the failure is checked. */
    ok(!CopySid(4, copy, raw), "CopySid into 4 bytes succeeded");

    BYTE bad[] = {9, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
    ok(!IsValidSid(bad), "revision 9 is not a valid SID");
    SetLastError(0xdeadbeef);
    ok_err(!ConvertSidToStringSidW(bad, &text), ERROR_INVALID_SID);
}

static void test_privileges(void)
{
    LUID luid;
    ok(LookupPrivilegeValueW(NULL, L"SeLockMemoryPrivilege", &luid) && luid.LowPart == 4
           && luid.HighPart == 0,
       "SeLockMemoryPrivilege = %lu", luid.LowPart);
    ok(LookupPrivilegeValueA(NULL, "sebackupprivilege", &luid) && luid.LowPart == 17,
       "SeBackupPrivilege = %lu", luid.LowPart);
    SetLastError(0xdeadbeef);
    ok_err(!LookupPrivilegeValueW(NULL, L"SeNoSuchPrivilege", &luid), ERROR_NO_SUCH_PRIVILEGE);

    HANDLE token;
    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token),
       "OpenProcessToken");
    TOKEN_PRIVILEGES tp = {1, {{{23, 0}, SE_PRIVILEGE_ENABLED}}}; /* SeChangeNotifyPrivilege */
    SetLastError(0xdeadbeef);
    ok(AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL) && GetLastError() == 0,
       "enabling SeChangeNotifyPrivilege: error %lu", GetLastError());
    CloseHandle(token);
}

int main(void)
{
    test_token();
    test_well_known_sids();
    test_privileges();
    return check_summary();
}
