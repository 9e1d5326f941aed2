//! The process's default thread pool: guest worker threads that run queued callbacks. Workers
//! start on demand (one per waiting job while all are busy, up to a limit) and end after
//! idling a while, as Windows' pool threads do.

use super::thread;
use crate::abi::Win32Error;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

struct Pool {
    queue: VecDeque<Job>,
    idle: usize,
    workers: usize,
}

static POOL: Mutex<Pool> = Mutex::new(Pool {
    queue: VecDeque::new(),
    idle: 0,
    workers: 0,
});
static JOB_READY: Condvar = Condvar::new();

/// Windows' default pool allows 500 threads.
const MAX_WORKERS: usize = 500;
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// Queues `job` to run on a pool thread.
pub fn submit(job: Job) -> Result<(), Win32Error> {
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    pool.queue.push_back(job);
    if pool.idle > 0 {
        JOB_READY.notify_one();
        return Ok(());
    }
    if pool.workers >= MAX_WORKERS {
        return Ok(());
    }
    pool.workers += 1;
    drop(pool);
    let started = thread::spawn(
        worker_main as *const () as u64,
        0,
        thread::stack_size(0, false),
        false,
    );
    if let Err(e) = started {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        pool.workers -= 1;
        if pool.workers == 0 {
            pool.queue.clear();
            return Err(e);
        }
    }
    Ok(())
}

/// A pool thread's start routine (it runs as a guest thread, so callbacks find their TEB).
extern "win64" fn worker_main(_: u64) -> u32 {
    loop {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        while pool.queue.is_empty() {
            pool.idle += 1;
            let (next, timeout) = JOB_READY
                .wait_timeout(pool, IDLE_TIMEOUT)
                .unwrap_or_else(|e| e.into_inner());
            pool = next;
            pool.idle -= 1;
            if timeout.timed_out() && pool.queue.is_empty() {
                pool.workers -= 1;
                return 0;
            }
        }
        let job = pool.queue.pop_front().expect("the queue is not empty");
        drop(pool);
        job();
    }
}

/// What a callback asked to happen when it returns (SetEventWhenCallbackReturns ...).
pub type Action = Box<dyn FnOnce()>;

thread_local! {
    static ON_RETURN: RefCell<Vec<Action>> = const { RefCell::new(Vec::new()) };
}

/// Records `action` to run when the current callback returns.
pub fn when_callback_returns(action: Action) {
    ON_RETURN.with(|a| a.borrow_mut().push(action));
}

/// Runs what the callback that just returned asked for; jobs call it before they count the
/// callback as finished.
pub fn callback_returned() {
    let actions = ON_RETURN.with(|a| std::mem::take(&mut *a.borrow_mut()));
    for action in actions {
        action();
    }
}
