//! Static TLS (`.tls`): the template each thread's block is copied from, the slot where the
//! module's TLS index goes, and the TLS callbacks.

use super::map::MappedImage;
use super::{Headers, dir};

#[derive(Clone, Debug)]
pub struct TlsTemplate {
    /// The initialised data (copied from the image at load time, before the guest can change it).
    pub data: Vec<u8>,
    pub zero_fill: u32,
    /// Virtual address of the DWORD that receives the module's TLS index.
    pub index_va: u64,
    /// Callback addresses, in order.
    pub callbacks: Vec<u64>,
}

pub fn tls(image: &MappedImage, h: &Headers) -> Result<Option<TlsTemplate>, String> {
    let (rva, size) = h.dir(dir::TLS);
    if rva == 0 || size == 0 {
        return Ok(None);
    }
    // IMAGE_TLS_DIRECTORY64: StartAddressOfRawData, EndAddressOfRawData, AddressOfIndex,
    // AddressOfCallBacks (all VAs, already relocated), SizeOfZeroFill, Characteristics.
    let what = "TLS directory";
    let start = image.read_u64(rva, what)?;
    let end = image.read_u64(rva + 8, what)?;
    let index_va = image.read_u64(rva + 16, what)?;
    let callbacks_va = image.read_u64(rva + 24, what)?;
    let zero_fill = image.read_u32(rva + 32, what)?;
    let data = if end > start {
        let s = image.rva_of(start, "TLS data start")?;
        image.read_bytes(s, (end - start) as usize, "TLS data")?
    } else {
        Vec::new()
    };
    image.rva_of(index_va, "TLS index address")?;
    let mut callbacks = Vec::new();
    if callbacks_va != 0 {
        let mut at = image.rva_of(callbacks_va, "TLS callback array")?;
        loop {
            let cb = image.read_u64(at, "TLS callback array")?;
            if cb == 0 {
                break;
            }
            image.rva_of(cb, "TLS callback")?;
            callbacks.push(cb);
            at += 8;
        }
    }
    Ok(Some(TlsTemplate {
        data,
        zero_fill,
        index_va,
        callbacks,
    }))
}
