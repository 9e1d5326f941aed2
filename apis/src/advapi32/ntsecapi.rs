//! RtlGenRandom, declared in ntsecapi.h and exported by name as SystemFunction036.

use crate::abi::{GuestPtr, host};
use crate::dllexport;

/// Fills the buffer from the system RNG; TRUE on success.
#[dllexport]
pub fn SystemFunction036(RandomBuffer: GuestPtr<u8>, RandomBufferLength: u32) -> bool {
    if RandomBufferLength == 0 {
        return true;
    }
    host::fill_random(RandomBuffer.addr(), RandomBufferLength as usize).is_ok()
}
