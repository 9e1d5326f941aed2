//! ehdata.h: MSVC C++ exceptions on x64. `_CxxThrowException` raises 0xE06D7363 with the thrown
//! object and its ThrowInfo (the object's catchable types, its destructor); the language handler
//! of every function with try blocks or objects to destroy, `__CxxFrameHandler3` (FuncInfo
//! tables) or `__CxxFrameHandler4` (the same tables, compressed), matches catch clauses by type
//! during the search and runs the destructors of the frames being left during the unwind.
//!
//! A catch clause runs the way Windows runs it: the handler unwinds to the frame holding the
//! catch with a STATUS_UNWIND_CONSOLIDATE record whose callback (`run_catch`) builds the catch
//! object and calls the catch funclet while the thrower's frames, and the thrown object in them,
//! are still on the stack; the funclet returns where the function continues.
//!
//! Catch funclets run with the frame of their function (the parent frame) in rdx, at an offset
//! of their own frame recorded in the handler entry. While one runs, exceptions raised inside it
//! are matched against the try blocks inside that catch clause in the funclet's frame, and
//! against the try blocks around the whole try/catch in the frame the catch returns to: the
//! active catches (`ACTIVE`) say which state each such frame was unwound to.

use super::eh;
use crate::abi::context::CallerContext;
use crate::abi::{GuestCell, call::call, mem};
use crate::dllexport;
use crate::nt::exception::{
    self, EXCEPTION_EXIT_UNWIND, EXCEPTION_NONCONTINUABLE, EXCEPTION_TARGET_UNWIND,
    EXCEPTION_UNWINDING, status,
};
use crate::nt::modules;
use std::cell::RefCell;
use windows_sys::Win32::System::Diagnostics::Debug::EXCEPTION_RECORD;

/// ExceptionInformation[0] of a C++ exception (the versions of the throw protocol).
const THROW_MAGIC: u64 = 0x1993_0520;
const THROW_MAGIC_LAST: u64 = 0x1993_0522;

/// EXCEPTION_DISPOSITION.
const CONTINUE_SEARCH: u32 = 1;

/// ThrowInfo.attributes.
const TI_CONST: u32 = 0x1;
const TI_VOLATILE: u32 = 0x2;
const TI_UNALIGNED: u32 = 0x4;

/// CatchableType.properties.
const CT_SIMPLE_TYPE: u32 = 0x1;
const CT_BY_REFERENCE_ONLY: u32 = 0x2;
const CT_HAS_VIRTUAL_BASE: u32 = 0x4;

/// HandlerType.adjectives.
const HT_CONST: u32 = 0x1;
const HT_VOLATILE: u32 = 0x2;
const HT_UNALIGNED: u32 = 0x4;
const HT_REFERENCE: u32 = 0x8;

/// FuncInfo.EHFlags: compiled with /EHs, so catch(...) does not catch structured exceptions;
/// a noexcept function, which no C++ exception may leave.
const FI_EHS: u32 = 0x1;
const FI_NOEXCEPT: u32 = 0x4;

/// FuncInfo4 header bits.
const FH4_IS_CATCH: u8 = 0x01;
const FH4_IS_SEPARATED: u8 = 0x02;
const FH4_BBT: u8 = 0x04;
const FH4_UNWIND_MAP: u8 = 0x08;
const FH4_TRY_BLOCK_MAP: u8 = 0x10;
const FH4_EHS: u8 = 0x20;
const FH4_NOEXCEPT: u8 = 0x40;

/// DISPATCHER_CONTEXT fields the handler reads (x64 layout).
mod dispatcher {
    pub const CONTROL_PC: u64 = 0x00;
    pub const IMAGE_BASE: u64 = 0x08;
    pub const FUNCTION_ENTRY: u64 = 0x10;
    pub const CONTEXT_RECORD: u64 = 0x28;
    pub const HANDLER_DATA: u64 = 0x38;
    pub const HISTORY_TABLE: u64 = 0x40;
}

// ---------------------------------------------------------------------------------------------
// The tables of one function, decoded

/// What leaving a state does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Action {
    None,
    /// A cleanup funclet, called with the parent frame.
    Funclet(u64),
    /// FH4: a destructor called on the object at this frame offset.
    DestroyObject(u64, i32),
    /// FH4: a destructor called on the object a pointer at this frame offset points to.
    DestroyPointee(u64, i32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Unwind {
    pub to_state: i32,
    pub action: Action,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Catch {
    pub adjectives: u32,
    /// The TypeDescriptor caught; 0 for catch(...).
    pub type_descriptor: u64,
    /// Where the catch object lives, relative to the parent frame; 0: none.
    pub catch_object: i32,
    pub funclet: u64,
    /// Where the funclet keeps the parent frame, relative to its own frame.
    pub parent_frame_offset: i32,
    /// FH4: the continuation addresses a funclet returns by index (0 entries: it returns one).
    pub continuations: [u64; 2],
    pub continuation_count: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TryBlock {
    pub low: i32,
    pub high: i32,
    pub catch_high: i32,
    pub catches: Vec<Catch>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct FuncInfo {
    pub unwind: Vec<Unwind>,
    pub tries: Vec<TryBlock>,
    /// (address, state) sorted by address: the state from each address on.
    pub ip_to_state: Vec<(u64, i32)>,
    pub flags: u32,
    /// FH4 tables of a catch funclet: where it keeps the parent frame, relative to its own.
    pub catch_frame_offset: Option<i32>,
}

impl FuncInfo {
    /// A FuncInfo (FH3) at `addr` in the image at `base`.
    fn read_v3(addr: u64, base: u64) -> Option<FuncInfo> {
        let h: [u32; 10] = mem::read(addr)?;
        let magic = h[0] & 0x1FFF_FFFF;
        if !(THROW_MAGIC as u32..=THROW_MAGIC_LAST as u32).contains(&magic) {
            return None;
        }
        let rva = |r: u32| if r == 0 { 0 } else { base + r as u64 };
        let unwind = mem::read_slice::<[i32; 2]>(rva(h[2]), h[1] as usize)
            .into_iter()
            .map(|[to_state, action]| Unwind {
                to_state,
                action: match action {
                    0 => Action::None,
                    a => Action::Funclet(base + a as u32 as u64),
                },
            })
            .collect();
        let tries = mem::read_slice::<[i32; 5]>(rva(h[4]), h[3] as usize)
            .into_iter()
            .map(|[low, high, catch_high, count, handlers]| TryBlock {
                low,
                high,
                catch_high,
                catches: mem::read_slice::<[u32; 5]>(rva(handlers as u32), count.max(0) as usize)
                    .into_iter()
                    .map(|[adjectives, ty, object, funclet, frame]| Catch {
                        adjectives,
                        type_descriptor: rva(ty),
                        catch_object: object as i32,
                        funclet: rva(funclet),
                        parent_frame_offset: frame as i32,
                        continuations: [0; 2],
                        continuation_count: 0,
                    })
                    .collect(),
            })
            .collect();
        let ip_to_state = mem::read_slice::<[i32; 2]>(rva(h[6]), h[5] as usize)
            .into_iter()
            .map(|[ip, state]| (base + ip as u32 as u64, state))
            .collect();
        // EHFlags exists from the 0x19930522 layout on.
        let flags = if magic >= 0x1993_0522 { h[9] } else { 0 };
        Some(FuncInfo {
            unwind,
            tries,
            ip_to_state,
            flags,
            catch_frame_offset: None,
        })
    }

    /// A FuncInfo4 (FH4's compressed tables) at `addr` for the function (or funclet) starting
    /// at `start` in the image at `base`.
    fn read_v4(addr: u64, base: u64, start: u64) -> FuncInfo {
        let mut r = Compressed(addr);
        let header = r.byte();
        if header & FH4_BBT != 0 {
            r.unsigned();
        }
        let unwind_map = if header & FH4_UNWIND_MAP != 0 {
            r.rva(base)
        } else {
            0
        };
        let try_map = if header & FH4_TRY_BLOCK_MAP != 0 {
            r.rva(base)
        } else {
            0
        };
        let mut ip_map = r.rva(base);
        if header & FH4_IS_SEPARATED != 0 && ip_map != 0 {
            // Per-segment maps: the one for the segment starting at `start`.
            let mut segments = Compressed(ip_map);
            ip_map = 0;
            for _ in 0..segments.unsigned() {
                let (segment, map) = (segments.rva(base), segments.rva(base));
                if segment == start {
                    ip_map = map;
                    break;
                }
            }
        }
        let catch_frame_offset = (header & FH4_IS_CATCH != 0).then(|| r.unsigned() as i32);

        let mut unwind = Vec::new();
        if unwind_map != 0 {
            let mut m = Compressed(unwind_map);
            let count = m.unsigned();
            let first = m.0;
            // Each entry names its next state by the byte distance back to that state's entry.
            let mut starts = Vec::new();
            let mut back = Vec::new();
            for _ in 0..count.min(1 << 16) {
                starts.push(m.0);
                let next = m.unsigned();
                let action = match next & 3 {
                    1 => Action::DestroyObject(m.rva(base), m.unsigned() as i32),
                    2 => Action::DestroyPointee(m.rva(base), m.unsigned() as i32),
                    3 => Action::Funclet(m.rva(base)),
                    _ => Action::None,
                };
                back.push((next >> 2) as u64);
                unwind.push(Unwind {
                    to_state: -1,
                    action,
                });
            }
            for (i, entry) in unwind.iter_mut().enumerate() {
                let target = starts[i].wrapping_sub(back[i]);
                entry.to_state = if target < first {
                    -1
                } else {
                    starts
                        .iter()
                        .position(|&s| s == target)
                        .map_or(-1, |s| s as i32)
                };
            }
        }

        let mut tries = Vec::new();
        if try_map != 0 {
            let mut m = Compressed(try_map);
            for _ in 0..m.unsigned().min(1 << 16) {
                let (low, high, catch_high) = (m.unsigned(), m.unsigned(), m.unsigned());
                let mut h = Compressed(m.rva(base));
                let catches = (0..h.unsigned().min(1 << 10))
                    .map(|_| {
                        let flags = h.byte();
                        let adjectives = if flags & 1 != 0 { h.unsigned() } else { 0 };
                        let type_descriptor = if flags & 2 != 0 { h.rva(base) } else { 0 };
                        let catch_object = if flags & 4 != 0 {
                            h.unsigned() as i32
                        } else {
                            0
                        };
                        let funclet = h.rva(base);
                        let continuation_count = (flags >> 4) & 3;
                        let mut continuations = [0; 2];
                        for c in continuations
                            .iter_mut()
                            .take(continuation_count.min(2) as usize)
                        {
                            *c = if flags & 8 != 0 {
                                h.rva(base)
                            } else {
                                start + h.unsigned() as u64
                            };
                        }
                        Catch {
                            adjectives,
                            type_descriptor,
                            catch_object,
                            funclet,
                            parent_frame_offset: 0,
                            continuations,
                            continuation_count: continuation_count.min(2),
                        }
                    })
                    .collect();
                tries.push(TryBlock {
                    low: low as i32,
                    high: high as i32,
                    catch_high: catch_high as i32,
                    catches,
                });
            }
        }

        let mut ip_to_state = Vec::new();
        if ip_map != 0 {
            let mut m = Compressed(ip_map);
            let mut ip = start;
            for _ in 0..m.unsigned().min(1 << 20) {
                ip += m.unsigned() as u64;
                ip_to_state.push((ip, m.unsigned() as i32 - 1));
            }
        }
        let flags = if header & FH4_EHS != 0 { FI_EHS } else { 0 }
            | if header & FH4_NOEXCEPT != 0 {
                FI_NOEXCEPT
            } else {
                0
            };
        FuncInfo {
            unwind,
            tries,
            ip_to_state,
            flags,
            catch_frame_offset,
        }
    }

    fn state_at(&self, pc: u64) -> i32 {
        let after = self.ip_to_state.partition_point(|&(ip, _)| ip <= pc);
        if after == 0 {
            -1
        } else {
            self.ip_to_state[after - 1].1
        }
    }

    fn to_state(&self, state: i32) -> i32 {
        self.unwind
            .get(state as usize)
            .map_or(state - 1, |u| u.to_state)
    }

    /// The catch clause whose funclet starts at `begin`.
    fn catch_at(&self, begin: u64) -> Option<Catch> {
        self.tries
            .iter()
            .find_map(|t| t.catches.iter().find(|c| c.funclet == begin).copied())
    }

    /// Runs the unwind actions from `from` down to (not including) `to`, in `parent`'s frame.
    fn unwind_states(&self, parent: u64, from: i32, to: i32) {
        let mut state = from;
        while state > to {
            let Some(entry) = self.unwind.get(state as usize) else {
                break;
            };
            match entry.action {
                Action::None => {}
                Action::Funclet(f) => {
                    call(f, &[parent, parent]);
                }
                Action::DestroyObject(dtor, offset) => {
                    call(dtor, &[parent.wrapping_add(offset as i64 as u64)]);
                }
                Action::DestroyPointee(dtor, offset) => {
                    let object = mem::read::<u64>(parent.wrapping_add(offset as i64 as u64));
                    call(dtor, &[object.unwrap_or(0)]);
                }
            }
            if entry.to_state >= state {
                break; // a malformed table must not loop
            }
            state = entry.to_state;
        }
    }
}

/// A reader of FH4's compressed tables: bytes, 4-byte RVAs, and unsigned integers of one to
/// five bytes whose length the low bits of the first byte give (0: one byte, 01: two, 011:
/// three, 0111: four, 1111: the four bytes that follow).
struct Compressed(u64);

impl Compressed {
    fn byte(&mut self) -> u8 {
        let b = mem::read::<u8>(self.0).unwrap_or(0);
        self.0 += 1;
        b
    }

    fn rva(&mut self, base: u64) -> u64 {
        let r = mem::read::<u32>(self.0).unwrap_or(0);
        self.0 += 4;
        if r == 0 { 0 } else { base + r as u64 }
    }

    fn unsigned(&mut self) -> u32 {
        let first = mem::read::<u8>(self.0).unwrap_or(0);
        let len = (first.trailing_ones() + 1).min(5);
        let value = if len == 5 {
            mem::read::<u32>(self.0 + 1).unwrap_or(0)
        } else {
            let mut bytes = [0u8; 4];
            for (i, b) in bytes.iter_mut().take(len as usize).enumerate() {
                *b = mem::read::<u8>(self.0 + i as u64).unwrap_or(0);
            }
            u32::from_le_bytes(bytes) >> len
        };
        self.0 += len as u64;
        value
    }
}

// ---------------------------------------------------------------------------------------------
// Thrown objects and their types

/// What a C++ exception carries (ExceptionInformation[1..3]).
#[derive(Clone, Copy, Default, PartialEq)]
pub(crate) struct Thrown {
    pub object: u64,
    pub throw_info: u64,
    /// The image the ThrowInfo's RVAs are relative to.
    pub base: u64,
}

impl Thrown {
    pub fn of(r: &EXCEPTION_RECORD) -> Option<Thrown> {
        let magic = r.ExceptionInformation[0] as u64;
        if r.ExceptionCode as u32 != status::MSVC_CPP_EXCEPTION
            || r.NumberParameters < 3
            || !(THROW_MAGIC..=THROW_MAGIC_LAST).contains(&magic)
        {
            return None;
        }
        Some(Thrown {
            object: r.ExceptionInformation[1] as u64,
            throw_info: r.ExceptionInformation[2] as u64,
            base: if r.NumberParameters >= 4 {
                r.ExceptionInformation[3] as u64
            } else {
                0
            },
        })
    }

    fn rva(&self, r: u32) -> u64 {
        if r == 0 { 0 } else { self.base + r as u64 }
    }

    fn attributes(&self) -> u32 {
        mem::read::<u32>(self.throw_info).unwrap_or(0)
    }

    /// The thrown type's destructor.
    fn destructor(&self) -> u64 {
        self.rva(mem::read::<u32>(self.throw_info + 4).unwrap_or(0))
    }

    /// The CatchableType entries: the type itself, then its bases (and for pointers, void*).
    pub fn catchable_types(&self) -> Vec<CatchableType> {
        let array = self.rva(mem::read::<u32>(self.throw_info + 12).unwrap_or(0));
        let count = mem::read::<i32>(array).unwrap_or(0).clamp(0, 1024) as usize;
        mem::read_slice::<u32>(array + 4, count)
            .into_iter()
            .filter_map(|r| {
                let [properties, ty, mdisp, pdisp, vdisp, size, copy] =
                    mem::read::<[u32; 7]>(self.rva(r))?;
                Some(CatchableType {
                    properties,
                    type_descriptor: self.rva(ty),
                    displacement: [mdisp as i32, pdisp as i32, vdisp as i32],
                    size: size as i32,
                    copy: self.rva(copy),
                })
            })
            .collect()
    }

    /// Destroys the thrown object (its lifetime ends when the last catch of it is left).
    fn destroy(&self) {
        let dtor = self.destructor();
        if dtor != 0 && self.object != 0 {
            call(dtor, &[self.object]);
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct CatchableType {
    pub properties: u32,
    pub type_descriptor: u64,
    /// PMD: member displacement, vbtable displacement (-1: no virtual base), displacement in it.
    pub displacement: [i32; 3],
    pub size: i32,
    pub copy: u64,
}

/// The decorated name of a TypeDescriptor (after the vftable pointer and the spare word).
pub(crate) fn type_name(descriptor: u64) -> Vec<u8> {
    mem::read_cstr(descriptor + 16).unwrap_or_default()
}

pub(crate) fn same_type(a: u64, b: u64) -> bool {
    a == b || type_name(a) == type_name(b)
}

/// A pointer to the thrown object adjusted to the base class a catchable type describes.
pub(crate) fn adjust(object: u64, [mdisp, pdisp, vdisp]: [i32; 3]) -> u64 {
    let mut p = object.wrapping_add(mdisp as i64 as u64);
    if pdisp >= 0 {
        let vbtable = mem::read::<u64>(object.wrapping_add(pdisp as i64 as u64)).unwrap_or(0);
        let offset = mem::read::<i32>(vbtable.wrapping_add(vdisp as i64 as u64)).unwrap_or(0);
        p = p.wrapping_add((offset as i64 + pdisp as i64) as u64);
    }
    p
}

/// Whether `catch_` catches an object of catchable type `ct` thrown with `attributes`.
fn catches(catch_: &Catch, ct: &CatchableType, attributes: u32) -> bool {
    if !same_type(catch_.type_descriptor, ct.type_descriptor) {
        return false;
    }
    let by_reference = catch_.adjectives & HT_REFERENCE != 0;
    !(ct.properties & CT_BY_REFERENCE_ONLY != 0 && !by_reference
        || attributes & TI_CONST != 0 && catch_.adjectives & HT_CONST == 0
        || attributes & TI_VOLATILE != 0 && catch_.adjectives & HT_VOLATILE == 0
        || attributes & TI_UNALIGNED != 0 && catch_.adjectives & HT_UNALIGNED == 0)
}

/// Whether `catch_` takes the exception, and as which catchable type (None for catch(...)).
fn matching_type(
    catch_: &Catch,
    thrown: Option<&Thrown>,
    types: &[CatchableType],
    synchronous: bool,
) -> Option<Option<CatchableType>> {
    let catch_all = catch_.type_descriptor == 0 || type_name(catch_.type_descriptor).is_empty();
    match thrown {
        None if catch_all && !synchronous => Some(None),
        None => None,
        Some(_) if catch_all => Some(None),
        Some(t) => {
            let attributes = t.attributes();
            types
                .iter()
                .find(|ct| catches(catch_, ct, attributes))
                .map(|ct| Some(*ct))
        }
    }
}

/// Whether an object of catchable type `type_descriptor` is among what `r` throws
/// (`_is_exception_typeof`).
pub(crate) fn throws_type(r: &EXCEPTION_RECORD, type_descriptor: u64) -> bool {
    Thrown::of(r).is_some_and(|t| {
        t.catchable_types()
            .iter()
            .any(|ct| same_type(ct.type_descriptor, type_descriptor))
    })
}

// ---------------------------------------------------------------------------------------------
// Catches that are running

/// A catch funclet that is running on this thread.
#[derive(Clone, Copy)]
struct ActiveCatch {
    /// An address in the host frame that called the funclet: the catch is over (returned or
    /// abandoned by an unwind) once the stack is unwound above it.
    host_sp: u64,
    /// The frame the funclet returns into (the parent frame, or an enclosing catch funclet's).
    target_frame: u64,
    /// The state that frame was unwound to before the catch ran.
    base_state: i32,
    /// Try blocks whose first state is above this lie inside the catch clause.
    try_high: i32,
    funclet: u64,
    record: u64,
    context: u64,
    thrown: Option<Thrown>,
}

thread_local! {
    static ACTIVE: RefCell<Vec<ActiveCatch>> = const { RefCell::new(Vec::new()) };
}

/// The catch whose host frame called the funclet running at frame `frame`.
fn catch_running_at(frame: u64) -> Option<ActiveCatch> {
    ACTIVE.with(|a| {
        a.borrow()
            .iter()
            .filter(|c| c.host_sp > frame)
            .min_by_key(|c| c.host_sp)
            .copied()
    })
}

/// The catch that returns into frame `frame`, if one is running.
fn catch_returning_to(frame: u64) -> Option<ActiveCatch> {
    ACTIVE.with(|a| {
        a.borrow()
            .iter()
            .filter(|c| c.target_frame == frame)
            .min_by_key(|c| c.host_sp)
            .copied()
    })
}

/// The exception the innermost running catch handles: what `throw;` rethrows.
pub(crate) fn current() -> Option<(u64, u64, Option<Thrown>)> {
    ACTIVE.with(|a| a.borrow().last().map(|c| (c.record, c.context, c.thrown)))
}

/// Ends the catches an unwind to stack address `sp` abandoned, destroying their thrown objects
/// unless `keep` (being thrown or caught again) or a catch still running holds them.
fn end_catches_below(sp: u64, keep: u64) {
    let ended: Vec<ActiveCatch> = ACTIVE.with(|a| {
        let mut a = a.borrow_mut();
        let (ended, live): (Vec<_>, Vec<_>) = a.iter().partition(|c| c.host_sp < sp);
        *a = live;
        ended
    });
    let mut destroyed = Vec::new();
    for thrown in ended.iter().filter_map(|c| c.thrown) {
        if thrown.object == keep || destroyed.contains(&thrown.object) || held(thrown.object) {
            continue;
        }
        destroyed.push(thrown.object);
        thrown.destroy();
    }
    eh::set_current(current());
}

fn held(object: u64) -> bool {
    ACTIVE.with(|a| {
        a.borrow()
            .iter()
            .any(|c| c.thrown.is_some_and(|t| t.object == object))
    })
}

/// What the frame handler hands `run_catch` through the consolidate record.
#[derive(Clone, Copy)]
#[repr(C)]
struct PendingCatch {
    parent_frame: u64,
    target_frame: u64,
    base_state: i32,
    try_high: i32,
    catch_: Catch,
    catchable: Option<CatchableType>,
    record: u64,
    context: u64,
}

/// The STATUS_UNWIND_CONSOLIDATE callback: builds the catch object, runs the catch funclet and
/// returns the address the function continues at.
extern "win64" fn run_catch(consolidate: u64) -> u64 {
    let marker = 0u8;
    let host_sp = &raw const marker as u64;
    let info = mem::read::<EXCEPTION_RECORD>(consolidate).unwrap_or_default();
    let Some(p) = mem::read::<PendingCatch>(info.ExceptionInformation[1] as u64) else {
        eh::terminate()
    };
    let r = mem::read::<EXCEPTION_RECORD>(p.record).unwrap_or_default();
    let thrown = Thrown::of(&r);
    end_catches_below(p.target_frame, thrown.map_or(0, |t| t.object));
    if let (Some(t), Some(ct)) = (thrown, p.catchable) {
        build_catch_object(&p, &t, &ct);
    }
    if thrown.is_some() {
        eh::caught();
    }
    ACTIVE.with(|a| {
        a.borrow_mut().push(ActiveCatch {
            host_sp,
            target_frame: p.target_frame,
            base_state: p.base_state,
            try_high: p.try_high,
            funclet: p.catch_.funclet,
            record: p.record,
            context: p.context,
            thrown,
        })
    });
    eh::set_current(current());
    let returned = call(p.catch_.funclet, &[p.parent_frame, p.parent_frame]);
    // FH4 tables may list the continuations: the funclet then returns an index into them.
    let continuation = if returned < p.catch_.continuation_count as u64 {
        p.catch_.continuations[returned as usize]
    } else {
        returned
    };
    ACTIVE.with(|a| a.borrow_mut().retain(|c| c.host_sp > host_sp));
    eh::set_current(current());
    if let Some(t) = thrown
        && !held(t.object)
    {
        t.destroy();
    }
    continuation
}

/// Initialises the catch clause's parameter from the thrown object: a pointer for a reference,
/// a bitwise copy for simple types (pointers adjusted to the base caught), the copy constructor
/// for classes.
fn build_catch_object(p: &PendingCatch, t: &Thrown, ct: &CatchableType) {
    if p.catch_.catch_object == 0 || t.object == 0 {
        return;
    }
    let dest = p
        .parent_frame
        .wrapping_add(p.catch_.catch_object as i64 as u64);
    eh::processing_throw(1);
    if p.catch_.adjectives & HT_REFERENCE != 0 {
        mem::write(dest, adjust(t.object, ct.displacement));
    } else if ct.properties & CT_SIMPLE_TYPE != 0 {
        mem::copy_within(dest, t.object, ct.size.max(0) as usize);
        // A pointer caught as a pointer to a base class points at that base.
        if ct.size == 8 {
            let pointer = mem::read::<u64>(dest).unwrap_or(0);
            if pointer != 0 && ct.displacement != [0, -1, 0] {
                mem::write(dest, adjust(pointer, ct.displacement));
            }
        }
    } else if ct.copy != 0 {
        let source = adjust(t.object, ct.displacement);
        if ct.properties & CT_HAS_VIRTUAL_BASE != 0 {
            call(ct.copy, &[dest, source, 1]);
        } else {
            call(ct.copy, &[dest, source]);
        }
    } else {
        mem::copy_within(
            dest,
            adjust(t.object, ct.displacement),
            ct.size.max(0) as usize,
        );
    }
    eh::processing_throw(-1);
}

// ---------------------------------------------------------------------------------------------
// The frame handlers

/// What the dispatcher says about the frame being handled.
struct Frame {
    establisher: u64,
    pc: u64,
    /// Where the function (or funclet) whose frame this is begins.
    begin: u64,
    context_buffer: u64,
    history_table: u64,
}

impl Frame {
    fn read(establisher: u64, dc: u64) -> Frame {
        let field = |offset: u64| mem::read::<u64>(dc + offset).unwrap_or(0);
        let entry = field(dispatcher::FUNCTION_ENTRY);
        Frame {
            establisher,
            pc: field(dispatcher::CONTROL_PC),
            begin: field(dispatcher::IMAGE_BASE) + mem::read::<u32>(entry).unwrap_or(0) as u64,
            context_buffer: field(dispatcher::CONTEXT_RECORD),
            history_table: field(dispatcher::HISTORY_TABLE),
        }
    }
}

/// The language handler of functions compiled with C++ exception tables: `tables` decoded from
/// the handler data, `frame` the frame (or catch funclet's frame) being dispatched or unwound.
fn frame_handler(tables: &FuncInfo, record: u64, context: u64, frame: Frame) -> u32 {
    let r = mem::read::<EXCEPTION_RECORD>(record).unwrap_or_default();
    // In a catch funclet, the function's own frame is where the funclet keeps it.
    let funclet_offset = tables
        .catch_frame_offset
        .or_else(|| tables.catch_at(frame.begin).map(|c| c.parent_frame_offset));
    let (parent, running) = match funclet_offset {
        Some(offset) => {
            let at = frame.establisher.wrapping_add(offset as i64 as u64);
            let running = catch_running_at(frame.establisher).filter(|a| a.funclet == frame.begin);
            (mem::read::<u64>(at).unwrap_or(0), running)
        }
        None => (frame.establisher, None),
    };
    let returning = catch_returning_to(frame.establisher);
    let state = returning.map_or_else(|| tables.state_at(frame.pc), |c| c.base_state);

    if r.ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND) != 0 {
        let ours = r.ExceptionCode as u32 == status::UNWIND_CONSOLIDATE
            && r.ExceptionInformation[0] as u64 == run_catch as *const () as u64;
        let to = if r.ExceptionFlags & EXCEPTION_TARGET_UNWIND != 0 && ours {
            mem::read::<PendingCatch>(r.ExceptionInformation[1] as u64).map_or(-1, |p| p.base_state)
        } else {
            running.map_or(-1, |c| c.base_state)
        };
        tables.unwind_states(parent, state, to);
        return CONTINUE_SEARCH;
    }

    let thrown = Thrown::of(&r);
    let synchronous = tables.flags & FI_EHS != 0;
    if thrown.is_none() {
        // Code built with /EHs only knows C++ exceptions: structured ones pass it untranslated
        // (the translator needs /EHa, as Microsoft documents).
        if synchronous {
            return CONTINUE_SEARCH;
        }
        eh::translate(record, context);
    }
    let types = thrown.map(|t| t.catchable_types()).unwrap_or_default();
    // A funclet's frame looks only at the try blocks inside its catch clause; the ones around
    // the whole try/catch are the parent frame's.
    let inside = running.map_or(i32::MIN, |c| c.try_high);
    for t in &tables.tries {
        if state < t.low || state > t.high || t.low <= inside {
            continue;
        }
        for c in &t.catches {
            let Some(catchable) = matching_type(c, thrown.as_ref(), &types, synchronous) else {
                continue;
            };
            let pending = GuestCell::new(PendingCatch {
                parent_frame: parent,
                target_frame: frame.establisher,
                base_state: tables.to_state(t.low),
                try_high: t.high,
                catch_: *c,
                catchable,
                record,
                context,
            });
            let consolidate = GuestCell::new(EXCEPTION_RECORD {
                ExceptionCode: status::UNWIND_CONSOLIDATE as i32,
                ExceptionFlags: EXCEPTION_NONCONTINUABLE,
                NumberParameters: 2,
                ExceptionInformation: {
                    let mut info = [0usize; 15];
                    info[0] = run_catch as *const () as usize;
                    info[1] = pending.addr() as usize;
                    info
                },
                ..Default::default()
            });
            exception::unwind_from_handler(
                frame.establisher,
                frame.pc,
                consolidate.addr(),
                0,
                frame.context_buffer,
                frame.history_table,
            );
        }
    }
    // A C++ exception about to leave a noexcept function ends in std::terminate.
    if thrown.is_some() && tables.flags & FI_NOEXCEPT != 0 && running.is_none() {
        eh::terminate();
    }
    CONTINUE_SEARCH
}

/// The language handler of MSVC-compiled C++ functions (FuncInfo tables, VS2005 on).
#[dllexport]
pub fn __CxxFrameHandler3(pExcept: u64, pRN: u64, pContext: u64, pDC: u64) -> u32 {
    let base = mem::read::<u64>(pDC + dispatcher::IMAGE_BASE).unwrap_or(0);
    let data = mem::read::<u64>(pDC + dispatcher::HANDLER_DATA).unwrap_or(0);
    let info = base + mem::read::<u32>(data).unwrap_or(0) as u64;
    match FuncInfo::read_v3(info, base) {
        Some(tables) => frame_handler(&tables, pExcept, pContext, Frame::read(pRN, pDC)),
        None => CONTINUE_SEARCH,
    }
}

/// The language handler of functions compiled by MSVC 2019 and later (FuncInfo4 tables).
#[dllexport]
pub fn __CxxFrameHandler4(pExcept: u64, pRN: u64, pContext: u64, pDC: u64) -> u32 {
    let base = mem::read::<u64>(pDC + dispatcher::IMAGE_BASE).unwrap_or(0);
    let data = mem::read::<u64>(pDC + dispatcher::HANDLER_DATA).unwrap_or(0);
    let info = base + mem::read::<u32>(data).unwrap_or(0) as u64;
    let frame = Frame::read(pRN, pDC);
    let tables = FuncInfo::read_v4(info, base, frame.begin);
    frame_handler(&tables, pExcept, pContext, frame)
}

/// `_CxxThrowException(object, ThrowInfo)`: the `throw` statement. With no ThrowInfo, `throw;`
/// rethrows the exception the innermost running catch handles, or terminates when there is none.
#[dllexport]
pub fn _CxxThrowException(pExceptionObject: u64, pThrowInfo: u64, caller: CallerContext) -> ! {
    let (thrown, record) = if pThrowInfo == 0 {
        match current() {
            Some((record, _, Some(t))) => (t, mem::read::<EXCEPTION_RECORD>(record)),
            _ => eh::terminate(),
        }
    } else {
        let base = modules::loader()
            .module_from_address(pThrowInfo)
            .unwrap_or(0);
        let t = Thrown {
            object: pExceptionObject,
            throw_info: pThrowInfo,
            base,
        };
        (t, None)
    };
    let magic = record.map_or(THROW_MAGIC, |r| r.ExceptionInformation[0] as u64);
    throw(thrown, magic, caller)
}

/// Throws `object`, described by the ThrowInfo at `throw_info` whose RVAs are relative to `base`,
/// from the guest code `caller` returns to: how the runtime's own functions throw (bad_cast ...).
pub(crate) fn throw_object(object: u64, throw_info: u64, base: u64, caller: CallerContext) -> ! {
    let thrown = Thrown {
        object,
        throw_info,
        base,
    };
    throw(thrown, THROW_MAGIC, caller)
}

fn throw(thrown: Thrown, magic: u64, caller: CallerContext) -> ! {
    let sp = exception::read_context(caller.0).Rsp;
    end_catches_below(sp, thrown.object);
    eh::thrown();
    let mut info = [0usize; 15];
    info[..4].copy_from_slice(&[
        magic as usize,
        thrown.object as usize,
        thrown.throw_info as usize,
        thrown.base as usize,
    ]);
    let record = GuestCell::new(EXCEPTION_RECORD {
        ExceptionCode: status::MSVC_CPP_EXCEPTION as i32,
        ExceptionFlags: EXCEPTION_NONCONTINUABLE,
        NumberParameters: 4,
        ExceptionInformation: info,
        ..Default::default()
    });
    exception::raise(record.addr(), caller)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FH4 tables laid out by hand as the format describes them, decoded at their address.
    #[test]
    fn compressed_tables_decode() {
        let mut image = vec![0u8; 0x100];
        let put = |image: &mut Vec<u8>, at: usize, bytes: &[u8]| {
            image[at..at + bytes.len()].copy_from_slice(bytes);
        };
        // FuncInfo4: unwind map, try block map, /EHs; then the three RVAs.
        put(&mut image, 0, &[0x38]);
        put(&mut image, 1, &0x20u32.to_le_bytes());
        put(&mut image, 5, &0x40u32.to_le_bytes());
        put(&mut image, 9, &0x60u32.to_le_bytes());
        // Unwind map, 3 states: 0 destroys the object at frame+0x28 and goes to -1 (an offset
        // before the table); 1 (the try) goes back to 0; 2 runs a funclet and goes back to 1.
        put(&mut image, 0x20, &[3 << 1]);
        put(&mut image, 0x21, &[((1 << 2) | 1) << 1]);
        put(&mut image, 0x22, &0x1000u32.to_le_bytes());
        put(&mut image, 0x26, &[0x28 << 1]);
        put(&mut image, 0x27, &[(6 << 2) << 1]);
        put(&mut image, 0x28, &[((1 << 2) | 3) << 1]);
        put(&mut image, 0x29, &0x1100u32.to_le_bytes());
        // One try block, states 1-2, catches up to 3, its handler array at 0x50.
        put(&mut image, 0x40, &[1 << 1, 1 << 1, 2 << 1, 3 << 1]);
        put(&mut image, 0x44, &0x50u32.to_le_bytes());
        // One handler: adjectives 8 (reference), a type, catch object at 0x3c, one
        // function-relative continuation.
        put(&mut image, 0x50, &[1 << 1, 0x17, 8 << 1]);
        put(&mut image, 0x53, &0x2000u32.to_le_bytes());
        put(&mut image, 0x57, &[0x3c << 1]);
        put(&mut image, 0x58, &0x1200u32.to_le_bytes());
        put(&mut image, 0x5c, &[0x40 << 1]);
        // IP map: -1 from the start, 2 from +0x10, 0 from +0x210 (a two-byte delta), and a
        // five-byte count check through `unsigned` below.
        put(
            &mut image,
            0x60,
            &[3 << 1, 0, 0, 0x10 << 1, 3 << 1, 0x01, 0x08, 1 << 1],
        );
        put(&mut image, 0x70, &[0x0F, 0x78, 0x56, 0x34, 0x12]);

        let base = image.as_ptr() as u64;
        let start = base + 0x3000;
        let f = FuncInfo::read_v4(base, base, start);
        assert_eq!(
            f.unwind,
            vec![
                Unwind {
                    to_state: -1,
                    action: Action::DestroyObject(base + 0x1000, 0x28)
                },
                Unwind {
                    to_state: 0,
                    action: Action::None
                },
                Unwind {
                    to_state: 1,
                    action: Action::Funclet(base + 0x1100)
                },
            ]
        );
        assert_eq!(
            f.tries,
            vec![TryBlock {
                low: 1,
                high: 2,
                catch_high: 3,
                catches: vec![Catch {
                    adjectives: 8,
                    type_descriptor: base + 0x2000,
                    catch_object: 0x3c,
                    funclet: base + 0x1200,
                    parent_frame_offset: 0,
                    continuations: [start + 0x40, 0],
                    continuation_count: 1,
                }],
            }]
        );
        assert_eq!(
            f.ip_to_state,
            vec![(start, -1), (start + 0x10, 2), (start + 0x210, 0)]
        );
        assert_eq!(f.flags, FI_EHS);
        assert_eq!(f.catch_frame_offset, None);
        assert_eq!(f.state_at(start + 0x20), 2);
        assert_eq!(f.state_at(start - 1), -1);
        assert_eq!(Compressed(base + 0x70).unsigned(), 0x1234_5678);
    }
}
