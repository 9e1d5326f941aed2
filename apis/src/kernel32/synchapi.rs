//! synchapi.h: critical sections and Sleep.
//!
//! A CRITICAL_SECTION lives in guest memory with Windows' x64 layout (40 bytes: DebugInfo,
//! LockCount, RecursionCount, OwningThread, LockSemaphore, SpinCount). LockCount is the lock
//! word, parked on with a futex: -1 free (Windows' initial value), 0 held, 1 held with waiters.

use crate::abi::{GuestPtr, host, mem};
use crate::dllexport;
use crate::nt::process::current_thread_id;
use std::sync::atomic::Ordering;

const LOCK_COUNT: u64 = 8;
const RECURSION_COUNT: u64 = 12;
const OWNING_THREAD: u64 = 16;
const SPIN_COUNT: u64 = 32;

/// An opaque CRITICAL_SECTION in guest memory.
pub type CriticalSection = GuestPtr<[u8; 40]>;

fn init(cs: CriticalSection, spin: u32) {
    let a = cs.addr();
    mem::write(a, [0u8; 40]);
    mem::write(a + LOCK_COUNT, -1i32);
    mem::write(a + SPIN_COUNT, spin as u64);
}

#[dllexport]
pub fn InitializeCriticalSection(lpCriticalSection: CriticalSection) {
    init(lpCriticalSection, 0)
}

#[dllexport]
pub fn InitializeCriticalSectionAndSpinCount(
    lpCriticalSection: CriticalSection,
    dwSpinCount: u32,
) -> bool {
    init(lpCriticalSection, dwSpinCount);
    true
}

#[dllexport]
pub fn InitializeCriticalSectionEx(
    lpCriticalSection: CriticalSection,
    dwSpinCount: u32,
    Flags: u32,
) -> bool {
    init(lpCriticalSection, dwSpinCount);
    true
}

#[dllexport]
pub fn DeleteCriticalSection(lpCriticalSection: CriticalSection) {
    mem::write(lpCriticalSection.addr() + OWNING_THREAD, 0u64);
}

fn owned_by_me(a: u64, me: u64) -> bool {
    mem::read::<u64>(a + OWNING_THREAD) == Some(me)
}

fn take(a: u64, me: u64) {
    mem::write(a + OWNING_THREAD, me);
    mem::write(a + RECURSION_COUNT, 1i32);
}

#[dllexport]
pub fn EnterCriticalSection(lpCriticalSection: CriticalSection) {
    let a = lpCriticalSection.addr();
    let me = current_thread_id() as u64;
    if owned_by_me(a, me) {
        let n = mem::read::<i32>(a + RECURSION_COUNT).unwrap_or(0);
        mem::write(a + RECURSION_COUNT, n + 1);
        return;
    }
    let word = host::atomic_i32(a + LOCK_COUNT);
    if word
        .compare_exchange(-1, 0, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        let spins = mem::read::<u64>(a + SPIN_COUNT).unwrap_or(0).min(4000);
        let mut acquired = false;
        for _ in 0..spins {
            std::hint::spin_loop();
            if word
                .compare_exchange(-1, 0, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                acquired = true;
                break;
            }
        }
        if !acquired {
            while word.swap(1, Ordering::Acquire) != -1 {
                host::futex_wait(a + LOCK_COUNT, 1);
            }
        }
    }
    take(a, me);
}

#[dllexport]
pub fn TryEnterCriticalSection(lpCriticalSection: CriticalSection) -> bool {
    let a = lpCriticalSection.addr();
    let me = current_thread_id() as u64;
    if owned_by_me(a, me) {
        let n = mem::read::<i32>(a + RECURSION_COUNT).unwrap_or(0);
        mem::write(a + RECURSION_COUNT, n + 1);
        return true;
    }
    let word = host::atomic_i32(a + LOCK_COUNT);
    if word
        .compare_exchange(-1, 0, Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
    {
        take(a, me);
        return true;
    }
    false
}

#[dllexport]
pub fn LeaveCriticalSection(lpCriticalSection: CriticalSection) {
    let a = lpCriticalSection.addr();
    let n = mem::read::<i32>(a + RECURSION_COUNT).unwrap_or(1) - 1;
    mem::write(a + RECURSION_COUNT, n.max(0));
    if n > 0 {
        return;
    }
    mem::write(a + OWNING_THREAD, 0u64);
    if host::atomic_i32(a + LOCK_COUNT).swap(-1, Ordering::Release) == 1 {
        host::futex_wake(a + LOCK_COUNT, 1);
    }
}

#[dllexport]
pub fn Sleep(dwMilliseconds: u32) {
    if dwMilliseconds == u32::MAX {
        loop {
            std::thread::park();
        }
    }
    if dwMilliseconds == 0 {
        std::thread::yield_now();
    } else {
        std::thread::sleep(std::time::Duration::from_millis(dwMilliseconds as u64));
    }
}
