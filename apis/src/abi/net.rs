//! Host socket calls for ws2_32: socket(2) and friends on Linux socket addresses, with guest
//! buffers handed to the kernel directly (no copy), and the resolver (getaddrinfo(3)).
//!
//! Errors come back as the raw errno: Winsock maps them to its own WSAE* codes.

use std::ffi::{CStr, CString};
use std::mem::{MaybeUninit, size_of};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

/// A raw errno value.
pub type Errno = i32;

fn errno() -> Errno {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// Runs a system call returning -1 on failure, retrying on EINTR.
fn retry(mut call: impl FnMut() -> isize) -> Result<usize, Errno> {
    loop {
        let rc = call();
        if rc >= 0 {
            return Ok(rc as usize);
        }
        let e = errno();
        if e != libc::EINTR {
            return Err(e);
        }
    }
}

/// A Linux socket address (any family) and its length.
#[derive(Clone, Copy)]
pub struct SockAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    /// The address from its raw bytes (Linux layout: family first, in host order).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let mut addr = Self::empty();
        let n = bytes.len().min(size_of::<libc::sockaddr_storage>());
        // SAFETY: `storage` is plain bytes of `sockaddr_storage` size; at most that many are
        // copied into it from the slice.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), &raw mut addr.storage as *mut u8, n)
        };
        addr.len = n as libc::socklen_t;
        addr
    }

    fn empty() -> Self {
        SockAddr {
            // SAFETY: sockaddr_storage is plain integers; all-zero is valid.
            storage: unsafe { MaybeUninit::zeroed().assume_init() },
            len: size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }

    /// The address's bytes (Linux layout).
    pub fn bytes(&self) -> &[u8] {
        let len = (self.len as usize).min(size_of::<libc::sockaddr_storage>());
        // SAFETY: `storage` is `sockaddr_storage` bytes long and `len` is clamped to that.
        unsafe { std::slice::from_raw_parts(&raw const self.storage as *const u8, len) }
    }

    pub fn family(&self) -> i32 {
        self.storage.ss_family as i32
    }

    fn ptr(&self) -> *const libc::sockaddr {
        &raw const self.storage as *const libc::sockaddr
    }
}

pub fn socket(domain: i32, ty: i32, protocol: i32) -> Result<OwnedFd, Errno> {
    // SAFETY: socket(2) takes no pointers.
    let fd = retry(|| unsafe { libc::socket(domain, ty | libc::SOCK_CLOEXEC, protocol) } as isize)?;
    // SAFETY: the kernel just handed out this descriptor; nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

pub fn bind(fd: RawFd, addr: &SockAddr) -> Result<(), Errno> {
    // SAFETY: `addr` points at `len` initialised bytes of a sockaddr_storage.
    retry(|| unsafe { libc::bind(fd, addr.ptr(), addr.len) } as isize).map(drop)
}

pub fn connect(fd: RawFd, addr: &SockAddr) -> Result<(), Errno> {
    // SAFETY: as for bind. EINTR is not retried: the connection goes on in the background, and
    // a second connect would report EALREADY.
    let rc = unsafe { libc::connect(fd, addr.ptr(), addr.len) };
    if rc < 0 { Err(errno()) } else { Ok(()) }
}

pub fn listen(fd: RawFd, backlog: i32) -> Result<(), Errno> {
    // SAFETY: listen(2) takes no pointers.
    retry(|| unsafe { libc::listen(fd, backlog) } as isize).map(drop)
}

pub fn accept(fd: RawFd) -> Result<(OwnedFd, SockAddr), Errno> {
    let mut addr = SockAddr::empty();
    // SAFETY: the kernel writes at most `addr.len` bytes into `storage` and updates `len`.
    let new = retry(|| unsafe {
        libc::accept4(
            fd,
            &raw mut addr.storage as *mut libc::sockaddr,
            &mut addr.len,
            libc::SOCK_CLOEXEC,
        )
    } as isize)?;
    // SAFETY: the kernel just handed out this descriptor.
    Ok((unsafe { OwnedFd::from_raw_fd(new as RawFd) }, addr))
}

/// send(2) of `len` guest bytes at `buf` (never raises SIGPIPE).
pub fn send(fd: RawFd, buf: u64, len: usize, flags: i32) -> Result<usize, Errno> {
    // SAFETY: the kernel reads `len` bytes at `buf`, readable by the API's contract; a bad
    // address yields EFAULT.
    retry(|| unsafe {
        libc::send(
            fd,
            buf as *const libc::c_void,
            len,
            flags | libc::MSG_NOSIGNAL,
        )
    })
}

/// sendto(2) of guest bytes to `to`.
pub fn send_to(fd: RawFd, buf: u64, len: usize, flags: i32, to: &SockAddr) -> Result<usize, Errno> {
    // SAFETY: as for `send`; `to` points at `len` initialised address bytes.
    retry(|| unsafe {
        libc::sendto(
            fd,
            buf as *const libc::c_void,
            len,
            flags | libc::MSG_NOSIGNAL,
            to.ptr(),
            to.len,
        )
    })
}

/// recv(2) into `len` guest bytes at `buf`.
pub fn recv(fd: RawFd, buf: u64, len: usize, flags: i32) -> Result<usize, Errno> {
    // SAFETY: the kernel writes at most `len` bytes at `buf`, writable by the API's contract.
    retry(|| unsafe { libc::recv(fd, buf as *mut libc::c_void, len, flags) })
}

/// recvfrom(2) into guest bytes; also returns the sender's address.
pub fn recv_from(fd: RawFd, buf: u64, len: usize, flags: i32) -> Result<(usize, SockAddr), Errno> {
    let mut from = SockAddr::empty();
    // SAFETY: as for `recv`; the kernel writes at most `from.len` bytes of address.
    let n = retry(|| unsafe {
        libc::recvfrom(
            fd,
            buf as *mut libc::c_void,
            len,
            flags,
            &raw mut from.storage as *mut libc::sockaddr,
            &mut from.len,
        )
    })?;
    Ok((n, from))
}

pub fn shutdown(fd: RawFd, how: i32) -> Result<(), Errno> {
    // SAFETY: shutdown(2) takes no pointers.
    retry(|| unsafe { libc::shutdown(fd, how) } as isize).map(drop)
}

/// getsockname(2) (`peer` false) or getpeername(2).
pub fn name(fd: RawFd, peer: bool) -> Result<SockAddr, Errno> {
    let mut addr = SockAddr::empty();
    let p = &raw mut addr.storage as *mut libc::sockaddr;
    // SAFETY: the kernel writes at most `addr.len` bytes into `storage` and updates `len`.
    let rc = unsafe {
        if peer {
            libc::getpeername(fd, p, &mut addr.len)
        } else {
            libc::getsockname(fd, p, &mut addr.len)
        }
    };
    if rc < 0 { Err(errno()) } else { Ok(addr) }
}

/// setsockopt(2) with an option value of raw bytes.
pub fn set_option(fd: RawFd, level: i32, name: i32, value: &[u8]) -> Result<(), Errno> {
    // SAFETY: the kernel reads `value.len()` bytes from the slice.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            value.as_ptr() as *const libc::c_void,
            value.len() as libc::socklen_t,
        )
    };
    if rc < 0 { Err(errno()) } else { Ok(()) }
}

/// getsockopt(2) into `value`; returns the length the kernel reported.
pub fn get_option(fd: RawFd, level: i32, name: i32, value: &mut [u8]) -> Result<usize, Errno> {
    let mut len = value.len() as libc::socklen_t;
    // SAFETY: the kernel writes at most `len` bytes into the slice and updates `len`.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            level,
            name,
            value.as_mut_ptr() as *mut libc::c_void,
            &mut len,
        )
    };
    if rc < 0 {
        Err(errno())
    } else {
        Ok(len as usize)
    }
}

/// Sets or clears O_NONBLOCK.
pub fn set_nonblocking(fd: RawFd, on: bool) -> Result<(), Errno> {
    // SAFETY: fcntl(2) F_GETFL/F_SETFL take no pointers.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(errno());
    }
    let flags = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags) } < 0 {
        return Err(errno());
    }
    Ok(())
}

/// The bytes waiting to be read (FIONREAD).
pub fn bytes_readable(fd: RawFd) -> Result<u32, Errno> {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int at the pointer.
    if unsafe { libc::ioctl(fd, libc::FIONREAD, &mut n) } < 0 {
        return Err(errno());
    }
    Ok(n as u32)
}

/// poll(2) over `fds`; `timeout_ms` < 0 waits forever. Returns how many have events.
pub fn poll(fds: &mut [libc::pollfd], timeout_ms: i32) -> Result<usize, Errno> {
    // SAFETY: the kernel reads and writes `fds.len()` pollfd entries of the slice.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    if rc < 0 {
        Err(errno())
    } else {
        Ok(rc as usize)
    }
}

/// One result of `resolve`.
pub struct Resolved {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub addr: SockAddr,
    pub canonname: Option<Vec<u8>>,
}

/// getaddrinfo(3). `Err` is the EAI_* code (negative) and, for EAI_SYSTEM, errno.
pub fn resolve(
    host: Option<&CStr>,
    service: Option<&CStr>,
    flags: i32,
    family: i32,
    socktype: i32,
    protocol: i32,
) -> Result<Vec<Resolved>, (i32, Errno)> {
    // SAFETY: addrinfo is plain integers and pointers; all-zero (null pointers) is valid.
    let mut hints: libc::addrinfo = unsafe { MaybeUninit::zeroed().assume_init() };
    hints.ai_flags = flags;
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: the strings are NUL-terminated or null, `hints` is initialised, and `list`
    // receives a list that is freed below.
    let rc = unsafe {
        libc::getaddrinfo(
            host.map_or(std::ptr::null(), CStr::as_ptr),
            service.map_or(std::ptr::null(), CStr::as_ptr),
            &hints,
            &mut list,
        )
    };
    if rc != 0 {
        return Err((rc, errno()));
    }
    let mut out = Vec::new();
    let mut at = list;
    while !at.is_null() {
        // SAFETY: `at` is a node of the list getaddrinfo returned, not yet freed.
        let node = unsafe { &*at };
        let len = (node.ai_addrlen as usize).min(size_of::<libc::sockaddr_storage>());
        let addr = if node.ai_addr.is_null() {
            SockAddr::from_bytes(&[])
        } else {
            // SAFETY: ai_addr points at ai_addrlen bytes of address.
            SockAddr::from_bytes(unsafe {
                std::slice::from_raw_parts(node.ai_addr as *const u8, len)
            })
        };
        let canonname = (!node.ai_canonname.is_null()).then(|| {
            // SAFETY: ai_canonname is a NUL-terminated string of the list.
            let name = unsafe { CStr::from_ptr(node.ai_canonname) };
            name.to_bytes().to_vec()
        });
        out.push(Resolved {
            family: node.ai_family,
            socktype: node.ai_socktype,
            protocol: node.ai_protocol,
            addr,
            canonname,
        });
        at = node.ai_next;
    }
    // SAFETY: `list` came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(out)
}

/// getnameinfo(3): the host and service names of `addr`. `Err` is the EAI_* code.
pub fn name_info(addr: &SockAddr, flags: i32) -> Result<(Vec<u8>, Vec<u8>), i32> {
    let mut host = [0 as libc::c_char; 1025];
    let mut serv = [0 as libc::c_char; 32];
    // SAFETY: `addr` holds `len` address bytes; the buffers are writable for their lengths
    // and come back NUL-terminated on success.
    let rc = unsafe {
        libc::getnameinfo(
            addr.ptr(),
            addr.len,
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            serv.as_mut_ptr(),
            serv.len() as libc::socklen_t,
            flags,
        )
    };
    if rc != 0 {
        return Err(rc);
    }
    // SAFETY: getnameinfo succeeded, so both buffers hold NUL-terminated strings.
    let (h, s) = unsafe { (CStr::from_ptr(host.as_ptr()), CStr::from_ptr(serv.as_ptr())) };
    Ok((h.to_bytes().to_vec(), s.to_bytes().to_vec()))
}

/// The host's name (gethostname(2)).
pub fn host_name() -> Vec<u8> {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: the kernel writes at most `buf.len()` bytes.
    if unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len()) } < 0 {
        return b"localhost".to_vec();
    }
    buf[buf.len() - 1] = 0;
    // SAFETY: NUL-terminated just above at the latest.
    unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec()
}

/// A C string for the resolver; `None` for interior NULs (which no host name has).
pub fn c_string(bytes: Vec<u8>) -> Option<CString> {
    CString::new(bytes).ok()
}

fn iovecs(bufs: &[(u64, usize)]) -> Vec<libc::iovec> {
    bufs.iter()
        .map(|&(addr, len)| libc::iovec {
            iov_base: addr as *mut libc::c_void,
            iov_len: len,
        })
        .collect()
}

/// sendmsg(2) of several guest buffers in one call (WSASend's WSABUF array).
pub fn send_vectored(fd: RawFd, bufs: &[(u64, usize)], flags: i32) -> Result<usize, Errno> {
    let mut iov = iovecs(bufs);
    // SAFETY: msghdr is plain integers and pointers; all-zero is valid.
    let mut msg: libc::msghdr = unsafe { MaybeUninit::zeroed().assume_init() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = iov.len();
    // SAFETY: the kernel reads the buffers the iovecs name, readable by the API's contract.
    retry(|| unsafe { libc::sendmsg(fd, &msg, flags | libc::MSG_NOSIGNAL) })
}

/// recvmsg(2) into several guest buffers (WSARecv's WSABUF array); also returns MSG_* flags
/// the kernel set (MSG_TRUNC ...).
pub fn recv_vectored(fd: RawFd, bufs: &[(u64, usize)], flags: i32) -> Result<(usize, i32), Errno> {
    let mut iov = iovecs(bufs);
    // SAFETY: as in `send_vectored`.
    let mut msg: libc::msghdr = unsafe { MaybeUninit::zeroed().assume_init() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = iov.len();
    // SAFETY: the kernel writes into the buffers the iovecs name, writable by the API's
    // contract.
    let n = retry(|| unsafe { libc::recvmsg(fd, &mut msg, flags) })?;
    Ok((n, msg.msg_flags))
}

/// An eventfd that wakes a thread blocked in `poll`.
pub fn event_fd() -> Result<OwnedFd, Errno> {
    // SAFETY: eventfd(2) takes no pointers.
    let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
    if fd < 0 {
        return Err(errno());
    }
    // SAFETY: the kernel just handed out this descriptor.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Makes `fd` (an eventfd) readable.
pub fn signal_event_fd(fd: RawFd) {
    let one = 1u64;
    // SAFETY: writes the 8 bytes of `one`. A full counter (EAGAIN) is already signalled.
    unsafe { libc::write(fd, &raw const one as *const libc::c_void, 8) };
}

/// Clears an eventfd's count.
pub fn drain_event_fd(fd: RawFd) {
    let mut count = 0u64;
    // SAFETY: reads at most 8 bytes into `count`. Nothing to read (EAGAIN) is fine.
    unsafe { libc::read(fd, &raw mut count as *mut libc::c_void, 8) };
}

/// Makes `target` refer to the socket `source` refers to (dup3(2)), keeping close-on-exec:
/// AcceptEx turns the socket the caller made beforehand into the accepted connection.
pub fn replace(source: RawFd, target: RawFd) -> Result<(), Errno> {
    // SAFETY: dup3(2) takes no pointers; `target` is a descriptor the caller owns.
    retry(|| unsafe { libc::dup3(source, target, libc::O_CLOEXEC) } as isize).map(drop)
}
