//! How an I/O request described by an OVERLAPPED completes: the status and byte count go to
//! Internal and InternalHigh, the request's event is signalled, and a packet is queued on the
//! completion port the handle is associated with (unless the event handle's low bit says not
//! to, or the request succeeded at once on a handle with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS).
//!
//! Any object that does I/O (files, pipes, sockets) keeps an `IoBinding` and finishes each
//! overlapped request through `IoBinding::complete`, at once or later from whoever finishes it.

use super::sync::EventObject;
use super::thread::{self, ThreadObject};
use crate::abi::handles::{HANDLES, Object};
use crate::abi::{GuestPtr, Handle, Win32Error, Win32Result, host};
use std::collections::VecDeque;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;
use windows_sys::Win32::Foundation::{WAIT_IO_COMPLETION, WAIT_TIMEOUT};

/// STATUS_PENDING: Internal while a request is in flight (HasOverlappedIoCompleted).
pub const STATUS_PENDING: u32 = 0x103;

/// The NTSTATUS an I/O request ends with for each Win32 error the I/O paths produce, as
/// RtlNtStatusToDosError maps them back.
const STATUSES: [(Win32Error, u32); 10] = [
    (Win32Error::SUCCESS, 0),
    (Win32Error::HANDLE_EOF, 0xC000_0011),
    (Win32Error::BROKEN_PIPE, 0xC000_014B),
    (Win32Error::MORE_DATA, 0x8000_0005),
    (Win32Error::OPERATION_ABORTED, 0xC000_0120),
    (Win32Error::PIPE_NOT_CONNECTED, 0xC000_00B0),
    (Win32Error::NO_DATA, 0xC000_00B1),
    (Win32Error::ACCESS_DENIED, 0xC000_0022),
    (Win32Error::INVALID_PARAMETER, 0xC000_000D),
    // STATUS_NOTIFY_ENUM_DIR, a success: directory changes were lost (ReadDirectoryChangesW).
    (
        Win32Error(windows_sys::Win32::Foundation::ERROR_NOTIFY_ENUM_DIR),
        0x10C,
    ),
];

/// STATUS_UNSUCCESSFUL stands for errors the table does not know.
const UNSUCCESSFUL: u32 = 0xC000_0001;

pub fn status_of(e: Win32Error) -> u32 {
    STATUSES
        .iter()
        .find(|(w, _)| *w == e)
        .map_or(UNSUCCESSFUL, |&(_, s)| s)
}

/// The Win32 error of a completed request's status; None for success.
pub fn error_of(status: u32) -> Option<Win32Error> {
    if status < 0x8000_0000 {
        return None;
    }
    Some(
        STATUSES
            .iter()
            .find(|(_, s)| *s == status)
            .map_or(Win32Error::GEN_FAILURE, |&(w, _)| w),
    )
}

#[derive(Clone, Copy)]
pub struct Packet {
    pub key: u64,
    pub overlapped: u64,
    pub status: u32,
    pub bytes: u32,
}

/// An I/O completion port: a queue of completion packets that threads wait on.
pub struct CompletionPort {
    packets: Mutex<VecDeque<Packet>>,
    posted: Condvar,
}

impl Object for CompletionPort {
    fn type_name(&self) -> &'static str {
        "IoCompletion"
    }
}

impl CompletionPort {
    pub fn new() -> Self {
        CompletionPort {
            packets: Mutex::new(VecDeque::new()),
            posted: Condvar::new(),
        }
    }

    pub fn post(&self, packet: Packet) {
        self.packets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(packet);
        self.posted.notify_one();
    }

    /// Up to `max` packets, waiting until `deadline` for the first; an alertable wait gives up
    /// with WAIT_IO_COMPLETION after running APCs that were queued before it started.
    pub fn take(
        &self,
        max: usize,
        deadline: Option<Instant>,
        alertable: bool,
    ) -> Win32Result<Vec<Packet>> {
        if alertable {
            let me = thread::current();
            if me.has_apcs() {
                me.run_apcs();
                return Err(Win32Error(WAIT_IO_COMPLETION));
            }
        }
        let mut packets = self.packets.lock().unwrap_or_else(|e| e.into_inner());
        while packets.is_empty() {
            match deadline {
                None => packets = self.posted.wait(packets).unwrap_or_else(|e| e.into_inner()),
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return Err(Win32Error(WAIT_TIMEOUT));
                    }
                    packets = self
                        .posted
                        .wait_timeout(packets, d - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
        let n = packets.len().min(max);
        Ok(packets.drain(..n).collect())
    }
}

impl Default for CompletionPort {
    fn default() -> Self {
        Self::new()
    }
}

/// An I/O object's completion settings (its port and key, the notification modes) and its
/// requests in flight.
#[derive(Default)]
pub struct IoBinding {
    port: Mutex<Option<(Arc<CompletionPort>, u64)>>,
    skip_port_on_success: AtomicBool,
    skip_event_on_success: AtomicBool,
    pending: Mutex<Vec<Arc<Pending>>>,
}

/// How a request tells its issuer it is done.
#[derive(Clone)]
pub enum Notify {
    /// The OVERLAPPED's event and the handle's completion port.
    Overlapped,
    /// A completion routine queued as an APC to the issuing thread (ReadFileEx, WriteFileEx).
    Routine(Arc<ThreadObject>, u64),
}

/// A request in flight: a worker thread waits for its descriptor (or its condition) or for
/// cancellation.
struct Pending {
    ov: u64,
    thread: u32,
    cancel: OwnedFd,
    /// The error a cancelled request ends with.
    reason: AtomicU32,
    cancelled: AtomicBool,
    /// Wakes a worker blocked on something other than `cancel` so it sees `cancelled`.
    wake: Option<Box<dyn Fn() + Send + Sync>>,
}

impl Pending {
    fn new(ov: Overlapped, wake: Option<Box<dyn Fn() + Send + Sync>>) -> Win32Result<Arc<Self>> {
        Ok(Arc::new(Pending {
            ov: ov.0.addr(),
            thread: thread::current_id(),
            cancel: host::eventfd()?,
            reason: AtomicU32::new(Win32Error::OPERATION_ABORTED.0),
            cancelled: AtomicBool::new(false),
            wake,
        }))
    }

    fn cancel(&self, reason: Option<Win32Error>) {
        if let Some(r) = reason {
            self.reason.store(r.0, Ordering::Relaxed);
        }
        self.cancelled.store(true, Ordering::Release);
        host::signal_eventfd(self.cancel.as_raw_fd());
        if let Some(wake) = &self.wake {
            wake();
        }
    }

    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }

    fn reason(&self) -> Win32Error {
        Win32Error(self.reason.load(Ordering::Relaxed))
    }
}

/// Anything that does overlapped I/O (files and pipes; sockets hook in the same way).
pub trait IoObject: Send + Sync + 'static {
    fn io(&self) -> &IoBinding;
}

/// Starts a request that cannot finish now: `ov` is marked pending and a worker thread runs
/// `op` once `fd` is ready for reading (or writing, with `write`), then completes the request
/// with what `op` returns. `op` answering ERROR_NO_DATA (someone else took the data) waits
/// again. CancelIo and CancelIoEx complete it with ERROR_OPERATION_ABORTED instead. Returns
/// ERROR_IO_PENDING, what the API returns to its caller.
pub fn start_pending<T: IoObject>(
    owner: Arc<T>,
    ov: Overlapped,
    notify: Notify,
    fd: RawFd,
    write: bool,
    op: impl Fn(&T) -> (Win32Error, usize) + Send + 'static,
) -> Win32Error {
    let request = match Pending::new(ov, None) {
        Ok(r) => r,
        Err(e) => return e,
    };
    run_pending(owner, ov, notify, request, move |owner, request| {
        loop {
            if !host::wait_ready(fd, write, request.cancel.as_raw_fd()) {
                break (request.reason(), 0);
            }
            match op(owner) {
                (Win32Error::NO_DATA, _) => continue,
                done => break done,
            }
        }
    })
}

/// Starts a request that waits for something other than a descriptor (a byte-range lock): a
/// worker thread runs `op`, which blocks until it is done or until the `cancelled` it is given
/// turns true; cancelling calls `wake` so that `op` looks again. A cancelled request completes
/// with ERROR_OPERATION_ABORTED (or the reason a closed handle gives). Returns
/// ERROR_IO_PENDING, what the API returns to its caller.
pub fn start_blocking<T: IoObject>(
    owner: Arc<T>,
    ov: Overlapped,
    notify: Notify,
    wake: impl Fn() + Send + Sync + 'static,
    op: impl FnOnce(&T, &dyn Fn() -> bool) -> (Win32Error, usize) + Send + 'static,
) -> Win32Error {
    let request = match Pending::new(ov, Some(Box::new(wake))) {
        Ok(r) => r,
        Err(e) => return e,
    };
    run_pending(owner, ov, notify, request, move |owner, request| {
        let done = op(owner, &|| request.cancelled());
        if request.cancelled() {
            (request.reason(), 0)
        } else {
            done
        }
    })
}

/// Marks `ov` in flight, lists `request` with its owner and runs `work` on a worker thread,
/// then completes the request with what `work` returns.
fn run_pending<T: IoObject>(
    owner: Arc<T>,
    ov: Overlapped,
    notify: Notify,
    request: Arc<Pending>,
    work: impl FnOnce(&T, &Pending) -> (Win32Error, usize) + Send + 'static,
) -> Win32Error {
    ov.start();
    owner
        .io()
        .pending
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(request.clone());
    std::thread::spawn(move || {
        let (result, bytes) = work(&owner, &request);
        let io = owner.io();
        io.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p| !Arc::ptr_eq(p, &request));
        let target = io.target();
        // The object goes first: a caller woken by the completion that closes its handle and
        // reopens the file finds it closed, as on Windows.
        drop(owner);
        target.complete_status(ov, status_of(result), result, bytes, false, &notify);
    });
    Win32Error::IO_PENDING
}

/// An OVERLAPPED in guest memory: Internal, InternalHigh, Offset, OffsetHigh, hEvent.
#[derive(Clone, Copy)]
pub struct Overlapped(pub GuestPtr<u8>);

impl Overlapped {
    fn field<T: Copy>(self, offset: u64) -> GuestPtr<T> {
        GuestPtr::new(self.0.addr() + offset)
    }

    pub fn status(self) -> Option<u64> {
        self.field::<u64>(0).read()
    }

    pub fn bytes(self) -> u64 {
        self.field::<u64>(8).read().unwrap_or(0)
    }

    pub fn event_handle(self) -> u64 {
        self.field::<u64>(24).read().unwrap_or(0)
    }

    /// Marks the request in flight: Internal = STATUS_PENDING, the event reset.
    pub fn start(self) {
        self.field::<u64>(0).write(STATUS_PENDING as u64);
        self.field::<u64>(8).write(0);
        if let Some(e) = self.event() {
            e.reset();
        }
    }

    fn event(self) -> Option<Arc<EventObject>> {
        let h = self.event_handle() & !1;
        (h != 0)
            .then(|| HANDLES.get::<EventObject>(Handle(h)).ok())
            .flatten()
    }
}

impl IoBinding {
    /// Associates the object with `port` under `key`; an object has one port for its life.
    pub fn bind(&self, port: Arc<CompletionPort>, key: u64) -> Win32Result<()> {
        let mut slot = self.port.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        *slot = Some((port, key));
        Ok(())
    }

    /// FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (1) and FILE_SKIP_SET_EVENT_ON_HANDLE (2).
    pub fn set_modes(&self, flags: u8) {
        self.skip_port_on_success
            .store(flags & 1 != 0, Ordering::Relaxed);
        self.skip_event_on_success
            .store(flags & 2 != 0, Ordering::Relaxed);
    }

    /// Cancels the requests in flight on `ov` (all with None), only those the calling thread
    /// issued with `own_thread`; ERROR_NOT_FOUND when there was none.
    pub fn cancel(&self, ov: Option<u64>, own_thread: bool) -> Win32Result<()> {
        let me = thread::current_id();
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = false;
        for p in pending.iter() {
            if ov.is_none_or(|o| o == p.ov) && (!own_thread || p.thread == me) {
                p.cancel(None);
                found = true;
            }
        }
        if found {
            Ok(())
        } else {
            Err(Win32Error::NOT_FOUND)
        }
    }

    /// A handle to the object was closed and `others` references remain: when those are only
    /// the workers of its requests in flight, the last handle is gone and, as on Windows, the
    /// requests end, with `reason` (ERROR_BROKEN_PIPE for a pipe, else ERROR_OPERATION_ABORTED).
    /// Returns whether that was the last handle.
    pub fn handle_closed(&self, others: usize, reason: Win32Error) -> bool {
        let pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if others > pending.len() {
            return false;
        }
        for p in pending.iter() {
            p.cancel(Some(reason));
        }
        true
    }

    /// Finishes request `ov` with `result` and `bytes` transferred. `at_once` says the request
    /// never went pending (the caller returns its result directly).
    pub fn complete(
        &self,
        ov: Overlapped,
        result: Win32Error,
        bytes: usize,
        at_once: bool,
        notify: &Notify,
    ) {
        self.complete_status(ov, status_of(result), result, bytes, at_once, notify);
    }

    /// `complete` with the request's NTSTATUS given (sockets record AFD's statuses); `result`
    /// is the Win32 error a completion routine receives.
    pub fn complete_status(
        &self,
        ov: Overlapped,
        status: u32,
        result: Win32Error,
        bytes: usize,
        at_once: bool,
        notify: &Notify,
    ) {
        self.target()
            .complete_status(ov, status, result, bytes, at_once, notify);
    }

    /// Where a request completes, as settings stand now.
    fn target(&self) -> Target {
        Target {
            port: self.port.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            skip_port_on_success: self.skip_port_on_success.load(Ordering::Relaxed),
            skip_event_on_success: self.skip_event_on_success.load(Ordering::Relaxed),
        }
    }
}

/// An I/O object's completion settings, copied so a request can complete after the object is
/// gone.
struct Target {
    port: Option<(Arc<CompletionPort>, u64)>,
    skip_port_on_success: bool,
    skip_event_on_success: bool,
}

impl Target {
    fn complete_status(
        self,
        ov: Overlapped,
        status: u32,
        result: Win32Error,
        bytes: usize,
        at_once: bool,
        notify: &Notify,
    ) {
        if let Notify::Routine(thread, routine) = notify {
            ov.field::<u64>(0).write(status as u64);
            ov.field::<u64>(8).write(bytes as u64);
            thread.queue_apc(*routine, [result.0 as u64, bytes as u64, ov.0.addr()]);
            return;
        }
        ov.field::<u64>(0).write(status as u64);
        ov.field::<u64>(8).write(bytes as u64);
        let success = status < 0x8000_0000;
        // Warnings (ERROR_MORE_DATA) transfer data and complete like successes; a request that
        // failed at once reports its error directly, without a packet.
        let failed = status >= 0xC000_0000;
        if !(at_once && success && self.skip_event_on_success)
            && let Some(e) = ov.event()
        {
            e.set();
        }
        if at_once && (failed || success && self.skip_port_on_success) {
            return;
        }
        if ov.event_handle() & 1 != 0 {
            return;
        }
        if let Some((port, key)) = self.port {
            port.post(Packet {
                key,
                overlapped: ov.0.addr(),
                status,
                bytes: bytes as u32,
            });
        }
    }
}
