//! File objects: what a file, pipe or console handle refers to. They wrap a host file descriptor
//! and carry the Windows-side facts (file type, console or not).

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{Handle, Win32Error, Win32Result, host};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;

/// What GetFileType reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Disk,
    /// A character device: the console, NUL, a serial line.
    Char,
    Pipe,
}

pub struct FileObject {
    fd: Fd,
    pub file_type: FileType,
    /// The handle is a console (its fd is a terminal): console APIs accept it.
    pub console: bool,
}

/// Std handles borrow winrun's own fds 0-2 (they outlive every guest handle); others own theirs.
enum Fd {
    Borrowed(RawFd),
    Owned(OwnedFd),
}

impl Object for FileObject {
    fn type_name(&self) -> &'static str {
        "File"
    }
}

impl FileObject {
    fn classify(fd: RawFd) -> (FileType, bool) {
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        let ft = match host::fstat(fd, &mut st) {
            Ok(st) => match st.st_mode & libc::S_IFMT {
                libc::S_IFIFO | libc::S_IFSOCK => FileType::Pipe,
                libc::S_IFCHR => FileType::Char,
                _ => FileType::Disk,
            },
            Err(_) => FileType::Disk,
        };
        (ft, host::isatty(fd))
    }

    /// A file object for one of winrun's own standard fds.
    pub fn std(fd: RawFd) -> Self {
        let (file_type, console) = Self::classify(fd);
        FileObject {
            fd: Fd::Borrowed(fd),
            file_type,
            console,
        }
    }

    pub fn owned(fd: OwnedFd) -> Self {
        let (file_type, console) = Self::classify(fd.as_raw_fd());
        FileObject {
            fd: Fd::Owned(fd),
            file_type,
            console,
        }
    }

    pub fn fd(&self) -> RawFd {
        match &self.fd {
            Fd::Borrowed(fd) => *fd,
            Fd::Owned(fd) => fd.as_raw_fd(),
        }
    }

    /// Writes all of `len` guest bytes at `addr`; returns the count written.
    pub fn write(&self, addr: u64, len: usize) -> Win32Result<usize> {
        let mut done = 0;
        while done < len {
            match host::write(self.fd(), addr + done as u64, len - done) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if done == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(done)
    }

    /// Writes host bytes (converted text) to the file.
    pub fn write_bytes(&self, bytes: &[u8]) -> Win32Result<usize> {
        self.write(bytes.as_ptr() as u64, bytes.len())
    }

    /// Reads up to `len` bytes into guest memory at `addr`; 0 at end of file.
    pub fn read(&self, addr: u64, len: usize) -> Win32Result<usize> {
        match host::read(self.fd(), addr, len) {
            // A pipe whose writers are gone reads as ERROR_BROKEN_PIPE on Windows; a file as 0.
            Ok(0) if self.file_type == FileType::Pipe && len > 0 => Err(Win32Error::BROKEN_PIPE),
            other => other,
        }
    }
}

/// The file object behind `handle`.
pub fn get(handle: Handle) -> Win32Result<Arc<FileObject>> {
    HANDLES.get::<FileObject>(handle)
}
