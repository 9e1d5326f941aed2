//! Waitable timers: kernel objects that become signaled at a due time, optionally again every
//! period, and may queue a completion APC to the thread that set them. One host thread sleeps
//! until the earliest due time of all timers.

use super::sync::{self, Locked, WaitQueue, Waitable};
use super::thread::{self, ThreadObject};
use crate::abi::handles::Object;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, Once, Weak};
use std::time::{Duration, Instant};

/// What the last SetWaitableTimer asked for; `generation` tells a stale schedule entry apart.
#[derive(Default)]
struct Setting {
    generation: u64,
    period: Option<Duration>,
    /// The completion routine, its argument and the thread that gets the APC.
    apc: Option<(u64, u64, Arc<ThreadObject>)>,
}

pub struct TimerObject {
    /// A notification (manual-reset) timer stays signaled; a synchronization timer releases
    /// one wait.
    manual: bool,
    signaled: AtomicBool,
    queue: WaitQueue,
    setting: Mutex<Setting>,
}

impl TimerObject {
    pub fn new(manual: bool) -> Self {
        TimerObject {
            manual,
            signaled: AtomicBool::new(false),
            queue: WaitQueue::default(),
            setting: Mutex::new(Setting::default()),
        }
    }

    /// SetWaitableTimer: unsignaled now, signaled after `delay` and then every `period`.
    pub fn set(
        self: &Arc<Self>,
        delay: Duration,
        period: Option<Duration>,
        apc: Option<(u64, u64)>,
    ) {
        let generation = {
            let mut setting = self.setting.lock().unwrap_or_else(|e| e.into_inner());
            setting.generation += 1;
            setting.period = period;
            setting.apc = apc.map(|(routine, arg)| (routine, arg, thread::current()));
            setting.generation
        };
        {
            let _locked = sync::lock();
            self.signaled.store(false, Ordering::Relaxed);
        }
        schedule(Instant::now() + delay, Arc::downgrade(self), generation);
    }

    /// CancelWaitableTimer: no further expirations; the signaled state stays as it is.
    pub fn cancel(&self) {
        let mut setting = self.setting.lock().unwrap_or_else(|e| e.into_inner());
        setting.generation += 1;
        setting.apc = None;
    }

    fn fire(self: &Arc<Self>, due: Instant, generation: u64) {
        let setting = self.setting.lock().unwrap_or_else(|e| e.into_inner());
        if setting.generation != generation {
            return;
        }
        {
            let locked = sync::lock();
            self.signaled.store(true, Ordering::Relaxed);
            sync::wake_waiters(&locked, self.as_ref());
        }
        if let Some((routine, arg, thread)) = &setting.apc {
            let now = crate::kernel32::sysinfoapi::filetime_now();
            thread.queue_apc(*routine, [*arg, now & 0xFFFF_FFFF, now >> 32]);
        }
        if let Some(period) = setting.period {
            schedule(due + period, Arc::downgrade(self), generation);
        }
    }
}

impl Object for TimerObject {
    fn type_name(&self) -> &'static str {
        "Timer"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for TimerObject {
    fn queue(&self) -> &WaitQueue {
        &self.queue
    }
    fn is_signaled(&self, _: &Locked, _: &ThreadObject) -> bool {
        self.signaled.load(Ordering::Relaxed)
    }
    fn acquire(&self, _: &Locked, _: &Arc<dyn Object>, _: &Arc<ThreadObject>) -> bool {
        if !self.manual {
            self.signaled.store(false, Ordering::Relaxed);
        }
        false
    }
}

struct Entry {
    due: Instant,
    timer: Weak<TimerObject>,
    generation: u64,
}

static SCHEDULE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
static SCHEDULE_CHANGED: Condvar = Condvar::new();
static SERVICE: Once = Once::new();

fn schedule(due: Instant, timer: Weak<TimerObject>, generation: u64) {
    SERVICE.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("timers".into())
            .stack_size(128 * 1024)
            .spawn(service);
    });
    let mut entries = SCHEDULE.lock().unwrap_or_else(|e| e.into_inner());
    entries.push(Entry {
        due,
        timer,
        generation,
    });
    SCHEDULE_CHANGED.notify_one();
}

/// The timer thread: fires each entry when it is due, earliest first.
fn service() {
    let mut entries = SCHEDULE.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let now = Instant::now();
        let next = entries
            .iter()
            .enumerate()
            .min_by_key(|(_, e)| e.due)
            .map(|(i, e)| (i, e.due));
        match next {
            None => {
                entries = SCHEDULE_CHANGED
                    .wait(entries)
                    .unwrap_or_else(|e| e.into_inner())
            }
            Some((_, due)) if due > now => {
                entries = SCHEDULE_CHANGED
                    .wait_timeout(entries, due - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
            Some((i, _)) => {
                let entry = entries.swap_remove(i);
                drop(entries);
                if let Some(timer) = entry.timer.upgrade() {
                    timer.fire(entry.due, entry.generation);
                }
                entries = SCHEDULE.lock().unwrap_or_else(|e| e.into_inner());
            }
        }
    }
}
