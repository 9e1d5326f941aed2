//! ntsecapi.h: RtlGenRandom, exported as SystemFunction036.

use crate::abi::{GuestPtr, host};
use crate::dllexport;

/// Returns a BOOLEAN: TRUE when the buffer was filled from the system generator.
#[dllexport]
pub fn SystemFunction036(RandomBuffer: GuestPtr<u8>, RandomBufferLength: u32) -> u8 {
    if RandomBuffer.is_null() && RandomBufferLength != 0 {
        return 0;
    }
    host::fill_random(RandomBuffer.addr(), RandomBufferLength as usize).is_ok() as u8
}
