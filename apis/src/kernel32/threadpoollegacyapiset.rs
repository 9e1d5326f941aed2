//! threadpoollegacyapiset.h: the older thread pool interface — work items, waits registered
//! on objects and timer-queue timers — on the default pool.

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, call};
use crate::dllexport;
use crate::nt::sync::{self, EventObject, WaitResult};
use crate::nt::threadpool;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Runs `Function(Context)` on a pool thread. The WT_* flags only tune scheduling.
#[dllexport]
pub fn QueueUserWorkItem(Function: u64, Context: u64, Flags: u32) -> Win32Result<()> {
    if Function == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    threadpool::submit(Box::new(move || {
        call::call(Function, &[Context]);
        threadpool::callback_returned();
    }))
}

/// A registered wait or timer-queue timer: a pool job that loops until cancelled.
struct Registration {
    cancel: Arc<EventObject>,
    finished: Mutex<bool>,
    done: Condvar,
}

impl Object for Registration {
    fn type_name(&self) -> &'static str {
        "WaitRegistration"
    }
}

impl Registration {
    fn new() -> Arc<Self> {
        Arc::new(Registration {
            cancel: Arc::new(EventObject::new(true, false)),
            finished: Mutex::new(false),
            done: Condvar::new(),
        })
    }

    fn finish(&self) {
        *self.finished.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.done.notify_all();
    }

    /// Stops it; `completion` is INVALID_HANDLE_VALUE to wait for a running callback, an
    /// event to set once it has finished, or NULL.
    fn cancel(self: Arc<Self>, completion: Handle) {
        self.cancel.set();
        if completion == Handle::INVALID {
            let mut finished = self.finished.lock().unwrap_or_else(|e| e.into_inner());
            while !*finished {
                finished = self.done.wait(finished).unwrap_or_else(|e| e.into_inner());
            }
        } else if let Ok(event) = HANDLES.get::<EventObject>(completion) {
            // Set from a pool thread once the registration's job has ended.
            let _ = threadpool::submit(Box::new(move || {
                let mut finished = self.finished.lock().unwrap_or_else(|e| e.into_inner());
                while !*finished {
                    finished = self.done.wait(finished).unwrap_or_else(|e| e.into_inner());
                }
                event.set();
            }));
        }
    }
}

const WT_EXECUTEONLYONCE: u32 = 0x8;

/// Calls `Callback(Context, TimerOrWaitFired)` each time the object is signaled (FALSE) or the
/// timeout passes (TRUE), until UnregisterWait; once with WT_EXECUTEONLYONCE.
#[dllexport]
pub fn RegisterWaitForSingleObject(
    phNewWaitObject: GuestPtr<Handle>,
    hObject: Handle,
    Callback: u64,
    Context: u64,
    dwMilliseconds: u32,
    dwFlags: u32,
) -> Win32Result<()> {
    if Callback == 0 || phNewWaitObject.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let object = HANDLES.get_any(hObject)?;
    if object.waitable().is_none() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    let registration = Registration::new();
    let job = registration.clone();
    let cancel: Arc<dyn Object> = registration.cancel.clone();
    threadpool::submit(Box::new(move || {
        let objects = [object, cancel];
        loop {
            let r = sync::wait(&objects, false, sync::deadline(dwMilliseconds), false);
            let timed_out = match r {
                WaitResult::Object(0) | WaitResult::Abandoned(0) => false,
                WaitResult::Timeout => true,
                _ => break,
            };
            call::call(Callback, &[Context, timed_out as u64]);
            threadpool::callback_returned();
            if dwFlags & WT_EXECUTEONLYONCE != 0 {
                break;
            }
        }
        job.finish();
    }))?;
    phNewWaitObject.write(HANDLES.insert(registration, false));
    Ok(())
}

fn take_registration(handle: Handle) -> Win32Result<Arc<Registration>> {
    let registration = HANDLES.get::<Registration>(handle)?;
    HANDLES.remove(handle)?;
    Ok(registration)
}

#[dllexport]
pub fn UnregisterWaitEx(WaitHandle: Handle, CompletionEvent: Handle) -> Win32Result<()> {
    take_registration(WaitHandle)?.cancel(CompletionEvent);
    Ok(())
}

#[dllexport]
pub fn UnregisterWait(WaitHandle: Handle) -> Win32Result<()> {
    UnregisterWaitEx(WaitHandle, Handle::NULL)
}

/// A timer queue: its timers run on the default pool; the queue only groups them.
struct TimerQueueObject;

impl Object for TimerQueueObject {
    fn type_name(&self) -> &'static str {
        "TimerQueue"
    }
}

#[dllexport]
pub fn CreateTimerQueue() -> Win32Result<Handle> {
    Ok(HANDLES.insert(Arc::new(TimerQueueObject), false))
}

/// Timers still set keep running until deleted (DeleteTimerQueueTimer); the queue goes.
#[dllexport]
pub fn DeleteTimerQueueEx(TimerQueue: Handle, CompletionEvent: Handle) -> Win32Result<()> {
    HANDLES.get::<TimerQueueObject>(TimerQueue)?;
    HANDLES.remove(TimerQueue)?;
    if let Ok(event) = HANDLES.get::<EventObject>(CompletionEvent) {
        event.set();
    }
    Ok(())
}

/// Calls `Callback(Parameter, TRUE)` after `DueTime` ms and then every `Period` ms (once when
/// 0), until DeleteTimerQueueTimer.
#[dllexport]
pub fn CreateTimerQueueTimer(
    phNewTimer: GuestPtr<Handle>,
    TimerQueue: Handle,
    Callback: u64,
    Parameter: u64,
    DueTime: u32,
    Period: u32,
    Flags: u32,
) -> Win32Result<()> {
    if Callback == 0 || phNewTimer.is_null() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if TimerQueue != Handle::NULL {
        HANDLES.get::<TimerQueueObject>(TimerQueue)?;
    }
    let registration = Registration::new();
    let job = registration.clone();
    let cancel: Arc<dyn Object> = registration.cancel.clone();
    threadpool::submit(Box::new(move || {
        let mut due = Instant::now() + Duration::from_millis(DueTime as u64);
        loop {
            if sync::wait(std::slice::from_ref(&cancel), false, Some(due), false)
                != WaitResult::Timeout
            {
                break;
            }
            call::call(Callback, &[Parameter, 1]);
            threadpool::callback_returned();
            if Period == 0 || Flags & WT_EXECUTEONLYONCE != 0 {
                break;
            }
            due += Duration::from_millis(Period as u64);
        }
        job.finish();
    }))?;
    phNewTimer.write(HANDLES.insert(registration, false));
    Ok(())
}

#[dllexport]
pub fn DeleteTimerQueueTimer(
    TimerQueue: Handle,
    Timer: Handle,
    CompletionEvent: Handle,
) -> Win32Result<()> {
    take_registration(Timer)?.cancel(CompletionEvent);
    Ok(())
}
