//! The export directory of a native DLL, read once at load time.

use super::map::MappedImage;
use super::{Headers, dir};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportTarget {
    /// An RVA in the image.
    Rva(u32),
    /// "DLL.Function" or "DLL.#ordinal".
    Forward(String),
}

#[derive(Clone, Debug, Default)]
pub struct Exports {
    ordinal_base: u32,
    /// Indexed by ordinal - base; `None` for unused slots.
    functions: Vec<Option<ExportTarget>>,
    by_name: HashMap<String, u32>,
}

impl Exports {
    pub fn by_name(&self, name: &str) -> Option<&ExportTarget> {
        let index = *self.by_name.get(name)?;
        self.functions.get(index as usize)?.as_ref()
    }

    pub fn by_ordinal(&self, ordinal: u16) -> Option<&ExportTarget> {
        let index = (ordinal as u32).checked_sub(self.ordinal_base)?;
        self.functions.get(index as usize)?.as_ref()
    }

    /// The named export at or below `rva` that is closest to it: (name, its RVA). For crash
    /// reports, which name the exported function an address is probably in.
    pub fn nearest_below(&self, rva: u32) -> Option<(&str, u32)> {
        self.by_name
            .iter()
            .filter_map(|(name, &index)| match self.functions.get(index as usize)? {
                Some(ExportTarget::Rva(r)) if *r <= rva => Some((name.as_str(), *r)),
                _ => None,
            })
            .max_by_key(|&(_, r)| r)
    }
}

pub fn exports(image: &MappedImage, h: &Headers) -> Result<Exports, String> {
    let (rva, size) = h.dir(dir::EXPORT);
    if rva == 0 || size == 0 {
        return Ok(Exports::default());
    }
    let what = "export directory";
    let base = image.read_u32(rva + 16, what)?;
    let count = image.read_u32(rva + 20, what)?;
    let name_count = image.read_u32(rva + 24, what)?;
    let functions_rva = image.read_u32(rva + 28, what)?;
    let names_rva = image.read_u32(rva + 32, what)?;
    let ordinals_rva = image.read_u32(rva + 36, what)?;
    if count > 65536 || name_count > count.max(65536) {
        return Err(format!("export directory claims {count} functions"));
    }
    let mut functions = Vec::with_capacity(count as usize);
    for i in 0..count {
        let f = image.read_u32(functions_rva + 4 * i, "export address table")?;
        functions.push(match f {
            0 => None,
            f if f >= rva && f < rva + size => Some(ExportTarget::Forward(
                image.read_cstr(f, "export forwarder")?,
            )),
            f => Some(ExportTarget::Rva(f)),
        });
    }
    let mut by_name = HashMap::with_capacity(name_count as usize);
    for i in 0..name_count {
        let n = image.read_u32(names_rva + 4 * i, "export name table")?;
        let o = image.read_u16(ordinals_rva + 2 * i, "export ordinal table")?;
        by_name.insert(image.read_cstr(n, "export name")?, o as u32);
    }
    Ok(Exports {
        ordinal_base: base,
        functions,
        by_name,
    })
}
