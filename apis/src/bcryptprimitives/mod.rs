//! bcryptprimitives.dll: ProcessPrng, where Rust's standard library (MSVC targets) gets its
//! random bytes.

pub mod prng;

crate::dll! {
    name: "bcryptprimitives.dll", id: 7;
    fn prng: ProcessPrng;
}
