//! Fibers: stacks that a thread switches between itself. A fiber is a block in guest memory
//! whose first field is its parameter (GetFiberData, an inline function of the SDK, reads it
//! through the fiber address at `gs:[0x20]`). A fiber that is not running also keeps what the TEB
//! shows for the running one: its stack bounds (so exception dispatch and stack overflow
//! detection see the right stack), its FLS array and its stack guarantee.

use super::{fls, teb, thread};
use crate::abi::{GuestPtr, Win32Error, call, cpu, fiber as switcher, mem};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// NT_TIB.FiberData: the running fiber.
const TEB_FIBER_DATA: u64 = 0x20;
/// TEB.SameTebFlags and its HasFiberData bit: the thread is a fiber (IsThreadAFiber).
const TEB_SAME_TEB_FLAGS: u64 = 0x17EE;
const HAS_FIBER_DATA: u16 = 0x4;
/// TEB.GuaranteedStackBytes (SetThreadStackGuarantee), per fiber on Windows.
const TEB_GUARANTEED_STACK_BYTES: u64 = 0x1748;

/// The fiber block's fields.
mod field {
    pub const PARAMETER: u64 = 0x00;
    pub const SAVED_RSP: u64 = 0x08;
    pub const STACK_BASE: u64 = 0x10;
    pub const STACK_LIMIT: u64 = 0x18;
    pub const DEALLOCATION_STACK: u64 = 0x20;
    pub const FLS_DATA: u64 = 0x28;
    pub const START: u64 = 0x30;
    /// The stack allocation's size; 0 for a thread's own stack (ConvertThreadToFiber).
    pub const STACK_SIZE: u64 = 0x38;
    pub const GUARANTEED_STACK_BYTES: u64 = 0x40;
}
const FIBER_SIZE: usize = 0x48;

/// CreateFiberEx and ConvertThreadToFiberEx accept only FIBER_FLAG_FLOAT_SWITCH (every switch
/// saves the floating-point control state anyway).
const VALID_FLAGS: u32 = windows_sys::Win32::System::WindowsProgramming::FIBER_FLAG_FLOAT_SWITCH;

/// Every fiber block alive, for FlsFree, which clears an index in every fiber.
static FIBERS: Mutex<BTreeSet<u64>> = Mutex::new(BTreeSet::new());

fn fibers() -> std::sync::MutexGuard<'static, BTreeSet<u64>> {
    FIBERS.lock().unwrap_or_else(|e| e.into_inner())
}

fn field(fiber: u64, at: u64) -> u64 {
    mem::read::<u64>(fiber + at).unwrap_or(0)
}

fn set_field(fiber: u64, at: u64, value: u64) {
    mem::write(fiber + at, value);
}

/// IsThreadAFiber.
pub fn is_fiber() -> bool {
    mem::read::<u16>(teb::current() + TEB_SAME_TEB_FLAGS).unwrap_or(0) & HAS_FIBER_DATA != 0
}

fn set_is_fiber(on: bool) {
    let at = teb::current() + TEB_SAME_TEB_FLAGS;
    let flags = mem::read::<u16>(at).unwrap_or(0);
    let flags = if on {
        flags | HAS_FIBER_DATA
    } else {
        flags & !HAS_FIBER_DATA
    };
    mem::write(at, flags);
}

fn new_block(parameter: u64) -> u64 {
    let fiber = mem::alloc_zeroed(FIBER_SIZE, 16);
    set_field(fiber, field::PARAMETER, parameter);
    fibers().insert(fiber);
    fiber
}

fn free_block(fiber: u64) {
    fibers().remove(&fiber);
    mem::free_zeroed(fiber, FIBER_SIZE, 16);
}

/// ConvertThreadToFiberEx: the calling thread becomes a fiber running on its own stack.
pub fn convert_thread(parameter: u64, flags: u32) -> Result<u64, Win32Error> {
    if flags & !VALID_FLAGS != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if is_fiber() {
        return Err(Win32Error::ALREADY_FIBER);
    }
    let fiber = new_block(parameter);
    mem::write(teb::current() + TEB_FIBER_DATA, fiber);
    set_is_fiber(true);
    Ok(fiber)
}

/// ConvertFiberToThread: frees the running fiber's block; the thread keeps its stack and FLS.
pub fn convert_to_thread() -> Result<(), Win32Error> {
    if !is_fiber() {
        return Err(Win32Error::ALREADY_THREAD);
    }
    let t = teb::current();
    let fiber = cpu::read_u64(TEB_FIBER_DATA);
    mem::write(t + TEB_FIBER_DATA, 0u64);
    set_is_fiber(false);
    free_block(fiber);
    Ok(())
}

/// CreateFiberEx: a fiber that will run `start(parameter)` on a stack of its own. The sizes
/// default to the image's; a commit size beyond the reserve grows the reserve to the next MiB,
/// as Windows does. The stack is committed whole; a guard page sits above the overflow reserve
/// at its bottom, as on a thread's stack.
pub fn create(
    commit: u64,
    reserve: u64,
    flags: u32,
    start: u64,
    parameter: u64,
) -> Result<u64, Win32Error> {
    use windows_sys::Win32::System::Memory::{
        MEM_COMMIT, MEM_RELEASE, MEM_RESERVE, PAGE_READWRITE,
    };
    if flags & !VALID_FLAGS != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let (image_reserve, image_commit) = thread::image_stack_sizes();
    let commit = if commit == 0 { image_commit } else { commit };
    let mut reserve = if reserve == 0 { image_reserve } else { reserve };
    if commit >= reserve {
        reserve = commit.next_multiple_of(1024 * 1024);
    }
    let size = reserve
        .max(thread::MIN_STACK)
        .next_multiple_of(crate::kernel32::memoryapi::GRANULARITY);
    let base = crate::kernel32::memoryapi::VirtualAlloc(
        GuestPtr::new(0),
        size as usize,
        MEM_RESERVE | MEM_COMMIT,
        PAGE_READWRITE,
    )
    .map_err(|_| Win32Error::NOT_ENOUGH_MEMORY)?
    .addr();
    let guard = base + teb::STACK_OVERFLOW_RESERVE;
    if crate::abi::host::protect(guard, PAGE as usize, libc::PROT_NONE).is_err() {
        let _ = crate::kernel32::memoryapi::VirtualFree(GuestPtr::new(base), 0, MEM_RELEASE);
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    let top = base + size;
    let fiber = new_block(parameter);
    set_field(fiber, field::STACK_BASE, top);
    set_field(fiber, field::STACK_LIMIT, guard + PAGE);
    set_field(fiber, field::DEALLOCATION_STACK, base);
    set_field(fiber, field::START, start);
    set_field(fiber, field::STACK_SIZE, size);
    let rsp = switcher::initial_frame(top, fiber_main, fiber);
    set_field(fiber, field::SAVED_RSP, rsp);
    Ok(fiber)
}

const PAGE: u64 = 4096;

/// A new fiber's first code: its start routine, whose return ends the thread with whatever the
/// routine left in eax, as Windows' fiber start does.
extern "win64" fn fiber_main(fiber: u64) -> ! {
    let code = call::call(
        field(fiber, field::START),
        &[field(fiber, field::PARAMETER)],
    );
    thread::exit_current(code as u32)
}

/// The TEB fields that belong to the running fiber: (TEB offset, fiber field).
const PER_FIBER: [(u64, u64); 5] = [
    (teb::offset::STACK_BASE, field::STACK_BASE),
    (teb::offset::STACK_LIMIT, field::STACK_LIMIT),
    (teb::offset::DEALLOCATION_STACK, field::DEALLOCATION_STACK),
    (fls::FLS_DATA, field::FLS_DATA),
    (TEB_GUARANTEED_STACK_BYTES, field::GUARANTEED_STACK_BYTES),
];

/// SwitchToFiber: the running fiber's state goes into its block, `target`'s into the TEB, and
/// the thread goes on on `target`'s stack. Returns when something switches back. Switching from
/// a thread that is not a fiber, or to a running fiber, is undefined on Windows; here it does
/// nothing.
pub fn switch_to(target: u64) {
    let current = cpu::read_u64(TEB_FIBER_DATA);
    if current == 0 || target == 0 || current == target || !is_fiber() {
        return;
    }
    let t = teb::current();
    for (teb_at, fiber_at) in PER_FIBER {
        set_field(current, fiber_at, mem::read::<u64>(t + teb_at).unwrap_or(0));
        mem::write(t + teb_at, field(target, fiber_at));
    }
    // The running fiber's FLS array is reached through its TEB only (FlsFree visits both).
    set_field(target, field::FLS_DATA, 0);
    mem::write(t + TEB_FIBER_DATA, target);
    switcher::switch(current + field::SAVED_RSP, field(target, field::SAVED_RSP));
}

/// DeleteFiber: a fiber that is not running gets its FLS callbacks run and its stack freed;
/// deleting the running fiber ends the thread (ExitThread(1), as Windows does).
pub fn delete(fiber: u64) {
    use windows_sys::Win32::System::Memory::MEM_RELEASE;
    if fiber == 0 {
        return;
    }
    if fiber == cpu::read_u64(TEB_FIBER_DATA) && is_fiber() {
        thread::exit_current(1);
    }
    let (fls_array, stack, stack_size) = (
        field(fiber, field::FLS_DATA),
        field(fiber, field::DEALLOCATION_STACK),
        field(fiber, field::STACK_SIZE),
    );
    // Out of the list first, so FlsFree no longer visits the array.
    free_block(fiber);
    fls::run_destructors_of(fls_array);
    if stack_size != 0 {
        let _ = crate::kernel32::memoryapi::VirtualFree(GuestPtr::new(stack), 0, MEM_RELEASE);
    }
}

/// Calls `f` with the FLS array of every fiber that is not running (the running ones' arrays
/// are in their threads' TEBs), while no fiber can be deleted.
pub fn for_each_fls_array(mut f: impl FnMut(u64)) {
    let fibers = fibers();
    for &fiber in fibers.iter() {
        let array = field(fiber, field::FLS_DATA);
        if array != 0 {
            f(array);
        }
    }
}
