//! jobapi2.h: job objects, as far as build tools use them — a group of child processes that
//! ends when its last handle closes (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE) or on request.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, WStrPtr, Win32Error, Win32Result, mem};
use crate::dllexport;
use crate::nt::child::JobObject;
use std::sync::atomic::Ordering;
use windows_sys::Win32::System::JobObjects::{
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, JOBOBJECT_BASIC_LIMIT_INFORMATION,
    JOBOBJECT_CPU_RATE_CONTROL_INFORMATION, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JobObjectBasicLimitInformation, JobObjectCpuRateControlInformation,
    JobObjectExtendedLimitInformation,
};

/// Named jobs are not shared between processes: the name is ignored.
#[dllexport]
pub fn CreateJobObjectW(lpJobAttributes: GuestPtr<u8>, lpName: WStrPtr) -> Win32Result<Handle> {
    if !lpName.is_null() {
        tracing::warn!(target: "kernel32::jobapi2", "job names are ignored");
    }
    let inherit = super::synchapi::inherit(lpJobAttributes);
    Ok(HANDLES.insert(JobObject::new(), inherit))
}

#[dllexport]
pub fn AssignProcessToJobObject(hJob: Handle, hProcess: Handle) -> Win32Result<()> {
    let job = HANDLES.get::<JobObject>(hJob)?;
    let process = super::processthreadsapi::process_object(hProcess)?;
    job.assign(&process);
    Ok(())
}

/// The limit flags of the basic and extended limit information (LimitFlags is at offset 16 of
/// both); of the limits only KILL_ON_JOB_CLOSE has an effect, the others are accepted.
#[dllexport]
pub fn SetInformationJobObject(
    hJob: Handle,
    JobObjectInformationClass: i32,
    lpJobObjectInformation: GuestPtr<u8>,
    cbJobObjectInformationLength: u32,
) -> Win32Result<()> {
    let job = HANDLES.get::<JobObject>(hJob)?;
    let needed = match JobObjectInformationClass {
        JobObjectBasicLimitInformation => 64,
        JobObjectExtendedLimitInformation => 144,
        _ => {
            tracing::warn!(target: "kernel32::jobapi2", "job information class {JobObjectInformationClass} is not supported");
            return Err(Win32Error::NOT_SUPPORTED);
        }
    };
    if cbJobObjectInformationLength < needed {
        return Err(Win32Error::BAD_LENGTH);
    }
    let flags = GuestPtr::<u32>::new(lpJobObjectInformation.addr() + 16)
        .read()
        .ok_or(Win32Error::NOACCESS)?;
    job.kill_on_close.store(
        flags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE != 0,
        Ordering::Relaxed,
    );
    Ok(())
}

#[dllexport]
pub fn TerminateJobObject(hJob: Handle, uExitCode: u32) -> Win32Result<()> {
    HANDLES.get::<JobObject>(hJob)?.terminate_all(uExitCode);
    Ok(())
}

/// The limits of a job, or of the calling process's job (hJob NULL): a winrun process is never
/// inside a job it can see, so that one has no limits. Of a job handle's limits only
/// KILL_ON_JOB_CLOSE is kept, so that is the one flag reported.
#[dllexport]
pub fn QueryInformationJobObject(
    hJob: Handle,
    JobObjectInformationClass: i32,
    lpJobObjectInformation: GuestPtr<u8>,
    cbJobObjectInformationLength: u32,
    lpReturnLength: GuestPtr<u32>,
) -> Win32Result<()> {
    let kill_on_close = if hJob == Handle::NULL {
        false
    } else {
        HANDLES
            .get::<JobObject>(hJob)?
            .kill_on_close
            .load(Ordering::Relaxed)
    };
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
    if kill_on_close && JobObjectInformationClass != JobObjectCpuRateControlInformation {
        // LimitFlags sits at offset 16 of the basic and the extended limit information.
        GuestPtr::<u32>::new(lpJobObjectInformation.addr() + 16)
            .write(JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
    }
    lpReturnLength.write(size as u32);
    Ok(())
}
