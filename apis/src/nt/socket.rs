//! Socket objects: what a SOCKET handle refers to. A socket is a kernel object in the one handle
//! table (so CloseHandle, DuplicateHandle, ReadFile and WriteFile work on it, as on Windows),
//! wrapping a host socket descriptor and the Winsock-side facts about it.

use super::file::FileObject;
use crate::abi::Handle;
use crate::abi::handles::{HANDLES, Object};
use std::os::fd::{OwnedFd, RawFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct SocketObject {
    /// The descriptor, as a pipe-typed file object for the file APIs (GetFileType of a socket
    /// is FILE_TYPE_PIPE on Windows).
    pub file: Arc<FileObject>,
    /// The Windows address family (AF_INET, AF_INET6 = 23).
    pub family: i32,
    pub socket_type: i32,
    pub protocol: i32,
    nonblocking: AtomicBool,
    /// A non-blocking connect is under way: select reports its failure in exceptfds.
    connecting: AtomicBool,
    /// Winsock's watcher thread knows the socket (event selection, overlapped transfers):
    /// calls that re-enable network events tell it, others skip it.
    pub watched: AtomicBool,
}

impl Object for SocketObject {
    fn type_name(&self) -> &'static str {
        "Socket"
    }
}

impl SocketObject {
    pub fn new(fd: OwnedFd, family: i32, socket_type: i32, protocol: i32) -> Self {
        SocketObject {
            file: Arc::new(FileObject::owned(fd)),
            family,
            socket_type,
            protocol,
            nonblocking: AtomicBool::new(false),
            connecting: AtomicBool::new(false),
            watched: AtomicBool::new(false),
        }
    }

    pub fn fd(&self) -> RawFd {
        self.file.fd()
    }

    pub fn nonblocking(&self) -> bool {
        self.nonblocking.load(Ordering::Relaxed)
    }

    pub fn set_nonblocking_flag(&self, on: bool) {
        self.nonblocking.store(on, Ordering::Relaxed);
    }

    pub fn connecting(&self) -> bool {
        self.connecting.load(Ordering::Relaxed)
    }

    pub fn set_connecting(&self, on: bool) {
        self.connecting.store(on, Ordering::Relaxed);
    }
}

/// The socket behind `handle`, or `None` when it is no socket.
pub fn get(handle: Handle) -> Option<Arc<SocketObject>> {
    HANDLES.get::<SocketObject>(handle).ok()
}
