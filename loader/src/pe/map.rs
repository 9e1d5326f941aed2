//! Mapping an image: reserve SizeOfImage at the preferred base (or elsewhere, then relocate),
//! copy headers and sections, and finally give each section its own protection.

use super::{Headers, LoadError, dir};
use std::path::Path;

const PAGE: u64 = 4096;

const IMAGE_SCN_MEM_EXECUTE: u32 = 0x2000_0000;
const IMAGE_SCN_MEM_READ: u32 = 0x4000_0000;
const IMAGE_SCN_MEM_WRITE: u32 = 0x8000_0000;

/// A mapped image: `size` bytes at `base`, writable until `protect` runs.
pub struct MappedImage {
    pub base: u64,
    pub size: u64,
}

impl MappedImage {
    /// The image as bytes. Only used while loading, before any guest code runs, so nothing else
    /// accesses the memory concurrently.
    fn bytes(&self) -> &[u8] {
        // SAFETY: `base..base+size` is a live mapping owned by this image, readable and
        // writable until `protect` (which consumes the loading phase), and no guest thread runs
        // image code while the loader reads it.
        unsafe { std::slice::from_raw_parts(self.base as *const u8, self.size as usize) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as for `bytes`; `&mut self` makes this the only view.
        unsafe { std::slice::from_raw_parts_mut(self.base as *mut u8, self.size as usize) }
    }

    fn range(&self, rva: u32, len: usize, what: &str) -> Result<std::ops::Range<usize>, String> {
        let start = rva as usize;
        match start.checked_add(len) {
            Some(end) if end <= self.size as usize => Ok(start..end),
            _ => Err(format!("{what} at RVA {rva:#x} lies outside the image")),
        }
    }

    pub fn read_u16(&self, rva: u32, what: &str) -> Result<u16, String> {
        let r = self.range(rva, 2, what)?;
        Ok(u16::from_le_bytes(
            self.bytes()[r].try_into().expect("2 bytes"),
        ))
    }

    pub fn read_u32(&self, rva: u32, what: &str) -> Result<u32, String> {
        let r = self.range(rva, 4, what)?;
        Ok(u32::from_le_bytes(
            self.bytes()[r].try_into().expect("4 bytes"),
        ))
    }

    pub fn read_u64(&self, rva: u32, what: &str) -> Result<u64, String> {
        let r = self.range(rva, 8, what)?;
        Ok(u64::from_le_bytes(
            self.bytes()[r].try_into().expect("8 bytes"),
        ))
    }

    pub fn read_bytes(&self, rva: u32, len: usize, what: &str) -> Result<Vec<u8>, String> {
        let r = self.range(rva, len, what)?;
        Ok(self.bytes()[r].to_vec())
    }

    pub fn write_u64(&mut self, rva: u32, value: u64, what: &str) -> Result<(), String> {
        let r = self.range(rva, 8, what)?;
        self.bytes_mut()[r].copy_from_slice(&value.to_le_bytes());
        Ok(())
    }

    /// The NUL-terminated string at `rva` (names in import and export tables).
    pub fn read_cstr(&self, rva: u32, what: &str) -> Result<String, String> {
        let r = self.range(rva, 0, what)?;
        let rest = &self.bytes()[r.start..];
        let len = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| format!("{what} at RVA {rva:#x} is not terminated"))?;
        Ok(String::from_utf8_lossy(&rest[..len]).into_owned())
    }

    /// The RVA of a virtual address inside the image.
    pub fn rva_of(&self, va: u64, what: &str) -> Result<u32, String> {
        if va >= self.base && va < self.base + self.size {
            Ok((va - self.base) as u32)
        } else {
            Err(format!("{what} {va:#x} points outside the image"))
        }
    }
}

fn mmap_anon(at: u64, len: u64) -> Option<u64> {
    let flags = libc::MAP_PRIVATE
        | libc::MAP_ANONYMOUS
        | if at != 0 {
            libc::MAP_FIXED_NOREPLACE
        } else {
            0
        };
    // SAFETY: an anonymous mapping; MAP_FIXED_NOREPLACE never replaces existing mappings.
    let p = unsafe {
        libc::mmap(
            at as *mut libc::c_void,
            len as usize,
            libc::PROT_READ | libc::PROT_WRITE,
            flags,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return None;
    }
    if at != 0 && p as u64 != at {
        // SAFETY: `p` is the mapping just made, of `len` bytes.
        unsafe { libc::munmap(p, len as usize) };
        return None;
    }
    Some(p as u64)
}

/// Unmaps an image (FreeLibrary of the last reference).
pub fn unmap(base: u64, size: u64) {
    // SAFETY: the caller owns the image mapping and no code of it runs any more.
    unsafe { libc::munmap(base as *mut libc::c_void, size as usize) };
}

/// Maps `bytes` (the whole file) as an image, relocated if it could not go to its preferred
/// base. Memory is left read-write: call `protect` after binding imports.
pub fn map_image(path: &Path, bytes: &[u8], h: &Headers) -> Result<MappedImage, LoadError> {
    let size = (h.size_of_image as u64).div_ceil(PAGE) * PAGE;
    let corrupt = |why: String| LoadError::Corrupt {
        path: path.to_path_buf(),
        why,
    };
    let relocatable =
        h.characteristics & super::IMAGE_FILE_RELOCS_STRIPPED == 0 && h.dir(dir::BASERELOC).1 != 0;
    // A zero base cannot be mapped (and would mean "anywhere" to mmap).
    let preferred = (h.image_base != 0)
        .then(|| mmap_anon(h.image_base, size))
        .flatten();
    let base = match preferred {
        Some(b) => b,
        None if relocatable => {
            // Windows places relocated images in the low 4 GiB window first for images built
            // with a low base; anywhere is fine for x64 code with relocations.
            mmap_anon(0, size).ok_or_else(|| LoadError::Placement {
                path: path.to_path_buf(),
                why: format!("no {size:#x} bytes of address space are free"),
            })?
        }
        None => {
            return Err(LoadError::Placement {
                path: path.to_path_buf(),
                why: format!(
                    "its preferred base {:#x} is in use and it has no relocations",
                    h.image_base
                ),
            });
        }
    };
    let mut image = MappedImage { base, size };
    let headers_len = (h.size_of_headers as usize).min(bytes.len());
    image.bytes_mut()[..headers_len].copy_from_slice(&bytes[..headers_len]);
    for s in &h.sections {
        let n = s.file_bytes() as usize;
        if n == 0 {
            continue;
        }
        let src = &bytes[s.raw_offset as usize..s.raw_offset as usize + n];
        let dst = s.rva as usize;
        image.bytes_mut()[dst..dst + n].copy_from_slice(src);
    }
    if base != h.image_base {
        relocate(&mut image, h, base.wrapping_sub(h.image_base)).map_err(|e| {
            unmap(base, size);
            corrupt(e)
        })?;
    }
    Ok(image)
}

/// Applies base relocations for a load at `image_base + delta`.
fn relocate(image: &mut MappedImage, h: &Headers, delta: u64) -> Result<(), String> {
    let (mut rva, len) = h.dir(dir::BASERELOC);
    let end = rva + len;
    while rva + 8 <= end {
        let page = image.read_u32(rva, "relocation block")?;
        let block = image.read_u32(rva + 4, "relocation block")?;
        if block < 8 || rva + block > end {
            return Err(format!(
                "relocation block at RVA {rva:#x} has size {block:#x}"
            ));
        }
        for i in 0..(block - 8) / 2 {
            let entry = image.read_u16(rva + 8 + 2 * i, "relocation entry")?;
            let at = page + (entry & 0xFFF) as u32;
            match entry >> 12 {
                0 => {} // IMAGE_REL_BASED_ABSOLUTE: padding
                10 => {
                    // DIR64
                    let v = image.read_u64(at, "relocation target")?;
                    image.write_u64(at, v.wrapping_add(delta), "relocation target")?;
                }
                3 => {
                    // HIGHLOW
                    let r = image.range(at, 4, "relocation target")?;
                    let b = &mut image.bytes_mut()[r];
                    let v = u32::from_le_bytes(b.try_into().expect("4 bytes"));
                    b.copy_from_slice(&v.wrapping_add(delta as u32).to_le_bytes());
                }
                1 | 2 | 4 => {
                    // HIGH / LOW / HIGHADJ: 16-bit halves of a 32-bit address.
                    let r = image.range(at, 2, "relocation target")?;
                    let b = &mut image.bytes_mut()[r];
                    let v = u16::from_le_bytes(b.try_into().expect("2 bytes"));
                    let add = if entry >> 12 == 2 {
                        delta as u16
                    } else {
                        (delta >> 16) as u16
                    };
                    b.copy_from_slice(&v.wrapping_add(add).to_le_bytes());
                }
                t => return Err(format!("unsupported relocation type {t} at RVA {at:#x}")),
            }
        }
        rva += block;
    }
    Ok(())
}

/// The Windows PAGE_* protection for section characteristics.
fn page_protection(characteristics: u32) -> u32 {
    let (r, w, x) = (
        characteristics & IMAGE_SCN_MEM_READ != 0,
        characteristics & IMAGE_SCN_MEM_WRITE != 0,
        characteristics & IMAGE_SCN_MEM_EXECUTE != 0,
    );
    match (x, w, r) {
        (true, true, _) => 0x80,       // PAGE_EXECUTE_WRITECOPY
        (true, false, true) => 0x20,   // PAGE_EXECUTE_READ
        (true, false, false) => 0x10,  // PAGE_EXECUTE
        (false, true, _) => 0x08,      // PAGE_WRITECOPY
        (false, false, true) => 0x02,  // PAGE_READONLY
        (false, false, false) => 0x01, // PAGE_NOACCESS
    }
}

/// Gives headers and each section their protection and returns each page's PAGE_* value (for
/// VirtualQuery). Pages shared by two sections get the union, as Windows' loader does.
pub fn protect(image: MappedImage, h: &Headers) -> Result<Vec<u32>, String> {
    let pages = (image.size / PAGE) as usize;
    let mut prot = vec![0x02u32; pages]; // PAGE_READONLY: headers and gaps
    let union = |a: u32, b: u32| -> u32 {
        let bits = |p: u32| match p {
            0x80 => 7,
            0x40 => 7,
            0x20 => 5,
            0x10 => 4,
            0x08 | 0x04 => 3,
            0x02 => 1,
            _ => 0,
        };
        match bits(a) | bits(b) {
            7 | 6 => 0x80,
            5 => 0x20,
            4 => 0x10,
            3 | 2 => 0x08,
            1 => 0x02,
            _ => 0x01,
        }
    };
    let mut first_owner = vec![true; pages];
    for s in &h.sections {
        let start = (s.rva as u64 / PAGE) as usize;
        let end = ((s.rva as u64 + s.mapped_size() as u64).div_ceil(PAGE) as usize).min(pages);
        let p = page_protection(s.characteristics);
        for i in start..end {
            prot[i] = if first_owner[i] { p } else { union(prot[i], p) };
            first_owner[i] = false;
        }
    }
    // One mprotect per run of pages with equal protection.
    let mut start = 0;
    while start < pages {
        let p = prot[start];
        let run = prot[start..].iter().take_while(|&&q| q == p).count();
        let host = match p {
            0x80 | 0x40 => libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC,
            0x20 | 0x10 => libc::PROT_READ | libc::PROT_EXEC,
            0x08 | 0x04 => libc::PROT_READ | libc::PROT_WRITE,
            0x02 => libc::PROT_READ,
            _ => libc::PROT_NONE,
        };
        // SAFETY: changes protections of the image's own pages, which no Rust reference points
        // into any more (`image` is consumed).
        let rc = unsafe {
            libc::mprotect(
                (image.base + start as u64 * PAGE) as *mut libc::c_void,
                run * PAGE as usize,
                host,
            )
        };
        if rc != 0 {
            return Err(format!(
                "mprotect failed: {}",
                std::io::Error::last_os_error()
            ));
        }
        start += run;
    }
    Ok(prot)
}
