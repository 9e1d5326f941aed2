//! ntifs.h: NtReadFile and NtWriteFile (synchronous transfers on kernel32's file objects),
//! NtCreateFile, NtOpenFile and NtCreateNamedPipeFile over the same file and pipe objects as CreateFile and
//! CreateNamedPipe.

use super::winternl::status_from_win32;
use crate::abi::handles::{HANDLES, Object};
use crate::abi::{GuestPtr, Handle, NtStatus, Win32Error};
use crate::dllexport;
use crate::kernel32::fileapi::{ReadFile, WriteFile, open_file};
use crate::nt::file;
use crate::nt::pipe::{self, ServerRequest};
use std::sync::Arc;
use windows_sys::Win32::Foundation as f;
use windows_sys::Win32::Storage::FileSystem as fsc;
use windows_sys::Win32::System::Pipes as ps;

/// ByteOffset's "use the current file position" value (FILE_USE_FILE_POINTER_POSITION).
const FILE_USE_FILE_POINTER_POSITION: i64 = -2;

/// Stores the IO_STATUS_BLOCK (Status in the low half of the first pointer-sized field,
/// Information after it) and returns the status.
fn complete(io_status: GuestPtr<u64>, status: NtStatus, information: u64) -> u32 {
    io_status.write(u64::from(status.0));
    io_status.offset(1).write(information);
    status.0
}

/// Only synchronous transfers at the current position are supported: no event, APC or
/// explicit offset yet.
fn unsupported(event: Handle, apc: GuestPtr<u8>, offset: GuestPtr<i64>) -> bool {
    event.0 != 0
        || !apc.is_null()
        || offset
            .read()
            .is_some_and(|o| o != FILE_USE_FILE_POINTER_POSITION)
}

#[dllexport]
pub fn NtWriteFile(
    FileHandle: Handle,
    Event: Handle,
    ApcRoutine: GuestPtr<u8>,
    ApcContext: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    Buffer: GuestPtr<u8>,
    Length: u32,
    ByteOffset: GuestPtr<i64>,
    Key: GuestPtr<u32>,
) -> u32 {
    if unsupported(Event, ApcRoutine, ByteOffset) {
        return NtStatus::NOT_IMPLEMENTED.0;
    }
    let written = GuestPtr::<u32>::new(IoStatusBlock.offset(1).addr());
    match WriteFile(FileHandle, Buffer, Length, written, GuestPtr::new(0)) {
        Ok(()) => {
            let n = written.read().unwrap_or(0);
            complete(IoStatusBlock, NtStatus::SUCCESS, u64::from(n))
        }
        Err(e) => status_from_win32(e).0,
    }
}

#[dllexport]
pub fn NtReadFile(
    FileHandle: Handle,
    Event: Handle,
    ApcRoutine: GuestPtr<u8>,
    ApcContext: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    Buffer: GuestPtr<u8>,
    Length: u32,
    ByteOffset: GuestPtr<i64>,
    Key: GuestPtr<u32>,
) -> u32 {
    if unsupported(Event, ApcRoutine, ByteOffset) {
        return NtStatus::NOT_IMPLEMENTED.0;
    }
    let read = GuestPtr::<u32>::new(IoStatusBlock.offset(1).addr());
    match ReadFile(FileHandle, Buffer, Length, read, GuestPtr::new(0)) {
        // ReadFile reports the end of a file as success with nothing read; NtReadFile as
        // STATUS_END_OF_FILE.
        Ok(()) => match read.read().unwrap_or(0) {
            0 if Length > 0 => complete(IoStatusBlock, NtStatus(f::STATUS_END_OF_FILE as u32), 0),
            n => complete(IoStatusBlock, NtStatus::SUCCESS, u64::from(n)),
        },
        Err(Win32Error::HANDLE_EOF) => {
            complete(IoStatusBlock, NtStatus(f::STATUS_END_OF_FILE as u32), 0)
        }
        Err(e) => status_from_win32(e).0,
    }
}

/// The pipe file system's root (`\??\PIPE\`, `\Device\NamedPipe\`): a directory handle that
/// pipes are created and opened relative to.
struct PipeDirectory;

impl Object for PipeDirectory {
    fn type_name(&self) -> &'static str {
        "File"
    }
}

/// What an OBJECT_ATTRIBUTES names.
enum Named {
    /// A Win32 path (`\??\C:\x` → `\\?\C:\x`) or a pipe (`\\.\pipe\x`) that CreateFile opens.
    Path(String),
    PipeDirectory,
    /// A pipe by its key (from `pipe::pipe_name` or `pipe::anonymous_name`).
    Pipe(String),
}

/// The fields of OBJECT_ATTRIBUTES used here: RootDirectory (+8), ObjectName (+16) and
/// Attributes (+24, OBJ_INHERIT).
struct Attributes {
    root: Handle,
    name: String,
    inherit: bool,
}

fn read_attributes(attributes: GuestPtr<u8>) -> Result<Attributes, NtStatus> {
    let field = |at: u64| GuestPtr::<u64>::new(attributes.addr() + at).read();
    let root = field(8).ok_or(NtStatus::ACCESS_VIOLATION)?;
    let name_ptr = field(16).ok_or(NtStatus::ACCESS_VIOLATION)?;
    let flags = GuestPtr::<u32>::new(attributes.addr() + 24)
        .read()
        .ok_or(NtStatus::ACCESS_VIOLATION)?;
    // UNICODE_STRING: Length in bytes (+0), Buffer (+8); not NUL-terminated.
    let name = if name_ptr == 0 {
        String::new()
    } else {
        let len = GuestPtr::<u16>::new(name_ptr)
            .read()
            .ok_or(NtStatus::ACCESS_VIOLATION)?;
        let buffer = GuestPtr::<u64>::new(name_ptr + 8)
            .read()
            .ok_or(NtStatus::ACCESS_VIOLATION)?;
        let units = GuestPtr::<u16>::new(buffer).read_slice(len as usize / 2);
        if units.len() != len as usize / 2 {
            return Err(NtStatus::ACCESS_VIOLATION);
        }
        String::from_utf16_lossy(&units)
    };
    const OBJ_INHERIT: u32 = 2;
    Ok(Attributes {
        root: Handle(root),
        name,
        inherit: flags & OBJ_INHERIT != 0,
    })
}

/// `prefix` case-insensitively at the start of `name`: the rest.
fn strip_prefix_ci<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &name[prefix.len()..])
}

/// Resolves an NT name, absolute or relative to a directory, a pipe directory or a pipe.
fn resolve_name(attrs: &Attributes) -> Result<Named, NtStatus> {
    let name = attrs.name.as_str();
    if attrs.root.0 != 0 {
        let root = HANDLES
            .get_any(attrs.root)
            .map_err(|_| NtStatus(f::STATUS_INVALID_HANDLE as u32))?;
        let root: &dyn std::any::Any = &*root;
        if root.is::<PipeDirectory>() {
            return Ok(Named::Pipe(name.to_lowercase()));
        }
        let file = file::get(attrs.root).map_err(|_| NtStatus(f::STATUS_INVALID_HANDLE as u32))?;
        if let Some(end) = &file.pipe
            && name.is_empty()
        {
            return Ok(Named::Pipe(end.key().to_string()));
        }
        let dir = file
            .disk
            .as_ref()
            .filter(|d| d.is_dir)
            .ok_or(NtStatus(f::STATUS_INVALID_PARAMETER as u32))?;
        if name.starts_with('\\') {
            return Err(NtStatus(f::STATUS_OBJECT_PATH_SYNTAX_BAD as u32));
        }
        let base = dir.path.lock().unwrap_or_else(|e| e.into_inner()).windows();
        let sep = if base.ends_with('\\') || name.is_empty() {
            ""
        } else {
            "\\"
        };
        return Ok(Named::Path(format!("{base}{sep}{name}")));
    }
    if !name.starts_with('\\') {
        return Err(NtStatus(f::STATUS_OBJECT_PATH_SYNTAX_BAD as u32));
    }
    for pipes in [r"\??\PIPE\", r"\Device\NamedPipe\", r"\DosDevices\PIPE\"] {
        if let Some(rest) = strip_prefix_ci(name, pipes) {
            return Ok(if rest.is_empty() {
                Named::PipeDirectory
            } else {
                Named::Pipe(rest.to_lowercase())
            });
        }
    }
    for dos in [r"\??\", r"\DosDevices\", r"\GLOBAL??\"] {
        if let Some(rest) = strip_prefix_ci(name, dos) {
            return Ok(Named::Path(format!(r"\\?\{rest}")));
        }
    }
    Err(NtStatus(f::STATUS_OBJECT_PATH_NOT_FOUND as u32))
}

// NtCreateFile options (CreateOptions / OpenOptions).
const FILE_DIRECTORY_FILE: u32 = 0x1;
const FILE_SYNCHRONOUS_IO_ALERT: u32 = 0x10;
const FILE_SYNCHRONOUS_IO_NONALERT: u32 = 0x20;
const FILE_NON_DIRECTORY_FILE: u32 = 0x40;
const FILE_DELETE_ON_CLOSE: u32 = 0x1000;
const FILE_OPEN_REPARSE_POINT: u32 = 0x20_0000;
// IO_STATUS_BLOCK.Information of a create or open.
const FILE_CREATED: u64 = 2;
const FILE_OPENED: u64 = 1;

/// The CreateFile flags an NT open with `options` stands for.
fn flags_of(options: u32) -> u32 {
    // The NT layer opens directories as readily as files (FILE_DIRECTORY_FILE and
    // FILE_NON_DIRECTORY_FILE are checked on the result).
    let mut flags = fsc::FILE_FLAG_BACKUP_SEMANTICS;
    if options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) == 0 {
        flags |= fsc::FILE_FLAG_OVERLAPPED;
    }
    if options & FILE_DELETE_ON_CLOSE != 0 {
        flags |= fsc::FILE_FLAG_DELETE_ON_CLOSE;
    }
    if options & FILE_OPEN_REPARSE_POINT != 0 {
        flags |= fsc::FILE_FLAG_OPEN_REPARSE_POINT;
    }
    flags
}

fn status_of(e: Win32Error) -> NtStatus {
    status_from_win32(e)
}

/// Opens an existing file, directory, pipe or the pipe file system. Paths are NT paths
/// (`\??\C:\dir\name`) or names relative to RootDirectory (a directory, the pipe file
/// system, or a pipe's server end with an empty name, which connects a client to it).
#[dllexport]
pub fn NtOpenFile(
    FileHandle: GuestPtr<u64>,
    DesiredAccess: u32,
    ObjectAttributes: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    ShareAccess: u32,
    OpenOptions: u32,
) -> u32 {
    let attrs = match read_attributes(ObjectAttributes) {
        Ok(a) => a,
        Err(status) => return status.0,
    };
    let options = OpenOptions;
    if options & FILE_DIRECTORY_FILE != 0 && options & FILE_NON_DIRECTORY_FILE != 0 {
        return NtStatus::INVALID_PARAMETER.0;
    }
    let opened = match resolve_name(&attrs) {
        Err(status) => return status.0,
        Ok(Named::PipeDirectory) => Ok(HANDLES.insert(Arc::new(PipeDirectory), attrs.inherit)),
        Ok(Named::Pipe(key)) => {
            pipe::open_client(&key, file::map_generic(DesiredAccess), flags_of(options))
                .map(|object| HANDLES.insert(Arc::new(object), attrs.inherit))
                .map_err(|e| match e {
                    Win32Error::FILE_NOT_FOUND => NtStatus(f::STATUS_OBJECT_NAME_NOT_FOUND as u32),
                    Win32Error::PIPE_BUSY => NtStatus(f::STATUS_PIPE_NOT_AVAILABLE as u32),
                    e => status_of(e),
                })
        }
        Ok(Named::Path(path)) => open_file(
            &path,
            DesiredAccess,
            ShareAccess,
            fsc::OPEN_EXISTING,
            flags_of(options),
            attrs.inherit,
        )
        .map_err(status_of)
        .and_then(|h| check_directory(h, options)),
    };
    match opened {
        Ok(h) => finish_open(FileHandle, IoStatusBlock, h, FILE_OPENED),
        Err(status) => status.0,
    }
}

/// The CreateFile disposition an NT create disposition stands for, with the
/// IO_STATUS_BLOCK.Information a success reports when the file existed before.
fn disposition_of(disposition: u32) -> Option<(u32, u64)> {
    // CreateDisposition values (wdm.h).
    const FILE_SUPERSEDE: u32 = 0;
    const FILE_OPEN: u32 = 1;
    const FILE_CREATE: u32 = 2;
    const FILE_OPEN_IF: u32 = 3;
    const FILE_OVERWRITE: u32 = 4;
    const FILE_OVERWRITE_IF: u32 = 5;
    const FILE_SUPERSEDED: u64 = 0;
    const FILE_OVERWRITTEN: u64 = 3;
    Some(match disposition {
        FILE_SUPERSEDE => (fsc::CREATE_ALWAYS, FILE_SUPERSEDED),
        FILE_OPEN => (fsc::OPEN_EXISTING, FILE_OPENED),
        FILE_CREATE => (fsc::CREATE_NEW, FILE_OPENED),
        FILE_OPEN_IF => (fsc::OPEN_ALWAYS, FILE_OPENED),
        FILE_OVERWRITE => (fsc::TRUNCATE_EXISTING, FILE_OVERWRITTEN),
        FILE_OVERWRITE_IF => (fsc::CREATE_ALWAYS, FILE_OVERWRITTEN),
        _ => return None,
    })
}

/// Partial: opens or creates a file or directory by NT path or relative to a directory handle
/// (as NtOpenFile names them) with CreateFile's machinery; FILE_CREATE with
/// FILE_DIRECTORY_FILE creates a directory. Extended attributes (EaBuffer) and the allocation
/// size are not supported: a call with EAs fails with STATUS_EAS_NOT_SUPPORTED.
#[dllexport]
pub fn NtCreateFile(
    FileHandle: GuestPtr<u64>,
    DesiredAccess: u32,
    ObjectAttributes: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    AllocationSize: GuestPtr<i64>,
    FileAttributes: u32,
    ShareAccess: u32,
    CreateDisposition: u32,
    CreateOptions: u32,
    EaBuffer: GuestPtr<u8>,
    EaLength: u32,
) -> u32 {
    let attrs = match read_attributes(ObjectAttributes) {
        Ok(a) => a,
        Err(status) => return status.0,
    };
    let options = CreateOptions;
    if options & FILE_DIRECTORY_FILE != 0 && options & FILE_NON_DIRECTORY_FILE != 0 {
        return NtStatus::INVALID_PARAMETER.0;
    }
    let Some((disposition, existed_info)) = disposition_of(CreateDisposition) else {
        return NtStatus::INVALID_PARAMETER.0;
    };
    if !EaBuffer.is_null() && EaLength != 0 {
        return f::STATUS_EAS_NOT_SUPPORTED as u32;
    }
    let path = match resolve_name(&attrs) {
        Ok(Named::Path(path)) => path,
        Ok(_) => return f::STATUS_OBJECT_NAME_INVALID as u32,
        Err(status) => return status.0,
    };
    if options & FILE_DIRECTORY_FILE != 0 && disposition != fsc::OPEN_EXISTING {
        return create_directory_file(
            FileHandle,
            IoStatusBlock,
            &attrs,
            &path,
            DesiredAccess,
            ShareAccess,
            disposition,
            options,
        );
    }
    // The NT layer has no TRUNCATE_EXISTING rule about write access.
    let access = if disposition == fsc::TRUNCATE_EXISTING {
        DesiredAccess | fsc::FILE_WRITE_DATA
    } else {
        DesiredAccess
    };
    let flags = flags_of(options) | FileAttributes & crate::nt::dosattrib::SETTABLE;
    let opened = open_file(
        &path,
        access,
        ShareAccess,
        disposition,
        flags,
        attrs.inherit,
    )
    .map_err(status_of)
    .and_then(|h| check_directory(h, options));
    match opened {
        Ok(h) => {
            // open_file leaves ERROR_ALREADY_EXISTS when OPEN_ALWAYS or CREATE_ALWAYS found the
            // file; a CREATE_NEW or OPEN_EXISTING success says by its disposition.
            let existed = match disposition {
                fsc::OPEN_ALWAYS | fsc::CREATE_ALWAYS => {
                    crate::nt::teb::last_error() == Win32Error::ALREADY_EXISTS.0
                }
                fsc::CREATE_NEW => false,
                _ => true,
            };
            finish_open(
                FileHandle,
                IoStatusBlock,
                h,
                if existed { existed_info } else { FILE_CREATED },
            )
        }
        Err(status) => status.0,
    }
}

/// NtCreateFile of a directory (FILE_DIRECTORY_FILE with a disposition that may create).
#[allow(clippy::too_many_arguments)]
fn create_directory_file(
    handle_out: GuestPtr<u64>,
    io_status: GuestPtr<u64>,
    attrs: &Attributes,
    path: &str,
    access: u32,
    share: u32,
    disposition: u32,
    options: u32,
) -> u32 {
    let created = match crate::kernel32::fileapi::create_directory(path) {
        Ok(()) => true,
        Err(Win32Error::ALREADY_EXISTS) if disposition != fsc::CREATE_NEW => false,
        Err(Win32Error::ALREADY_EXISTS) => return f::STATUS_OBJECT_NAME_COLLISION as u32,
        Err(e) => return status_of(e).0,
    };
    match open_file(
        path,
        access,
        share,
        fsc::OPEN_EXISTING,
        flags_of(options),
        attrs.inherit,
    )
    .map_err(status_of)
    .and_then(|h| check_directory(h, options))
    {
        Ok(h) => finish_open(
            handle_out,
            io_status,
            h,
            if created { FILE_CREATED } else { FILE_OPENED },
        ),
        Err(status) => status.0,
    }
}

/// Stores the new handle and the IO_STATUS_BLOCK of a successful open.
fn finish_open(
    handle_out: GuestPtr<u64>,
    io_status: GuestPtr<u64>,
    h: Handle,
    information: u64,
) -> u32 {
    if !handle_out.write(h.0) {
        let _ = HANDLES.remove(h);
        return NtStatus::ACCESS_VIOLATION.0;
    }
    complete(io_status, NtStatus::SUCCESS, information)
}

/// FILE_DIRECTORY_FILE and FILE_NON_DIRECTORY_FILE: the open fails (and its handle is closed)
/// when the file is not what the caller asked for.
fn check_directory(h: Handle, options: u32) -> Result<Handle, NtStatus> {
    let is_dir = file::get(h)
        .ok()
        .and_then(|f| f.disk.as_ref().map(|d| d.is_dir))
        .unwrap_or(false);
    let status = if options & FILE_DIRECTORY_FILE != 0 && !is_dir {
        f::STATUS_NOT_A_DIRECTORY
    } else if options & FILE_NON_DIRECTORY_FILE != 0 && is_dir {
        f::STATUS_FILE_IS_A_DIRECTORY
    } else {
        return Ok(h);
    };
    let _ = HANDLES.remove(h);
    Err(NtStatus(status as u32))
}

/// Creates a server instance of a named pipe: `\??\PIPE\name`, a name relative to the pipe
/// file system, or no name relative to it (an anonymous pipe, reached through NtOpenFile
/// relative to the returned handle). The clients' direction comes from ShareAccess, as
/// CreateNamedPipe maps PIPE_ACCESS_INBOUND to FILE_SHARE_WRITE and OUTBOUND to READ.
#[dllexport]
pub fn NtCreateNamedPipeFile(
    FileHandle: GuestPtr<u64>,
    DesiredAccess: u32,
    ObjectAttributes: GuestPtr<u8>,
    IoStatusBlock: GuestPtr<u64>,
    ShareAccess: u32,
    CreateDisposition: u32,
    CreateOptions: u32,
    NamedPipeType: u32,
    ReadMode: u32,
    CompletionMode: u32,
    MaximumInstances: u32,
    InboundQuota: u32,
    OutboundQuota: u32,
    DefaultTimeout: GuestPtr<i64>,
) -> u32 {
    const FILE_CREATE: u32 = 2;
    const FILE_OPEN_IF: u32 = 3;
    let attrs = match read_attributes(ObjectAttributes) {
        Ok(a) => a,
        Err(status) => return status.0,
    };
    let key = match resolve_name(&attrs) {
        Ok(Named::Pipe(key)) if key.is_empty() => pipe::anonymous_name(),
        Ok(Named::Pipe(key)) => key,
        Ok(_) => return f::STATUS_OBJECT_NAME_INVALID as u32,
        Err(status) => return status.0,
    };
    let first = match CreateDisposition {
        FILE_CREATE => fsc::FILE_FLAG_FIRST_PIPE_INSTANCE,
        FILE_OPEN_IF => 0,
        _ => return NtStatus::INVALID_PARAMETER.0,
    };
    let mut open_mode = first;
    if ShareAccess & fsc::FILE_SHARE_WRITE != 0 {
        open_mode |= fsc::PIPE_ACCESS_INBOUND;
    }
    if ShareAccess & fsc::FILE_SHARE_READ != 0 {
        open_mode |= fsc::PIPE_ACCESS_OUTBOUND;
    }
    if CreateOptions & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) == 0 {
        open_mode |= fsc::FILE_FLAG_OVERLAPPED;
    }
    let mut pipe_mode = 0;
    if NamedPipeType & 1 != 0 {
        pipe_mode |= ps::PIPE_TYPE_MESSAGE;
    }
    if ReadMode & 1 != 0 {
        pipe_mode |= ps::PIPE_READMODE_MESSAGE;
    }
    if CompletionMode & 1 != 0 {
        pipe_mode |= ps::PIPE_NOWAIT;
    }
    // A negative time-out is relative, in 100 ns units; the default is 50 ms.
    let timeout_ms = match DefaultTimeout.read() {
        Some(t) if t < 0 => (t.unsigned_abs() / 10_000).min(u32::MAX as u64 - 1) as u32,
        _ => 50,
    };
    let req = ServerRequest {
        open_mode,
        pipe_mode,
        max_instances: MaximumInstances.min(ps::PIPE_UNLIMITED_INSTANCES),
        out_size: OutboundQuota,
        in_size: InboundQuota,
        default_timeout: timeout_ms,
    };
    let _ = DesiredAccess;
    match pipe::create_server(&key, &req) {
        Ok(object) => {
            let h = HANDLES.insert(Arc::new(object), attrs.inherit);
            if !FileHandle.write(h.0) {
                let _ = HANDLES.remove(h);
                return NtStatus::ACCESS_VIOLATION.0;
            }
            complete(IoStatusBlock, NtStatus::SUCCESS, FILE_CREATED)
        }
        Err(Win32Error::ACCESS_DENIED) => f::STATUS_ACCESS_DENIED as u32,
        Err(Win32Error::PIPE_BUSY) => f::STATUS_INSTANCE_NOT_AVAILABLE as u32,
        Err(e) => status_of(e).0,
    }
}
