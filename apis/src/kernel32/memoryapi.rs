//! memoryapi.h: VirtualAlloc and friends, over mmap.
//!
//! Windows reserves address space in 64 KiB granules and commits it page by page. Each
//! allocation (and each mapped PE image) is a region with a state per 4 KiB page: 0 while only
//! reserved, else the committed page's PAGE_* protection. VirtualQuery reports runs of equal
//! pages. Reserved pages are PROT_NONE mappings with MAP_NORESERVE, so a reservation costs no
//! memory; decommit drops the pages' contents.

use crate::abi::{GuestPtr, Win32Error, Win32Result, host};
use crate::dllexport;
use std::collections::BTreeMap;
use std::sync::Mutex;
use windows_sys::Win32::System::Memory::{
    MEM_COMMIT, MEM_DECOMMIT, MEM_FREE, MEM_IMAGE, MEM_PRIVATE, MEM_RELEASE, MEM_RESERVE,
    MEM_RESET, MEMORY_BASIC_INFORMATION, PAGE_EXECUTE, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE,
    PAGE_EXECUTE_WRITECOPY, PAGE_GUARD, PAGE_NOACCESS, PAGE_NOCACHE, PAGE_READONLY, PAGE_READWRITE,
    PAGE_WRITECOMBINE, PAGE_WRITECOPY,
};

pub const PAGE: u64 = 4096;
pub const GRANULARITY: u64 = 65536;
const MEM_TOP_DOWN: u32 = 0x0010_0000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Private,
    Image,
}

struct Region {
    size: u64,
    alloc_protect: u32,
    kind: Kind,
    /// Per page: 0 = reserved, otherwise the PAGE_* protection of the committed page.
    pages: Vec<u32>,
}

static REGIONS: Mutex<BTreeMap<u64, Region>> = Mutex::new(BTreeMap::new());

fn regions() -> std::sync::MutexGuard<'static, BTreeMap<u64, Region>> {
    REGIONS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The host protection for a PAGE_* value; `None` for an invalid value. A guard page is
/// inaccessible until first touched (see `protect_pages`).
pub fn host_protection(protect: u32) -> Option<i32> {
    if protect & PAGE_GUARD != 0 {
        base_protection(protect)?;
        return Some(libc::PROT_NONE);
    }
    base_protection(protect)
}

/// Protects `start..end` as `protect` asks, arming or disarming PAGE_GUARD: the fault handler
/// raises STATUS_GUARD_PAGE_VIOLATION on the first touch and gives the page its base protection.
fn protect_pages(start: u64, end: u64, protect: u32) -> Win32Result<()> {
    let prot = host_protection(protect).ok_or(Win32Error::INVALID_PARAMETER)?;
    host::protect(start, (end - start) as usize, prot)?;
    if protect & PAGE_GUARD != 0 {
        let after = base_protection(protect).ok_or(Win32Error::INVALID_PARAMETER)?;
        if !crate::nt::exception::arm_guard_pages(start, end, after) {
            return Err(Win32Error::NOT_ENOUGH_MEMORY);
        }
    } else {
        crate::nt::exception::disarm_guard_pages(start, end);
    }
    Ok(())
}

fn base_protection(protect: u32) -> Option<i32> {
    let base = protect & !(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE);
    Some(match base {
        PAGE_NOACCESS => libc::PROT_NONE,
        PAGE_READONLY => libc::PROT_READ,
        PAGE_READWRITE | PAGE_WRITECOPY => libc::PROT_READ | libc::PROT_WRITE,
        PAGE_EXECUTE => libc::PROT_EXEC | libc::PROT_READ,
        PAGE_EXECUTE_READ => libc::PROT_READ | libc::PROT_EXEC,
        PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY => {
            libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC
        }
        _ => return None,
    })
}

/// Records a mapped PE image so VirtualQuery and VirtualProtect know its pages (called by the
/// loader with each page's protection).
pub fn register_image(base: u64, pages: Vec<u32>) {
    let size = pages.len() as u64 * PAGE;
    regions().insert(
        base,
        Region {
            size,
            alloc_protect: PAGE_EXECUTE_WRITECOPY,
            kind: Kind::Image,
            pages,
        },
    );
}

/// Forgets an unloaded image.
pub fn unregister_image(base: u64) {
    regions().remove(&base);
}

/// The region containing `addr`: (base, region).
fn find(map: &mut BTreeMap<u64, Region>, addr: u64) -> Option<(u64, &mut Region)> {
    let (&base, region) = map.range_mut(..=addr).next_back()?;
    (addr < base + region.size).then_some((base, region))
}

fn commit(base: u64, region: &mut Region, addr: u64, size: u64, protect: u32) -> Win32Result<()> {
    let first = ((addr - base) / PAGE) as usize;
    let count = size.div_ceil(PAGE) as usize;
    if first + count > region.pages.len() {
        return Err(Win32Error::INVALID_ADDRESS);
    }
    protect_pages(addr, addr + count as u64 * PAGE, protect)?;
    region.pages[first..first + count].fill(protect);
    Ok(())
}

#[dllexport]
pub fn VirtualAlloc(
    lpAddress: GuestPtr<u8>,
    dwSize: usize,
    flAllocationType: u32,
    flProtect: u32,
) -> Win32Result<GuestPtr<u8>> {
    let size = dwSize as u64;
    if size == 0 || host_protection(flProtect).is_none() {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let kind = flAllocationType & !MEM_TOP_DOWN;
    if kind & (MEM_COMMIT | MEM_RESERVE | MEM_RESET) == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let mut map = regions();
    if kind & MEM_RESET != 0 {
        let start = lpAddress.addr() & !(PAGE - 1);
        host::discard(
            start,
            (lpAddress.addr() + size - start).div_ceil(PAGE) as usize * PAGE as usize,
        );
        return Ok(lpAddress);
    }
    // MEM_COMMIT alone at no particular address reserves and commits in one step.
    if kind & MEM_RESERVE == 0 && !lpAddress.is_null() {
        // Commit inside an existing reservation.
        let addr = lpAddress.addr() & !(PAGE - 1);
        let end = (lpAddress.addr() + size).div_ceil(PAGE) * PAGE;
        let (base, region) = find(&mut map, addr).ok_or(Win32Error::INVALID_ADDRESS)?;
        if end > base + region.size {
            return Err(Win32Error::INVALID_ADDRESS);
        }
        commit(base, region, addr, end - addr, flProtect)?;
        return Ok(GuestPtr::new(addr));
    }
    let want = lpAddress.addr() & !(GRANULARITY - 1);
    let size = if want != 0 {
        (lpAddress.addr() + size).div_ceil(PAGE) * PAGE - want
    } else {
        size.div_ceil(PAGE) * PAGE
    };
    let base = if want != 0 {
        host::map(want, size as usize, libc::PROT_NONE).map_err(|_| Win32Error::INVALID_ADDRESS)?
    } else {
        // Over-map, then trim to a 64 KiB-aligned start.
        let raw = host::map(0, (size + GRANULARITY) as usize, libc::PROT_NONE)
            .map_err(|_| Win32Error::NOT_ENOUGH_MEMORY)?;
        let aligned = raw.div_ceil(GRANULARITY) * GRANULARITY;
        if aligned > raw {
            host::unmap(raw, (aligned - raw) as usize);
        }
        let tail = raw + size + GRANULARITY - (aligned + size);
        if tail > 0 {
            host::unmap(aligned + size, tail as usize);
        }
        aligned
    };
    let mut region = Region {
        size,
        alloc_protect: flProtect,
        kind: Kind::Private,
        pages: vec![0; (size / PAGE) as usize],
    };
    if kind & MEM_COMMIT != 0
        && let Err(e) = commit(base, &mut region, base, size, flProtect)
    {
        host::unmap(base, size as usize);
        return Err(e);
    }
    map.insert(base, region);
    Ok(GuestPtr::new(base))
}

#[dllexport]
pub fn VirtualFree(lpAddress: GuestPtr<u8>, dwSize: usize, dwFreeType: u32) -> Win32Result<()> {
    let mut map = regions();
    let addr = lpAddress.addr();
    match dwFreeType {
        MEM_RELEASE => {
            if dwSize != 0 {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            match map.get(&addr) {
                Some(r) if r.kind == Kind::Private => {}
                _ => return Err(Win32Error::INVALID_ADDRESS),
            }
            let region = map.remove(&addr).expect("checked above");
            host::unmap(addr, region.size as usize);
            Ok(())
        }
        MEM_DECOMMIT => {
            let (base, region) = find(&mut map, addr).ok_or(Win32Error::INVALID_ADDRESS)?;
            let start = addr & !(PAGE - 1);
            let end = if dwSize == 0 {
                if start != base {
                    return Err(Win32Error::INVALID_PARAMETER);
                }
                base + region.size
            } else {
                (addr + dwSize as u64).div_ceil(PAGE) * PAGE
            };
            if end > base + region.size {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            host::discard(start, (end - start) as usize);
            host::protect(start, (end - start) as usize, libc::PROT_NONE)?;
            let first = ((start - base) / PAGE) as usize;
            let last = ((end - base) / PAGE) as usize;
            region.pages[first..last].fill(0);
            Ok(())
        }
        _ => Err(Win32Error::INVALID_PARAMETER),
    }
}

#[dllexport]
pub fn VirtualProtect(
    lpAddress: GuestPtr<u8>,
    dwSize: usize,
    flNewProtect: u32,
    lpflOldProtect: GuestPtr<u32>,
) -> Win32Result<()> {
    let prot = host_protection(flNewProtect).ok_or(Win32Error::INVALID_PARAMETER)?;
    if lpflOldProtect.is_null() {
        return Err(Win32Error::NOACCESS);
    }
    let addr = lpAddress.addr();
    let start = addr & !(PAGE - 1);
    let end = (addr + dwSize.max(1) as u64).div_ceil(PAGE) * PAGE;
    let mut map = regions();
    let (base, region) = match find(&mut map, start) {
        Some(found) => found,
        None => {
            // Memory winrun did not hand out (a thread stack, the host heap): protect it as
            // asked, reporting it as read-write before.
            host::protect(start, (end - start) as usize, prot)?;
            lpflOldProtect.write(PAGE_READWRITE);
            return Ok(());
        }
    };
    if end > base + region.size {
        return Err(Win32Error::INVALID_ADDRESS);
    }
    let first = ((start - base) / PAGE) as usize;
    let last = ((end - base) / PAGE) as usize;
    if region.pages[first..last].contains(&0) {
        return Err(Win32Error::INVALID_ADDRESS);
    }
    let old = region.pages[first];
    protect_pages(start, end, flNewProtect)?;
    region.pages[first..last].fill(flNewProtect);
    lpflOldProtect.write(old);
    Ok(())
}

/// A mapping the host has that winrun did not hand out, from /proc/self/maps.
fn host_mapping(addr: u64) -> Option<(u64, u64, u32)> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines().find_map(|line| {
        let mut parts = line.split_whitespace();
        let (lo, hi) = parts.next()?.split_once('-')?;
        let (lo, hi) = (
            u64::from_str_radix(lo, 16).ok()?,
            u64::from_str_radix(hi, 16).ok()?,
        );
        let perms = parts.next()?.as_bytes();
        let protect = match (perms[0] == b'r', perms[1] == b'w', perms[2] == b'x') {
            (_, true, true) => PAGE_EXECUTE_READWRITE,
            (_, false, true) => PAGE_EXECUTE_READ,
            (_, true, false) => PAGE_READWRITE,
            (true, false, false) => PAGE_READONLY,
            _ => PAGE_NOACCESS,
        };
        (lo <= addr && addr < hi).then_some((lo, hi, protect))
    })
}

#[dllexport]
pub fn VirtualQuery(
    lpAddress: GuestPtr<u8>,
    lpBuffer: GuestPtr<MEMORY_BASIC_INFORMATION>,
    dwLength: usize,
) -> Win32Result<usize> {
    let size = size_of::<MEMORY_BASIC_INFORMATION>();
    if dwLength < size {
        return Err(Win32Error::BAD_LENGTH);
    }
    let addr = lpAddress.addr() & !(PAGE - 1);
    let mut info: MEMORY_BASIC_INFORMATION = crate::abi::mem::zeroed();
    let mut map = regions();
    if let Some((base, region)) = find(&mut map, addr) {
        let first = ((addr - base) / PAGE) as usize;
        // Guard pages touched since they were armed have lost PAGE_GUARD.
        for (i, page) in region.pages.iter_mut().enumerate().skip(first) {
            if *page & PAGE_GUARD != 0
                && !crate::nt::exception::is_guard_armed(base + i as u64 * PAGE)
            {
                *page &= !PAGE_GUARD;
            }
        }
        let state = region.pages[first];
        let run = region.pages[first..]
            .iter()
            .take_while(|&&p| p == state)
            .count();
        info.BaseAddress = addr as _;
        info.AllocationBase = base as _;
        info.AllocationProtect = region.alloc_protect;
        info.RegionSize = run * PAGE as usize;
        info.State = if state == 0 { MEM_RESERVE } else { MEM_COMMIT };
        info.Protect = state;
        info.Type = if region.kind == Kind::Image {
            MEM_IMAGE
        } else {
            MEM_PRIVATE
        };
    } else if let Some((lo, hi, protect)) = host_mapping(addr) {
        info.BaseAddress = addr as _;
        info.AllocationBase = lo as _;
        info.AllocationProtect = protect;
        info.RegionSize = (hi - addr) as usize;
        info.State = MEM_COMMIT;
        info.Protect = protect;
        info.Type = MEM_PRIVATE;
    } else {
        // Free: up to the next region winrun knows of.
        let next = map
            .range(addr..)
            .next()
            .map_or(0x7FFF_FFFF_0000, |(&b, _)| b);
        info.BaseAddress = addr as _;
        info.RegionSize = next.saturating_sub(addr) as usize;
        info.State = MEM_FREE;
        info.Protect = PAGE_NOACCESS;
    }
    lpBuffer.write_required(info)?;
    Ok(size)
}

/// A section object (CreateFileMapping): memory backed by a file, or by the page file (a
/// memfd). Views are mmaps of it, shared or copy-on-write. Names live in this process only.
struct MappingObject {
    fd: std::os::fd::OwnedFd,
    size: u64,
    /// The PAGE_* protection it was created with.
    protect: u32,
}

impl crate::abi::handles::Object for MappingObject {
    fn type_name(&self) -> &'static str {
        "Section"
    }
}

type Mappings = std::collections::HashMap<String, std::sync::Weak<MappingObject>>;
static NAMED_MAPPINGS: Mutex<Option<Mappings>> = Mutex::new(None);

/// Mapped views by base address: their length and the section they keep alive (a view holds
/// its section, as on Windows, after the handle is closed).
static VIEWS: Mutex<BTreeMap<u64, (u64, std::sync::Arc<MappingObject>)>> =
    Mutex::new(BTreeMap::new());

const SEC_IMAGE: u32 = 0x0100_0000;
const FILE_MAP_COPY: u32 = 0x1;
const FILE_MAP_WRITE: u32 = 0x2;
const FILE_MAP_READ: u32 = 0x4;
const FILE_MAP_EXECUTE: u32 = 0x20;

fn mapping_name(name: &str) -> String {
    crate::nt::path::fold(name)
}

fn create_mapping(
    file: crate::abi::Handle,
    protect: u32,
    max_size: u64,
    name: Option<String>,
    inherit: bool,
) -> Win32Result<crate::abi::Handle> {
    use crate::abi::handles::HANDLES;
    use crate::nt::file;
    let page = protect & 0xFF;
    if protect & SEC_IMAGE != 0
        || !matches!(
            page,
            PAGE_READONLY
                | PAGE_READWRITE
                | PAGE_WRITECOPY
                | PAGE_EXECUTE_READ
                | PAGE_EXECUTE_READWRITE
                | PAGE_EXECUTE_WRITECOPY
        )
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let writable = matches!(page, PAGE_READWRITE | PAGE_EXECUTE_READWRITE);
    let mut names = NAMED_MAPPINGS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = &name
        && let Some(existing) = names
            .get_or_insert_with(Default::default)
            .get(&mapping_name(name))
            .and_then(std::sync::Weak::upgrade)
    {
        // The existing section, with its own size; the caller learns it was there.
        let h = HANDLES.insert(existing, inherit);
        crate::nt::teb::set_last_error(Win32Error::ALREADY_EXISTS.0);
        return Ok(h);
    }
    let (fd, size) = if file == crate::abi::Handle::INVALID {
        if max_size == 0 {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        (host::memfd(max_size)?, max_size)
    } else {
        let f = file::get(file)?;
        if f.disk.as_ref().is_none_or(|d| d.is_dir) {
            return Err(Win32Error::INVALID_HANDLE);
        }
        if !f.has(file::READ_RIGHTS)
            || (writable && !f.has(windows_sys::Win32::Storage::FileSystem::FILE_WRITE_DATA))
        {
            return Err(Win32Error::ACCESS_DENIED);
        }
        let mut st = std::mem::MaybeUninit::uninit();
        let current = host::fstat(f.fd(), &mut st)?.st_size as u64;
        let size = if max_size == 0 { current } else { max_size };
        if size == 0 {
            return Err(Win32Error::FILE_INVALID);
        }
        if size > current {
            if !writable {
                return Err(Win32Error::NOT_ENOUGH_MEMORY);
            }
            host::ftruncate(f.fd(), size)?;
        }
        (host::dup(f.fd())?, size)
    };
    let object = std::sync::Arc::new(MappingObject {
        fd,
        size,
        protect: page,
    });
    if let Some(name) = name {
        names
            .get_or_insert_with(Default::default)
            .insert(mapping_name(&name), std::sync::Arc::downgrade(&object));
    }
    let h = HANDLES.insert(object, inherit);
    crate::nt::teb::set_last_error(0);
    Ok(h)
}

#[dllexport]
pub fn CreateFileMappingW(
    hFile: crate::abi::Handle,
    lpFileMappingAttributes: GuestPtr<u8>,
    flProtect: u32,
    dwMaximumSizeHigh: u32,
    dwMaximumSizeLow: u32,
    lpName: crate::abi::WStrPtr,
) -> Win32Result<crate::abi::Handle> {
    let size = (dwMaximumSizeHigh as u64) << 32 | dwMaximumSizeLow as u64;
    let inherit = super::fileapi::inherit_of(lpFileMappingAttributes);
    create_mapping(hFile, flProtect, size, lpName.string(), inherit)
}

#[dllexport]
pub fn CreateFileMappingA(
    hFile: crate::abi::Handle,
    lpFileMappingAttributes: GuestPtr<u8>,
    flProtect: u32,
    dwMaximumSizeHigh: u32,
    dwMaximumSizeLow: u32,
    lpName: crate::abi::CStrPtr,
) -> Win32Result<crate::abi::Handle> {
    let size = (dwMaximumSizeHigh as u64) << 32 | dwMaximumSizeLow as u64;
    let inherit = super::fileapi::inherit_of(lpFileMappingAttributes);
    create_mapping(hFile, flProtect, size, lpName.string(), inherit)
}

fn open_mapping(name: Option<String>, inherit: bool) -> Win32Result<crate::abi::Handle> {
    let name = name.ok_or(Win32Error::INVALID_PARAMETER)?;
    let names = NAMED_MAPPINGS.lock().unwrap_or_else(|e| e.into_inner());
    let object = names
        .as_ref()
        .and_then(|n| n.get(&mapping_name(&name)))
        .and_then(std::sync::Weak::upgrade)
        .ok_or(Win32Error::FILE_NOT_FOUND)?;
    Ok(crate::abi::handles::HANDLES.insert(object, inherit))
}

#[dllexport]
pub fn OpenFileMappingW(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: crate::abi::WStrPtr,
) -> Win32Result<crate::abi::Handle> {
    open_mapping(lpName.string(), bInheritHandle)
}

#[dllexport]
pub fn OpenFileMappingA(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: crate::abi::CStrPtr,
) -> Win32Result<crate::abi::Handle> {
    open_mapping(lpName.string(), bInheritHandle)
}

fn map_view(
    mapping: crate::abi::Handle,
    access: u32,
    offset: u64,
    bytes: usize,
    at: u64,
) -> Win32Result<GuestPtr<u8>> {
    let m = crate::abi::handles::HANDLES.get::<MappingObject>(mapping)?;
    if !offset.is_multiple_of(GRANULARITY) {
        return Err(Win32Error::MAPPED_ALIGNMENT);
    }
    if offset >= m.size {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let len = if bytes == 0 {
        m.size - offset
    } else {
        bytes as u64
    };
    if offset + len > m.size {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let writable_section = matches!(m.protect, PAGE_READWRITE | PAGE_EXECUTE_READWRITE);
    let copy = access & FILE_MAP_COPY != 0 && access & FILE_MAP_WRITE == 0
        || matches!(m.protect, PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY);
    if access & FILE_MAP_WRITE != 0 && !writable_section && !copy {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let executable = matches!(
        m.protect,
        PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY
    );
    if access & FILE_MAP_EXECUTE != 0 && !executable {
        return Err(Win32Error::ACCESS_DENIED);
    }
    let mut prot = libc::PROT_READ;
    if access & (FILE_MAP_WRITE | FILE_MAP_COPY) != 0 {
        prot |= libc::PROT_WRITE;
    }
    if access & FILE_MAP_EXECUTE != 0 {
        prot |= libc::PROT_EXEC;
    }
    if access & (FILE_MAP_READ | FILE_MAP_WRITE | FILE_MAP_COPY | FILE_MAP_EXECUTE) == 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    use std::os::fd::AsRawFd;
    let addr = host::map_file(at, len as usize, prot, !copy, m.fd.as_raw_fd(), offset)?;
    VIEWS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(addr, (len, m));
    Ok(GuestPtr::new(addr))
}

#[dllexport]
pub fn MapViewOfFile(
    hFileMappingObject: crate::abi::Handle,
    dwDesiredAccess: u32,
    dwFileOffsetHigh: u32,
    dwFileOffsetLow: u32,
    dwNumberOfBytesToMap: usize,
) -> Win32Result<GuestPtr<u8>> {
    let offset = (dwFileOffsetHigh as u64) << 32 | dwFileOffsetLow as u64;
    map_view(
        hFileMappingObject,
        dwDesiredAccess,
        offset,
        dwNumberOfBytesToMap,
        0,
    )
}

#[dllexport]
pub fn MapViewOfFileEx(
    hFileMappingObject: crate::abi::Handle,
    dwDesiredAccess: u32,
    dwFileOffsetHigh: u32,
    dwFileOffsetLow: u32,
    dwNumberOfBytesToMap: usize,
    lpBaseAddress: GuestPtr<u8>,
) -> Win32Result<GuestPtr<u8>> {
    let offset = (dwFileOffsetHigh as u64) << 32 | dwFileOffsetLow as u64;
    if !lpBaseAddress.addr().is_multiple_of(GRANULARITY) {
        return Err(Win32Error::MAPPED_ALIGNMENT);
    }
    map_view(
        hFileMappingObject,
        dwDesiredAccess,
        offset,
        dwNumberOfBytesToMap,
        lpBaseAddress.addr(),
    )
}

/// The view containing `addr`: (base, length).
fn view_at(
    views: &BTreeMap<u64, (u64, std::sync::Arc<MappingObject>)>,
    addr: u64,
) -> Option<(u64, u64)> {
    let (&base, (len, _)) = views.range(..=addr).next_back()?;
    (addr < base + len).then_some((base, *len))
}

/// Any address inside the view unmaps it (Windows 8 and later).
#[dllexport]
pub fn UnmapViewOfFile(lpBaseAddress: GuestPtr<u8>) -> Win32Result<()> {
    let mut views = VIEWS.lock().unwrap_or_else(|e| e.into_inner());
    let (base, len) = view_at(&views, lpBaseAddress.addr()).ok_or(Win32Error::INVALID_ADDRESS)?;
    views.remove(&base);
    host::unmap(base, len as usize);
    Ok(())
}

#[dllexport]
pub fn FlushViewOfFile(
    lpBaseAddress: GuestPtr<u8>,
    dwNumberOfBytesToFlush: usize,
) -> Win32Result<()> {
    let views = VIEWS.lock().unwrap_or_else(|e| e.into_inner());
    let addr = lpBaseAddress.addr();
    let (base, len) = view_at(&views, addr).ok_or(Win32Error::INVALID_ADDRESS)?;
    let start = addr & !(PAGE - 1);
    let end = if dwNumberOfBytesToFlush == 0 {
        base + len
    } else {
        (addr + dwNumberOfBytesToFlush as u64).min(base + len)
    };
    host::msync(start, (end - start) as usize)
}
