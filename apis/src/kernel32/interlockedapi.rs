//! interlockedapi.h: singly linked lists (SLIST_HEADER, 16 bytes: depth and sequence in the
//! first quadword, the first entry in the second). Every operation on any list takes one
//! process-wide lock, which keeps them atomic with respect to each other without a 16-byte
//! compare-exchange.

use crate::abi::{GuestPtr, mem};
use crate::dllexport;
use std::sync::Mutex;

static LISTS: Mutex<()> = Mutex::new(());

pub type SListHeader = GuestPtr<[u64; 2]>;

fn with_list<R>(head: SListHeader, f: impl FnOnce(u64, u64) -> (R, u64, u64)) -> R {
    let _lock = LISTS.lock().unwrap_or_else(|e| e.into_inner());
    let [control, first] = head.read().unwrap_or_default();
    let (result, new_control, new_first) = f(control, first);
    head.write([new_control, new_first]);
    result
}

/// Depth (low 16 bits) changed by `delta`, sequence (the rest) advanced.
fn next_control(control: u64, depth: u64) -> u64 {
    let sequence = (control >> 16).wrapping_add(1) & 0xFFFF_FFFF_FFFF;
    (sequence << 16) | (depth & 0xFFFF)
}

#[dllexport]
pub fn InitializeSListHead(ListHead: SListHeader) {
    ListHead.write([0, 0]);
}

/// Returns the previous first entry.
#[dllexport]
pub fn InterlockedPushEntrySList(ListHead: SListHeader, ListEntry: GuestPtr<u64>) -> u64 {
    with_list(ListHead, |control, first| {
        ListEntry.write(first);
        (
            first,
            next_control(control, (control & 0xFFFF) + 1),
            ListEntry.addr(),
        )
    })
}

#[dllexport]
pub fn InterlockedPopEntrySList(ListHead: SListHeader) -> u64 {
    with_list(ListHead, |control, first| {
        if first == 0 {
            return (0, control, 0);
        }
        let next = mem::read::<u64>(first).unwrap_or(0);
        (first, next_control(control, (control & 0xFFFF) - 1), next)
    })
}

#[dllexport]
pub fn InterlockedFlushSList(ListHead: SListHeader) -> u64 {
    with_list(ListHead, |control, first| {
        (first, next_control(control, 0), 0)
    })
}

/// Pushes the chain `List`..`ListEnd` of `Count` entries; returns the previous first entry.
#[dllexport]
pub fn InterlockedPushListSListEx(
    ListHead: SListHeader,
    List: GuestPtr<u64>,
    ListEnd: GuestPtr<u64>,
    Count: u32,
) -> u64 {
    with_list(ListHead, |control, first| {
        ListEnd.write(first);
        let depth = (control & 0xFFFF) + Count as u64;
        (first, next_control(control, depth), List.addr())
    })
}

#[dllexport]
pub fn QueryDepthSList(ListHead: SListHeader) -> u16 {
    let _lock = LISTS.lock().unwrap_or_else(|e| e.into_inner());
    ListHead.read().map_or(0, |[control, _]| control as u16)
}
