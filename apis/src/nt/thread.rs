//! Guest threads: each is a host thread with its own TEB behind GS, a stack sized as Windows
//! sizes it, its static-TLS blocks and DLL thread notifications (through the loader), and a
//! thread object that handles refer to and that becomes signaled when the thread ends.

use super::sync::{self, Locked, Parker, WaitQueue, Waitable};
use super::{fls, modules, process, teb};
use crate::abi::handles::Object;
use crate::abi::{Win32Error, call, cpu, host, mem};
use std::cell::OnceCell;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};

/// Guest threads alive (the main thread included): the process ends when the last one does.
/// Some thread's priority or affinity was set: host threads no longer all run with the
/// process's nice value and CPU set.
static HOST_TUNED: AtomicBool = AtomicBool::new(false);

/// The nice value the process started with (Windows' normal priority).
fn process_nice() -> i32 {
    static NICE: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *NICE.get_or_init(|| host::thread_nice(0))
}

/// SetProcessAffinityMask gives every thread the process's mask.
pub fn reset_affinities() {
    let threads = THREADS.lock().unwrap_or_else(|e| e.into_inner());
    for t in threads
        .iter()
        .flat_map(|t| t.values())
        .filter_map(Weak::upgrade)
    {
        t.affinity.store(0, Ordering::SeqCst);
    }
}

static LIVE: AtomicU32 = AtomicU32::new(1);

/// Every guest thread by id, for OpenThread and for visiting all threads' FLS data.
static THREADS: Mutex<Option<HashMap<u32, Weak<ThreadObject>>>> = Mutex::new(None);

thread_local! {
    static CURRENT: OnceCell<Arc<ThreadObject>> = const { OnceCell::new() };
}

/// Before the guest start routine runs: CREATE_SUSPENDED's count, and whether the thread has
/// gone past it (from then on, suspension stops it with a signal).
struct Start {
    suspend_count: u32,
    started: bool,
}

/// The signal that stops a running thread for SuspendThread; the loader's handler for it calls
/// `on_suspend_signal`.
pub const SUSPEND_SIGNAL: i32 = libc::SIGUSR2;

/// States of a thread's suspension word (a futex the stopped thread sleeps on).
const RUNNING: i32 = 0;
/// A suspender has signalled the thread and waits for it to stop.
const REQUESTED: i32 = 1;
/// The thread sits in its signal handler; its registers are in `frozen`.
const PARKED: i32 = 2;
/// The signal found the thread in winrun's own code; the suspender tries again.
const BUSY: i32 = 3;
/// ResumeThread released the thread.
const RESUMED: i32 = 4;

/// How long a suspender waits for a thread busy in winrun's code to reach guest code before
/// stopping it where it is.
const BUSY_PATIENCE: std::time::Duration = std::time::Duration::from_millis(5);

pub struct ThreadObject {
    /// The Windows thread id: assigned by CreateThread (so it returns at once); the main
    /// thread's is its Linux tid.
    id: AtomicU32,
    /// The Linux tid (for the CPU times in /proc).
    host_tid: AtomicU32,
    teb: AtomicU64,
    exited: AtomicBool,
    exit_code: AtomicU32,
    queue: WaitQueue,
    /// Where this thread sleeps in waits; whoever completes its wait unparks it.
    pub parker: Parker,
    apcs: Mutex<VecDeque<(u64, [u64; 3])>>,
    alertable: AtomicBool,
    start: Mutex<Start>,
    start_changed: Condvar,
    priority: AtomicI32,
    /// THREAD_MODE_BACKGROUND_BEGIN is in force.
    background: AtomicBool,
    /// SetThreadAffinityMask's mask; 0: the process's.
    affinity: AtomicU64,
    /// SetThreadIdealProcessor's processor.
    ideal_processor: AtomicU32,
    boost_disabled: AtomicBool,
    description: Mutex<Vec<u16>>,
    owned_mutexes: Mutex<Vec<Weak<dyn Object>>>,
    /// FILETIMEs of the thread's start and end (0 while it runs).
    created: AtomicU64,
    ended: AtomicU64,
    /// CPU time (user, kernel; 100 ns units) the thread had used when it ended.
    cpu_at_exit: Mutex<Option<(u64, u64)>>,
    /// SuspendThread's count once the thread runs; suspenders serialize on it.
    suspension: Mutex<u32>,
    /// RUNNING, REQUESTED, PARKED, BUSY or RESUMED.
    suspend_word: AtomicI32,
    /// Stop the thread even in winrun's own code (it did not reach guest code in time).
    force_park: AtomicBool,
    /// A CONTEXT-sized buffer holding the registers of the stopped thread (0 until first use).
    frozen: AtomicU64,
    /// SetThreadContext changed `frozen`: the thread resumes with those registers.
    frozen_changed: AtomicBool,
    /// TerminateThread ended the thread: it ends without FLS callbacks or DLL notifications.
    terminated: AtomicBool,
    terminate_code: AtomicU32,
    /// The thread has left its start routine and runs `finish`.
    ending: AtomicBool,
}

/// The CPU time (user, kernel; 100 ns units) host thread `tid` of this process has used.
fn thread_cpu_times(tid: u32) -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let hz = host::sysconf(libc::_SC_CLK_TCK).max(1);
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // utime and stime are the 14th and 15th fields; `fields` starts at the 3rd.
    Some((ticks(11)? * 10_000_000 / hz, ticks(12)? * 10_000_000 / hz))
}

impl ThreadObject {
    fn new(suspend_count: u32) -> Self {
        ThreadObject {
            id: AtomicU32::new(0),
            host_tid: AtomicU32::new(0),
            teb: AtomicU64::new(0),
            exited: AtomicBool::new(false),
            exit_code: AtomicU32::new(windows_sys::Win32::Foundation::STILL_ACTIVE as u32),
            queue: WaitQueue::default(),
            parker: Parker::default(),
            apcs: Mutex::new(VecDeque::new()),
            alertable: AtomicBool::new(false),
            start: Mutex::new(Start {
                suspend_count,
                started: false,
            }),
            start_changed: Condvar::new(),
            priority: AtomicI32::new(0),
            background: AtomicBool::new(false),
            affinity: AtomicU64::new(0),
            ideal_processor: AtomicU32::new(0),
            boost_disabled: AtomicBool::new(false),
            description: Mutex::new(Vec::new()),
            owned_mutexes: Mutex::new(Vec::new()),
            created: AtomicU64::new(crate::kernel32::sysinfoapi::filetime_now()),
            ended: AtomicU64::new(0),
            cpu_at_exit: Mutex::new(None),
            suspension: Mutex::new(0),
            suspend_word: AtomicI32::new(RUNNING),
            force_park: AtomicBool::new(false),
            frozen: AtomicU64::new(0),
            frozen_changed: AtomicBool::new(false),
            terminated: AtomicBool::new(false),
            terminate_code: AtomicU32::new(0),
            ending: AtomicBool::new(false),
        }
    }

    /// GetThreadTimes: creation and exit FILETIMEs (exit 0 while running), kernel and user
    /// time used.
    pub fn times(&self) -> (u64, u64, u64, u64) {
        let cpu = *self.cpu_at_exit.lock().unwrap_or_else(|e| e.into_inner());
        let (user, kernel) = cpu
            .or_else(|| thread_cpu_times(self.host_tid.load(Ordering::Relaxed)))
            .unwrap_or((0, 0));
        (
            self.created.load(Ordering::Relaxed),
            self.ended.load(Ordering::Relaxed),
            kernel,
            user,
        )
    }

    /// The Windows thread id (the Linux tid).
    pub fn id(&self) -> u32 {
        self.id.load(Ordering::Relaxed)
    }

    /// GetExitCodeThread: STILL_ACTIVE (259) while the thread runs.
    pub fn exit_code(&self) -> u32 {
        self.exit_code.load(Ordering::Acquire)
    }

    pub fn priority(&self) -> i32 {
        self.priority.load(Ordering::Relaxed)
    }

    /// Records the priority and lowers (or, where Linux permits, raises) the host thread's nice
    /// value to match.
    pub fn set_priority(&self, priority: i32) {
        self.priority.store(priority, Ordering::SeqCst);
        self.apply_nice();
    }

    /// THREAD_MODE_BACKGROUND_BEGIN/END: false when the thread already is (is not) in
    /// background mode.
    pub fn set_background(&self, background: bool) -> bool {
        if self.background.swap(background, Ordering::SeqCst) == background {
            return false;
        }
        self.apply_nice();
        true
    }

    /// The nice value for the recorded priority, relative to the process's: Windows' priority
    /// levels are strict, so each step below normal is a large one.
    fn nice_offset(&self) -> i32 {
        use windows_sys::Win32::System::Threading::{
            THREAD_PRIORITY_ABOVE_NORMAL, THREAD_PRIORITY_BELOW_NORMAL, THREAD_PRIORITY_HIGHEST,
            THREAD_PRIORITY_IDLE, THREAD_PRIORITY_LOWEST, THREAD_PRIORITY_TIME_CRITICAL,
        };
        if self.background.load(Ordering::SeqCst) {
            return 19;
        }
        match self.priority.load(Ordering::SeqCst) {
            THREAD_PRIORITY_IDLE => 19,
            THREAD_PRIORITY_LOWEST => 10,
            THREAD_PRIORITY_BELOW_NORMAL => 5,
            THREAD_PRIORITY_ABOVE_NORMAL => -5,
            THREAD_PRIORITY_HIGHEST => -10,
            THREAD_PRIORITY_TIME_CRITICAL => -19,
            _ => 0,
        }
    }

    fn apply_nice(&self) {
        HOST_TUNED.store(true, Ordering::SeqCst);
        let tid = self.host_tid.load(Ordering::SeqCst);
        if tid != 0 {
            let nice = (process_nice() + self.nice_offset()).clamp(-20, 19);
            // Linux refuses raising the nice value to unprivileged users; the recorded
            // priority is still what Windows reports.
            host::set_thread_nice(tid, nice);
        }
    }

    /// The processors the thread may run on (SetThreadAffinityMask's previous mask).
    pub fn affinity(&self) -> u64 {
        match self.affinity.load(Ordering::SeqCst) {
            0 => process::affinity_mask(),
            mask => mask,
        }
    }

    /// SetThreadAffinityMask: pins the host thread to the processors of `mask` (a non-empty
    /// subset of the process's mask) and returns the previous mask.
    pub fn set_affinity(&self, mask: u64) -> Result<u64, Win32Error> {
        if mask == 0 || mask & !process::affinity_mask() != 0 {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        let previous = self.affinity();
        self.affinity.store(mask, Ordering::SeqCst);
        HOST_TUNED.store(true, Ordering::SeqCst);
        let tid = self.host_tid.load(Ordering::SeqCst);
        if tid != 0 {
            host::set_allowed_cpus(tid, &process::cpus_of(mask))?;
        }
        Ok(previous)
    }

    /// SetThreadIdealProcessor: records `processor`, returns the previous one.
    pub fn set_ideal_processor(&self, processor: u32) -> u32 {
        self.ideal_processor.swap(processor, Ordering::Relaxed)
    }

    pub fn ideal_processor(&self) -> u32 {
        self.ideal_processor.load(Ordering::Relaxed)
    }

    /// A new host thread inherits its creator's nice value and CPU set; a Windows thread
    /// starts at normal priority on the process's processors.
    fn apply_host_scheduling(&self) {
        if !HOST_TUNED.load(Ordering::SeqCst) {
            return;
        }
        self.apply_nice();
        let _ = host::set_allowed_cpus(0, &process::cpus_of(self.affinity()));
    }

    pub fn boost_disabled(&self) -> bool {
        self.boost_disabled.load(Ordering::Relaxed)
    }

    pub fn set_boost_disabled(&self, disabled: bool) {
        self.boost_disabled.store(disabled, Ordering::Relaxed)
    }

    pub fn description(&self) -> Vec<u16> {
        self.description
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_description(&self, text: Vec<u16>) {
        *self.description.lock().unwrap_or_else(|e| e.into_inner()) = text;
    }

    /// ResumeThread: lowers the suspend count; the thread goes on when it reaches 0. Returns the
    /// previous count.
    pub fn resume(&self) -> u32 {
        {
            let mut start = self.start.lock().unwrap_or_else(|e| e.into_inner());
            if !start.started {
                let previous = start.suspend_count;
                if previous > 0 {
                    start.suspend_count -= 1;
                    if start.suspend_count == 0 {
                        self.start_changed.notify_all();
                    }
                }
                return previous;
            }
        }
        let mut count = self.suspension.lock().unwrap_or_else(|e| e.into_inner());
        let previous = *count;
        if previous > 0 {
            *count -= 1;
            if *count == 0 {
                self.suspend_word.store(RESUMED, Ordering::Release);
                host::futex_wake(self.suspend_word_addr(), 1);
            }
        }
        previous
    }

    fn suspend_word_addr(&self) -> u64 {
        &self.suspend_word as *const AtomicI32 as u64
    }

    /// SuspendThread: raises the suspend count; a running thread is stopped (with its registers
    /// captured) before this returns, unless it is the calling thread, which stops at once.
    /// Returns the previous count.
    pub fn suspend(&self) -> Result<u32, Win32Error> {
        {
            let mut start = self.start.lock().unwrap_or_else(|e| e.into_inner());
            if !start.started {
                start.suspend_count += 1;
                return Ok(start.suspend_count - 1);
            }
        }
        let mut count = self.suspension.lock().unwrap_or_else(|e| e.into_inner());
        if self.exited.load(Ordering::Acquire) {
            return Err(Win32Error::ACCESS_DENIED);
        }
        if *count > 0 {
            *count += 1;
            return Ok(*count - 1);
        }
        if self.frozen.load(Ordering::Relaxed) == 0 {
            let buffer = mem::alloc_zeroed(crate::abi::context::CONTEXT_SIZE, 64);
            self.frozen.store(buffer, Ordering::Release);
        }
        let tid = self.host_tid.load(Ordering::Relaxed);
        if self.id() == current_id() {
            *count = 1;
            self.force_park.store(true, Ordering::Relaxed);
            self.suspend_word.store(REQUESTED, Ordering::Release);
            drop(count);
            // The handler runs as the signal call returns, and parks until ResumeThread.
            host::signal_thread(tid, SUSPEND_SIGNAL);
            return Ok(0);
        }
        self.force_park.store(false, Ordering::Relaxed);
        let patience = std::time::Instant::now() + BUSY_PATIENCE;
        loop {
            self.suspend_word.store(REQUESTED, Ordering::Release);
            if !host::signal_thread(tid, SUSPEND_SIGNAL) {
                self.suspend_word.store(RUNNING, Ordering::Release);
                return Err(Win32Error::ACCESS_DENIED);
            }
            while self.suspend_word.load(Ordering::Acquire) == REQUESTED {
                if self.exited.load(Ordering::Acquire) {
                    self.suspend_word.store(RUNNING, Ordering::Release);
                    return Err(Win32Error::ACCESS_DENIED);
                }
                host::futex_wait_for(
                    self.suspend_word_addr(),
                    REQUESTED,
                    Some(std::time::Duration::from_millis(10)),
                );
            }
            if self.suspend_word.load(Ordering::Acquire) == PARKED {
                break;
            }
            if std::time::Instant::now() >= patience {
                self.force_park.store(true, Ordering::Relaxed);
            } else {
                std::thread::sleep(std::time::Duration::from_micros(20));
            }
        }
        *count = 1;
        Ok(0)
    }

    /// With the thread stopped (suspended, or briefly for this call when it runs), calls `f`
    /// with the address of the CONTEXT holding its registers; `f` returns whether it changed
    /// them. Fails for a thread that has ended.
    pub fn with_frozen_context(&self, f: impl FnOnce(u64) -> bool) -> Result<(), Win32Error> {
        let stopped_here = {
            let count = self.suspension.lock().unwrap_or_else(|e| e.into_inner());
            *count == 0
        };
        if stopped_here {
            self.suspend()?;
        }
        let result = {
            let count = self.suspension.lock().unwrap_or_else(|e| e.into_inner());
            let frozen = self.frozen.load(Ordering::Acquire);
            if *count == 0 || frozen == 0 {
                Err(Win32Error::INVALID_HANDLE)
            } else {
                if f(frozen) {
                    self.frozen_changed.store(true, Ordering::Release);
                }
                Ok(())
            }
        };
        if stopped_here {
            self.resume();
        }
        result
    }

    /// TerminateThread of another thread: it is stopped where it is (as SuspendThread stops
    /// it), sent to `leave_terminated`, and ends with `code` before this returns or soon after;
    /// nothing of the guest runs in it any more. Like Windows, this abandons whatever the thread
    /// held; winrun's own locks are safe unless it sat in winrun's code with one held for longer
    /// than the suspender's patience.
    pub fn terminate(&self, code: u32) -> Result<(), Win32Error> {
        if self.exited.load(Ordering::Acquire) || self.terminated.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.terminate_code.store(code, Ordering::Release);
        {
            let mut start = self.start.lock().unwrap_or_else(|e| e.into_inner());
            if !start.started {
                // It never reaches guest code: `run` sees the flag once it is released.
                start.suspend_count = 0;
                self.start_changed.notify_all();
                return Ok(());
            }
        }
        if self.suspend().is_err() {
            // It ended meanwhile.
            return Ok(());
        }
        let mut count = self.suspension.lock().unwrap_or_else(|e| e.into_inner());
        if self.ending.load(Ordering::Acquire) {
            // Stopped in `finish`, which ends it with the code recorded above.
            drop(count);
            self.resume();
            return Ok(());
        }
        let frozen = self.frozen.load(Ordering::Acquire);
        let mut context = super::exception::read_context(frozen);
        // Below the interrupted frame and the System V red zone winrun's code may be using.
        context.Rsp = ((context.Rsp - 512) & !15) - 8;
        context.Rip = leave_terminated as *const () as u64;
        super::exception::write_context(frozen, &context);
        self.frozen_changed.store(true, Ordering::Release);
        *count = 1;
        drop(count);
        self.resume();
        Ok(())
    }

    /// Whether TerminateThread has ended (or is ending) the thread.
    pub fn is_terminated(&self) -> bool {
        self.terminated.load(Ordering::Acquire)
    }

    /// Queues a user APC `func(args...)`; it runs when the thread next waits alertably.
    pub fn queue_apc(&self, func: u64, args: [u64; 3]) {
        self.apcs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back((func, args));
        if self.alertable.load(Ordering::Acquire) {
            self.parker.unpark();
        }
    }

    pub fn has_apcs(&self) -> bool {
        !self
            .apcs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    pub fn set_alertable(&self, alertable: bool) {
        self.alertable.store(alertable, Ordering::Release);
    }

    /// Runs the queued APCs, oldest first, on the calling thread (which must be this one).
    pub fn run_apcs(&self) {
        loop {
            let next = self
                .apcs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop_front();
            let Some((func, args)) = next else { return };
            call::call(func, &args);
        }
    }

    /// Records that this thread now owns `mutex` (to abandon it if the thread ends).
    pub fn owns_mutex(&self, mutex: &Arc<dyn Object>) {
        let mut owned = self.owned_mutexes.lock().unwrap_or_else(|e| e.into_inner());
        owned.retain(|m| m.strong_count() > 0);
        owned.push(Arc::downgrade(mutex));
    }

    /// The thread's TEB (0 once it has ended).
    pub fn teb(&self) -> u64 {
        self.teb.load(Ordering::Acquire)
    }
}

impl Object for ThreadObject {
    fn type_name(&self) -> &'static str {
        "Thread"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for ThreadObject {
    fn queue(&self) -> &WaitQueue {
        &self.queue
    }
    fn is_signaled(&self, _: &Locked, _: &ThreadObject) -> bool {
        self.exited.load(Ordering::Relaxed)
    }
    fn acquire(&self, _: &Locked, _: &Arc<dyn Object>, _: &Arc<ThreadObject>) -> bool {
        false
    }
}

fn register(thread: &Arc<ThreadObject>) {
    let mut threads = THREADS.lock().unwrap_or_else(|e| e.into_inner());
    threads
        .get_or_insert_with(HashMap::new)
        .insert(thread.id(), Arc::downgrade(thread));
}

/// The thread object of the calling guest thread. A thread winrun did not start through
/// CreateThread (the main thread) gets one on first use.
pub fn current() -> Arc<ThreadObject> {
    CURRENT.with(|c| {
        c.get_or_init(|| {
            let thread = Arc::new(ThreadObject::new(0));
            thread
                .start
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .started = true;
            thread
                .id
                .store(process::current_thread_id(), Ordering::Relaxed);
            thread.host_tid.store(cpu::gettid(), Ordering::Relaxed);
            thread.teb.store(teb::current(), Ordering::Release);
            register(&thread);
            thread
        })
        .clone()
    })
}

/// The calling thread's id, without touching its thread object.
pub fn current_id() -> u32 {
    process::current_thread_id()
}

/// The live thread with id `tid` (OpenThread).
pub fn by_id(tid: u32) -> Option<Arc<ThreadObject>> {
    let threads = THREADS.lock().unwrap_or_else(|e| e.into_inner());
    threads.as_ref()?.get(&tid)?.upgrade()
}

/// Calls `f` with every live thread's TEB, while no thread can end (FlsFree visits their FLS
/// data).
pub fn for_each_teb(mut f: impl FnMut(u64)) {
    let threads = THREADS.lock().unwrap_or_else(|e| e.into_inner());
    for t in threads
        .iter()
        .flat_map(|t| t.values())
        .filter_map(Weak::upgrade)
    {
        let teb = t.teb();
        if teb != 0 {
            f(teb);
        }
    }
}

/// The program's SizeOfStackReserve and SizeOfStackCommit, read from its PE header as Windows
/// does.
pub fn image_stack_sizes() -> (u64, u64) {
    let base = process::image_base();
    let pe = base + mem::read::<u32>(base + 0x3C).unwrap_or(0) as u64;
    // IMAGE_OPTIONAL_HEADER64.SizeOfStackReserve and SizeOfStackCommit, after the 4-byte
    // signature and 20-byte file header.
    (
        mem::read::<u64>(pe + 24 + 72).unwrap_or(0),
        mem::read::<u64>(pe + 24 + 80).unwrap_or(0),
    )
}

/// The smallest stack a guest thread gets: winrun's own API code runs on it too.
pub const MIN_STACK: u64 = 256 * 1024;

/// The stack a thread gets for CreateThread's `dwStackSize`: a commit size grows the image's
/// default reserve only when larger; with STACK_SIZE_PARAM_IS_A_RESERVATION it is the reserve.
pub fn stack_size(requested: u64, is_reservation: bool) -> usize {
    let size = if is_reservation && requested != 0 {
        requested
    } else {
        requested.max(image_stack_sizes().0)
    };
    size.max(MIN_STACK).next_multiple_of(64 * 1024) as usize
}

/// Thread ids CreateThread hands out: multiples of 4, as on Windows.
static NEXT_ID: AtomicU32 = AtomicU32::new(0x100);

fn next_thread_id() -> u32 {
    loop {
        let id = NEXT_ID.fetch_add(4, Ordering::Relaxed);
        // The main thread's and the process's id are the Linux pid.
        if id != 0 && id != process::current_process_id() {
            return id;
        }
    }
}

/// A guest thread's stack: `low..low + size`, with the overflow reserve at the bottom and the
/// guard page above it armed once, when the stack is first mapped.
#[derive(Clone, Copy)]
struct ThreadStack {
    low: u64,
    size: usize,
}

impl ThreadStack {
    fn guard(&self) -> u64 {
        self.low + teb::STACK_OVERFLOW_RESERVE
    }
}

/// Stacks of ended threads, kept for the next CreateThread (no mmap, mprotect or page faults
/// then), each with the pthread that ran on it: it is joined before the stack is used again, as
/// it may still be on its way out.
static FREE_STACKS: Mutex<Vec<(ThreadStack, u64)>> = Mutex::new(Vec::new());
/// Free stacks kept beyond this are unmapped.
const KEPT_STACKS: usize = 16;

fn take_stack(size: usize) -> Result<ThreadStack, Win32Error> {
    let (reused, surplus) = {
        let mut free = FREE_STACKS.lock().unwrap_or_else(|e| e.into_inner());
        let reused = free
            .iter()
            .rposition(|(s, _)| s.size == size)
            .map(|i| free.swap_remove(i));
        let surplus = free.len().saturating_sub(KEPT_STACKS);
        (reused, free.drain(..surplus).collect::<Vec<_>>())
    };
    for (stack, thread) in surplus {
        host::join(thread);
        host::unmap(stack.low, stack.size);
    }
    if let Some((stack, thread)) = reused {
        host::join(thread);
        return Ok(stack);
    }
    let low = host::map(0, size, libc::PROT_READ | libc::PROT_WRITE)?;
    let stack = ThreadStack { low, size };
    if host::protect(stack.guard(), PAGE as usize, libc::PROT_NONE).is_err() {
        host::unmap(low, size);
        return Err(Win32Error::NOT_ENOUGH_MEMORY);
    }
    Ok(stack)
}

/// Starts a guest thread running `start(param)`. A suspended thread waits for ResumeThread
/// before anything of it runs in the guest.
pub fn spawn(
    start: u64,
    param: u64,
    stack: usize,
    suspended: bool,
) -> Result<Arc<ThreadObject>, Win32Error> {
    let thread = Arc::new(ThreadObject::new(suspended as u32));
    thread.id.store(next_thread_id(), Ordering::Relaxed);
    let stack = take_stack(stack)?;
    register(&thread);
    let child = thread.clone();
    LIVE.fetch_add(1, Ordering::SeqCst);
    let spawned = host::spawn_on_stack(
        stack.low,
        stack.size,
        Box::new(move || run(child, start, param, stack)),
    );
    if let Err(e) = spawned {
        LIVE.fetch_sub(1, Ordering::SeqCst);
        unregister(&thread);
        host::unmap(stack.low, stack.size);
        return Err(e);
    }
    Ok(thread)
}

fn unregister(thread: &ThreadObject) {
    let mut threads = THREADS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(threads) = threads.as_mut() {
        threads.remove(&thread.id());
    }
    thread.teb.store(0, Ordering::Release);
}

fn run(me: Arc<ThreadObject>, start: u64, param: u64, stack: ThreadStack) {
    let base = stack.low + stack.size as u64;
    let limit = stack.guard() + PAGE;
    let teb_addr = teb::create(base, limit, 0);
    mem::write(teb_addr + teb::offset::DEALLOCATION_STACK, stack.low);
    if let Err(e) = teb::enter(teb_addr) {
        panic!("cannot run guest code on a new thread: {e}");
    }
    me.host_tid.store(cpu::gettid(), Ordering::SeqCst);
    me.apply_host_scheduling();
    mem::write(teb_addr + teb::offset::CLIENT_ID_THREAD, me.id() as u64);
    me.teb.store(teb_addr, Ordering::Release);
    CURRENT.with(|c| c.set(me.clone()).ok());
    {
        let mut state = me.start.lock().unwrap_or_else(|e| e.into_inner());
        while state.suspend_count > 0 {
            state = me
                .start_changed
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        state.started = true;
    }
    if !me.terminated.load(Ordering::Acquire) {
        modules::loader().thread_attach();
        // APCs queued while the thread was suspended run before its start routine, as on
        // Windows.
        me.run_apcs();
        let code = call::run_thread(start, param);
        // Fibers may have left the TEB describing another stack.
        mem::write(teb_addr + teb::offset::STACK_BASE, base);
        mem::write(teb_addr + teb::offset::DEALLOCATION_STACK, stack.low);
        finish(&me, code);
    } else {
        finish(&me, 0);
    }
    // A stack overflow used up the guard page (and _resetstkoflw did not put it back).
    if mem::read::<u64>(teb_addr + teb::offset::STACK_LIMIT) != Some(limit) {
        let _ = host::protect(stack.guard(), PAGE as usize, libc::PROT_NONE);
    }
    teb::destroy(teb_addr);
    FREE_STACKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((stack, host::current_pthread()));
}

const PAGE: u64 = 4096;

/// The end of a thread: FLS destructors, DLL_THREAD_DETACH, abandoned mutexes, then the thread
/// object is signaled. The last thread to end ends the process.
fn finish(me: &Arc<ThreadObject>, code: u32) {
    me.ending.store(true, Ordering::Release);
    let terminated = me.terminated.load(Ordering::Acquire);
    let code = if terminated {
        me.terminate_code.load(Ordering::Acquire)
    } else {
        fls::run_destructors();
        modules::loader().thread_detach();
        code
    };
    let owned = std::mem::take(&mut *me.owned_mutexes.lock().unwrap_or_else(|e| e.into_inner()));
    let locked = sync::lock();
    for mutex in owned.iter().filter_map(Weak::upgrade) {
        let any: Arc<dyn std::any::Any + Send + Sync> = mutex;
        if let Ok(m) = any.downcast::<sync::MutexObject>() {
            m.abandon(&locked, me.id());
        }
    }
    let (user, kernel) = host::thread_cpu_time();
    let ticks = |d: std::time::Duration| d.as_secs() * 10_000_000 + (d.subsec_nanos() / 100) as u64;
    *me.cpu_at_exit.lock().unwrap_or_else(|e| e.into_inner()) = Some((ticks(user), ticks(kernel)));
    me.ended.store(
        crate::kernel32::sysinfoapi::filetime_now(),
        Ordering::Relaxed,
    );
    me.exit_code.store(code, Ordering::Release);
    me.exited.store(true, Ordering::Relaxed);
    sync::wake_waiters(&locked, me.as_ref());
    drop(locked);
    unregister(me);
    if LIVE.fetch_sub(1, Ordering::SeqCst) == 1 {
        modules::loader().exit_process(code);
    }
}

/// ExitThread: ends the calling thread with `code`. A thread started by CreateThread drops its
/// guest frames and finishes on its host frame; the main thread finishes in place and then
/// sleeps until the last other thread ends the process.
pub fn exit_current(code: u32) -> ! {
    if call::can_leave_thread() {
        call::leave_thread(code);
    }
    finish(&current(), code);
    loop {
        std::thread::park();
    }
}

/// TerminateThread of the calling thread: it ends at once with `code`, without FLS callbacks or
/// DLL notifications.
pub fn terminate_current(code: u32) -> ! {
    let me = current();
    me.terminate_code.store(code, Ordering::Release);
    me.terminated.store(true, Ordering::Release);
    exit_current(code)
}

/// Where TerminateThread sends the thread it ends (see `ThreadObject::terminate`).
extern "win64" fn leave_terminated() -> ! {
    exit_current(0)
}

/// For the loader's SUSPEND_SIGNAL handler, on the signalled thread with its interrupted
/// registers in `state`: when a suspension is pending, stops here until ResumeThread (a thread
/// found in winrun's own code, `in_host_code`, is left to go on unless the suspender insists).
/// Returns whether SetThreadContext changed `state`. Takes no locks and allocates nothing.
pub fn on_suspend_signal(state: &mut super::exception::FaultState, in_host_code: bool) -> bool {
    let Ok(Some(me)) = CURRENT.try_with(|c| c.get().cloned()) else {
        return false;
    };
    let word = &me.suspend_word;
    if word.load(Ordering::Acquire) != REQUESTED {
        return false;
    }
    if in_host_code && !me.force_park.load(Ordering::Relaxed) {
        word.store(BUSY, Ordering::Release);
        host::futex_wake(me.suspend_word_addr(), 1);
        return false;
    }
    let frozen = me.frozen.load(Ordering::Acquire);
    super::exception::write_state_context(frozen, state);
    me.frozen_changed.store(false, Ordering::Relaxed);
    word.store(PARKED, Ordering::Release);
    host::futex_wake(me.suspend_word_addr(), 1);
    while word.load(Ordering::Acquire) == PARKED {
        host::futex_wait(me.suspend_word_addr(), PARKED);
    }
    let changed = me.frozen_changed.swap(false, Ordering::AcqRel);
    if changed {
        super::exception::read_state_context(frozen, state);
    }
    // A new request may already be waiting (its signal arrives when this handler returns).
    let _ = word.compare_exchange(RESUMED, RUNNING, Ordering::AcqRel, Ordering::Acquire);
    changed
}
