//! ADVAPI32.dll: the registry, tokens and SIDs, event tracing, and the CryptoAPI random source.

pub mod aclapi;
pub mod evntprov;
pub mod ntsecapi;
pub mod processthreadsapi;
pub mod sddl;
pub mod securitybaseapi;
pub mod securitybaseapi_file;
pub mod winbase;
pub mod wincrypt;
pub mod winreg;

crate::dll! {
    name: "ADVAPI32.dll", id: 8;
    fn winreg: RegOpenKeyExW, RegOpenKeyExA, RegCreateKeyExW, RegCreateKeyExA, RegCloseKey,
        RegQueryValueExW, RegQueryValueExA, RegSetValueExW, RegSetValueExA, RegDeleteValueW,
        RegDeleteValueA, RegDeleteKeyW, RegDeleteKeyA, RegEnumKeyExW, RegEnumKeyW,
        RegEnumValueW, RegQueryInfoKeyW, RegGetValueW, RegGetValueA;
    fn processthreadsapi: OpenProcessToken, OpenThreadToken;
    fn securitybaseapi: AdjustTokenPrivileges, IsValidSid, GetLengthSid, EqualSid, CopySid;
    partial securitybaseapi: GetTokenInformation;
    fn winbase: GetUserNameW, GetUserNameA, LookupPrivilegeValueW, LookupPrivilegeValueA;
    partial winbase: LookupAccountSidW, LookupAccountSidA;
    fn sddl: ConvertSidToStringSidW, ConvertSidToStringSidA;
    fn evntprov: EventRegister, EventUnregister, EventSetInformation, EventWrite,
        EventWriteTransfer, EventEnabled, EventProviderEnabled;
    fn ntsecapi: SystemFunction036;
    fn wincrypt: CryptAcquireContextW, CryptAcquireContextA, CryptGenRandom,
        CryptReleaseContext;
    partial securitybaseapi_file: GetFileSecurityW, GetFileSecurityA, SetFileSecurityW,
        SetFileSecurityA;
    // Files (SE_FILE_OBJECT) only.
    partial aclapi: GetNamedSecurityInfoW, GetNamedSecurityInfoA, GetSecurityInfo;
}
