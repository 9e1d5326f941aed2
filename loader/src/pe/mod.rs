//! The PE reader: headers (through goblin), then the tables of a mapped image (imports,
//! exports, relocations, TLS) read by RVA with bounds checks, so a corrupt table is an error
//! naming the table, never a fault in winrun.

pub mod exports;
pub mod imports;
pub mod map;
pub mod tls;

use goblin::pe::header::Header;
use std::path::{Path, PathBuf};

pub const IMAGE_FILE_DLL: u16 = 0x2000;
pub const IMAGE_FILE_RELOCS_STRIPPED: u16 = 0x0001;
pub const SUBSYSTEM_WINDOWS_GUI: u16 = 2;

/// Data directory indices.
pub mod dir {
    pub const EXPORT: usize = 0;
    pub const IMPORT: usize = 1;
    pub const EXCEPTION: usize = 3;
    pub const BASERELOC: usize = 5;
    pub const TLS: usize = 9;
    pub const DELAY_IMPORT: usize = 13;
}

/// Why an image could not be loaded. The message names the file and the problem.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a PE executable ({why})")]
    NotPe { path: PathBuf, why: String },
    #[error("{path}: corrupt PE image: {why}")]
    Corrupt { path: PathBuf, why: String },
    #[error("{path}: 32-bit PE programs are not supported yet")]
    Pe32 { path: PathBuf },
    #[error("{path}: unsupported machine type {machine:#06x} (winrun runs x86-64 images)")]
    Machine { path: PathBuf, machine: u16 },
    #[error("{path}: cannot place the image: {why}")]
    Placement { path: PathBuf, why: String },
    #[error("{dll} not found (needed by {needed_by}; looked in {searched})")]
    DllNotFound {
        dll: String,
        needed_by: String,
        searched: String,
    },
    #[error("{path}: DllMain failed (returned FALSE on process attach)")]
    DllInitFailed { path: PathBuf },
}

impl LoadError {
    /// winrun's exit status for this failure (see the README's table of exit codes).
    pub fn exit_code(&self) -> i32 {
        match self {
            LoadError::Unreadable { .. } => crate::exit::NOT_FOUND,
            LoadError::DllNotFound { .. } | LoadError::DllInitFailed { .. } => {
                crate::exit::DLL_ERROR
            }
            _ => crate::exit::BAD_IMAGE,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Section {
    pub name: String,
    pub rva: u32,
    pub virtual_size: u32,
    pub raw_offset: u32,
    pub raw_size: u32,
    pub characteristics: u32,
}

impl Section {
    /// Bytes the section occupies in memory: VirtualSize, or the raw size when VirtualSize is 0
    /// (as some linkers emit).
    pub fn mapped_size(&self) -> u32 {
        if self.virtual_size == 0 {
            self.raw_size
        } else {
            self.virtual_size
        }
    }
    /// Bytes copied from the file: the raw data, cut at the mapped size; the rest is zero
    /// (uninitialised data).
    pub fn file_bytes(&self) -> u32 {
        if self.raw_offset == 0 {
            0
        } else {
            self.raw_size.min(self.mapped_size())
        }
    }
}

/// What the loader needs from a PE file's headers.
#[derive(Clone, Debug)]
pub struct Headers {
    pub characteristics: u16,
    pub image_base: u64,
    pub size_of_image: u32,
    pub size_of_headers: u32,
    pub section_alignment: u32,
    pub entry_rva: u32,
    pub subsystem: u16,
    pub subsystem_version: (u16, u16),
    pub stack_reserve: u64,
    pub sections: Vec<Section>,
    /// (rva, size) of each data directory.
    pub dirs: [(u32, u32); 16],
}

impl Headers {
    pub fn is_dll(&self) -> bool {
        self.characteristics & IMAGE_FILE_DLL != 0
    }
    pub fn dir(&self, index: usize) -> (u32, u32) {
        self.dirs[index]
    }
}

/// Parses and validates the headers of the PE file `bytes` read from `path`.
pub fn parse_headers(path: &Path, bytes: &[u8]) -> Result<Headers, LoadError> {
    let not_pe = |why: &str| LoadError::NotPe {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let corrupt = |why: String| LoadError::Corrupt {
        path: path.to_path_buf(),
        why,
    };
    if bytes.len() < 64 || &bytes[..2] != b"MZ" {
        return Err(not_pe("no MZ signature"));
    }
    let pe_offset = u32::from_le_bytes(bytes[60..64].try_into().expect("4 bytes")) as usize;
    if pe_offset
        .checked_add(24)
        .is_none_or(|end| end > bytes.len())
    {
        return Err(corrupt(format!(
            "PE header offset {pe_offset:#x} is beyond the end of the file"
        )));
    }
    if &bytes[pe_offset..pe_offset + 4] != b"PE\0\0" {
        return Err(not_pe("MZ file without a PE signature (a DOS program?)"));
    }
    let magic_at = pe_offset + 24;
    if let Some(m) = bytes.get(magic_at..magic_at + 2)
        && u16::from_le_bytes([m[0], m[1]]) == 0x10b
    {
        return Err(LoadError::Pe32 {
            path: path.to_path_buf(),
        });
    }
    let header = Header::parse(bytes).map_err(|e| corrupt(format!("headers: {e}")))?;
    let machine = header.coff_header.machine;
    if machine != goblin::pe::header::COFF_MACHINE_X86_64 {
        if machine == goblin::pe::header::COFF_MACHINE_X86 {
            return Err(LoadError::Pe32 {
                path: path.to_path_buf(),
            });
        }
        return Err(LoadError::Machine {
            path: path.to_path_buf(),
            machine,
        });
    }
    let opt = header
        .optional_header
        .ok_or_else(|| corrupt("no optional header".into()))?;
    if opt.standard_fields.magic != 0x20b {
        return Err(corrupt(format!(
            "optional header magic {:#x} is not PE32+",
            opt.standard_fields.magic
        )));
    }
    let w = &opt.windows_fields;
    let mut offset = pe_offset + 24 + header.coff_header.size_of_optional_header as usize;
    let sections = header
        .coff_header
        .sections(bytes, &mut offset)
        .map_err(|e| corrupt(format!("section table: {e}")))?;
    let mut dirs = [(0u32, 0u32); 16];
    for (i, d) in opt.data_directories.data_directories.iter().enumerate() {
        if let Some((_, d)) = d {
            dirs[i] = (d.virtual_address, d.size);
        }
    }
    let headers = Headers {
        characteristics: header.coff_header.characteristics,
        image_base: w.image_base,
        size_of_image: w.size_of_image,
        size_of_headers: w.size_of_headers,
        section_alignment: w.section_alignment,
        entry_rva: opt.standard_fields.address_of_entry_point,
        subsystem: w.subsystem,
        subsystem_version: (w.major_subsystem_version, w.minor_subsystem_version),
        stack_reserve: w.size_of_stack_reserve,
        sections: sections
            .iter()
            .map(|s| Section {
                name: String::from_utf8_lossy(&s.name)
                    .trim_end_matches('\0')
                    .to_string(),
                rva: s.virtual_address,
                virtual_size: s.virtual_size,
                raw_offset: s.pointer_to_raw_data,
                raw_size: s.size_of_raw_data,
                characteristics: s.characteristics,
            })
            .collect(),
        dirs,
    };
    validate(&headers, bytes.len()).map_err(corrupt)?;
    Ok(headers)
}

/// Checks that the layout is one Windows' loader would accept.
fn validate(h: &Headers, file_len: usize) -> Result<(), String> {
    if h.size_of_image == 0 || h.size_of_image > 0x8000_0000 {
        return Err(format!(
            "SizeOfImage {:#x} is not plausible",
            h.size_of_image
        ));
    }
    if h.size_of_headers as usize > file_len || h.size_of_headers > h.size_of_image {
        return Err(format!(
            "SizeOfHeaders {:#x} is out of range",
            h.size_of_headers
        ));
    }
    if h.section_alignment == 0 || !h.section_alignment.is_power_of_two() {
        return Err(format!(
            "SectionAlignment {:#x} is not a power of two",
            h.section_alignment
        ));
    }
    if !h.image_base.is_multiple_of(0x10000) {
        return Err(format!(
            "ImageBase {:#x} is not 64 KiB aligned",
            h.image_base
        ));
    }
    for s in &h.sections {
        let span = s.mapped_size();
        if s.rva as u64 + span as u64 > h.size_of_image as u64 {
            return Err(format!("section {} ends beyond SizeOfImage", s.name));
        }
        let copy = s.file_bytes();
        if copy > 0 && s.raw_offset as u64 + copy as u64 > file_len as u64 {
            return Err(format!(
                "section {} data lies beyond the end of the file (truncated?)",
                s.name
            ));
        }
    }
    for (i, &(rva, size)) in h.dirs.iter().enumerate() {
        // The security directory (4) holds a file offset, not an RVA.
        if i != 4 && size != 0 && rva as u64 + size as u64 > h.size_of_image as u64 {
            return Err(format!("data directory {i} lies beyond SizeOfImage"));
        }
    }
    if h.entry_rva >= h.size_of_image {
        return Err(format!(
            "entry point {:#x} is beyond SizeOfImage",
            h.entry_rva
        ));
    }
    Ok(())
}
