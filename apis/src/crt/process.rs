//! process.h: threads started through the C runtime. The runtime's own per-thread state lives
//! in winrun (errno in the TEB), so these are CreateThread with the CRT's conventions.

use super::errno::{EINVAL, ENOMEM, set_errno};
use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error};
use crate::dllexport;
use crate::kernel32::processthreadsapi::CreateThread;
use crate::nt::thread;
use std::cell::Cell;

fn errno_for(e: Win32Error) -> i32 {
    if e == Win32Error::NOT_ENOUGH_MEMORY {
        ENOMEM
    } else {
        EINVAL
    }
}

/// Returns the thread handle, or 0 with errno set.
#[dllexport]
pub fn _beginthreadex(
    security: GuestPtr<u8>,
    stack_size: u32,
    start_address: u64,
    arglist: u64,
    initflag: u32,
    thrdaddr: GuestPtr<u32>,
) -> u64 {
    match CreateThread(
        security,
        stack_size as usize,
        start_address,
        arglist,
        initflag,
        thrdaddr,
    ) {
        Ok(h) => h.0,
        Err(e) => {
            set_errno(errno_for(e));
            0
        }
    }
}

#[dllexport]
pub fn _endthreadex(retval: u32) -> ! {
    thread::exit_current(retval)
}

thread_local! {
    /// The handle `_beginthread` returned for this thread: closed when the thread ends.
    static OWN_HANDLE: Cell<u64> = const { Cell::new(0) };
}

fn close_own_handle() {
    let h = OWN_HANDLE.with(|c| c.replace(0));
    if h != 0 {
        let _ = HANDLES.remove(Handle(h));
    }
}

/// What a `_beginthread` thread runs: the guest's `void start(void *)`, then exit code 0.
extern "win64" fn beginthread_start(context: u64) -> u32 {
    let block = GuestPtr::<[u64; 3]>::new(context);
    let [start, arg, handle] = block.read().unwrap_or_default();
    crate::abi::mem::free_zeroed(context, 24, 8);
    OWN_HANDLE.with(|c| c.set(handle));
    crate::abi::call::call(start, &[arg]);
    close_own_handle();
    0
}

/// Returns the thread handle (closed by the runtime when the thread ends), or -1 with errno set.
#[dllexport]
pub fn _beginthread(start_address: u64, stack_size: u32, arglist: u64) -> u64 {
    if start_address == 0 {
        set_errno(EINVAL);
        return u64::MAX;
    }
    let context = crate::abi::mem::alloc_zeroed(24, 8);
    let block = GuestPtr::<[u64; 3]>::new(context);
    block.write([start_address, arglist, 0]);
    // Started suspended so the handle is in the block before the thread can close it.
    match CreateThread(
        GuestPtr::NULL,
        stack_size as usize,
        beginthread_start as *const () as u64,
        context,
        windows_sys::Win32::System::Threading::CREATE_SUSPENDED,
        GuestPtr::NULL,
    ) {
        Ok(h) => {
            block.write([start_address, arglist, h.0]);
            if let Ok(t) = HANDLES.get::<thread::ThreadObject>(h) {
                t.resume();
            }
            h.0
        }
        Err(e) => {
            crate::abi::mem::free_zeroed(context, 24, 8);
            set_errno(errno_for(e));
            u64::MAX
        }
    }
}

#[dllexport]
pub fn _endthread() -> ! {
    close_own_handle();
    thread::exit_current(0)
}
