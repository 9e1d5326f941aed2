//! winsock2.h, the asynchronous half: WSAEventSelect and its network events, the WSA event
//! functions, and WSASend/WSARecv with their overlapped form.
//!
//! One host thread watches every socket that has an event selection or an overlapped
//! transfer waiting, with poll(2). It records network events and signals the selected event
//! object, and finishes overlapped transfers when their socket is ready. A finished transfer
//! goes through `complete`, the one place that reports an overlapped result (the place an I/O
//! completion port would be told as well).

use super::winsock2::{OK, Status, socket_of, transfer_error, wsa, wsa_from_errno};
use crate::abi::handles::HANDLES;
use crate::abi::net;
use crate::abi::{GuestPtr, Handle, NtStatus, Win32Result};
use crate::dllexport;
use crate::nt::socket::SocketObject;
use crate::nt::sync::EventObject;
use std::collections::{HashMap, VecDeque};
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use windows_sys::Win32::Networking::WinSock as ws;

/// OVERLAPPED's fields, by offset: Internal (the NTSTATUS), InternalHigh (the byte count),
/// and hEvent.
const OV_INTERNAL: u64 = 0;
const OV_INTERNAL_HIGH: u64 = 8;
const OV_EVENT: u64 = 24;
const STATUS_PENDING: u64 = 0x103;
const STATUS_CANCELLED: u32 = 0xC000_0120;
/// The ten FD_* event bits (FD_READ ... FD_ADDRESS_LIST_CHANGE).
const FD_ALL_EVENTS: u32 = (1 << ws::FD_MAX_EVENTS) - 1;

/// Reports an overlapped transfer's result through the socket's I/O binding, as file and pipe
/// requests do: the OVERLAPPED's status and byte count, its event, and a packet on the
/// completion port the socket is associated with. `at_once`: the call returns the result
/// itself (no pending state was reported).
pub fn complete(
    sock: &SocketObject,
    overlapped: u64,
    status: NtStatus,
    bytes: usize,
    at_once: bool,
) {
    let result = if status.0 < 0x8000_0000 {
        crate::abi::Win32Error(0)
    } else {
        crate::abi::Win32Error(error_of(status.0))
    };
    sock.file.io.complete_status(
        crate::nt::io::Overlapped(crate::abi::GuestPtr::new(overlapped)),
        status.0,
        result,
        bytes,
        at_once,
        &crate::nt::io::Notify::Overlapped,
    );
}

/// The NTSTATUS an overlapped transfer records for a Winsock error, as Windows' AFD does.
fn status_of(error: u32) -> NtStatus {
    let code = error as i32;
    NtStatus(match code {
        ws::WSAECONNRESET => 0xC000_020D,   // STATUS_CONNECTION_RESET
        ws::WSAECONNABORTED => 0xC000_0241, // STATUS_CONNECTION_ABORTED
        ws::WSAENOTCONN => 0xC000_020C,     // STATUS_CONNECTION_DISCONNECTED
        ws::WSAEMSGSIZE => 0x8000_0005,     // STATUS_BUFFER_OVERFLOW
        ws::WSA_OPERATION_ABORTED => STATUS_CANCELLED,
        _ => 0xC000_0001, // STATUS_UNSUCCESSFUL
    })
}

/// The Winsock error for an overlapped result's NTSTATUS (WSAGetOverlappedResult).
fn error_of(status: u32) -> u32 {
    (match status {
        0xC000_020D => ws::WSAECONNRESET,
        0xC000_0241 => ws::WSAECONNABORTED,
        0xC000_020C => ws::WSAENOTCONN,
        0x8000_0005 => ws::WSAEMSGSIZE,
        STATUS_CANCELLED => ws::WSA_OPERATION_ABORTED,
        _ => ws::WSAEINVAL,
    }) as u32
}

pub enum Direction {
    Receive {
        flags: i32,
        flags_out: u64,
    },
    Send {
        flags: i32,
    },
    /// ConnectEx: the connect is under way; `bufs` is sent once it is made.
    Connect,
    /// AcceptEx: `accept` becomes the next connection; the addresses go after the first
    /// `bufs` bytes of the output buffer, which wait for the connection's first data.
    Accept {
        accept: Arc<SocketObject>,
        local_len: usize,
    },
}

/// An overlapped transfer waiting for its socket.
pub struct Transfer {
    pub direction: Direction,
    pub bufs: Vec<(u64, usize)>,
    pub overlapped: u64,
}

/// What the watcher knows about one socket.
struct Watched {
    socket: Weak<SocketObject>,
    /// The WSAEventSelect event and the FD_* events asked for.
    event: Option<Arc<EventObject>>,
    mask: u32,
    /// Events that may be reported now (one is disabled once reported, until the call that
    /// re-enables it: recv for FD_READ, accept for FD_ACCEPT, a blocked send for FD_WRITE).
    enabled: u32,
    /// Events recorded and not yet enumerated, with their error codes.
    pending: u32,
    errors: [i32; ws::FD_MAX_EVENTS as usize],
    receives: VecDeque<Transfer>,
    sends: VecDeque<Transfer>,
}

struct Watcher {
    sockets: Mutex<HashMap<usize, Watched>>,
    wake: OwnedFd,
}

fn key(sock: &SocketObject) -> usize {
    sock as *const SocketObject as usize
}

fn watcher() -> &'static Watcher {
    static WATCHER: OnceLock<Watcher> = OnceLock::new();
    WATCHER.get_or_init(|| {
        let wake = net::event_fd().expect("an eventfd for the socket watcher");
        std::thread::Builder::new()
            .name("winsock".into())
            .spawn(run)
            .expect("starting the socket watcher thread");
        Watcher {
            sockets: Mutex::new(HashMap::new()),
            wake,
        }
    })
}

impl Watcher {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, Watched>> {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wake(&self) {
        net::signal_event_fd(self.wake.as_raw_fd());
    }

    fn entry<'a>(
        map: &'a mut HashMap<usize, Watched>,
        sock: &Arc<SocketObject>,
    ) -> &'a mut Watched {
        map.entry(key(sock)).or_insert_with(|| Watched {
            socket: Arc::downgrade(sock),
            event: None,
            mask: 0,
            enabled: 0,
            pending: 0,
            errors: [0; ws::FD_MAX_EVENTS as usize],
            receives: VecDeque::new(),
            sends: VecDeque::new(),
        })
    }
}

/// Whether the socket is under WSAEventSelect.
pub fn selecting(sock: &SocketObject) -> bool {
    sock.watched.load(Ordering::Relaxed)
        && watcher()
            .lock()
            .get(&key(sock))
            .is_some_and(|w| w.mask != 0)
}

/// Re-enables `event` after the call that consumes it (0: the socket's state changed, look
/// again). Costs one atomic load for sockets nobody watches.
pub fn reenable(sock: &SocketObject, event: u32) {
    if !sock.watched.load(Ordering::Relaxed) {
        return;
    }
    let w = watcher();
    if let Some(entry) = w.lock().get_mut(&key(sock)) {
        entry.enabled |= event & entry.mask;
    }
    w.wake();
}

/// Drops the socket from the watcher when it is closed: waiting transfers end as cancelled.
pub fn forget(sock: &SocketObject) {
    if !sock.watched.load(Ordering::Relaxed) {
        return;
    }
    let w = watcher();
    if let Some(entry) = w.lock().remove(&key(sock)) {
        for t in entry.receives.iter().chain(&entry.sends) {
            complete(sock, t.overlapped, NtStatus(STATUS_CANCELLED), 0, false);
        }
    }
    w.wake();
}

/// What poll(2) should wait for on a watched socket, from its enabled events and state.
fn interest(sock: &SocketObject, entry: &Watched) -> i16 {
    let fd = sock.fd();
    let enabled = entry.enabled & entry.mask;
    let stream = sock.socket_type == ws::SOCK_STREAM;
    let listening = stream && option(fd, libc::SO_ACCEPTCONN) != 0;
    let connected = !stream || net::name(fd, true).is_ok();
    let mut events = 0;
    if !entry.receives.is_empty()
        || (listening && enabled & ws::FD_ACCEPT != 0)
        || (connected && enabled & (ws::FD_READ | ws::FD_OOB | ws::FD_CLOSE) != 0)
    {
        events |= libc::POLLIN;
    }
    if !entry.sends.is_empty()
        || (sock.connecting() && enabled & (ws::FD_CONNECT | ws::FD_WRITE) != 0)
        || (connected && enabled & ws::FD_WRITE != 0)
    {
        events |= libc::POLLOUT;
    }
    events
}

fn option(fd: i32, name: i32) -> i32 {
    let mut v = [0u8; 4];
    let _ = net::get_option(fd, libc::SOL_SOCKET, name, &mut v);
    i32::from_ne_bytes(v)
}

/// What trying a transfer gave.
enum Outcome {
    NotReady,
    Done(Result<usize, u32>),
    /// An accepted connection whose first data is still to come: the receive goes on, on the
    /// accepted socket.
    Moved(Arc<SocketObject>, Transfer),
}

fn ready(fd: i32, events: i16) -> bool {
    let mut p = [libc::pollfd {
        fd,
        events,
        revents: 0,
    }];
    net::poll(&mut p, 0).is_ok() && p[0].revents != 0
}

fn outcome(result: Result<usize, net::Errno>) -> Outcome {
    match result {
        Err(libc::EAGAIN) => Outcome::NotReady,
        Ok(n) => Outcome::Done(Ok(n)),
        Err(e) => Outcome::Done(Err(wsa_from_errno(e).0)),
    }
}

/// Tries the transfer without blocking.
fn attempt(sock: &SocketObject, t: &Transfer) -> Outcome {
    match &t.direction {
        Direction::Receive { flags, flags_out } => outcome(
            net::recv_vectored(sock.fd(), &t.bufs, flags | libc::MSG_DONTWAIT).map(|(n, _)| {
                crate::abi::mem::write(*flags_out, 0u32);
                n
            }),
        ),
        Direction::Send { flags } => outcome(net::send_vectored(
            sock.fd(),
            &t.bufs,
            flags | libc::MSG_DONTWAIT,
        )),
        Direction::Connect => {
            if !ready(sock.fd(), libc::POLLOUT) {
                return Outcome::NotReady;
            }
            match option(sock.fd(), libc::SO_ERROR) {
                0 if t.bufs.iter().all(|b| b.1 == 0) => Outcome::Done(Ok(0)),
                0 => match outcome(net::send_vectored(sock.fd(), &t.bufs, libc::MSG_DONTWAIT)) {
                    Outcome::NotReady => Outcome::Done(Ok(0)),
                    other => other,
                },
                e => Outcome::Done(Err(wsa_from_errno(e).0)),
            }
        }
        Direction::Accept { accept, local_len } => {
            if !ready(sock.fd(), libc::POLLIN) {
                return Outcome::NotReady;
            }
            let (fd, peer) = match net::accept(sock.fd()) {
                Ok(a) => a,
                Err(e) => return outcome(Err(e)),
            };
            if let Err(e) = net::replace(std::os::fd::AsRawFd::as_raw_fd(&fd), accept.fd()) {
                return outcome(Err(e));
            }
            let (buffer, recv_len) = t.bufs[0];
            let local = net::name(accept.fd(), false).ok();
            let at = buffer + recv_len as u64;
            if let Some(local) = local {
                store_accept_addr(at, &local);
            }
            store_accept_addr(at + *local_len as u64, &peer);
            if recv_len == 0 {
                return Outcome::Done(Ok(0));
            }
            let receive = Transfer {
                direction: Direction::Receive {
                    flags: 0,
                    flags_out: 0,
                },
                bufs: vec![(buffer, recv_len)],
                overlapped: t.overlapped,
            };
            match attempt(accept, &receive) {
                Outcome::NotReady => Outcome::Moved(accept.clone(), receive),
                other => other,
            }
        }
    }
}

/// AcceptEx's address areas: the length, then the Windows socket address (the layout is
/// AcceptEx's own business; GetAcceptExSockaddrs reads it back).
fn store_accept_addr(at: u64, addr: &net::SockAddr) {
    let bytes = super::winsock2::windows_bytes(addr);
    crate::abi::mem::write(at, bytes.len() as u32);
    crate::abi::mem::write_slice(at + 4, &bytes);
}

/// Records what poll(2) said about a socket: network events, and transfers that can finish.
fn handle(
    sock: &SocketObject,
    entry: &mut Watched,
    revents: i16,
    moved: &mut Vec<(Arc<SocketObject>, Transfer)>,
) {
    for queue in [&mut entry.receives, &mut entry.sends] {
        while let Some(t) = queue.front() {
            match attempt(sock, t) {
                Outcome::NotReady => break,
                Outcome::Done(result) => {
                    let t = queue.pop_front().expect("front exists");
                    match result {
                        Ok(n) => complete(sock, t.overlapped, NtStatus::SUCCESS, n, false),
                        Err(e) => complete(sock, t.overlapped, status_of(e), 0, false),
                    }
                }
                Outcome::Moved(to, transfer) => {
                    queue.pop_front();
                    moved.push((to, transfer));
                }
            }
        }
    }
    let fd = sock.fd();
    let mut found = 0u32;
    let mut record = |bit: u32, index: u32, error: i32, found: &mut u32| {
        *found |= bit;
        entry.errors[index as usize] = error;
    };
    let failed = revents & (libc::POLLERR | libc::POLLHUP) != 0;
    if sock.connecting() && revents & (libc::POLLOUT | libc::POLLERR | libc::POLLHUP) != 0 {
        let e = option(fd, libc::SO_ERROR);
        let code = if e == 0 {
            0
        } else {
            wsa_from_errno(e).0 as i32
        };
        record(ws::FD_CONNECT, ws::FD_CONNECT_BIT, code, &mut found);
        if code == 0 {
            record(ws::FD_WRITE, ws::FD_WRITE_BIT, 0, &mut found);
        }
        sock.set_connecting(false);
    } else {
        if revents & libc::POLLIN != 0 {
            if option(fd, libc::SO_ACCEPTCONN) != 0 {
                record(ws::FD_ACCEPT, ws::FD_ACCEPT_BIT, 0, &mut found);
            } else if net::bytes_readable(fd).unwrap_or(0) > 0 {
                record(ws::FD_READ, ws::FD_READ_BIT, 0, &mut found);
            } else {
                let code = if failed {
                    wsa(ws::WSAECONNRESET).0 as i32
                } else {
                    0
                };
                record(ws::FD_CLOSE, ws::FD_CLOSE_BIT, code, &mut found);
            }
        } else if failed && revents & libc::POLLOUT == 0 {
            record(
                ws::FD_CLOSE,
                ws::FD_CLOSE_BIT,
                wsa(ws::WSAECONNRESET).0 as i32,
                &mut found,
            );
        }
        if revents & libc::POLLOUT != 0 {
            record(ws::FD_WRITE, ws::FD_WRITE_BIT, 0, &mut found);
        }
    }
    let found = found & entry.enabled & entry.mask;
    if found != 0 {
        entry.pending |= found;
        entry.enabled &= !found;
        if let Some(e) = &entry.event {
            e.set();
        }
    }
}

/// The watcher thread.
fn run() {
    let w = watcher();
    loop {
        let mut held = Vec::new();
        let mut fds = vec![libc::pollfd {
            fd: w.wake.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        }];
        {
            let mut map = w.lock();
            map.retain(|_, e| e.socket.strong_count() > 0);
            for (&k, entry) in map.iter() {
                let Some(sock) = entry.socket.upgrade() else {
                    continue;
                };
                let events = interest(&sock, entry);
                if events != 0 {
                    fds.push(libc::pollfd {
                        fd: sock.fd(),
                        events,
                        revents: 0,
                    });
                    held.push((k, sock));
                }
            }
        }
        if matches!(net::poll(&mut fds, -1), Err(e) if e != libc::EINTR) {
            continue;
        }
        net::drain_event_fd(w.wake.as_raw_fd());
        let mut map = w.lock();
        let mut moved = Vec::new();
        for ((k, sock), pfd) in held.iter().zip(&fds[1..]) {
            if pfd.revents != 0
                && let Some(entry) = map.get_mut(k)
            {
                handle(sock, entry, pfd.revents, &mut moved);
            }
        }
        for (sock, transfer) in moved {
            sock.watched.store(true, Ordering::Relaxed);
            Watcher::entry(&mut map, &sock).receives.push_back(transfer);
        }
    }
}

fn watch(sock: &Arc<SocketObject>, f: impl FnOnce(&mut Watched)) {
    let w = watcher();
    sock.watched.store(true, Ordering::Relaxed);
    f(Watcher::entry(&mut w.lock(), sock));
    w.wake();
}

// ---------------------------------------------------------------------------------------------
// Event selection

#[dllexport]
pub fn WSAEventSelect(s: u64, hEventObject: Handle, lNetworkEvents: i32) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let mask = lNetworkEvents as u32 & FD_ALL_EVENTS;
    let event = if mask == 0 {
        None
    } else {
        Some(
            HANDLES
                .get::<EventObject>(hEventObject)
                .map_err(|_| wsa(ws::WSAEINVAL))?,
        )
    };
    // The socket becomes non-blocking, and stays so after the selection is cancelled.
    super::winsock2::set_nonblocking(&sock, true)?;
    watch(&sock, |entry| {
        entry.event = event;
        entry.mask = mask;
        entry.enabled = mask;
        entry.pending = 0;
    });
    Ok(OK)
}

#[dllexport]
pub fn WSAEnumNetworkEvents(
    s: u64,
    hEventObject: Handle,
    lpNetworkEvents: GuestPtr<ws::WSANETWORKEVENTS>,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    if lpNetworkEvents.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    let mut events = ws::WSANETWORKEVENTS {
        lNetworkEvents: 0,
        iErrorCode: [0; ws::FD_MAX_EVENTS as usize],
    };
    if sock.watched.load(Ordering::Relaxed)
        && let Some(entry) = watcher().lock().get_mut(&key(&sock))
    {
        events.lNetworkEvents = entry.pending as i32;
        events.iErrorCode = entry.errors;
        entry.pending = 0;
        entry.errors = [0; ws::FD_MAX_EVENTS as usize];
    }
    if hEventObject != Handle::NULL {
        HANDLES
            .get::<EventObject>(hEventObject)
            .map_err(|_| wsa(ws::WSAEINVAL))?
            .reset();
    }
    lpNetworkEvents.write(events);
    Ok(OK)
}

#[dllexport]
pub fn WSACreateEvent() -> Win32Result<Handle> {
    crate::kernel32::synchapi::CreateEventW(GuestPtr::NULL, true, false, crate::abi::WStrPtr(0))
}

#[dllexport]
pub fn WSACloseEvent(hEvent: Handle) -> Win32Result<()> {
    HANDLES.get::<EventObject>(hEvent)?;
    crate::kernel32::handleapi::CloseHandle(hEvent)
}

#[dllexport]
pub fn WSASetEvent(hEvent: Handle) -> Win32Result<()> {
    crate::kernel32::synchapi::SetEvent(hEvent)
}

#[dllexport]
pub fn WSAResetEvent(hEvent: Handle) -> Win32Result<()> {
    crate::kernel32::synchapi::ResetEvent(hEvent)
}

/// WaitForMultipleObjectsEx under Winsock's names (WSA_WAIT_EVENT_0 is WAIT_OBJECT_0 ...).
#[dllexport]
pub fn WSAWaitForMultipleEvents(
    cEvents: u32,
    lphEvents: GuestPtr<Handle>,
    fWaitAll: bool,
    dwTimeout: u32,
    fAlertable: bool,
) -> u32 {
    crate::kernel32::synchapi::WaitForMultipleObjectsEx(
        cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable,
    )
}

// ---------------------------------------------------------------------------------------------
// WSASend, WSARecv

fn buffers(lpBuffers: GuestPtr<ws::WSABUF>, count: u32) -> Win32Result<Vec<(u64, usize)>> {
    if lpBuffers.is_null() && count != 0 {
        return Err(wsa(ws::WSAEFAULT));
    }
    Ok(lpBuffers
        .read_slice(count as usize)
        .iter()
        .map(|b| (b.buf as u64, b.len as usize))
        .collect())
}

/// Starts an overlapped transfer: done at once when the socket is ready (reported through the
/// OVERLAPPED as well, as Windows does), otherwise WSA_IO_PENDING and the watcher finishes it.
pub fn start(
    sock: &Arc<SocketObject>,
    transfer: Transfer,
    done: GuestPtr<u32>,
    routine: u64,
) -> Win32Result<Status> {
    if routine != 0 {
        tracing::warn!(target: "ws2_32::winsock2", "completion routines are not run; the OVERLAPPED event still is signalled");
    }
    crate::abi::mem::write(transfer.overlapped + OV_INTERNAL, STATUS_PENDING);
    let queued = sock.watched.load(Ordering::Relaxed)
        && watcher()
            .lock()
            .get(&key(sock))
            .is_some_and(|w| match transfer.direction {
                Direction::Receive { .. } | Direction::Accept { .. } => !w.receives.is_empty(),
                Direction::Send { .. } | Direction::Connect => !w.sends.is_empty(),
            });
    let (sock, transfer) = if queued {
        (sock.clone(), transfer)
    } else {
        match attempt(sock, &transfer) {
            Outcome::Done(Ok(n)) => {
                done.write(n as u32);
                complete(sock, transfer.overlapped, NtStatus::SUCCESS, n, true);
                return Ok(OK);
            }
            Outcome::Done(Err(e)) => {
                complete(sock, transfer.overlapped, status_of(e), 0, true);
                return Err(crate::abi::Win32Error(e));
            }
            Outcome::NotReady => (sock.clone(), transfer),
            Outcome::Moved(to, receive) => (to, receive),
        }
    };
    watch(&sock, |entry| match transfer.direction {
        Direction::Receive { .. } | Direction::Accept { .. } => entry.receives.push_back(transfer),
        Direction::Send { .. } | Direction::Connect => entry.sends.push_back(transfer),
    });
    Err(wsa(ws::WSA_IO_PENDING))
}

#[dllexport]
pub fn WSASend(
    s: u64,
    lpBuffers: GuestPtr<ws::WSABUF>,
    dwBufferCount: u32,
    lpNumberOfBytesSent: GuestPtr<u32>,
    dwFlags: u32,
    lpOverlapped: u64,
    lpCompletionRoutine: u64,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let bufs = buffers(lpBuffers, dwBufferCount)?;
    let flags = super::winsock2::host_msg_flags(dwFlags as i32)?;
    if lpOverlapped != 0 {
        let transfer = Transfer {
            direction: Direction::Send { flags },
            bufs,
            overlapped: lpOverlapped,
        };
        return start(&sock, transfer, lpNumberOfBytesSent, lpCompletionRoutine);
    }
    let n = net::send_vectored(sock.fd(), &bufs, flags).map_err(|e| {
        if e == libc::EAGAIN {
            reenable(&sock, ws::FD_WRITE);
        }
        transfer_error(&sock, e)
    })?;
    lpNumberOfBytesSent.write(n as u32);
    Ok(OK)
}

#[dllexport]
pub fn WSARecv(
    s: u64,
    lpBuffers: GuestPtr<ws::WSABUF>,
    dwBufferCount: u32,
    lpNumberOfBytesRecvd: GuestPtr<u32>,
    lpFlags: GuestPtr<u32>,
    lpOverlapped: u64,
    lpCompletionRoutine: u64,
) -> Win32Result<Status> {
    let sock = socket_of(s)?;
    let bufs = buffers(lpBuffers, dwBufferCount)?;
    let flags = lpFlags.read().ok_or(wsa(ws::WSAEFAULT))?;
    let flags = super::winsock2::host_msg_flags(flags as i32)?;
    if lpOverlapped != 0 {
        let transfer = Transfer {
            direction: Direction::Receive {
                flags,
                flags_out: lpFlags.addr(),
            },
            bufs,
            overlapped: lpOverlapped,
        };
        return start(&sock, transfer, lpNumberOfBytesRecvd, lpCompletionRoutine);
    }
    let result = net::recv_vectored(sock.fd(), &bufs, flags);
    reenable(&sock, ws::FD_READ);
    let (n, _) = result.map_err(|e| transfer_error(&sock, e))?;
    lpNumberOfBytesRecvd.write(n as u32);
    lpFlags.write(0);
    Ok(OK)
}

#[dllexport]
pub fn WSAGetOverlappedResult(
    s: u64,
    lpOverlapped: u64,
    lpcbTransfer: GuestPtr<u32>,
    fWait: bool,
    lpdwFlags: GuestPtr<u32>,
) -> Win32Result<()> {
    socket_of(s)?;
    if lpOverlapped == 0 || lpcbTransfer.is_null() || lpdwFlags.is_null() {
        return Err(wsa(ws::WSAEFAULT));
    }
    let status = || crate::abi::mem::read::<u64>(lpOverlapped + OV_INTERNAL).unwrap_or(0);
    if status() == STATUS_PENDING {
        if !fWait {
            return Err(wsa(ws::WSA_IO_INCOMPLETE));
        }
        let event = crate::abi::mem::read::<u64>(lpOverlapped + OV_EVENT).unwrap_or(0) & !1;
        while status() == STATUS_PENDING {
            crate::kernel32::synchapi::WaitForSingleObject(Handle(event), 100);
        }
    }
    let bytes = crate::abi::mem::read::<u64>(lpOverlapped + OV_INTERNAL_HIGH).unwrap_or(0);
    lpcbTransfer.write(bytes as u32);
    lpdwFlags.write(0);
    match status() as u32 {
        0 => Ok(()),
        s => Err(crate::abi::Win32Error(error_of(s))),
    }
}
