//! werapi.h: the Windows Error Reporting flags of the process. There is no error reporting
//! here; the flags are kept and reported back, as programs save and restore them.

use crate::abi::{GuestPtr, Handle};
use crate::dllexport;
use std::sync::atomic::{AtomicU32, Ordering};
use windows_sys::Win32::Foundation::{E_INVALIDARG, S_OK};

static FLAGS: AtomicU32 = AtomicU32::new(0);

#[dllexport]
pub fn WerSetFlags(dwFlags: u32) -> i32 {
    FLAGS.store(dwFlags, Ordering::Relaxed);
    S_OK
}

/// Only this process's flags can be read.
#[dllexport]
pub fn WerGetFlags(hProcess: Handle, pdwFlags: GuestPtr<u32>) -> i32 {
    if hProcess != Handle::CURRENT_PROCESS || !pdwFlags.write(FLAGS.load(Ordering::Relaxed)) {
        return E_INVALIDARG;
    }
    S_OK
}
