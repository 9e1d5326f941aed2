//! ADVAPI32.dll: RtlGenRandom (exported as SystemFunction036), which the Rust standard library
//! (windows-gnu targets) imports for random bytes.

pub mod ntsecapi;

crate::dll! {
    name: "ADVAPI32.dll", id: 8;
    fn ntsecapi: SystemFunction036;
}
