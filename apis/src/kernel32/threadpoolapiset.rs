//! threadpoolapiset.h: work objects and simple callbacks on the default thread pool, and what
//! a callback may ask to happen when it returns. Callback environments (private pools, cleanup
//! groups) are not supported: callbacks always run on the default pool.

use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, call, mem};
use crate::dllexport;
use crate::nt::sync::{EventObject, MutexObject, SemaphoreObject};
use crate::nt::{teb, threadpool};
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

/// The PTP_CALLBACK_INSTANCE a callback gets: its pool thread's TEB, unique while it runs.
fn instance() -> u64 {
    teb::current()
}

fn warn_environment(pcbe: u64) {
    if pcbe != 0 {
        tracing::warn!(target: "kernel32::threadpoolapiset", "callback environment ignored: the default pool runs the callbacks");
    }
}

/// Runs `pfns(instance, pv)` on the pool.
#[dllexport]
pub fn TrySubmitThreadpoolCallback(pfns: u64, pv: u64, pcbe: u64) -> Win32Result<()> {
    if pfns == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    warn_environment(pcbe);
    threadpool::submit(Box::new(move || {
        call::call(pfns, &[instance(), pv]);
        threadpool::callback_returned();
    }))
}

#[derive(Default)]
struct WorkState {
    /// Submitted callbacks not yet started, and those running.
    pending: usize,
    running: usize,
    /// Raised by a cancelling wait: queued callbacks of an older generation do not run.
    generation: u64,
}

/// A TP_WORK: a callback submitted any number of times.
struct Work {
    address: u64,
    callback: u64,
    context: u64,
    state: Mutex<WorkState>,
    done: Condvar,
}

/// Work objects by the address the guest holds (the PTP_WORK is an opaque guest block).
static WORKS: Mutex<Option<HashMap<u64, Arc<Work>>>> = Mutex::new(None);
const WORK_BLOCK: usize = 16;

fn work(address: u64) -> Option<Arc<Work>> {
    WORKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()?
        .get(&address)
        .cloned()
}

/// Returns the PTP_WORK, or NULL with the last error set.
#[dllexport]
pub fn CreateThreadpoolWork(pfnwk: u64, pv: u64, pcbe: u64) -> Win32Result<GuestPtr<u8>> {
    if pfnwk == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    warn_environment(pcbe);
    let address = mem::alloc_zeroed(WORK_BLOCK, 16);
    let work = Arc::new(Work {
        address,
        callback: pfnwk,
        context: pv,
        state: Mutex::new(WorkState::default()),
        done: Condvar::new(),
    });
    WORKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(address, work);
    Ok(GuestPtr::new(address))
}

#[dllexport]
pub fn SubmitThreadpoolWork(pwk: GuestPtr<u8>) {
    let Some(work) = work(pwk.addr()) else {
        tracing::warn!(target: "kernel32::threadpoolapiset", "SubmitThreadpoolWork of an unknown work object {:#x}", pwk.addr());
        return;
    };
    let generation = {
        let mut state = work.state.lock().unwrap_or_else(|e| e.into_inner());
        state.pending += 1;
        state.generation
    };
    let job = work.clone();
    let submitted = threadpool::submit(Box::new(move || {
        {
            let mut state = job.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.generation != generation {
                return;
            }
            state.pending -= 1;
            state.running += 1;
        }
        call::call(job.callback, &[instance(), job.context, job.address]);
        threadpool::callback_returned();
        let mut state = job.state.lock().unwrap_or_else(|e| e.into_inner());
        state.running -= 1;
        job.done.notify_all();
    }));
    if submitted.is_err() {
        let mut state = work.state.lock().unwrap_or_else(|e| e.into_inner());
        state.pending -= 1;
        work.done.notify_all();
    }
}

/// Waits until the work's callbacks have finished; with `fCancelPendingCallbacks`, those not
/// yet started never run.
#[dllexport]
pub fn WaitForThreadpoolWorkCallbacks(pwk: GuestPtr<u8>, fCancelPendingCallbacks: bool) {
    let Some(work) = work(pwk.addr()) else {
        return;
    };
    let mut state = work.state.lock().unwrap_or_else(|e| e.into_inner());
    if fCancelPendingCallbacks {
        state.generation += 1;
        state.pending = 0;
    }
    while state.pending + state.running > 0 {
        state = work.done.wait(state).unwrap_or_else(|e| e.into_inner());
    }
}

/// Releases the work object; callbacks already submitted still run.
#[dllexport]
pub fn CloseThreadpoolWork(pwk: GuestPtr<u8>) {
    let removed = WORKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_mut()
        .and_then(|w| w.remove(&pwk.addr()));
    if removed.is_some() {
        mem::free_zeroed(pwk.addr(), WORK_BLOCK, 16);
    }
}

/// TRUE: the pool starts another thread whenever all are busy, so a long callback blocks no
/// other.
#[dllexport]
pub fn CallbackMayRunLong(pci: u64) -> bool {
    true
}

#[dllexport]
pub fn SetEventWhenCallbackReturns(pci: u64, evt: Handle) {
    threadpool::when_callback_returns(Box::new(move || {
        if let Ok(e) = HANDLES.get::<EventObject>(evt) {
            e.set();
        }
    }));
}

#[dllexport]
pub fn ReleaseSemaphoreWhenCallbackReturns(pci: u64, sem: Handle, crel: u32) {
    threadpool::when_callback_returns(Box::new(move || {
        if let Ok(s) = HANDLES.get::<SemaphoreObject>(sem) {
            let _ = s.release(crel as i32);
        }
    }));
}

#[dllexport]
pub fn ReleaseMutexWhenCallbackReturns(pci: u64, mutex: Handle) {
    threadpool::when_callback_returns(Box::new(move || {
        if let Ok(m) = HANDLES.get::<MutexObject>(mutex) {
            let _ = m.release();
        }
    }));
}

#[dllexport]
pub fn LeaveCriticalSectionWhenCallbackReturns(pci: u64, pcs: GuestPtr<[u8; 40]>) {
    threadpool::when_callback_returns(Box::new(move || {
        super::synchapi::LeaveCriticalSection(pcs);
    }));
}

#[dllexport]
pub fn FreeLibraryWhenCallbackReturns(pci: u64, module: Handle) {
    threadpool::when_callback_returns(Box::new(move || {
        let _ = super::libloaderapi::FreeLibrary(module);
    }));
}
