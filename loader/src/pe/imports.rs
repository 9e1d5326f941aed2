//! Import tables: the regular import directory and the delay-load directory.

use super::map::MappedImage;
use super::{Headers, dir};

/// One imported function: by name (with its hint) or by ordinal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportName {
    Name(String),
    Ordinal(u16),
}

impl std::fmt::Display for ImportName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportName::Name(n) => f.write_str(n),
            ImportName::Ordinal(o) => write!(f, "#{o}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Import {
    pub name: ImportName,
    /// RVA of the IAT slot the resolved address goes into.
    pub iat_rva: u32,
}

#[derive(Clone, Debug)]
pub struct ImportedDll {
    pub dll: String,
    pub imports: Vec<Import>,
}

const ORDINAL_FLAG: u64 = 1 << 63;

fn read_thunks(image: &MappedImage, names_rva: u32, iat_rva: u32) -> Result<Vec<Import>, String> {
    let mut out = Vec::new();
    let lookup = if names_rva != 0 { names_rva } else { iat_rva };
    for i in 0u32.. {
        let thunk = image.read_u64(lookup + 8 * i, "import lookup entry")?;
        if thunk == 0 {
            break;
        }
        let name = if thunk & ORDINAL_FLAG != 0 {
            ImportName::Ordinal(thunk as u16)
        } else {
            // IMAGE_IMPORT_BY_NAME: a 2-byte hint, then the name.
            ImportName::Name(image.read_cstr((thunk as u32).wrapping_add(2), "import name")?)
        };
        out.push(Import {
            name,
            iat_rva: iat_rva + 8 * i,
        });
        if i > 1_000_000 {
            return Err("import table is not terminated".into());
        }
    }
    Ok(out)
}

/// The regular imports, DLL by DLL in table order.
pub fn imports(image: &MappedImage, h: &Headers) -> Result<Vec<ImportedDll>, String> {
    let (rva, size) = h.dir(dir::IMPORT);
    let mut out = Vec::new();
    if rva == 0 || size == 0 {
        return Ok(out);
    }
    // IMAGE_IMPORT_DESCRIPTOR: OriginalFirstThunk, TimeDateStamp, ForwarderChain, Name,
    // FirstThunk; the table ends with a zeroed descriptor.
    for i in 0u32.. {
        let d = rva + 20 * i;
        let names = image.read_u32(d, "import descriptor")?;
        let name_rva = image.read_u32(d + 12, "import descriptor")?;
        let iat = image.read_u32(d + 16, "import descriptor")?;
        if names == 0 && name_rva == 0 && iat == 0 {
            break;
        }
        let dll = image.read_cstr(name_rva, "imported DLL name")?;
        out.push(ImportedDll {
            imports: read_thunks(image, names, iat)?,
            dll,
        });
    }
    Ok(out)
}

/// The delay-load imports (IMAGE_DELAYLOAD_DESCRIPTOR, 32 bytes each, RVA-based).
pub fn delay_imports(image: &MappedImage, h: &Headers) -> Result<Vec<ImportedDll>, String> {
    let (rva, size) = h.dir(dir::DELAY_IMPORT);
    let mut out = Vec::new();
    if rva == 0 || size == 0 {
        return Ok(out);
    }
    for i in 0u32.. {
        let d = rva + 32 * i;
        let attributes = image.read_u32(d, "delay-load descriptor")?;
        let name_rva = image.read_u32(d + 4, "delay-load descriptor")?;
        let iat = image.read_u32(d + 12, "delay-load descriptor")?;
        let names = image.read_u32(d + 16, "delay-load descriptor")?;
        if name_rva == 0 {
            break;
        }
        if attributes & 1 == 0 {
            return Err("VA-based (version 1) delay-load descriptors are not supported".into());
        }
        let dll = image.read_cstr(name_rva, "delay-loaded DLL name")?;
        out.push(ImportedDll {
            imports: read_thunks(image, names, iat)?,
            dll,
        });
    }
    Ok(out)
}
