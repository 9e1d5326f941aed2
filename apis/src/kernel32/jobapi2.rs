//! jobapi2.h: what a process learns about its own job. A winrun process is never inside a job
//! it can see, so the limit queries of the calling process's job (hJob NULL) report no limits.

use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, mem};
use crate::dllexport;
use windows_sys::Win32::System::JobObjects::{
    JOBOBJECT_BASIC_LIMIT_INFORMATION, JOBOBJECT_CPU_RATE_CONTROL_INFORMATION,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectBasicLimitInformation,
    JobObjectCpuRateControlInformation, JobObjectExtendedLimitInformation,
};

/// Queries of job handles are not supported; for the process's own job (NULL) the basic,
/// extended and CPU-rate limits are all zero: no limit is set.
#[dllexport]
pub fn QueryInformationJobObject(
    hJob: Handle,
    JobObjectInformationClass: i32,
    lpJobObjectInformation: GuestPtr<u8>,
    cbJobObjectInformationLength: u32,
    lpReturnLength: GuestPtr<u32>,
) -> Win32Result<()> {
    if hJob != Handle::NULL {
        tracing::warn!(target: "kernel32::jobapi2", "QueryInformationJobObject of a job handle");
        return Err(Win32Error::INVALID_HANDLE);
    }
    let size = match JobObjectInformationClass {
        JobObjectBasicLimitInformation => size_of::<JOBOBJECT_BASIC_LIMIT_INFORMATION>(),
        JobObjectExtendedLimitInformation => size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>(),
        JobObjectCpuRateControlInformation => size_of::<JOBOBJECT_CPU_RATE_CONTROL_INFORMATION>(),
        _ => return Err(Win32Error::INVALID_PARAMETER),
    };
    if (cbJobObjectInformationLength as usize) < size {
        return Err(Win32Error::BAD_LENGTH);
    }
    if lpJobObjectInformation.is_null() {
        return Err(Win32Error::NOACCESS);
    }
    mem::fill(lpJobObjectInformation.addr(), 0, size);
    lpReturnLength.write(size as u32);
    Ok(())
}
