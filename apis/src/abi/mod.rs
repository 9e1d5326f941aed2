//! The boundary between guest and host: guest memory access, argument conversion, error codes
//! and the handle table. The only module of this crate that uses `unsafe`.

pub mod args;
pub mod call;
pub mod context;
pub mod cpu;
pub mod error;
pub mod fiber;
pub mod handles;
pub mod host;
pub mod mem;
pub mod net;

pub use args::{
    Arg, CStrPtr, Failure, GuestPtr, Handle, HandleOrInvalid, RelayArg, Ret, VaList, VarArgs,
    WStrPtr,
};
pub use error::{NtStatus, Win32Error, Win32Result};

/// A code or data address inside winrun (an export's entry point or storage).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addr(pub *const ());

// SAFETY: an `Addr` is only ever handed to the guest as a number; winrun never dereferences it
// through this type, so sharing it between threads shares no memory access.
unsafe impl Sync for Addr {}
// SAFETY: as for `Sync`.
unsafe impl Send for Addr {}

impl Addr {
    pub fn get(self) -> u64 {
        self.0 as u64
    }
}

/// Storage shared with the guest: a data export or a block the guest reads and writes through
/// pointers. winrun reads and writes it only by copy, through its address.
#[repr(transparent)]
pub struct GuestCell<T>(std::cell::UnsafeCell<T>);

// SAFETY: winrun never forms references into the cell; all access is by copy through `mem`
// at the cell's address, and guest code synchronises its own accesses as on Windows.
unsafe impl<T> Sync for GuestCell<T> {}

impl<T: Copy> GuestCell<T> {
    pub const fn new(value: T) -> Self {
        GuestCell(std::cell::UnsafeCell::new(value))
    }
    pub fn addr(&self) -> u64 {
        self.0.get() as u64
    }
    pub fn get(&self) -> T {
        mem::read(self.addr()).expect("cell address is non-null")
    }
    pub fn set(&self, value: T) {
        mem::write(self.addr(), value);
    }
}
