//! mtdll.h: the C runtime's own locks that programs take through exports and hold across calls
//! (`_lock_file`, `_lock_locales`): recursive, owned by a thread rather than a scope.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

pub struct RecursiveLock {
    /// The owning thread (0: none), readable without the mutex for the common unowned case.
    owner: AtomicU64,
    /// Owner and depth.
    state: Mutex<(u64, u32)>,
    released: Condvar,
}

/// A number unique to each running thread: the address of one of its thread-locals.
fn current_thread() -> u64 {
    thread_local!(static MARKER: u8 = const { 0 });
    MARKER.with(|m| m as *const u8 as u64)
}

impl Default for RecursiveLock {
    fn default() -> RecursiveLock {
        RecursiveLock::new()
    }
}

impl RecursiveLock {
    pub const fn new() -> RecursiveLock {
        RecursiveLock {
            owner: AtomicU64::new(0),
            state: Mutex::new((0, 0)),
            released: Condvar::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, (u64, u32)> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn lock(&self) {
        let me = current_thread();
        let mut state = self.state();
        loop {
            match *state {
                (_, 0) => {
                    *state = (me, 1);
                    self.owner.store(me, Ordering::Release);
                    return;
                }
                (owner, depth) if owner == me => {
                    state.1 = depth + 1;
                    return;
                }
                _ => state = self.released.wait(state).unwrap_or_else(|e| e.into_inner()),
            }
        }
    }

    /// Releases one `lock` of this thread; a thread that holds none changes nothing.
    pub fn unlock(&self) {
        let me = current_thread();
        let mut state = self.state();
        if state.0 != me || state.1 == 0 {
            return;
        }
        state.1 -= 1;
        if state.1 == 0 {
            state.0 = 0;
            self.owner.store(0, Ordering::Release);
            self.released.notify_one();
        }
    }

    /// Waits until no other thread holds the lock (one atomic load when nobody does).
    pub fn wait_for_others(&self) {
        let owner = self.owner.load(Ordering::Acquire);
        if owner != 0 && owner != current_thread() {
            self.lock();
            self.unlock();
        }
    }
}
