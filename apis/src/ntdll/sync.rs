//! The native waits (winternl.h): NTSTATUS results and LARGE_INTEGER timeouts in 100 ns units,
//! negative for a relative interval and positive for an absolute system time.

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{GuestPtr, Handle};
use crate::dllexport;
use crate::kernel32::sysinfoapi;
use crate::nt::sync::{self, WaitResult};
use crate::nt::thread;
use std::sync::Arc;
use std::time::{Duration, Instant};
use windows_sys::Win32::Foundation::{
    STATUS_ABANDONED_WAIT_0, STATUS_ACCESS_VIOLATION, STATUS_INVALID_HANDLE, STATUS_TIMEOUT,
    STATUS_USER_APC, STATUS_WAIT_0,
};

/// The deadline a native timeout names (None: wait for ever).
fn deadline(timeout: GuestPtr<i64>) -> Result<Option<Instant>, u32> {
    if timeout.is_null() {
        return Ok(None);
    }
    let t = timeout.read().ok_or(STATUS_ACCESS_VIOLATION as u32)?;
    let interval = if t < 0 {
        t.unsigned_abs()
    } else {
        (t as u64).saturating_sub(sysinfoapi::filetime_now())
    };
    Ok(Some(
        Instant::now() + Duration::from_nanos(interval.saturating_mul(100)),
    ))
}

#[dllexport]
pub fn NtWaitForSingleObject(hObject: Handle, Alertable: bool, Timeout: GuestPtr<i64>) -> u32 {
    let object: Arc<dyn Object> = if hObject == Handle::CURRENT_THREAD {
        thread::current()
    } else {
        match HANDLES.get_any(hObject) {
            Ok(o) if o.waitable().is_some() => o,
            _ => return STATUS_INVALID_HANDLE as u32,
        }
    };
    let deadline = match deadline(Timeout) {
        Ok(d) => d,
        Err(status) => return status,
    };
    match sync::wait(&[object], false, deadline, Alertable) {
        WaitResult::Object(i) => STATUS_WAIT_0 as u32 + i as u32,
        WaitResult::Abandoned(i) => STATUS_ABANDONED_WAIT_0 as u32 + i as u32,
        WaitResult::Timeout => STATUS_TIMEOUT as u32,
        WaitResult::Alerted => STATUS_USER_APC as u32,
    }
}
