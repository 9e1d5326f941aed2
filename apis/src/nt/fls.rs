//! Fiber-local storage: each fiber's values (a thread that is no fiber counts as one) live in an
//! array its TEB's FlsData points to while it runs, created on the first FlsSetValue; a fiber
//! that is not running keeps it in its fiber block (see `fiber`). Indices and their destructor
//! callbacks are process-wide; the callbacks run at thread exit, at DeleteFiber and at FlsFree.

use super::{fiber, teb, thread};
use crate::abi::{Win32Error, call, cpu, mem};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// TEB.FlsData.
pub const FLS_DATA: u64 = 0x17C8;
/// Slots per thread (Windows allows 4080; 1024 keeps each thread's array at 8 KiB).
pub const SLOTS: usize = 1024;

/// Which indices are allocated: one bit each, read without a lock by FlsGetValue/FlsSetValue.
static IN_USE: [AtomicU64; SLOTS / 64] = [const { AtomicU64::new(0) }; SLOTS / 64];
/// Each index's destructor callback (0 for none); allocation and freeing hold this lock.
static CALLBACKS: Mutex<[u64; SLOTS]> = Mutex::new([0; SLOTS]);

fn in_use(index: u32) -> bool {
    let i = index as usize;
    i != 0 && i < SLOTS && IN_USE[i / 64].load(Ordering::Acquire) & (1 << (i % 64)) != 0
}

/// FlsAlloc: a new index (they start at 1) whose value is NULL in every thread.
pub fn alloc(callback: u64) -> Option<u32> {
    let mut callbacks = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
    let i = (1..SLOTS).find(|&i| !in_use(i as u32))?;
    callbacks[i] = callback;
    IN_USE[i / 64].fetch_or(1 << (i % 64), Ordering::Release);
    Some(i as u32)
}

/// FlsFree: runs the index's callback for every thread's non-NULL value, then frees it.
pub fn free(index: u32) -> Result<(), Win32Error> {
    let callback = {
        let callbacks = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
        if !in_use(index) {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        let i = index as usize;
        IN_USE[i / 64].fetch_and(!(1 << (i % 64)), Ordering::AcqRel);
        callbacks[i]
    };
    let mut values = Vec::new();
    let mut take = |array: u64| {
        if array != 0 {
            let slot = array + 8 * index as u64;
            values.push(mem::read::<u64>(slot).unwrap_or(0));
            mem::write(slot, 0u64);
        }
    };
    thread::for_each_teb(|t| {
        // Under the lock an exiting thread takes to drop its array, so the array stays valid.
        let _callbacks = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
        take(mem::read::<u64>(t + FLS_DATA).unwrap_or(0));
    });
    fiber::for_each_fls_array(&mut take);
    if callback != 0 {
        for value in values.into_iter().filter(|&v| v != 0) {
            call::call(callback, &[value]);
        }
    }
    Ok(())
}

/// FlsGetValue for the calling thread.
pub fn get(index: u32) -> Result<u64, Win32Error> {
    if !in_use(index) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let array = cpu::read_u64(FLS_DATA);
    Ok(if array == 0 {
        0
    } else {
        mem::read::<u64>(array + 8 * index as u64).unwrap_or(0)
    })
}

/// FlsSetValue for the calling thread.
pub fn set(index: u32, value: u64) -> Result<(), Win32Error> {
    if !in_use(index) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let mut array = cpu::read_u64(FLS_DATA);
    if array == 0 {
        array = mem::alloc_zeroed(SLOTS * 8, 16);
        mem::write(teb::current() + FLS_DATA, array);
    }
    mem::write(array + 8 * index as u64, value);
    Ok(())
}

/// At thread exit: each non-NULL value's callback, then the thread's array is freed.
pub fn run_destructors() {
    let t = teb::current();
    let array = mem::read::<u64>(t + FLS_DATA).unwrap_or(0);
    if array == 0 {
        return;
    }
    run_callbacks(array);
    {
        let _callbacks = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
        mem::write(t + FLS_DATA, 0u64);
    }
    mem::free_zeroed(array, SLOTS * 8, 16);
}

/// DeleteFiber: the callbacks of a deleted fiber's values, then its array (0: none) is freed.
pub fn run_destructors_of(array: u64) {
    if array != 0 {
        run_callbacks(array);
        mem::free_zeroed(array, SLOTS * 8, 16);
    }
}

fn run_callbacks(array: u64) {
    for i in 1..SLOTS {
        if !in_use(i as u32) {
            continue;
        }
        let value = mem::read::<u64>(array + 8 * i as u64).unwrap_or(0);
        if value == 0 {
            continue;
        }
        mem::write(array + 8 * i as u64, 0u64);
        let callback = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner())[i];
        if callback != 0 {
            call::call(callback, &[value]);
        }
    }
}
