//! ProcessPrng (documented with the CNG random number functions, no SDK header).

use crate::abi::{GuestPtr, host};
use crate::dllexport;

/// Fills the buffer from the system RNG; always TRUE, as on Windows (which cannot fail here).
#[dllexport]
pub fn ProcessPrng(pbData: GuestPtr<u8>, cbData: usize) -> bool {
    if cbData == 0 {
        return true;
    }
    // getrandom(2) fails only for a bad buffer, which Windows would fault on.
    host::fill_random(pbData.addr(), cbData).is_ok()
}
