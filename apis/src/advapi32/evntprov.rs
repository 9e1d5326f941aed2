//! evntprov.h: Event Tracing for Windows providers. No trace session ever listens under winrun,
//! so providers register and their events are accepted and dropped, as on a Windows machine
//! where nobody enabled the provider.

use crate::abi::GuestPtr;
use crate::dllexport;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_REGISTRATION: AtomicU64 = AtomicU64::new(1);

#[dllexport]
pub fn EventRegister(
    ProviderId: GuestPtr<u8>,
    EnableCallback: u64,
    CallbackContext: u64,
    RegHandle: GuestPtr<u64>,
) -> u32 {
    if ProviderId.is_null() || RegHandle.is_null() {
        return crate::abi::Win32Error::INVALID_PARAMETER.0;
    }
    RegHandle.write(NEXT_REGISTRATION.fetch_add(1, Ordering::Relaxed));
    0
}

#[dllexport]
pub fn EventUnregister(RegHandle: u64) -> u32 {
    0
}

#[dllexport]
pub fn EventSetInformation(
    RegHandle: u64,
    InformationClass: u32,
    EventInformation: GuestPtr<u8>,
    InformationLength: u32,
) -> u32 {
    0
}

#[dllexport]
pub fn EventWrite(
    RegHandle: u64,
    EventDescriptor: GuestPtr<u8>,
    UserDataCount: u32,
    UserData: GuestPtr<u8>,
) -> u32 {
    0
}

#[dllexport]
pub fn EventWriteTransfer(
    RegHandle: u64,
    EventDescriptor: GuestPtr<u8>,
    ActivityId: GuestPtr<u8>,
    RelatedActivityId: GuestPtr<u8>,
    UserDataCount: u32,
    UserData: GuestPtr<u8>,
) -> u32 {
    0
}

/// No session has enabled any provider.
#[dllexport]
pub fn EventEnabled(RegHandle: u64, EventDescriptor: GuestPtr<u8>) -> bool {
    false
}

#[dllexport]
pub fn EventProviderEnabled(RegHandle: u64, Level: u8, Keyword: u64) -> bool {
    false
}
