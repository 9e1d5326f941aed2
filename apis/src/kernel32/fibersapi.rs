//! Fibers and fiber-local storage: fibersapi.h (FLS, IsThreadAFiber) and the fiber functions
//! winbase.h declares beside them (the machinery is in `nt::fiber`). GetCurrentFiber and
//! GetFiberData are inline functions of the SDK reading `gs:[0x20]`.

use crate::abi::{GuestPtr, Win32Error, Win32Result};
use crate::dllexport;
use crate::nt::{fiber, fls, teb};

/// FLS_OUT_OF_INDEXES with ERROR_NO_MORE_ITEMS when every index is taken.
#[dllexport]
pub fn FlsAlloc(lpCallback: u64) -> u32 {
    fls::alloc(lpCallback).unwrap_or_else(|| {
        teb::set_last_error(Win32Error::NO_MORE_ITEMS.0);
        windows_sys::Win32::System::Threading::FLS_OUT_OF_INDEXES
    })
}

#[dllexport]
pub fn FlsFree(dwFlsIndex: u32) -> Win32Result<()> {
    fls::free(dwFlsIndex)
}

/// Clears the last error on success, so a stored NULL can be told from a failure.
#[dllexport]
pub fn FlsGetValue(dwFlsIndex: u32) -> Win32Result<GuestPtr<u8>> {
    let value = fls::get(dwFlsIndex)?;
    teb::set_last_error(0);
    Ok(GuestPtr::new(value))
}

#[dllexport]
pub fn FlsSetValue(dwFlsIndex: u32, lpFlsData: GuestPtr<u8>) -> Win32Result<()> {
    fls::set(dwFlsIndex, lpFlsData.addr())
}

#[dllexport]
pub fn IsThreadAFiber() -> bool {
    fiber::is_fiber()
}

/// ERROR_ALREADY_FIBER when the thread is a fiber already.
#[dllexport]
pub fn ConvertThreadToFiber(lpParameter: GuestPtr<u8>) -> Win32Result<GuestPtr<u8>> {
    fiber::convert_thread(lpParameter.addr(), 0).map(GuestPtr::new)
}

#[dllexport]
pub fn ConvertThreadToFiberEx(
    lpParameter: GuestPtr<u8>,
    dwFlags: u32,
) -> Win32Result<GuestPtr<u8>> {
    fiber::convert_thread(lpParameter.addr(), dwFlags).map(GuestPtr::new)
}

/// ERROR_ALREADY_THREAD when the thread is not a fiber.
#[dllexport]
pub fn ConvertFiberToThread() -> Win32Result<()> {
    fiber::convert_to_thread()
}

/// `dwStackSize` is the commit size; 0 takes the image's sizes.
#[dllexport]
pub fn CreateFiber(
    dwStackSize: usize,
    lpStartAddress: u64,
    lpParameter: GuestPtr<u8>,
) -> Win32Result<GuestPtr<u8>> {
    fiber::create(dwStackSize as u64, 0, 0, lpStartAddress, lpParameter.addr()).map(GuestPtr::new)
}

#[dllexport]
pub fn CreateFiberEx(
    dwStackCommitSize: usize,
    dwStackReserveSize: usize,
    dwFlags: u32,
    lpStartAddress: u64,
    lpParameter: GuestPtr<u8>,
) -> Win32Result<GuestPtr<u8>> {
    fiber::create(
        dwStackCommitSize as u64,
        dwStackReserveSize as u64,
        dwFlags,
        lpStartAddress,
        lpParameter.addr(),
    )
    .map(GuestPtr::new)
}

#[dllexport]
pub fn SwitchToFiber(lpFiber: GuestPtr<u8>) {
    fiber::switch_to(lpFiber.addr())
}

/// Deleting the running fiber ends its thread.
#[dllexport]
pub fn DeleteFiber(lpFiber: GuestPtr<u8>) {
    fiber::delete(lpFiber.addr())
}
