//! Waiting for kernel objects (DESIGN §5): events, mutexes, semaphores, threads, and later files,
//! pipes and processes all wait the same way.
//!
//! As in the NT kernel, one dispatcher lock guards every waitable object's state. A thread that
//! must wait queues a wait block on each object and parks; whoever changes an object's state
//! (SetEvent, ReleaseMutex, a thread ending ...) walks that object's queue under the lock and
//! completes the waits that are now satisfied, taking what they take (an auto-reset event's
//! signal, a semaphore count, a mutex) on the waiter's behalf before unparking it. So a wait-all
//! takes its objects atomically, an auto-reset event releases exactly one waiter, PulseEvent
//! works, and nobody polls.
//!
//! Objects of other families join by implementing `Waitable` (and `Object::waitable`) and
//! calling `notify` after their state changes.

use crate::abi::handles::Object;
use crate::abi::{Win32Error, host};
use crate::nt::thread::{self, ThreadObject};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

static DISPATCHER: Mutex<()> = Mutex::new(());

/// Proof that the dispatcher lock is held: waitable state is read and changed only with one.
pub struct Locked(#[allow(dead_code)] MutexGuard<'static, ()>);

pub fn lock() -> Locked {
    Locked(DISPATCHER.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Parks one thread until another unparks it (a binary semaphore on a futex word).
#[derive(Default)]
pub struct Parker {
    /// 1: unparked and not yet consumed.
    woken: AtomicI32,
}

impl Parker {
    fn word(&self) -> u64 {
        &self.woken as *const AtomicI32 as u64
    }

    pub fn unpark(&self) {
        if self.woken.swap(1, Ordering::Release) == 0 {
            host::futex_wake(self.word(), 1);
        }
    }

    /// Sleeps until unparked or `deadline` passes; consumes the wakeup. Returns whether it was
    /// unparked.
    pub fn park(&self, deadline: Option<Instant>) -> bool {
        loop {
            if self.woken.swap(0, Ordering::Acquire) == 1 {
                return true;
            }
            let timeout = match deadline {
                None => None,
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return false;
                    }
                    Some(d - now)
                }
            };
            host::futex_wait_for(self.word(), 0, timeout);
        }
    }
}

/// How a satisfied wait ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitResult {
    /// The object at this index was signaled (for wait-all: all were, index 0).
    Object(usize),
    /// The mutex at this index was abandoned by a thread that ended while owning it.
    Abandoned(usize),
    Timeout,
    /// An APC ran during an alertable wait (WAIT_IO_COMPLETION).
    Alerted,
}

impl WaitResult {
    /// The WAIT_* value the Win32 wait functions return.
    pub fn code(self) -> u32 {
        use windows_sys::Win32::Foundation::{WAIT_ABANDONED_0, WAIT_IO_COMPLETION, WAIT_TIMEOUT};
        match self {
            WaitResult::Object(i) => i as u32,
            WaitResult::Abandoned(i) => WAIT_ABANDONED_0 + i as u32,
            WaitResult::Timeout => WAIT_TIMEOUT,
            WaitResult::Alerted => WAIT_IO_COMPLETION,
        }
    }
}

/// One thread's wait for a set of objects.
pub struct WaitBlock {
    objects: Vec<Arc<dyn Object>>,
    all: bool,
    thread: Arc<ThreadObject>,
    result: Mutex<Option<WaitResult>>,
}

/// The waits queued on one object, oldest first.
#[derive(Default)]
pub struct WaitQueue(Mutex<Vec<Arc<WaitBlock>>>);

impl WaitQueue {
    fn blocks(&self) -> MutexGuard<'_, Vec<Arc<WaitBlock>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A kernel object threads can wait for. Every method runs under the dispatcher lock.
pub trait Waitable: Send + Sync {
    fn queue(&self) -> &WaitQueue;
    /// Whether a wait by `waiter` would be satisfied now.
    fn is_signaled(&self, locked: &Locked, waiter: &ThreadObject) -> bool;
    /// Takes what a satisfied wait by `waiter` takes; `true` when that was an abandoned mutex.
    /// `this` is the object itself, as held by the wait.
    fn acquire(&self, locked: &Locked, this: &Arc<dyn Object>, waiter: &Arc<ThreadObject>) -> bool;
}

fn waitable(object: &Arc<dyn Object>) -> &dyn Waitable {
    object
        .waitable()
        .expect("only waitable objects reach a wait")
}

/// Completes a wait for `objects` by `waiter` if it can be satisfied now.
fn try_satisfy(
    locked: &Locked,
    objects: &[Arc<dyn Object>],
    all: bool,
    waiter: &Arc<ThreadObject>,
) -> Option<WaitResult> {
    if all {
        if !objects
            .iter()
            .all(|o| waitable(o).is_signaled(locked, waiter))
        {
            return None;
        }
        let mut abandoned = None;
        for (i, o) in objects.iter().enumerate() {
            if waitable(o).acquire(locked, o, waiter) && abandoned.is_none() {
                abandoned = Some(i);
            }
        }
        return Some(abandoned.map_or(WaitResult::Object(0), WaitResult::Abandoned));
    }
    let (i, o) = objects
        .iter()
        .enumerate()
        .find(|(_, o)| waitable(o).is_signaled(locked, waiter))?;
    Some(if waitable(o).acquire(locked, o, waiter) {
        WaitResult::Abandoned(i)
    } else {
        WaitResult::Object(i)
    })
}

fn dequeue(block: &Arc<WaitBlock>) {
    for o in &block.objects {
        waitable(o)
            .queue()
            .blocks()
            .retain(|b| !Arc::ptr_eq(b, block));
    }
}

/// Completes the queued waits that `object`'s new state satisfies, oldest first.
pub fn wake_waiters(locked: &Locked, object: &dyn Waitable) {
    let blocks: Vec<Arc<WaitBlock>> = {
        let queued = object.queue().blocks();
        if queued.is_empty() {
            return;
        }
        queued.clone()
    };
    for block in blocks {
        if block
            .result
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            continue;
        }
        // TerminateThread ended the wait: it takes nothing any more.
        if block.thread.is_terminated() {
            dequeue(&block);
            continue;
        }
        if let Some(r) = try_satisfy(locked, &block.objects, block.all, &block.thread) {
            *block.result.lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            dequeue(&block);
            block.thread.parker.unpark();
        }
    }
}

/// For objects whose state changes outside this module (files, processes): completes the waits
/// their new state satisfies.
pub fn notify(object: &dyn Waitable) {
    let locked = lock();
    wake_waiters(&locked, object);
}

/// A timeout in milliseconds as the wait functions take it (INFINITE = no limit).
pub fn deadline(ms: u32) -> Option<Instant> {
    (ms != u32::MAX).then(|| Instant::now() + Duration::from_millis(ms as u64))
}

/// Waits for any or all of `objects` (all waitable), until `deadline`; an alertable wait also
/// ends when an APC is queued to the thread, after running it. Nothing is allocated unless the
/// thread has to sleep.
pub fn wait(
    objects: &[Arc<dyn Object>],
    all: bool,
    deadline: Option<Instant>,
    alertable: bool,
) -> WaitResult {
    let me = thread::current();
    let locked = lock();
    // Signaled objects win over pending APCs, as in the NT kernel.
    if !objects.is_empty()
        && let Some(r) = try_satisfy(&locked, objects, all, &me)
    {
        return r;
    }
    if alertable && me.has_apcs() {
        drop(locked);
        me.run_apcs();
        return WaitResult::Alerted;
    }
    if deadline.is_some_and(|d| d <= Instant::now()) {
        return WaitResult::Timeout;
    }
    let block = Arc::new(WaitBlock {
        objects: objects.to_vec(),
        all,
        thread: me.clone(),
        result: Mutex::new(None),
    });
    for o in &block.objects {
        waitable(o).queue().blocks().push(block.clone());
    }
    me.set_alertable(alertable);
    drop(locked);
    loop {
        me.parker.park(deadline);
        // Whoever completed the wait has already dequeued it: no need for the dispatcher lock
        // (which the waker may still hold).
        if let Some(r) = *block.result.lock().unwrap_or_else(|e| e.into_inner()) {
            me.set_alertable(false);
            return r;
        }
        let locked = lock();
        if let Some(r) = *block.result.lock().unwrap_or_else(|e| e.into_inner()) {
            me.set_alertable(false);
            return r;
        }
        let alerted = alertable && me.has_apcs();
        if alerted || deadline.is_some_and(|d| d <= Instant::now()) {
            dequeue(&block);
            me.set_alertable(false);
            drop(locked);
            if alerted {
                me.run_apcs();
                return WaitResult::Alerted;
            }
            return WaitResult::Timeout;
        }
    }
}

/// An event: manual-reset (stays signaled until reset) or auto-reset (one wait consumes it).
pub struct EventObject {
    manual: bool,
    signaled: AtomicBool,
    queue: WaitQueue,
}

impl EventObject {
    pub fn new(manual: bool, signaled: bool) -> Self {
        EventObject {
            manual,
            signaled: AtomicBool::new(signaled),
            queue: WaitQueue::default(),
        }
    }

    pub fn set(&self) {
        let locked = lock();
        self.signaled.store(true, Ordering::Relaxed);
        wake_waiters(&locked, self);
    }

    pub fn reset(&self) {
        let _locked = lock();
        self.signaled.store(false, Ordering::Relaxed);
    }

    /// Releases the threads waiting now (one for an auto-reset event), then resets.
    pub fn pulse(&self) {
        let locked = lock();
        self.signaled.store(true, Ordering::Relaxed);
        wake_waiters(&locked, self);
        self.signaled.store(false, Ordering::Relaxed);
    }
}

impl Object for EventObject {
    fn type_name(&self) -> &'static str {
        "Event"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for EventObject {
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

/// A mutex ("mutant"): owned by one thread at a time, recursively.
pub struct MutexObject {
    /// The owner's thread id; 0 when free.
    owner: AtomicU32,
    count: AtomicU32,
    abandoned: AtomicBool,
    queue: WaitQueue,
}

impl MutexObject {
    /// A free mutex; `CreateMutex` with an initial owner then waits for it.
    pub fn new() -> Self {
        MutexObject {
            owner: AtomicU32::new(0),
            count: AtomicU32::new(0),
            abandoned: AtomicBool::new(false),
            queue: WaitQueue::default(),
        }
    }

    /// Gives up one level of ownership; `ERROR_NOT_OWNER` unless the caller owns it.
    pub fn release(&self) -> Result<(), Win32Error> {
        let locked = lock();
        let me = thread::current_id();
        if self.owner.load(Ordering::Relaxed) != me || self.count.load(Ordering::Relaxed) == 0 {
            return Err(Win32Error::NOT_OWNER);
        }
        if self.count.fetch_sub(1, Ordering::Relaxed) == 1 {
            self.owner.store(0, Ordering::Relaxed);
            wake_waiters(&locked, self);
        }
        Ok(())
    }

    /// The owner `tid` ended without releasing: the next wait gets WAIT_ABANDONED.
    pub fn abandon(&self, locked: &Locked, tid: u32) {
        if self.owner.load(Ordering::Relaxed) == tid && self.count.load(Ordering::Relaxed) > 0 {
            self.owner.store(0, Ordering::Relaxed);
            self.count.store(0, Ordering::Relaxed);
            self.abandoned.store(true, Ordering::Relaxed);
            wake_waiters(locked, self);
        }
    }
}

impl Default for MutexObject {
    fn default() -> Self {
        Self::new()
    }
}

impl Object for MutexObject {
    fn type_name(&self) -> &'static str {
        "Mutant"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for MutexObject {
    fn queue(&self) -> &WaitQueue {
        &self.queue
    }
    fn is_signaled(&self, _: &Locked, waiter: &ThreadObject) -> bool {
        let owner = self.owner.load(Ordering::Relaxed);
        owner == 0 || owner == waiter.id()
    }
    fn acquire(&self, _: &Locked, this: &Arc<dyn Object>, waiter: &Arc<ThreadObject>) -> bool {
        if self.count.fetch_add(1, Ordering::Relaxed) == 0 {
            self.owner.store(waiter.id(), Ordering::Relaxed);
            waiter.owns_mutex(this);
        }
        self.abandoned.swap(false, Ordering::Relaxed)
    }
}

/// A semaphore: a count between 0 and a maximum; each wait takes one.
pub struct SemaphoreObject {
    count: AtomicI32,
    maximum: i32,
    queue: WaitQueue,
}

impl SemaphoreObject {
    pub fn new(initial: i32, maximum: i32) -> Self {
        SemaphoreObject {
            count: AtomicI32::new(initial),
            maximum,
            queue: WaitQueue::default(),
        }
    }

    /// Adds `n`; returns the previous count. ERROR_TOO_MANY_POSTS past the maximum.
    pub fn release(&self, n: i32) -> Result<i32, Win32Error> {
        let locked = lock();
        let previous = self.count.load(Ordering::Relaxed);
        if n <= 0 {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        if n > self.maximum - previous {
            return Err(Win32Error(
                windows_sys::Win32::Foundation::ERROR_TOO_MANY_POSTS,
            ));
        }
        self.count.store(previous + n, Ordering::Relaxed);
        wake_waiters(&locked, self);
        Ok(previous)
    }
}

impl Object for SemaphoreObject {
    fn type_name(&self) -> &'static str {
        "Semaphore"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for SemaphoreObject {
    fn queue(&self) -> &WaitQueue {
        &self.queue
    }
    fn is_signaled(&self, _: &Locked, _: &ThreadObject) -> bool {
        self.count.load(Ordering::Relaxed) > 0
    }
    fn acquire(&self, _: &Locked, _: &Arc<dyn Object>, _: &Arc<ThreadObject>) -> bool {
        self.count.fetch_sub(1, Ordering::Relaxed);
        false
    }
}

/// Named objects of the process (its session namespace), by exact name: object names are
/// case-sensitive on Windows.
static NAMES: Mutex<Option<Namespace>> = Mutex::new(None);
type Namespace = HashMap<Vec<u16>, Weak<dyn Object>>;

/// "Local\name" is "name" in the session namespace, where a console program's objects live.
fn canonical(name: &[u16]) -> &[u16] {
    let local: Vec<u16> = "Local\\".encode_utf16().collect();
    name.strip_prefix(local.as_slice()).unwrap_or(name)
}

/// Creates a named object, or opens the one that exists under `name`. Returns the object and
/// whether it existed. An object of another type under that name: ERROR_INVALID_HANDLE.
pub fn create_named<T: Object>(
    name: &[u16],
    make: impl FnOnce() -> T,
) -> Result<(Arc<dyn Object>, bool), Win32Error> {
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    let names = names.get_or_insert_with(HashMap::new);
    let key = canonical(name).to_vec();
    if let Some(existing) = names.get(&key).and_then(Weak::upgrade) {
        let any: Arc<dyn std::any::Any + Send + Sync> = existing.clone();
        return if any.is::<T>() {
            Ok((existing, true))
        } else {
            Err(Win32Error::INVALID_HANDLE)
        };
    }
    let object: Arc<dyn Object> = Arc::new(make());
    names.retain(|_, w| w.strong_count() > 0);
    names.insert(key, Arc::downgrade(&object));
    Ok((object, false))
}

/// The named object `name` of type `T`: ERROR_FILE_NOT_FOUND when there is none,
/// ERROR_INVALID_HANDLE when it has another type.
pub fn open_named<T: Object>(name: &[u16]) -> Result<Arc<dyn Object>, Win32Error> {
    let names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    let existing = names
        .as_ref()
        .and_then(|n| n.get(canonical(name)))
        .and_then(Weak::upgrade)
        .ok_or(Win32Error::FILE_NOT_FOUND)?;
    let any: Arc<dyn std::any::Any + Send + Sync> = existing.clone();
    if any.is::<T>() {
        Ok(existing)
    } else {
        Err(Win32Error::INVALID_HANDLE)
    }
}

/// Threads parked on guest addresses (WaitOnAddress), in buckets by address.
struct AddressWaiter {
    addr: u64,
    thread: Arc<ThreadObject>,
    woken: AtomicBool,
}

const BUCKETS: usize = 64;
static ADDRESS_WAITERS: [Mutex<Vec<Arc<AddressWaiter>>>; BUCKETS] =
    [const { Mutex::new(Vec::new()) }; BUCKETS];

fn bucket(addr: u64) -> MutexGuard<'static, Vec<Arc<AddressWaiter>>> {
    let i = ((addr >> 3) ^ (addr >> 11)) as usize % BUCKETS;
    ADDRESS_WAITERS[i].lock().unwrap_or_else(|e| e.into_inner())
}

/// Parks until `wake_address(addr)` or `deadline`, provided `unchanged()` (checked under the
/// bucket lock, so a wake after the guest's store is never missed). Returns `false` on timeout.
pub fn wait_on_address(
    addr: u64,
    unchanged: impl FnOnce() -> bool,
    deadline: Option<Instant>,
) -> bool {
    let me = thread::current();
    let waiter = Arc::new(AddressWaiter {
        addr,
        thread: me.clone(),
        woken: AtomicBool::new(false),
    });
    {
        let mut waiters = bucket(addr);
        if !unchanged() {
            return true;
        }
        waiters.push(waiter.clone());
    }
    loop {
        me.parker.park(deadline);
        if waiter.woken.load(Ordering::Acquire) {
            return true;
        }
        if deadline.is_some_and(|d| d <= Instant::now()) {
            let mut waiters = bucket(addr);
            if waiter.woken.load(Ordering::Acquire) {
                return true;
            }
            waiters.retain(|w| !Arc::ptr_eq(w, &waiter));
            return false;
        }
    }
}

/// Wakes one (`all == false`) or every thread parked on `addr`.
pub fn wake_address(addr: u64, all: bool) {
    let mut waiters = bucket(addr);
    while let Some(i) = waiters.iter().position(|w| w.addr == addr) {
        let w = waiters.remove(i);
        w.woken.store(true, Ordering::Release);
        w.thread.parker.unpark();
        if !all {
            break;
        }
    }
}
