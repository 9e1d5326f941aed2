//! Named pipes (`\\.\pipe\name`). Each server instance is one end of a connected pair of Unix
//! sockets made when the instance is created; the other end waits in the instance for the
//! client whose CreateFile takes it. Message-type pipes use SOCK_SEQPACKET, so every write stays
//! one record; a read that takes part of a record keeps the rest for the next read.
//! DisconnectNamedPipe puts a fresh pair in place (dup3 over the server's descriptor), which
//! cuts the old client off.

use super::file::FileObject;
use super::io::{Notify, Overlapped};
use crate::abi::{Win32Error, Win32Result, host};
use std::collections::HashMap;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::Instant;
use windows_sys::Win32::Storage::FileSystem as fsc;
use windows_sys::Win32::System::Pipes as ps;

/// What one CreateNamedPipe name stands for; shared by its instances.
struct Pipe {
    /// Its name (from `pipe_name`), which clients open it by.
    key: String,
    messages: bool,
    max_instances: u32,
    out_size: u32,
    in_size: u32,
    default_timeout: u32,
    /// Live instances.
    instances: Mutex<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// Waiting for a client (a client may come before ConnectNamedPipe).
    Listening,
    Connected,
    /// After DisconnectNamedPipe, until ConnectNamedPipe listens again.
    Disconnected,
    /// The server handle is closed.
    Closed,
}

struct InstanceState {
    phase: Phase,
    /// The socket a connecting client takes.
    client_end: Option<OwnedFd>,
    /// Counts connections, so a client cut off by DisconnectNamedPipe knows it.
    generation: u64,
    /// An overlapped ConnectNamedPipe waiting for a client.
    pending_connect: Option<(Overlapped, Weak<FileObject>)>,
}

/// One server instance of a named pipe.
pub struct Instance {
    pipe: Arc<Pipe>,
    state: Mutex<InstanceState>,
}

/// The pipe side of a file object that is an end of a named pipe.
pub struct PipeEnd {
    instance: Arc<Instance>,
    server: bool,
    /// For a client: the connection it belongs to.
    generation: u64,
    /// Specific rights (FILE_READ_DATA, FILE_WRITE_DATA) the end has.
    pub access: u32,
    read_messages: AtomicBool,
    nowait: AtomicBool,
    /// The handle was opened with FILE_FLAG_OVERLAPPED.
    pub overlapped: bool,
    /// The unread rest of a record a short read took.
    rest: Mutex<Vec<u8>>,
    /// The last handle to the end is closed.
    closed: AtomicBool,
}

struct Registry {
    pipes: HashMap<String, Weak<Pipe>>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);
/// Signalled when an instance starts listening or gets a client.
static CHANGED: Condvar = Condvar::new();

fn registry() -> MutexGuard<'static, Option<Registry>> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

fn copy_out(addr: u64, bytes: &[u8]) -> Win32Result<()> {
    if crate::abi::mem::write_slice(addr, bytes) {
        Ok(())
    } else {
        Err(Win32Error::NOACCESS)
    }
}

impl Instance {
    fn lock(&self) -> MutexGuard<'_, InstanceState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The part of `name` after `\\.\pipe\`, lowercased (pipe names ignore case); None when the
/// name is not in the pipe namespace.
pub fn pipe_name(name: &str) -> Option<String> {
    const PREFIX: &str = r"\\.\pipe\";
    let head = name.get(..PREFIX.len())?;
    head.eq_ignore_ascii_case(PREFIX)
        .then(|| name[PREFIX.len()..].to_lowercase())
}

/// What CreateNamedPipe was asked for.
pub struct ServerRequest {
    pub open_mode: u32,
    pub pipe_mode: u32,
    pub max_instances: u32,
    pub out_size: u32,
    pub in_size: u32,
    pub default_timeout: u32,
}

/// CreateNamedPipe: a new listening instance of pipe `key` (from `pipe_name`).
pub fn create_server(key: &str, req: &ServerRequest) -> Win32Result<FileObject> {
    let access_bits = req.open_mode & fsc::PIPE_ACCESS_DUPLEX;
    let messages = req.pipe_mode & ps::PIPE_TYPE_MESSAGE != 0;
    let read_messages = req.pipe_mode & ps::PIPE_READMODE_MESSAGE != 0;
    if access_bits == 0
        || !(1..=ps::PIPE_UNLIMITED_INSTANCES).contains(&req.max_instances)
        || (read_messages && !messages)
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let mut reg = registry();
    let reg = reg.get_or_insert_with(|| Registry {
        pipes: HashMap::new(),
    });
    let pipe = match reg.pipes.get(key).and_then(Weak::upgrade) {
        Some(pipe) => {
            let live = *pipe.instances.lock().unwrap_or_else(|e| e.into_inner());
            if req.open_mode & fsc::FILE_FLAG_FIRST_PIPE_INSTANCE != 0 || pipe.messages != messages
            {
                return Err(Win32Error::ACCESS_DENIED);
            }
            if live >= pipe.max_instances as usize {
                return Err(Win32Error::PIPE_BUSY);
            }
            pipe
        }
        None => {
            let pipe = Arc::new(Pipe {
                key: key.to_string(),
                messages,
                max_instances: req.max_instances,
                out_size: req.out_size,
                in_size: req.in_size,
                default_timeout: req.default_timeout,
                instances: Mutex::new(0),
            });
            reg.pipes.insert(key.to_string(), Arc::downgrade(&pipe));
            pipe
        }
    };
    let (server_fd, client_fd) = host::socketpair(messages)?;
    *pipe.instances.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    let instance = Arc::new(Instance {
        pipe,
        state: Mutex::new(InstanceState {
            phase: Phase::Listening,
            client_end: Some(client_fd),
            generation: 0,
            pending_connect: None,
        }),
    });
    let mut access = 0;
    if req.open_mode & fsc::PIPE_ACCESS_INBOUND != 0 {
        access |= fsc::FILE_READ_DATA;
    }
    if req.open_mode & fsc::PIPE_ACCESS_OUTBOUND != 0 {
        access |= fsc::FILE_WRITE_DATA;
    }
    listening().push(Arc::downgrade(&instance));
    let end = PipeEnd {
        instance,
        server: true,
        generation: 0,
        access,
        read_messages: AtomicBool::new(read_messages),
        nowait: AtomicBool::new(req.pipe_mode & ps::PIPE_NOWAIT != 0),
        overlapped: req.open_mode & fsc::FILE_FLAG_OVERLAPPED != 0,
        rest: Mutex::new(Vec::new()),
        closed: AtomicBool::new(false),
    };
    CHANGED.notify_all();
    Ok(FileObject::pipe(server_fd, end))
}

/// Pipe `key`, or ERROR_FILE_NOT_FOUND.
fn find_pipe(key: &str, reg: &Registry) -> Win32Result<Arc<Pipe>> {
    reg.pipes
        .get(key)
        .and_then(Weak::upgrade)
        .ok_or(Win32Error::FILE_NOT_FOUND)
}

/// Every server instance, weakly, so clients can find one that listens.
static LISTENING: Mutex<Vec<Weak<Instance>>> = Mutex::new(Vec::new());

fn listening() -> MutexGuard<'static, Vec<Weak<Instance>>> {
    LISTENING.lock().unwrap_or_else(|e| e.into_inner())
}

/// CreateFile on `\\.\pipe\key`: connects to a listening instance (ERROR_PIPE_BUSY when none
/// listens, ERROR_FILE_NOT_FOUND when the pipe does not exist).
pub fn open_client(key: &str, access: u32, flags: u32) -> Win32Result<FileObject> {
    let reg = registry();
    let pipe = find_pipe(key, reg.as_ref().ok_or(Win32Error::FILE_NOT_FOUND)?)?;
    let mut list = listening();
    list.retain(|w| w.strong_count() > 0);
    for instance in list.iter().filter_map(Weak::upgrade) {
        if !Arc::ptr_eq(&instance.pipe, &pipe) {
            continue;
        }
        let mut st = instance.lock();
        if st.phase != Phase::Listening {
            continue;
        }
        let Some(fd) = st.client_end.take() else {
            continue;
        };
        st.phase = Phase::Connected;
        let generation = st.generation;
        if let Some((ov, server)) = st.pending_connect.take()
            && let Some(server) = server.upgrade()
        {
            server
                .io
                .complete(ov, Win32Error::SUCCESS, 0, false, &Notify::Overlapped);
        }
        drop(st);
        let end = PipeEnd {
            instance: instance.clone(),
            server: false,
            generation,
            access,
            read_messages: AtomicBool::new(false),
            nowait: AtomicBool::new(false),
            overlapped: flags & fsc::FILE_FLAG_OVERLAPPED != 0,
            rest: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        };
        CHANGED.notify_all();
        return Ok(FileObject::pipe(fd, end));
    }
    Err(Win32Error::PIPE_BUSY)
}

/// WaitNamedPipe: waits until an instance of pipe `key` listens (ERROR_SEM_TIMEOUT when
/// `timeout_ms` passes first; 0 is the pipe's default time-out).
pub fn wait_listening(key: &str, timeout_ms: u32) -> Win32Result<()> {
    let mut reg = registry();
    let pipe = find_pipe(key, reg.as_ref().ok_or(Win32Error::FILE_NOT_FOUND)?)?;
    let ms = match timeout_ms {
        0 => pipe.default_timeout,
        ms => ms,
    };
    let deadline = super::sync::deadline(ms);
    loop {
        let listens = listening().iter().filter_map(Weak::upgrade).any(|i| {
            Arc::ptr_eq(&i.pipe, &pipe) && {
                let st = i.lock();
                st.phase == Phase::Listening && st.client_end.is_some()
            }
        });
        if listens {
            return Ok(());
        }
        reg = match deadline {
            None => CHANGED.wait(reg).unwrap_or_else(|e| e.into_inner()),
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return Err(Win32Error::SEM_TIMEOUT);
                }
                CHANGED
                    .wait_timeout(reg, d - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        };
    }
}

/// A name no program can spell, for a pipe created without one (NtCreateNamedPipeFile
/// relative to the pipe file system with an empty name): clients reach it only through the
/// server's handle.
pub fn anonymous_name() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    format!("\u{0}anonymous-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

impl PipeEnd {
    /// The name of the pipe this end belongs to (`open_client` reaches it by this key).
    pub fn key(&self) -> &str {
        &self.instance.pipe.key
    }

    fn server_end(&self) -> Win32Result<()> {
        if self.server {
            Ok(())
        } else {
            Err(Win32Error::INVALID_FUNCTION)
        }
    }

    /// ConnectNamedPipe on server `file`: waits for a client, or with `ov` on an overlapped
    /// handle returns ERROR_IO_PENDING and completes `ov` when the client comes.
    pub fn connect(&self, file: &Arc<FileObject>, ov: Option<Overlapped>) -> Win32Result<()> {
        self.server_end()?;
        let mut reg = registry();
        {
            let mut st = self.instance.lock();
            match st.phase {
                Phase::Connected if host::hung_up(file.fd()) => {
                    return Err(Win32Error::NO_DATA);
                }
                Phase::Connected => return Err(Win32Error::PIPE_CONNECTED),
                Phase::Disconnected => {
                    st.phase = Phase::Listening;
                    CHANGED.notify_all();
                }
                Phase::Listening | Phase::Closed => {}
            }
            if self.nowait.load(Ordering::Relaxed) {
                return Err(Win32Error::PIPE_LISTENING);
            }
            if let Some(ov) = ov.filter(|_| self.overlapped) {
                ov.start();
                st.pending_connect = Some((ov, Arc::downgrade(file)));
                return Err(Win32Error::IO_PENDING);
            }
        }
        loop {
            if self.instance.lock().phase == Phase::Connected {
                if let Some(ov) = ov {
                    file.io
                        .complete(ov, Win32Error::SUCCESS, 0, true, &Notify::Overlapped);
                }
                return Ok(());
            }
            reg = CHANGED.wait(reg).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Cancels an overlapped ConnectNamedPipe in flight (the one on `ov`, or any with None):
    /// it ends with ERROR_OPERATION_ABORTED. Whether there was one.
    pub fn cancel_connect(&self, ov: Option<u64>) -> bool {
        let mut st = self.instance.lock();
        let matches = st
            .pending_connect
            .as_ref()
            .is_some_and(|(o, _)| ov.is_none_or(|a| a == o.0.addr()));
        if !matches {
            return false;
        }
        let (o, server) = st.pending_connect.take().expect("checked above");
        drop(st);
        if let Some(server) = server.upgrade() {
            let aborted = Win32Error::OPERATION_ABORTED;
            server
                .io
                .complete(o, aborted, 0, false, &Notify::Overlapped);
        }
        true
    }

    /// DisconnectNamedPipe: cuts the client off (unread data is lost) and leaves the instance
    /// disconnected until ConnectNamedPipe.
    pub fn disconnect(&self, server_fd: i32) -> Win32Result<()> {
        self.server_end()?;
        let _reg = registry();
        let mut st = self.instance.lock();
        if st.phase == Phase::Listening {
            return Err(Win32Error::PIPE_LISTENING);
        }
        let (fresh, client) = host::socketpair(self.instance.pipe.messages)?;
        host::replace_fd(fresh.as_raw_fd(), server_fd)?;
        st.client_end = Some(client);
        st.phase = Phase::Disconnected;
        st.generation += 1;
        if let Some((ov, server)) = st.pending_connect.take()
            && let Some(server) = server.upgrade()
        {
            server.io.complete(
                ov,
                Win32Error::PIPE_NOT_CONNECTED,
                0,
                false,
                &Notify::Overlapped,
            );
        }
        self.rest.lock().unwrap_or_else(|e| e.into_inner()).clear();
        Ok(())
    }

    /// Why this end cannot transfer data now, if it cannot.
    fn check_connected(&self) -> Win32Result<()> {
        let st = self.instance.lock();
        if self.server {
            return match st.phase {
                Phase::Listening => Err(Win32Error::PIPE_LISTENING),
                Phase::Disconnected => Err(Win32Error::PIPE_NOT_CONNECTED),
                Phase::Connected | Phase::Closed => Ok(()),
            };
        }
        if st.generation != self.generation {
            return Err(Win32Error::PIPE_NOT_CONNECTED);
        }
        Ok(())
    }

    /// The error for a read that found the other end gone.
    fn end_of_pipe(&self) -> Win32Error {
        match self.check_connected() {
            Err(e) => e,
            Ok(()) => Win32Error::BROKEN_PIPE,
        }
    }

    /// Reads up to `len` bytes into guest memory at `addr`: the count and whether a message
    /// was cut short (ERROR_MORE_DATA in message read mode). With `try_only` (or in PIPE_NOWAIT
    /// mode) an empty pipe fails with ERROR_NO_DATA instead of waiting.
    pub fn read(
        &self,
        fd: i32,
        addr: u64,
        len: usize,
        try_only: bool,
    ) -> Win32Result<(usize, bool)> {
        self.check_connected()?;
        let nowait = try_only || self.nowait.load(Ordering::Relaxed);
        let read_messages = self.read_messages.load(Ordering::Relaxed);
        let mut rest = self.rest.lock().unwrap_or_else(|e| e.into_inner());
        if !rest.is_empty() {
            let n = len.min(rest.len());
            copy_out(addr, &rest[..n])?;
            rest.drain(..n);
            return Ok((n, read_messages && !rest.is_empty()));
        }
        if !self.instance.pipe.messages {
            let n = match host::recv(fd, addr, len, false, nowait) {
                Err(Win32Error::NO_DATA) if nowait && host::hung_up(fd) => 0,
                other => other?,
            };
            if n == 0 && len > 0 {
                return Err(self.end_of_pipe());
            }
            return Ok((n, false));
        }
        let record = host::next_record_len(fd, nowait)?;
        if record == 0 && host::hung_up(fd) && host::bytes_readable(fd)? == 0 {
            return Err(self.end_of_pipe());
        }
        if record <= len {
            return Ok((host::recv(fd, addr, len, false, false)?, false));
        }
        let mut whole = vec![0u8; record];
        let got = host::recv_record(fd, &mut whole)?;
        whole.truncate(got);
        let n = len.min(got);
        copy_out(addr, &whole[..n])?;
        whole.drain(..n);
        *rest = whole;
        Ok((n, read_messages && !rest.is_empty()))
    }

    /// Whether the end is in PIPE_NOWAIT mode.
    pub fn nowait(&self) -> bool {
        self.nowait.load(Ordering::Relaxed)
    }

    /// Writes `len` guest bytes at `addr` (one message on a message-type pipe).
    pub fn write(&self, fd: i32, addr: u64, len: usize) -> Win32Result<usize> {
        self.check_connected()?;
        if self.instance.pipe.messages {
            return host::write(fd, addr, len);
        }
        let mut done = 0;
        while done < len {
            match host::write(fd, addr + done as u64, len - done) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if done == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(done)
    }

    /// PeekNamedPipe: copies up to `len` waiting bytes to `addr` without taking them; returns
    /// (bytes copied, bytes waiting, bytes left in the current message).
    ///
    /// For message pipes the host reports the next record only: the count of bytes waiting
    /// includes no later messages.
    pub fn peek(&self, fd: i32, addr: u64, len: usize) -> Win32Result<(u32, u32, u32)> {
        self.check_connected()?;
        let rest = self.rest.lock().unwrap_or_else(|e| e.into_inner());
        let queued = host::bytes_readable(fd)?;
        if rest.is_empty() && queued == 0 && host::hung_up(fd) {
            return Err(self.end_of_pipe());
        }
        let mut copied = 0;
        if !rest.is_empty() {
            copied = len.min(rest.len());
            copy_out(addr, &rest[..copied])?;
        } else if len > 0 && queued > 0 {
            copied = host::recv(fd, addr, len, true, true)?;
        }
        let waiting = rest.len() as u32 + queued;
        let this_message = match (self.instance.pipe.messages, rest.is_empty()) {
            (false, _) => 0,
            (true, false) => rest.len() as u32,
            (true, true) => queued,
        };
        Ok((copied as u32, waiting, this_message))
    }

    /// GetNamedPipeInfo: (flags, out buffer size, in buffer size, max instances).
    pub fn info(&self) -> (u32, u32, u32, u32) {
        let pipe = &self.instance.pipe;
        let mut flags = 0;
        if self.server {
            flags |= ps::PIPE_SERVER_END;
        }
        if pipe.messages {
            flags |= ps::PIPE_TYPE_MESSAGE;
        }
        (flags, pipe.out_size, pipe.in_size, pipe.max_instances)
    }

    /// SetNamedPipeHandleState's mode: PIPE_READMODE_* | PIPE_WAIT/PIPE_NOWAIT.
    pub fn set_mode(&self, mode: u32) -> Win32Result<()> {
        let messages = mode & ps::PIPE_READMODE_MESSAGE != 0;
        if mode & !(ps::PIPE_READMODE_MESSAGE | ps::PIPE_NOWAIT) != 0
            || (messages && !self.instance.pipe.messages)
        {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        self.read_messages.store(messages, Ordering::Relaxed);
        self.nowait
            .store(mode & ps::PIPE_NOWAIT != 0, Ordering::Relaxed);
        Ok(())
    }
}

impl PipeEnd {
    /// The last handle is closed: a server instance stops counting against the pipe's limit
    /// and takes no more clients.
    pub fn close(&self) {
        if !self.server || self.closed.swap(true, Ordering::Relaxed) {
            return;
        }
        let _reg = registry();
        let mut st = self.instance.lock();
        st.phase = Phase::Closed;
        st.client_end = None;
        drop(st);
        let pipe = &self.instance.pipe;
        let mut live = pipe.instances.lock().unwrap_or_else(|e| e.into_inner());
        *live = live.saturating_sub(1);
    }
}

impl Drop for PipeEnd {
    fn drop(&mut self) {
        self.close();
    }
}
