//! utilapiset.h: pointer encoding. As on Windows, an encoded pointer is the pointer XORed with a
//! per-process secret and rotated by the secret's low six bits, so encodings are not guessable
//! and decoding reverses them exactly.

use crate::abi::{GuestPtr, host};
use crate::dllexport;
use std::sync::OnceLock;

fn process_cookie() -> u64 {
    static COOKIE: OnceLock<u64> = OnceLock::new();
    *COOKIE.get_or_init(|| {
        let mut cookie = 0u64;
        // A failing RNG still leaves a working (if predictable) encoding.
        let _ = host::fill_random(&mut cookie as *mut u64 as u64, 8);
        cookie
    })
}

#[dllexport]
pub fn EncodePointer(Ptr: GuestPtr<u8>) -> GuestPtr<u8> {
    let cookie = process_cookie();
    GuestPtr::new((Ptr.addr() ^ cookie).rotate_right((cookie & 0x3f) as u32))
}

#[dllexport]
pub fn DecodePointer(Ptr: GuestPtr<u8>) -> GuestPtr<u8> {
    let cookie = process_cookie();
    GuestPtr::new(Ptr.addr().rotate_left((cookie & 0x3f) as u32) ^ cookie)
}
