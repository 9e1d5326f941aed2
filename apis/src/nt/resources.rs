//! PE resources: the three-level directory (type → name → language) of a loaded image or of an
//! image file on disk, read in one place for FindResource, LoadString, FormatMessage's message
//! tables and version.dll.

use crate::abi::{Win32Error, Win32Result, mem};
use crate::nt::case::upper as upcase;

/// A resource type or name: an integer id (`MAKEINTRESOURCE`, or `"#123"`) or a string, kept
/// uppercase because resource compilers store names that way and lookups ignore case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResId {
    Id(u16),
    Name(Vec<u16>),
}

impl ResId {
    /// A wide `LPCWSTR` argument: an integer in the low word when the high bits are zero.
    pub fn from_wide_arg(ptr: u64) -> Option<ResId> {
        if ptr >> 16 == 0 {
            return Some(ResId::Id(ptr as u16));
        }
        Some(Self::from_units(&mem::read_wstr(ptr)?))
    }

    /// A narrow `LPCSTR` argument (UTF-8, the process code page).
    pub fn from_narrow_arg(ptr: u64) -> Option<ResId> {
        if ptr >> 16 == 0 {
            return Some(ResId::Id(ptr as u16));
        }
        let text = String::from_utf8_lossy(&mem::read_cstr(ptr)?).into_owned();
        Some(Self::from_units(&text.encode_utf16().collect::<Vec<_>>()))
    }

    fn from_units(units: &[u16]) -> ResId {
        if let Some(digits) = units.strip_prefix(&[u16::from(b'#')]) {
            let text = String::from_utf16_lossy(digits);
            if let Ok(id) = text.parse::<u16>() {
                return ResId::Id(id);
            }
        }
        ResId::Name(units.iter().map(|&u| upcase(u)).collect())
    }
}

/// A resource found in a directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// Offset of its IMAGE_RESOURCE_DATA_ENTRY from the directory's start (an HRSRC points there).
    pub entry: u32,
    /// RVA of the data.
    pub data_rva: u32,
    pub size: u32,
}

/// Where the directory bytes are: a loaded image in guest memory, or bytes read from a file.
enum Bytes<'a> {
    Guest { addr: u64 },
    Host(&'a [u8]),
}

/// A resource directory: the bytes of the image's resource data directory.
pub struct Directory<'a> {
    bytes: Bytes<'a>,
    /// RVA of the directory in its image.
    pub rva: u32,
    pub size: u32,
}

const SUBDIRECTORY: u32 = 0x8000_0000;

impl<'a> Directory<'a> {
    /// The resource directory of the loaded module at `base`.
    pub fn of_module(base: u64) -> Win32Result<Directory<'static>> {
        if crate::nt::modules::loader().module_from_address(base) != Ok(base) {
            return Err(Win32Error::MOD_NOT_FOUND);
        }
        let (rva, size) = module_resource_dir(base).ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?;
        Ok(Directory {
            bytes: Bytes::Guest {
                addr: base + u64::from(rva),
            },
            rva,
            size,
        })
    }

    /// A directory held in host memory: `bytes` start at image RVA `rva`.
    pub fn from_bytes(bytes: &'a [u8], rva: u32) -> Directory<'a> {
        Directory {
            bytes: Bytes::Host(bytes),
            rva,
            size: bytes.len() as u32,
        }
    }

    fn u16_at(&self, off: u32) -> Option<u16> {
        self.read::<2>(off).map(u16::from_le_bytes)
    }

    fn u32_at(&self, off: u32) -> Option<u32> {
        self.read::<4>(off).map(u32::from_le_bytes)
    }

    fn read<const N: usize>(&self, off: u32) -> Option<[u8; N]> {
        if u64::from(off) + N as u64 > u64::from(self.size) {
            return None;
        }
        match self.bytes {
            Bytes::Guest { addr } => mem::read::<[u8; N]>(addr + u64::from(off)),
            Bytes::Host(b) => b[off as usize..off as usize + N].try_into().ok(),
        }
    }

    /// The entries of the directory table at `off`: (name or id, raw OffsetToData).
    fn entries(&self, off: u32) -> Option<Vec<(ResId, u32)>> {
        let count = u32::from(self.u16_at(off + 12)?) + u32::from(self.u16_at(off + 14)?);
        let mut out = Vec::with_capacity(count as usize);
        for i in 0..count {
            let at = off + 16 + 8 * i;
            let name = self.u32_at(at)?;
            let target = self.u32_at(at + 4)?;
            let id = if name & SUBDIRECTORY != 0 {
                let s = name & !SUBDIRECTORY;
                let len = u32::from(self.u16_at(s)?);
                let units = (0..len)
                    .map(|k| self.u16_at(s + 2 + 2 * k).map(upcase))
                    .collect::<Option<Vec<u16>>>()?;
                ResId::Name(units)
            } else {
                ResId::Id(name as u16)
            };
            out.push((id, target));
        }
        Some(out)
    }

    /// The subdirectory `id` names in the table at `off`.
    fn subdirectory(&self, off: u32, id: &ResId) -> Option<u32> {
        self.entries(off)?
            .into_iter()
            .find(|(e, t)| e == id && t & SUBDIRECTORY != 0)
            .map(|(_, t)| t & !SUBDIRECTORY)
    }

    /// Finds a resource. A language whose primary language is LANG_NEUTRAL (FindResource's 0)
    /// picks, as Wine 8 does: the neutral entry, then US English (the user language winrun
    /// presents), then any English, then the first. Another language tries itself, then its
    /// primary language with SUBLANG_NEUTRAL, then the neutral entry.
    pub fn find(&self, kind: &ResId, name: &ResId, lang: u16) -> Win32Result<Found> {
        let types = self
            .subdirectory(0, kind)
            .ok_or(Win32Error::RESOURCE_TYPE_NOT_FOUND)?;
        let names = self
            .subdirectory(types, name)
            .ok_or(Win32Error::RESOURCE_NAME_NOT_FOUND)?;
        let langs: Vec<(u16, u32)> = self
            .entries(names)
            .ok_or(Win32Error::RESOURCE_NAME_NOT_FOUND)?
            .into_iter()
            .filter_map(|(id, t)| match id {
                ResId::Id(l) if t & SUBDIRECTORY == 0 => Some((l, t)),
                _ => None,
            })
            .collect();
        let pick = |pred: &dyn Fn(u16) -> bool| langs.iter().find(|(l, _)| pred(*l));
        let chosen = if lang & 0x3ff != 0 {
            pick(&|l| l == lang)
                .or_else(|| pick(&|l| l == lang & 0x3ff))
                .or_else(|| pick(&|l| l == 0))
        } else {
            pick(&|l| l == lang)
                .or_else(|| pick(&|l| l == 0))
                .or_else(|| pick(&|l| l == 0x409))
                .or_else(|| pick(&|l| l & 0x3ff == 0x09))
                .or_else(|| langs.first())
        };
        let &(_, entry) = chosen.ok_or(Win32Error::RESOURCE_LANG_NOT_FOUND)?;
        Ok(Found {
            entry,
            data_rva: self
                .u32_at(entry)
                .ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?,
            size: self
                .u32_at(entry + 4)
                .ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?,
        })
    }

    /// The names of the resources of type `kind`, in directory order (named ones first).
    pub fn names(&self, kind: &ResId) -> Win32Result<Vec<ResId>> {
        let types = self
            .subdirectory(0, kind)
            .ok_or(Win32Error::RESOURCE_TYPE_NOT_FOUND)?;
        Ok(self
            .entries(types)
            .ok_or(Win32Error::RESOURCE_DATA_NOT_FOUND)?
            .into_iter()
            .map(|(id, _)| id)
            .collect())
    }

    /// The data entry at offset `entry` as (data RVA, size), when `entry` is one this directory
    /// holds (an HRSRC handed back by the guest is checked this way).
    pub fn data_entry(&self, entry: u32) -> Option<(u32, u32)> {
        if !entry.is_multiple_of(4) {
            return None;
        }
        Some((self.u32_at(entry)?, self.u32_at(entry + 4)?))
    }
}

/// The resource data directory (RVA, size) from the headers of the image at `base`.
fn module_resource_dir(base: u64) -> Option<(u32, u32)> {
    let pe = base + u64::from(mem::read::<u32>(base + 0x3c)?);
    let dir = data_directory(mem::read::<u16>(pe + 24)?, pe + 24)?;
    let count = mem::read::<u32>(dir.1)?;
    if count <= RESOURCE_INDEX {
        return None;
    }
    let entry = dir.0 + 8 * u64::from(RESOURCE_INDEX);
    let rva = mem::read::<u32>(entry)?;
    let size = mem::read::<u32>(entry + 4)?;
    (rva != 0 && size != 0).then_some((rva, size))
}

const RESOURCE_INDEX: u32 = 2;

/// (address of the data directory array, address of NumberOfRvaAndSizes) of an optional header.
fn data_directory(magic: u16, opt: u64) -> Option<(u64, u64)> {
    match magic {
        0x20b => Some((opt + 112, opt + 108)),
        0x10b => Some((opt + 96, opt + 92)),
        _ => None,
    }
}

/// Finds a resource of the loaded module at `base`: (guest address of the data, size).
pub fn find(base: u64, kind: &ResId, name: &ResId, lang: u16) -> Win32Result<(u64, u32)> {
    let found = Directory::of_module(base)?.find(kind, name, lang)?;
    Ok((base + u64::from(found.data_rva), found.size))
}

/// The resource section of a PE image file's bytes: (directory bytes, their RVA). Works for
/// 32- and 64-bit images; `None` when the file is not a PE or has no resources.
pub fn file_resource_section(file: &[u8]) -> Option<(&[u8], u32)> {
    let u16_at = |o: usize| Some(u16::from_le_bytes(file.get(o..o + 2)?.try_into().ok()?));
    let u32_at = |o: usize| Some(u32::from_le_bytes(file.get(o..o + 4)?.try_into().ok()?));
    if file.get(..2)? != b"MZ" {
        return None;
    }
    let pe = u32_at(0x3c)? as usize;
    if file.get(pe..pe + 4)? != b"PE\0\0" {
        return None;
    }
    let sections = u16_at(pe + 6)? as usize;
    let opt = pe + 24;
    let opt_size = u16_at(pe + 20)? as usize;
    let (dirs, count) = data_directory(u16_at(opt)?, opt as u64)?;
    if u32_at(count as usize)? <= RESOURCE_INDEX {
        return None;
    }
    let entry = dirs as usize + 8 * RESOURCE_INDEX as usize;
    let (rva, size) = (u32_at(entry)?, u32_at(entry + 4)?);
    if rva == 0 || size == 0 {
        return None;
    }
    (0..sections).find_map(|i| {
        let sh = opt + opt_size + 40 * i;
        let (vsize, vaddr) = (u32_at(sh + 8)?, u32_at(sh + 12)?);
        let (raw_size, raw_ptr) = (u32_at(sh + 16)?, u32_at(sh + 20)?);
        if rva < vaddr || rva >= vaddr + vsize.max(raw_size) {
            return None;
        }
        // The data entries point anywhere in the section, so the whole section from the
        // directory on is kept.
        let start = raw_ptr as usize + (rva - vaddr) as usize;
        let end = raw_ptr as usize + raw_size as usize;
        Some((file.get(start..end.min(file.len()))?, rva))
    })
}

/// The bytes of a resource found in a file's resource section.
pub fn file_data<'a>(section: &'a [u8], section_rva: u32, found: &Found) -> Option<&'a [u8]> {
    let start = found.data_rva.checked_sub(section_rva)? as usize;
    section.get(start..start + found.size as usize)
}
