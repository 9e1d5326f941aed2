//! errno and its per-thread storage.

use crate::abi::{GuestPtr, mem};
use crate::dllexport;
use crate::nt::teb;

/// The per-thread errno lives in the TEB's ReservedForNtRpc field (0x1698), which only the RPC
/// runtime uses: each thread has its own int without any allocation or lookup.
const ERRNO_OFFSET: u64 = 0x1698;

pub const EPERM: i32 = 1;
pub const ENOENT: i32 = 2;
pub const EBADF: i32 = 9;
pub const ENOMEM: i32 = 12;
pub const EACCES: i32 = 13;
pub const EEXIST: i32 = 17;
pub const EINVAL: i32 = 22;
pub const ERANGE: i32 = 34;

pub fn errno_addr() -> u64 {
    teb::current() + ERRNO_OFFSET
}

pub fn set_errno(value: i32) {
    mem::write(errno_addr(), value);
}

pub fn errno() -> i32 {
    mem::read(errno_addr()).unwrap_or(0)
}

#[dllexport]
pub fn _errno() -> GuestPtr<i32> {
    GuestPtr::new(errno_addr())
}
