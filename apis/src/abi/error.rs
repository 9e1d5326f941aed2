//! Windows error codes: `Win32Error` (GetLastError values) and `NtStatus`, newtypes over the raw
//! number so any value a guest sets stays representable, and the one errno → error mapping.

use windows_sys::Win32::Foundation as f;

/// A Win32 error code (the value of GetLastError).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Win32Error(pub u32);

/// The result of an API that fails by setting the last error.
pub type Win32Result<T> = Result<T, Win32Error>;

impl Win32Error {
    pub const SUCCESS: Self = Self(f::ERROR_SUCCESS);
    pub const INVALID_FUNCTION: Self = Self(f::ERROR_INVALID_FUNCTION);
    pub const FILE_NOT_FOUND: Self = Self(f::ERROR_FILE_NOT_FOUND);
    pub const PATH_NOT_FOUND: Self = Self(f::ERROR_PATH_NOT_FOUND);
    pub const TOO_MANY_OPEN_FILES: Self = Self(f::ERROR_TOO_MANY_OPEN_FILES);
    pub const ACCESS_DENIED: Self = Self(f::ERROR_ACCESS_DENIED);
    pub const INVALID_HANDLE: Self = Self(f::ERROR_INVALID_HANDLE);
    pub const NOT_ENOUGH_MEMORY: Self = Self(f::ERROR_NOT_ENOUGH_MEMORY);
    pub const INVALID_ACCESS: Self = Self(f::ERROR_INVALID_ACCESS);
    pub const INVALID_DATA: Self = Self(f::ERROR_INVALID_DATA);
    pub const OUTOFMEMORY: Self = Self(f::ERROR_OUTOFMEMORY);
    pub const NOT_SAME_DEVICE: Self = Self(f::ERROR_NOT_SAME_DEVICE);
    pub const NO_MORE_FILES: Self = Self(f::ERROR_NO_MORE_FILES);
    pub const WRITE_PROTECT: Self = Self(f::ERROR_WRITE_PROTECT);
    pub const NOT_READY: Self = Self(f::ERROR_NOT_READY);
    pub const SHARING_VIOLATION: Self = Self(f::ERROR_SHARING_VIOLATION);
    pub const LOCK_VIOLATION: Self = Self(f::ERROR_LOCK_VIOLATION);
    pub const HANDLE_EOF: Self = Self(f::ERROR_HANDLE_EOF);
    pub const NOT_SUPPORTED: Self = Self(f::ERROR_NOT_SUPPORTED);
    pub const FILE_EXISTS: Self = Self(f::ERROR_FILE_EXISTS);
    pub const INVALID_PARAMETER: Self = Self(f::ERROR_INVALID_PARAMETER);
    pub const BROKEN_PIPE: Self = Self(f::ERROR_BROKEN_PIPE);
    pub const DISK_FULL: Self = Self(f::ERROR_DISK_FULL);
    pub const CALL_NOT_IMPLEMENTED: Self = Self(f::ERROR_CALL_NOT_IMPLEMENTED);
    pub const INSUFFICIENT_BUFFER: Self = Self(f::ERROR_INSUFFICIENT_BUFFER);
    pub const INVALID_NAME: Self = Self(f::ERROR_INVALID_NAME);
    pub const MOD_NOT_FOUND: Self = Self(f::ERROR_MOD_NOT_FOUND);
    pub const PROC_NOT_FOUND: Self = Self(f::ERROR_PROC_NOT_FOUND);
    pub const DIR_NOT_EMPTY: Self = Self(f::ERROR_DIR_NOT_EMPTY);
    pub const BAD_ARGUMENTS: Self = Self(f::ERROR_BAD_ARGUMENTS);
    pub const BAD_PATHNAME: Self = Self(f::ERROR_BAD_PATHNAME);
    pub const ALREADY_EXISTS: Self = Self(f::ERROR_ALREADY_EXISTS);
    pub const FILENAME_EXCED_RANGE: Self = Self(f::ERROR_FILENAME_EXCED_RANGE);
    pub const BAD_EXE_FORMAT: Self = Self(f::ERROR_BAD_EXE_FORMAT);
    pub const ENVVAR_NOT_FOUND: Self = Self(f::ERROR_ENVVAR_NOT_FOUND);
    pub const NO_DATA: Self = Self(f::ERROR_NO_DATA);
    pub const MORE_DATA: Self = Self(f::ERROR_MORE_DATA);
    pub const DIRECTORY: Self = Self(f::ERROR_DIRECTORY);
    pub const NOT_OWNER: Self = Self(f::ERROR_NOT_OWNER);
    pub const PARTIAL_COPY: Self = Self(f::ERROR_PARTIAL_COPY);
    pub const INVALID_ADDRESS: Self = Self(f::ERROR_INVALID_ADDRESS);
    pub const OPERATION_ABORTED: Self = Self(f::ERROR_OPERATION_ABORTED);
    pub const IO_PENDING: Self = Self(f::ERROR_IO_PENDING);
    pub const IO_INCOMPLETE: Self = Self(f::ERROR_IO_INCOMPLETE);
    pub const PIPE_BUSY: Self = Self(f::ERROR_PIPE_BUSY);
    pub const PIPE_CONNECTED: Self = Self(f::ERROR_PIPE_CONNECTED);
    pub const PIPE_LISTENING: Self = Self(f::ERROR_PIPE_LISTENING);
    pub const PIPE_NOT_CONNECTED: Self = Self(f::ERROR_PIPE_NOT_CONNECTED);
    pub const BAD_PIPE: Self = Self(f::ERROR_BAD_PIPE);
    pub const SEM_TIMEOUT: Self = Self(f::ERROR_SEM_TIMEOUT);
    pub const NOACCESS: Self = Self(f::ERROR_NOACCESS);
    pub const INVALID_FLAGS: Self = Self(f::ERROR_INVALID_FLAGS);
    pub const NO_UNICODE_TRANSLATION: Self = Self(f::ERROR_NO_UNICODE_TRANSLATION);
    pub const DLL_INIT_FAILED: Self = Self(f::ERROR_DLL_INIT_FAILED);
    pub const TIMEOUT: Self = Self(f::ERROR_TIMEOUT);
    pub const NOT_FOUND: Self = Self(f::ERROR_NOT_FOUND);
    pub const NEGATIVE_SEEK: Self = Self(f::ERROR_NEGATIVE_SEEK);
    pub const SEEK: Self = Self(f::ERROR_SEEK);
    pub const NO_MORE_ITEMS: Self = Self(f::ERROR_NO_MORE_ITEMS);
    pub const ALREADY_FIBER: Self = Self(f::ERROR_ALREADY_FIBER);
    pub const ALREADY_THREAD: Self = Self(f::ERROR_ALREADY_THREAD);
    pub const BAD_LENGTH: Self = Self(f::ERROR_BAD_LENGTH);
    pub const DIR_NOT_ROOT: Self = Self(f::ERROR_DIR_NOT_ROOT);
    pub const FILE_INVALID: Self = Self(f::ERROR_FILE_INVALID);
    pub const MAPPED_ALIGNMENT: Self = Self(f::ERROR_MAPPED_ALIGNMENT);
    pub const NOT_LOCKED: Self = Self(f::ERROR_NOT_LOCKED);
    pub const BAD_NETPATH: Self = Self(f::ERROR_BAD_NETPATH);
    pub const INVALID_DRIVE: Self = Self(f::ERROR_INVALID_DRIVE);
    pub const DIRECTORY_NOT_SUPPORTED: Self = Self(f::ERROR_DIRECTORY_NOT_SUPPORTED);
    pub const RESOURCE_DATA_NOT_FOUND: Self = Self(f::ERROR_RESOURCE_DATA_NOT_FOUND);
    pub const RESOURCE_TYPE_NOT_FOUND: Self = Self(f::ERROR_RESOURCE_TYPE_NOT_FOUND);
    pub const RESOURCE_NAME_NOT_FOUND: Self = Self(f::ERROR_RESOURCE_NAME_NOT_FOUND);
    pub const RESOURCE_LANG_NOT_FOUND: Self = Self(f::ERROR_RESOURCE_LANG_NOT_FOUND);
    pub const RESOURCE_ENUM_USER_STOP: Self = Self(f::ERROR_RESOURCE_ENUM_USER_STOP);

    /// The Win32 error for a Linux errno, the one mapping every API uses.
    pub fn from_errno(errno: i32) -> Self {
        match errno {
            0 => Self::SUCCESS,
            libc::ENOENT => Self::FILE_NOT_FOUND,
            libc::ENOTDIR => Self::PATH_NOT_FOUND,
            libc::EACCES | libc::EPERM | libc::EROFS | libc::EISDIR => Self::ACCESS_DENIED,
            libc::EBADF => Self::INVALID_HANDLE,
            libc::ENOMEM => Self::NOT_ENOUGH_MEMORY,
            libc::EEXIST => Self::FILE_EXISTS,
            libc::ENOTEMPTY => Self::DIR_NOT_EMPTY,
            libc::EMFILE | libc::ENFILE => Self::TOO_MANY_OPEN_FILES,
            libc::ENOSPC | libc::EDQUOT => Self::DISK_FULL,
            libc::EPIPE => Self::NO_DATA,
            libc::EXDEV => Self::NOT_SAME_DEVICE,
            libc::ENAMETOOLONG => Self::FILENAME_EXCED_RANGE,
            libc::EINVAL => Self::INVALID_PARAMETER,
            libc::EAGAIN => Self::NO_DATA,
            libc::EFAULT => Self::NOACCESS,
            libc::ETIMEDOUT => Self::TIMEOUT,
            libc::ELOOP => Self::CANT_RESOLVE_FILENAME,
            libc::ENOSYS | libc::EOPNOTSUPP => Self::NOT_SUPPORTED,
            libc::EBUSY | libc::ETXTBSY => Self::SHARING_VIOLATION,
            _ => Self::GEN_FAILURE,
        }
    }
    pub const CANT_RESOLVE_FILENAME: Self = Self(f::ERROR_CANT_RESOLVE_FILENAME);
    pub const GEN_FAILURE: Self = Self(f::ERROR_GEN_FAILURE);

    /// The error for the calling thread's current errno.
    pub fn last_os_error() -> Self {
        Self::from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    }
}

impl From<std::io::Error> for Win32Error {
    fn from(e: std::io::Error) -> Self {
        Self::from_errno(e.raw_os_error().unwrap_or(libc::EIO))
    }
}

impl std::fmt::Debug for Win32Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Win32Error({})", self.0)
    }
}

/// An NTSTATUS value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct NtStatus(pub u32);

impl NtStatus {
    pub const SUCCESS: Self = Self(f::STATUS_SUCCESS as u32);
    pub const ACCESS_VIOLATION: Self = Self(f::STATUS_ACCESS_VIOLATION as u32);
    pub const INVALID_PARAMETER: Self = Self(f::STATUS_INVALID_PARAMETER as u32);
    pub const NO_MEMORY: Self = Self(f::STATUS_NO_MEMORY as u32);
    pub const BUFFER_TOO_SMALL: Self = Self(f::STATUS_BUFFER_TOO_SMALL as u32);
    pub const NOT_IMPLEMENTED: Self = Self(f::STATUS_NOT_IMPLEMENTED as u32);
    pub const DLL_NOT_FOUND: Self = Self(f::STATUS_DLL_NOT_FOUND as u32);
    pub const ENTRYPOINT_NOT_FOUND: Self = Self(f::STATUS_ENTRYPOINT_NOT_FOUND as u32);
    pub const DLL_INIT_FAILED: Self = Self(f::STATUS_DLL_INIT_FAILED as u32);
    pub const INVALID_IMAGE_FORMAT: Self = Self(f::STATUS_INVALID_IMAGE_FORMAT as u32);
}
