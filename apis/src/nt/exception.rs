//! Structured exception handling as x64 Windows does it (DESIGN §8): vectored handlers, then the
//! language handlers of the frames found through the images' unwind tables (.pdata/.xdata), then
//! the unhandled-exception filter; unwinding that calls the handlers again on the way to a target
//! frame; and the unhandled-exception report.
//!
//! Guest handlers run on the guest stack below winrun's own frames, as they run below ntdll's on
//! Windows. winrun's frames have no unwind tables the guest could use, so every call into a guest
//! handler leaves a marker (`HandlerFrame`) saying where a stack walk that reaches this host frame
//! continues: for a dispatch, at the context the exception was raised in; for an unwind, at the
//! frame whose handler is running. This gives the collided-unwind and nested-dispatch behaviour
//! libgcc's SEH unwinder relies on (it starts unwinds from inside handlers).

use crate::abi::context::{self as machine, CallerContext};
use crate::abi::{GuestCell, call::call, mem};
use crate::nt::{modules, teb};
use std::cell::RefCell;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use windows_sys::Win32::System::Diagnostics::Debug::{CONTEXT, EXCEPTION_RECORD, M128A};

/// EXCEPTION_RECORD.ExceptionFlags.
pub const EXCEPTION_NONCONTINUABLE: u32 = 0x01;
pub const EXCEPTION_UNWINDING: u32 = 0x02;
pub const EXCEPTION_EXIT_UNWIND: u32 = 0x04;
pub const EXCEPTION_STACK_INVALID: u32 = 0x08;
pub const EXCEPTION_TARGET_UNWIND: u32 = 0x20;
pub const EXCEPTION_COLLIDED_UNWIND: u32 = 0x40;

/// Which handlers RtlVirtualUnwind reports (UNWIND_INFO flags).
pub const UNW_FLAG_NHANDLER: u32 = 0;
pub const UNW_FLAG_EHANDLER: u32 = 1;
pub const UNW_FLAG_UHANDLER: u32 = 2;
const UNW_FLAG_CHAININFO: u8 = 4;

/// EXCEPTION_DISPOSITION.
const EXCEPTION_CONTINUE_EXECUTION_DISPOSITION: u32 = 0;
const EXCEPTION_CONTINUE_SEARCH_DISPOSITION: u32 = 1;
const EXCEPTION_NESTED_DISPOSITION: u32 = 2;
const EXCEPTION_COLLIDED_DISPOSITION: u32 = 3;

/// What filters and vectored handlers return.
pub const EXCEPTION_EXECUTE_HANDLER: i32 = 1;
pub const EXCEPTION_CONTINUE_SEARCH: i32 = 0;
pub const EXCEPTION_CONTINUE_EXECUTION: i32 = -1;

/// NTSTATUS codes of exceptions.
pub mod status {
    pub const ACCESS_VIOLATION: u32 = 0xC000_0005;
    pub const IN_PAGE_ERROR: u32 = 0xC000_0006;
    pub const INVALID_HANDLE: u32 = 0xC000_0008;
    pub const ILLEGAL_INSTRUCTION: u32 = 0xC000_001D;
    pub const NONCONTINUABLE_EXCEPTION: u32 = 0xC000_0025;
    pub const INVALID_DISPOSITION: u32 = 0xC000_0026;
    pub const UNWIND: u32 = 0xC000_0027;
    pub const BAD_STACK: u32 = 0xC000_0028;
    pub const LONGJUMP: u32 = 0x8000_0026;
    pub const UNWIND_CONSOLIDATE: u32 = 0x8000_0029;
    pub const INVALID_UNWIND_TARGET: u32 = 0xC000_0029;
    pub const ARRAY_BOUNDS_EXCEEDED: u32 = 0xC000_008C;
    pub const FLOAT_DENORMAL_OPERAND: u32 = 0xC000_008D;
    pub const FLOAT_DIVIDE_BY_ZERO: u32 = 0xC000_008E;
    pub const FLOAT_INEXACT_RESULT: u32 = 0xC000_008F;
    pub const FLOAT_INVALID_OPERATION: u32 = 0xC000_0090;
    pub const FLOAT_OVERFLOW: u32 = 0xC000_0091;
    pub const FLOAT_STACK_CHECK: u32 = 0xC000_0092;
    pub const FLOAT_UNDERFLOW: u32 = 0xC000_0093;
    pub const INTEGER_DIVIDE_BY_ZERO: u32 = 0xC000_0094;
    pub const INTEGER_OVERFLOW: u32 = 0xC000_0095;
    pub const PRIVILEGED_INSTRUCTION: u32 = 0xC000_0096;
    pub const STACK_OVERFLOW: u32 = 0xC000_00FD;
    pub const STACK_BUFFER_OVERRUN: u32 = 0xC000_0409;
    pub const GUARD_PAGE_VIOLATION: u32 = 0x8000_0001;
    pub const DATATYPE_MISALIGNMENT: u32 = 0x8000_0002;
    pub const BREAKPOINT: u32 = 0x8000_0003;
    pub const SINGLE_STEP: u32 = 0x8000_0004;
    pub const MSVC_CPP_EXCEPTION: u32 = 0xE06D_7363;
    pub const GCC_THROW: u32 = 0x2047_4343;
}

/// A CONTEXT where the guest needs one: 16-byte aligned as winnt.h declares it (fxsave/fxrstor
/// need that; windows-sys's struct is only 8-byte aligned).
#[derive(Clone, Copy)]
#[repr(C, align(16))]
struct AlignedContext(CONTEXT);

fn zeroed_context() -> CONTEXT {
    mem::zeroed()
}

pub fn read_context(addr: u64) -> CONTEXT {
    mem::read(addr).unwrap_or_else(zeroed_context)
}

pub fn write_context(addr: u64, context: &CONTEXT) {
    mem::write(addr, *context);
}

fn read_record(addr: u64) -> EXCEPTION_RECORD {
    mem::read(addr).unwrap_or_default()
}

fn write_record(addr: u64, record: &EXCEPTION_RECORD) {
    mem::write(addr, *record);
}

/// An integer register of a CONTEXT by its x64 number (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi,
/// r8..r15), as unwind codes name them.
fn reg(c: &CONTEXT, n: u8) -> u64 {
    match n & 15 {
        0 => c.Rax,
        1 => c.Rcx,
        2 => c.Rdx,
        3 => c.Rbx,
        4 => c.Rsp,
        5 => c.Rbp,
        6 => c.Rsi,
        7 => c.Rdi,
        8 => c.R8,
        9 => c.R9,
        10 => c.R10,
        11 => c.R11,
        12 => c.R12,
        13 => c.R13,
        14 => c.R14,
        _ => c.R15,
    }
}

fn set_reg(c: &mut CONTEXT, n: u8, v: u64) {
    match n & 15 {
        0 => c.Rax = v,
        1 => c.Rcx = v,
        2 => c.Rdx = v,
        3 => c.Rbx = v,
        4 => c.Rsp = v,
        5 => c.Rbp = v,
        6 => c.Rsi = v,
        7 => c.Rdi = v,
        8 => c.R8 = v,
        9 => c.R9 = v,
        10 => c.R10 = v,
        11 => c.R11 = v,
        12 => c.R12 = v,
        13 => c.R13 = v,
        14 => c.R14 = v,
        _ => c.R15 = v,
    }
}

fn set_xmm(c: &mut CONTEXT, n: u8, low: u64, high: u64) {
    machine::set_xmm(
        c,
        (n & 15) as usize,
        M128A {
            Low: low,
            High: high as i64,
        },
    );
}

fn read_u64(addr: u64) -> u64 {
    mem::read(addr).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Function tables

/// Tables registered with RtlAddFunctionTable (JIT code): (table address, entry count, image base).
static DYNAMIC_TABLES: RwLock<Vec<(u64, u32, u64)>> = RwLock::new(Vec::new());

/// RUNTIME_FUNCTION: BeginAddress, EndAddress, UnwindData (RVAs).
fn runtime_function(addr: u64) -> (u32, u32, u32) {
    let v: [u32; 3] = mem::read(addr).unwrap_or([0; 3]);
    (v[0], v[1], v[2])
}

/// The RUNTIME_FUNCTION covering `pc`: (image base, its address). Images' tables are sorted, as
/// the PE format requires; dynamic tables are searched in full.
pub fn lookup_function(pc: u64) -> Option<(u64, u64)> {
    if let Some((base, table, count)) = modules::loader().function_table(pc) {
        let rva = pc.checked_sub(base)? as u32;
        let (mut lo, mut hi) = (0u64, count as u64);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let entry = table + mid * 12;
            let (begin, end, _) = runtime_function(entry);
            if rva < begin {
                hi = mid;
            } else if rva >= end {
                lo = mid + 1;
            } else {
                return Some((base, entry));
            }
        }
        return None;
    }
    let tables = DYNAMIC_TABLES.read().unwrap_or_else(|e| e.into_inner());
    tables.iter().find_map(|&(table, count, base)| {
        let rva = pc.checked_sub(base)?;
        (0..count as u64)
            .map(|i| table + i * 12)
            .find(|&entry| {
                let (begin, end, _) = runtime_function(entry);
                rva >= begin as u64 && rva < end as u64
            })
            .map(|entry| (base, entry))
    })
}

pub fn add_function_table(table: u64, count: u32, base: u64) -> bool {
    if table == 0 {
        return false;
    }
    let mut tables = DYNAMIC_TABLES.write().unwrap_or_else(|e| e.into_inner());
    tables.push((table, count, base));
    true
}

pub fn delete_function_table(table: u64) -> bool {
    let mut tables = DYNAMIC_TABLES.write().unwrap_or_else(|e| e.into_inner());
    let before = tables.len();
    tables.retain(|&(t, _, _)| t != table);
    tables.len() != before
}

// ---------------------------------------------------------------------------------------------
// Virtual unwinding

/// What unwinding one frame found: its language handler (0 when none of the requested kind), the
/// handler's data, and the frame's establisher frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unwound {
    pub handler: u64,
    pub handler_data: u64,
    pub frame: u64,
}

const UWOP_PUSH_NONVOL: u8 = 0;
const UWOP_ALLOC_LARGE: u8 = 1;
const UWOP_ALLOC_SMALL: u8 = 2;
const UWOP_SET_FPREG: u8 = 3;
const UWOP_SAVE_NONVOL: u8 = 4;
const UWOP_SAVE_NONVOL_FAR: u8 = 5;
const UWOP_EPILOG: u8 = 6;
const UWOP_SPARE_CODE: u8 = 7;
const UWOP_SAVE_XMM128: u8 = 8;
const UWOP_SAVE_XMM128_FAR: u8 = 9;
const UWOP_PUSH_MACHFRAME: u8 = 10;

/// How many 16-bit slots an unwind code occupies.
fn code_slots(op: u8, info: u8) -> usize {
    match op {
        UWOP_ALLOC_LARGE if info == 0 => 2,
        UWOP_ALLOC_LARGE => 3,
        UWOP_SAVE_NONVOL | UWOP_SAVE_XMM128 | UWOP_EPILOG => 2,
        UWOP_SAVE_NONVOL_FAR | UWOP_SAVE_XMM128_FAR | UWOP_SPARE_CODE => 3,
        _ => 1,
    }
}

/// RtlVirtualUnwind: undoes the effects of the function at `function` (a RUNTIME_FUNCTION) on
/// `c`, whose Rip is `pc`, leaving `c` as it is in the caller after the call returns. Follows
/// chained unwind infos and, when `pc` is inside an epilog, emulates the rest of the epilog.
/// Fails with STATUS_BAD_STACK on an unwind info it cannot read.
pub fn virtual_unwind(
    kind: u32,
    base: u64,
    pc: u64,
    function: u64,
    c: &mut CONTEXT,
) -> Result<Unwound, u32> {
    let (begin, end, mut info_rva) = runtime_function(function);
    let mut offset_in_function = pc.wrapping_sub(base + begin as u64);
    let mut first = true;
    let mut frame = c.Rsp;
    let mut primary_flags = 0u8;
    let mut info;
    loop {
        // Bit 0 of UnwindData marks an indirect entry (a RUNTIME_FUNCTION, not an UNWIND_INFO).
        if info_rva & 1 != 0 {
            let (_, _, next) = runtime_function(base + (info_rva & !1) as u64);
            info_rva = next;
        }
        info = base + info_rva as u64;
        let header: [u8; 4] = mem::read(info).ok_or(status::BAD_STACK)?;
        let version = header[0] & 7;
        let flags = header[0] >> 3;
        if version != 1 && version != 2 {
            return Err(status::BAD_STACK);
        }
        let prolog_size = header[1] as u64;
        let count = header[2] as usize;
        let frame_reg = header[3] & 15;
        let frame_offset = (header[3] >> 4) as u64 * 16;
        if first {
            primary_flags = flags;
            if frame_reg != 0 {
                frame = reg(c, frame_reg).wrapping_sub(frame_offset);
            }
            if offset_in_function > prolog_size && unwind_epilog(base, pc, begin, end, frame_reg, c)
            {
                return Ok(Unwound {
                    handler: 0,
                    handler_data: 0,
                    frame,
                });
            }
        }
        let codes: Vec<u16> = mem::read_slice(info + 4, count);
        let mut i = 0;
        while i < count {
            let code_offset = (codes[i] & 0xFF) as u64;
            let op = ((codes[i] >> 8) & 15) as u8;
            let op_info = (codes[i] >> 12) as u8;
            let slots = code_slots(op, op_info);
            // Inside the prolog, only the operations already executed are undone.
            if offset_in_function < code_offset {
                if first && op == UWOP_SET_FPREG {
                    frame = c.Rsp;
                }
                i += slots;
                continue;
            }
            let arg = |k: usize| codes.get(i + k).copied().unwrap_or(0) as u64;
            match op {
                UWOP_PUSH_NONVOL => {
                    set_reg(c, op_info, read_u64(c.Rsp));
                    c.Rsp += 8;
                }
                UWOP_ALLOC_LARGE if op_info == 0 => c.Rsp += arg(1) * 8,
                UWOP_ALLOC_LARGE => c.Rsp += arg(1) | (arg(2) << 16),
                UWOP_ALLOC_SMALL => c.Rsp += op_info as u64 * 8 + 8,
                UWOP_SET_FPREG => c.Rsp = reg(c, frame_reg).wrapping_sub(frame_offset),
                UWOP_SAVE_NONVOL => set_reg(c, op_info, read_u64(frame + arg(1) * 8)),
                UWOP_SAVE_NONVOL_FAR => {
                    set_reg(c, op_info, read_u64(frame + (arg(1) | (arg(2) << 16))))
                }
                UWOP_SAVE_XMM128 | UWOP_SAVE_XMM128_FAR => {
                    let at = if op == UWOP_SAVE_XMM128 {
                        frame + arg(1) * 16
                    } else {
                        frame + (arg(1) | (arg(2) << 16))
                    };
                    set_xmm(c, op_info, read_u64(at), read_u64(at + 8));
                }
                UWOP_PUSH_MACHFRAME => {
                    // A hardware frame: optional error code, then RIP, CS, EFLAGS, old RSP, SS.
                    let top = c.Rsp + if op_info != 0 { 8 } else { 0 };
                    c.Rip = read_u64(top);
                    c.Rsp = read_u64(top + 24);
                    return Ok(handler_of(kind, primary_flags, info, count, frame));
                }
                // Version 2 epilog descriptors and spare codes only describe, never undo.
                _ => {}
            }
            i += slots;
        }
        first = false;
        if flags & UNW_FLAG_CHAININFO == 0 {
            break;
        }
        // The chained RUNTIME_FUNCTION follows the (even-padded) codes; all of its prolog ran.
        let chained = info + 4 + ((count + 1) & !1) as u64 * 2;
        let (_, _, next) = runtime_function(chained);
        info_rva = next;
        offset_in_function = u64::MAX;
    }
    c.Rip = read_u64(c.Rsp);
    c.Rsp += 8;
    let count = mem::read::<u8>(info + 2).unwrap_or(0) as usize;
    let last_flags = mem::read::<u8>(info).unwrap_or(0) >> 3;
    Ok(handler_of(kind, last_flags, info, count, frame))
}

/// The language handler (an RVA) an UNWIND_INFO names, if it has one of the `kind` requested.
fn handler_of(kind: u32, flags: u8, info: u64, count: usize, frame: u64) -> Unwound {
    let mut unwound = Unwound {
        frame,
        ..Default::default()
    };
    if flags as u32 & kind != 0 && flags & UNW_FLAG_CHAININFO == 0 {
        let at = info + 4 + ((count + 1) & !1) as u64 * 2;
        unwound.handler = mem::read::<u32>(at).unwrap_or(0) as u64;
        unwound.handler_data = at + 4;
    }
    unwound
}

/// When `pc` is inside an epilog of the function [begin, end), emulates the rest of it on `c`
/// (the stack adjustment, the pops, the return) and says so. An x64 epilog is, by the ABI's rules,
/// `add rsp, imm` or `lea rsp, [fp+disp]`, then pops of non-volatile registers, then `ret` (or a
/// jump out of the function).
fn unwind_epilog(base: u64, pc: u64, begin: u32, end: u32, frame_reg: u8, c: &mut CONTEXT) -> bool {
    let in_function = |addr: u64| addr >= base + begin as u64 && addr < base + end as u64;
    let byte = |addr: u64| mem::read::<u8>(addr).unwrap_or(0);
    let i32_at = |addr: u64| mem::read::<i32>(addr).unwrap_or(0) as i64;
    // First pass: recognise; second pass: apply.
    for apply in [false, true] {
        let mut p = pc;
        let mut rsp = c.Rsp;
        let rex = byte(p);
        if rex & 0xF8 == 0x48 {
            match byte(p + 1) {
                0x83 if rex == 0x48 && byte(p + 2) == 0xC4 => {
                    rsp = rsp.wrapping_add(byte(p + 3) as i8 as i64 as u64);
                    p += 4;
                }
                0x81 if rex == 0x48 && byte(p + 2) == 0xC4 => {
                    rsp = rsp.wrapping_add(i32_at(p + 3) as u64);
                    p += 7;
                }
                0x8D => {
                    let modrm = byte(p + 2);
                    let base_reg = (modrm & 7) | ((rex & 1) << 3);
                    if (modrm >> 3) & 7 != 4 || rex & 6 != 0 || modrm & 7 == 4 {
                        return false;
                    }
                    if frame_reg == 0 || base_reg != frame_reg {
                        return false;
                    }
                    let disp = match modrm >> 6 {
                        1 => {
                            p += 4;
                            byte(p - 1) as i8 as i64
                        }
                        2 => {
                            p += 7;
                            i32_at(p - 4)
                        }
                        _ => return false,
                    };
                    rsp = reg(c, base_reg).wrapping_add(disp as u64);
                }
                _ => {}
            }
        }
        loop {
            let mut op = byte(p);
            let mut high = 0u8;
            if op & 0xF0 == 0x40 {
                high = (op & 1) << 3;
                p += 1;
                op = byte(p);
            }
            match op {
                0x58..=0x5F => {
                    if apply {
                        set_reg(c, (op - 0x58) | high, read_u64(rsp));
                    }
                    rsp += 8;
                    p += 1;
                }
                0xC3 | 0xC2 => break,
                0xF3 if byte(p + 1) == 0xC3 => break,
                0xE9 => {
                    let target = (p + 5).wrapping_add(i32_at(p + 1) as u64);
                    if !in_function(target) {
                        break;
                    }
                    p = target;
                }
                0xEB => {
                    let target = (p + 2).wrapping_add(byte(p + 1) as i8 as i64 as u64);
                    if !in_function(target) {
                        break;
                    }
                    p = target;
                }
                // A tail jump through memory ends an epilog too.
                0xFF if byte(p + 1) == 0x25 => break,
                _ => return false,
            }
        }
        if apply {
            c.Rip = read_u64(rsp);
            c.Rsp = rsp + 8;
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Where a stack walk continues when it reaches one of winrun's frames

struct HandlerFrame {
    /// An address inside the winrun frame that called the guest handler.
    host_sp: u64,
    /// The guest context a walk continues with past that frame.
    resume: CONTEXT,
}

thread_local! {
    static HANDLER_FRAMES: RefCell<Vec<HandlerFrame>> = const { RefCell::new(Vec::new()) };
}

/// Calls a guest handler, leaving the marker described in the module comment. Markers deeper
/// than this frame belong to calls that were abandoned (an unwind restored an outer context).
fn call_handler(resume: &CONTEXT, handler: u64, args: &[u64]) -> u64 {
    let marker = 0u8;
    let host_sp = &raw const marker as u64;
    HANDLER_FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        frames.retain(|h| h.host_sp > host_sp);
        frames.push(HandlerFrame {
            host_sp,
            resume: *resume,
        });
    });
    let result = call(handler, args);
    HANDLER_FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        frames.retain(|h| h.host_sp > host_sp);
    });
    result
}

/// The context to continue a walk with once it has left guest code at stack pointer `rsp`.
fn resume_after_host_frame(rsp: u64) -> Option<CONTEXT> {
    HANDLER_FRAMES.with(|f| {
        f.borrow()
            .iter()
            .filter(|h| h.host_sp >= rsp)
            .min_by_key(|h| h.host_sp)
            .map(|h| h.resume)
    })
}

/// Drops the markers of the frames a context switch to stack pointer `rsp` abandons.
fn forget_frames_below(rsp: u64) {
    HANDLER_FRAMES.with(|f| f.borrow_mut().retain(|h| h.host_sp >= rsp));
}

/// Continues in `context` (a CONTEXT in guest memory): RtlRestoreContext.
pub fn continue_in(context: u64) -> ! {
    forget_frames_below(read_context(context).Rsp);
    machine::restore(context)
}

/// RtlRestoreContext with an exception record: STATUS_LONGJUMP takes the non-volatile registers
/// from the jump buffer in ExceptionInformation[0] (MSVC's longjmp unwinds to its target with
/// this); STATUS_UNWIND_CONSOLIDATE first calls the callback in ExceptionInformation[0] with the
/// record and continues where it returns (MSVC's C++ runtime runs catch blocks this way). A
/// walk from inside the callback continues in the target context.
pub fn continue_with_record(context: u64, record: u64) -> ! {
    if record != 0 {
        let r = read_record(record);
        let info0 = r.ExceptionInformation[0] as u64;
        match r.ExceptionCode as u32 {
            status::LONGJUMP if r.NumberParameters >= 1 && info0 != 0 => {
                let mut c = read_context(context);
                // _JUMP_BUFFER: Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12..R15, Rip, MxCsr, FpCsr,
                // Spare, then Xmm6..Xmm15.
                let jb: [u64; 11] = mem::read(info0).unwrap_or([0; 11]);
                c.Rbx = jb[1];
                c.Rsp = jb[2];
                c.Rbp = jb[3];
                c.Rsi = jb[4];
                c.Rdi = jb[5];
                c.R12 = jb[6];
                c.R13 = jb[7];
                c.R14 = jb[8];
                c.R15 = jb[9];
                c.Rip = jb[10];
                c.MxCsr = mem::read::<u32>(info0 + 88).unwrap_or(0x1F80);
                for n in 0..10u8 {
                    let at = info0 + 96 + n as u64 * 16;
                    set_xmm(&mut c, 6 + n, read_u64(at), read_u64(at + 8));
                }
                write_context(context, &c);
            }
            status::UNWIND_CONSOLIDATE if r.NumberParameters >= 1 && info0 != 0 => {
                let target = read_context(context);
                let resume_at = call_handler(&target, info0, &[record]);
                let mut c = read_context(context);
                c.Rip = resume_at;
                write_context(context, &c);
            }
            _ => {}
        }
    }
    continue_in(context)
}

/// The calling thread's stack: (lowest, highest) address.
fn stack_bounds() -> (u64, u64) {
    let low = mem::read::<u64>(teb::current() + teb::offset::DEALLOCATION_STACK).unwrap_or(0);
    let high = mem::read::<u64>(teb::current() + teb::offset::STACK_BASE).unwrap_or(u64::MAX);
    (low, high)
}

/// One step of a stack walk: unwinds `next` out of the frame at `pc`. A frame without unwind
/// data is a leaf (its return address at Rsp) when it is the first one, or one of winrun's own
/// frames, which the markers skip. `None` when the walk is over.
fn step(kind: u32, first: bool, next: &mut CONTEXT) -> Option<Result<(Unwound, u64, u64), u32>> {
    let pc = next.Rip;
    match lookup_function(pc) {
        Some((base, function)) => {
            Some(virtual_unwind(kind, base, pc, function, next).map(|u| (u, base, function)))
        }
        None if first => {
            let frame = next.Rsp;
            next.Rip = read_u64(next.Rsp);
            next.Rsp += 8;
            Some(Ok((
                Unwound {
                    frame,
                    ..Default::default()
                },
                0,
                0,
            )))
        }
        None => {
            *next = resume_after_host_frame(next.Rsp)?;
            Some(Ok((
                Unwound {
                    frame: 0,
                    ..Default::default()
                },
                0,
                0,
            )))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Dispatch

/// DISPATCHER_CONTEXT (x64), as handlers read it.
#[derive(Clone, Copy, Default)]
#[repr(C)]
struct DispatcherContext {
    control_pc: u64,
    image_base: u64,
    function_entry: u64,
    establisher_frame: u64,
    target_ip: u64,
    context_record: u64,
    language_handler: u64,
    handler_data: u64,
    history_table: u64,
    scope_index: u32,
    fill0: u32,
}

/// A vectored handler's registration: its handle is the address of this block.
struct Vectored {
    handle: u64,
    handler: u64,
}

static VECTORED_HANDLERS: Mutex<Vec<Vectored>> = Mutex::new(Vec::new());
static CONTINUE_HANDLERS: Mutex<Vec<Vectored>> = Mutex::new(Vec::new());

fn handler_list(continue_handlers: bool) -> &'static Mutex<Vec<Vectored>> {
    if continue_handlers {
        &CONTINUE_HANDLERS
    } else {
        &VECTORED_HANDLERS
    }
}

/// RtlAddVectoredExceptionHandler / RtlAddVectoredContinueHandler: returns the handle.
pub fn add_vectored(continue_handlers: bool, first: bool, handler: u64) -> u64 {
    let handle = mem::alloc_zeroed(16, 16);
    mem::write(handle, handler);
    let mut list = handler_list(continue_handlers)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let entry = Vectored { handle, handler };
    if first {
        list.insert(0, entry);
    } else {
        list.push(entry);
    }
    handle
}

/// RtlRemoveVectoredExceptionHandler / ContinueHandler: whether `handle` was registered.
pub fn remove_vectored(continue_handlers: bool, handle: u64) -> bool {
    let mut list = handler_list(continue_handlers)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let Some(at) = list.iter().position(|v| v.handle == handle) else {
        return false;
    };
    list.remove(at);
    mem::free_zeroed(handle, 16, 16);
    true
}

/// Calls the vectored handlers of one list in order; true when one says
/// EXCEPTION_CONTINUE_EXECUTION.
fn call_vectored(continue_handlers: bool, record: u64, context: u64) -> bool {
    let handlers: Vec<u64> = handler_list(continue_handlers)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .map(|v| v.handler)
        .collect();
    if handlers.is_empty() {
        return false;
    }
    let pointers = GuestCell::new([record, context]);
    let resume = read_context(context);
    handlers.into_iter().any(|h| {
        call_handler(&resume, h, &[pointers.addr()]) as i32 == EXCEPTION_CONTINUE_EXECUTION
    })
}

/// RtlDispatchException: offers the exception at `record` (raised in the CONTEXT at `context`,
/// both in guest memory) to the vectored handlers, then to the frame handlers from the innermost
/// frame out. True when a handler asked to continue execution in (the possibly edited)
/// `context`; false when no handler took it.
pub fn dispatch(record: u64, context: u64) -> bool {
    if call_vectored(false, record, context) {
        call_vectored(true, record, context);
        return true;
    }
    let original = read_context(context);
    let (low, high) = stack_bounds();
    let frame_context = GuestCell::new(AlignedContext(original));
    let dispatcher = GuestCell::new(DispatcherContext::default());
    let mut walk = original;
    let mut first = true;
    loop {
        let mut next = walk;
        let (unwound, base, function) = match step(UNW_FLAG_EHANDLER, first, &mut next) {
            None => break,
            Some(Ok(found)) => found,
            Some(Err(_)) => break,
        };
        first = false;
        if unwound.frame == 0 {
            // Past one of winrun's frames: the walk goes on in the guest context it left.
            walk = next;
            first = true;
            continue;
        }
        if unwound.frame < low || unwound.frame >= high || unwound.frame & 7 != 0 {
            let mut r = read_record(record);
            r.ExceptionFlags |= EXCEPTION_STACK_INVALID;
            write_record(record, &r);
            break;
        }
        if unwound.handler != 0 {
            frame_context.set(AlignedContext(walk));
            dispatcher.set(DispatcherContext {
                control_pc: walk.Rip,
                image_base: base,
                function_entry: function,
                establisher_frame: unwound.frame,
                context_record: frame_context.addr(),
                language_handler: base + unwound.handler,
                handler_data: unwound.handler_data,
                ..Default::default()
            });
            let disposition = call_handler(
                &original,
                base + unwound.handler,
                &[record, unwound.frame, context, dispatcher.addr()],
            ) as u32;
            match disposition {
                EXCEPTION_CONTINUE_EXECUTION_DISPOSITION => {
                    if read_record(record).ExceptionFlags & EXCEPTION_NONCONTINUABLE != 0 {
                        raise_status(status::NONCONTINUABLE_EXCEPTION, record, context);
                    }
                    call_vectored(true, record, context);
                    return true;
                }
                EXCEPTION_CONTINUE_SEARCH_DISPOSITION => {}
                // A handler of winrun's own would report a nested exception; guest handlers
                // do not, so the search simply goes on.
                EXCEPTION_NESTED_DISPOSITION => {}
                _ => raise_status(status::INVALID_DISPOSITION, record, context),
            }
        }
        if next.Rip == 0 || next.Rsp >= high {
            break;
        }
        walk = next;
    }
    false
}

/// Raises a non-continuable `code` about the exception at `nested` (a handler misbehaved); the
/// new exception is dispatched in the same context and never continues.
fn raise_status(code: u32, nested: u64, context: u64) -> ! {
    let original = read_record(nested);
    let record = GuestCell::new(EXCEPTION_RECORD {
        ExceptionCode: code as i32,
        ExceptionFlags: EXCEPTION_NONCONTINUABLE,
        ExceptionRecord: nested as *mut EXCEPTION_RECORD,
        ExceptionAddress: original.ExceptionAddress,
        ..Default::default()
    });
    let copy = GuestCell::new(AlignedContext(read_context(context)));
    if !dispatch(record.addr(), copy.addr()) {
        unhandled(record.addr(), copy.addr());
    }
    // Continuing a non-continuable exception is what got us here: report it as unhandled.
    report_and_exit(record.addr(), copy.addr())
}

/// The end of a dispatch that found no handler: the top-level filter
/// (SetUnhandledExceptionFilter) decides; by default, the report and the end of the process.
/// Returns when the filter asks to continue execution.
pub fn unhandled(record: u64, context: u64) {
    let filter = crate::kernel32::errhandlingapi::unhandled_exception_filter();
    if filter != 0 {
        let pointers = GuestCell::new([record, context]);
        match call(filter, &[pointers.addr()]) as i32 {
            EXCEPTION_CONTINUE_EXECUTION => return,
            EXCEPTION_CONTINUE_SEARCH => {}
            _ => exit_with(read_record(record).ExceptionCode as u32),
        }
    }
    report_and_exit(record, context)
}

/// Ends the process as an unhandled exception does: the NTSTATUS is the exit status. Output the
/// program buffered in the C runtime is written first.
fn exit_with(code: u32) -> ! {
    crate::crt::stdio::flush_all();
    crate::nt::process::flush_and_exit(code)
}

/// Prints `winrun: unhandled exception 0xC0000005 (access violation writing 0x10) at
/// prog.exe+0x1a2b` and ends the process with the exception code.
pub fn report_and_exit(record: u64, _context: u64) -> ! {
    report(record);
    crate::nt::process::flush_and_exit(read_record(record).ExceptionCode as u32)
}

/// The unhandled-exception line on stderr, after the output the C runtime still buffers.
pub fn report(record: u64) {
    let r = read_record(record);
    crate::crt::stdio::flush_all();
    eprintln!(
        "winrun: unhandled exception 0x{:08X} ({}) at {}",
        r.ExceptionCode as u32,
        describe(&r),
        describe_address(r.ExceptionAddress as u64)
    );
}

/// What an exception is, in words.
pub fn describe(r: &EXCEPTION_RECORD) -> String {
    let code = r.ExceptionCode as u32;
    match code {
        status::ACCESS_VIOLATION | status::IN_PAGE_ERROR => {
            let what = match r.ExceptionInformation[0] {
                0 => "reading",
                1 => "writing",
                8 => "executing",
                _ => "accessing",
            };
            let name = if code == status::ACCESS_VIOLATION {
                "access violation"
            } else {
                "in-page error"
            };
            if r.NumberParameters >= 2 {
                format!("{name} {what} {:#018x}", r.ExceptionInformation[1])
            } else {
                name.into()
            }
        }
        status::INTEGER_DIVIDE_BY_ZERO => "integer division by zero".into(),
        status::INTEGER_OVERFLOW => "integer overflow".into(),
        status::ILLEGAL_INSTRUCTION => "illegal instruction".into(),
        status::PRIVILEGED_INSTRUCTION => "privileged instruction".into(),
        status::BREAKPOINT => "breakpoint".into(),
        status::SINGLE_STEP => "single step".into(),
        status::STACK_OVERFLOW => "stack overflow".into(),
        status::STACK_BUFFER_OVERRUN => "stack buffer overrun / fast fail".into(),
        status::NONCONTINUABLE_EXCEPTION => "continued a non-continuable exception".into(),
        status::INVALID_DISPOSITION => "invalid exception disposition".into(),
        status::DATATYPE_MISALIGNMENT => "misaligned data".into(),
        status::GUARD_PAGE_VIOLATION => "guard page".into(),
        status::ARRAY_BOUNDS_EXCEEDED => "array bounds exceeded".into(),
        status::FLOAT_DENORMAL_OPERAND => "floating-point denormal operand".into(),
        status::FLOAT_DIVIDE_BY_ZERO => "floating-point division by zero".into(),
        status::FLOAT_INEXACT_RESULT => "floating-point inexact result".into(),
        status::FLOAT_INVALID_OPERATION => "floating-point invalid operation".into(),
        status::FLOAT_OVERFLOW => "floating-point overflow".into(),
        status::FLOAT_STACK_CHECK => "floating-point stack check".into(),
        status::FLOAT_UNDERFLOW => "floating-point underflow".into(),
        status::MSVC_CPP_EXCEPTION => "C++ exception".into(),
        status::GCC_THROW => "C++ exception (GCC)".into(),
        _ => "exception".into(),
    }
}

/// `module+0xoffset` for an address in a loaded module, or the bare address.
pub fn describe_address(address: u64) -> String {
    let loader = modules::loader();
    match loader.module_from_address(address) {
        Ok(base) => {
            let path = loader.module_file_name(base).unwrap_or_default();
            let name = path.rsplit(['\\', '/']).next().unwrap_or(&path);
            format!("{name}+{:#x}", address - base)
        }
        Err(_) => format!("{address:#x}"),
    }
}

/// RtlRaiseException with the raising code's registers: dispatches `record` in `caller`
/// (ExceptionAddress becomes the caller's Rip) and continues where a handler asks, or ends the
/// process.
pub fn raise(record: u64, caller: CallerContext) -> ! {
    let mut r = read_record(record);
    let c = read_context(caller.0);
    r.ExceptionAddress = c.Rip as *mut core::ffi::c_void;
    write_record(record, &r);
    if !dispatch(record, caller.0) {
        unhandled(record, caller.0);
    }
    continue_in(caller.0)
}

/// RtlUnwindEx: unwinds from the caller (`caller`) to `target_frame` (0: to the end of the stack,
/// an exit unwind), calling each frame's termination handler with EXCEPTION_UNWINDING (and
/// EXCEPTION_TARGET_UNWIND at the target), then continues at `target_ip` in the target frame with
/// Rax = `return_value`. `context_buffer` receives the frame contexts handlers see (scratch
/// space, as on Windows; 0 for winrun's own).
pub fn unwind(
    target_frame: u64,
    target_ip: u64,
    record: u64,
    return_value: u64,
    context_buffer: u64,
    history_table: u64,
    caller: CallerContext,
) -> ! {
    let own_record = GuestCell::new(EXCEPTION_RECORD::default());
    let own_context = GuestCell::new(AlignedContext(zeroed_context()));
    let dispatcher = GuestCell::new(DispatcherContext::default());
    let mut walk = read_context(caller.0);
    let record = if record == 0 {
        own_record.set(EXCEPTION_RECORD {
            ExceptionCode: status::UNWIND as i32,
            ExceptionAddress: walk.Rip as *mut core::ffi::c_void,
            ..Default::default()
        });
        own_record.addr()
    } else {
        record
    };
    let context = if context_buffer == 0 {
        own_context.addr()
    } else {
        context_buffer
    };
    let mut r = read_record(record);
    r.ExceptionFlags |= EXCEPTION_UNWINDING;
    if target_frame == 0 {
        r.ExceptionFlags |= EXCEPTION_EXIT_UNWIND;
    }
    write_record(record, &r);
    let (low, high) = stack_bounds();
    let mut first = true;
    loop {
        let mut next = walk;
        let (unwound, base, function) = match step(UNW_FLAG_UHANDLER, first, &mut next) {
            None => {
                if target_frame != 0 {
                    raise_status(status::INVALID_UNWIND_TARGET, record, caller.0);
                }
                break;
            }
            Some(Ok(found)) => found,
            Some(Err(code)) => raise_status(code, record, caller.0),
        };
        first = false;
        if unwound.frame == 0 {
            walk = next;
            first = true;
            continue;
        }
        if unwound.frame < low || unwound.frame >= high || unwound.frame & 7 != 0 {
            raise_status(status::BAD_STACK, record, caller.0);
        }
        if unwound.handler != 0 {
            if target_frame != 0 && unwound.frame > target_frame {
                raise_status(status::INVALID_UNWIND_TARGET, record, caller.0);
            }
            let mut r = read_record(record);
            if unwound.frame == target_frame {
                r.ExceptionFlags |= EXCEPTION_TARGET_UNWIND;
            }
            write_record(record, &r);
            write_context(context, &walk);
            dispatcher.set(DispatcherContext {
                control_pc: walk.Rip,
                image_base: base,
                function_entry: function,
                establisher_frame: unwound.frame,
                target_ip,
                context_record: context,
                language_handler: base + unwound.handler,
                handler_data: unwound.handler_data,
                history_table,
                ..Default::default()
            });
            let disposition = call_handler(
                &walk,
                base + unwound.handler,
                &[record, unwound.frame, context, dispatcher.addr()],
            ) as u32;
            // The target frame's handler may set registers for the landing pad.
            walk = read_context(context);
            match disposition {
                EXCEPTION_CONTINUE_SEARCH_DISPOSITION | EXCEPTION_COLLIDED_DISPOSITION => {}
                _ => raise_status(status::INVALID_DISPOSITION, record, caller.0),
            }
            let mut r = read_record(record);
            r.ExceptionFlags &= !EXCEPTION_COLLIDED_UNWIND;
            write_record(record, &r);
        }
        if unwound.frame == target_frame {
            break;
        }
        if next.Rip == 0 || next.Rsp >= high {
            if target_frame != 0 {
                raise_status(status::INVALID_UNWIND_TARGET, record, caller.0);
            }
            break;
        }
        walk = next;
    }
    walk.Rax = return_value;
    walk.Rip = target_ip;
    write_context(context, &walk);
    continue_with_record(context, record)
}

/// RtlUnwindEx as a language handler of winrun's own calls it (`__C_specific_handler`): the
/// unwind starts where the dispatch or unwind that called the handler stands, as it would from
/// the handler's frame on Windows.
pub fn unwind_from_handler(
    target_frame: u64,
    target_ip: u64,
    record: u64,
    return_value: u64,
    context_buffer: u64,
    history_table: u64,
) -> ! {
    let marker = 0u8;
    let start = resume_after_host_frame(&raw const marker as u64).unwrap_or_else(zeroed_context);
    let start = GuestCell::new(AlignedContext(start));
    unwind(
        target_frame,
        target_ip,
        record,
        return_value,
        context_buffer,
        history_table,
        CallerContext(start.addr()),
    )
}

// ---------------------------------------------------------------------------------------------
// Guard pages

/// Pages armed with PAGE_GUARD: the page address and the host protection it gets back once
/// touched. Fixed slots of atomics, so the signal handler can consult them without a lock.
const GUARD_SLOTS: usize = 256;
static GUARD_PAGES: [AtomicU64; GUARD_SLOTS] = [const { AtomicU64::new(0) }; GUARD_SLOTS];
static GUARD_PROTECTION: [AtomicI32; GUARD_SLOTS] = [const { AtomicI32::new(0) }; GUARD_SLOTS];
const PAGE: u64 = 4096;

/// Arms the pages of `start..end` (page-aligned, already PROT_NONE on the host) as guard pages
/// that become `host_prot` when first touched. Returns false when the table is full.
pub fn arm_guard_pages(start: u64, end: u64, host_prot: i32) -> bool {
    disarm_guard_pages(start, end);
    for page in (start..end).step_by(PAGE as usize) {
        let free = GUARD_PAGES.iter().position(|slot| {
            slot.compare_exchange(0, page, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        });
        match free {
            Some(i) => GUARD_PROTECTION[i].store(host_prot, Ordering::Release),
            None => return false,
        }
    }
    true
}

/// Forgets the guard pages in `start..end` (their protection changed).
pub fn disarm_guard_pages(start: u64, end: u64) {
    for slot in &GUARD_PAGES {
        let page = slot.load(Ordering::Acquire);
        if page >= start && page < end {
            let _ = slot.compare_exchange(page, 0, Ordering::AcqRel, Ordering::Acquire);
        }
    }
}

/// For the fault handler: when `address` is in an armed guard page, disarms it and returns the
/// host protection the page gets back (Windows clears PAGE_GUARD as it raises the exception).
pub fn take_guard_page(address: u64) -> Option<(u64, i32)> {
    let page = address & !(PAGE - 1);
    if page == 0 {
        return None; // free slots hold 0; no guard page lives there
    }
    GUARD_PAGES.iter().enumerate().find_map(|(i, slot)| {
        slot.compare_exchange(page, 0, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| (page, GUARD_PROTECTION[i].load(Ordering::Acquire)))
    })
}

// ---------------------------------------------------------------------------------------------
// Faults

/// The registers of a guest thread stopped by a fault, as the signal handler reads them.
pub struct FaultState {
    /// rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15 (the CONTEXT order).
    pub gpr: [u64; 16],
    pub rip: u64,
    pub eflags: u32,
    /// The fxsave image of the x87/SSE state (None when the kernel gave none).
    pub fxsave: Option<[u8; 512]>,
}

/// Where a faulting thread resumes to dispatch its exception: stack pointer, instruction pointer,
/// and the first two arguments.
pub struct FaultResume {
    pub rsp: u64,
    pub rip: u64,
    pub rcx: u64,
    pub rdx: u64,
}

/// Selectors a Windows x64 user thread runs with, for the CONTEXT of a fault.
const SEG_CS: u16 = 0x33;
const SEG_DS: u16 = 0x2B;
const SEG_FS: u16 = 0x53;

/// Writes the CONTEXT and EXCEPTION_RECORD of a fault on the guest stack below the faulting
/// frame (where KiUserExceptionDispatcher's frame sits on Windows) and says how to resume the
/// thread so that it runs `dispatch_fault` there. Called from the signal handler: it takes no
/// locks and allocates nothing. The caller has checked that the stack below `gpr[4]` is the
/// thread's.
pub fn fault_frame(state: &FaultState, code: u32, address: u64, params: &[u64]) -> FaultResume {
    let mut c = zeroed_context();
    for (n, &v) in state.gpr.iter().enumerate() {
        set_reg(&mut c, n as u8, v);
    }
    c.Rip = state.rip;
    c.EFlags = state.eflags;
    c.ContextFlags = machine::CAPTURED_FLAGS;
    c.SegCs = SEG_CS;
    c.SegDs = SEG_DS;
    c.SegEs = SEG_DS;
    c.SegSs = SEG_DS;
    c.SegGs = SEG_DS;
    c.SegFs = SEG_FS;
    let mut record = EXCEPTION_RECORD {
        ExceptionCode: code as i32,
        ExceptionAddress: address as *mut core::ffi::c_void,
        NumberParameters: params.len().min(15) as u32,
        ..Default::default()
    };
    for (slot, &p) in record.ExceptionInformation.iter_mut().zip(params) {
        *slot = p as usize;
    }
    let context_addr = (state.gpr[4] - machine::CONTEXT_SIZE as u64 - 64) & !63;
    let record_addr = (context_addr - size_of::<EXCEPTION_RECORD>() as u64) & !15;
    let rsp = record_addr - 0x28;
    write_context(context_addr, &c);
    if let Some(fx) = &state.fxsave {
        mem::write_slice(context_addr + machine::offset::FLT_SAVE as u64, fx);
        let mxcsr = u32::from_le_bytes([fx[24], fx[25], fx[26], fx[27]]);
        mem::write(context_addr + machine::offset::MXCSR as u64, mxcsr);
    }
    write_record(record_addr, &record);
    // No return address: a walk that gets here stops.
    mem::write(rsp, 0u64);
    FaultResume {
        rsp,
        rip: dispatch_fault as *const () as u64,
        rcx: record_addr,
        rdx: context_addr,
    }
}

/// KiUserExceptionDispatcher: where a faulting thread resumes, on its own stack, to dispatch
/// the exception the signal handler described.
pub extern "win64" fn dispatch_fault(record: u64, context: u64) -> ! {
    if !dispatch(record, context) {
        unhandled(record, context);
    }
    continue_in(context)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake image: code at 0x1000, unwind infos from 0x2000, RUNTIME_FUNCTIONs at 0x2800.
    struct Image {
        bytes: Vec<u8>,
    }

    impl Image {
        fn new() -> Self {
            Image {
                bytes: vec![0; 0x3000],
            }
        }
        fn base(&self) -> u64 {
            self.bytes.as_ptr() as u64
        }
        fn put(&mut self, rva: usize, data: &[u8]) {
            self.bytes[rva..rva + data.len()].copy_from_slice(data);
        }
        /// An UNWIND_INFO at `rva`: (code offset, op, op info) codes plus extra slots, then
        /// `tail` (handler RVA or chained RUNTIME_FUNCTION).
        fn unwind_info(
            &mut self,
            rva: usize,
            flags: u8,
            prolog: u8,
            frame: (u8, u8),
            slots: &[u16],
            tail: &[u8],
        ) {
            let mut v = vec![
                1 | (flags << 3),
                prolog,
                slots.len() as u8,
                frame.0 | (frame.1 << 4),
            ];
            for s in slots {
                v.extend_from_slice(&s.to_le_bytes());
            }
            if slots.len() % 2 == 1 {
                v.extend_from_slice(&[0, 0]);
            }
            v.extend_from_slice(tail);
            self.put(rva, &v);
        }
        fn function(&mut self, rva: usize, begin: u32, end: u32, info: u32) -> u64 {
            let mut v = Vec::new();
            for x in [begin, end, info] {
                v.extend_from_slice(&x.to_le_bytes());
            }
            self.put(rva, &v);
            self.base() + rva as u64
        }
    }

    fn code(offset: u8, op: u8, info: u8) -> u16 {
        offset as u16 | ((op as u16) << 8) | ((info as u16) << 12)
    }

    /// A stack of `n` slots; returns it and the address of slot `i`.
    fn stack(values: &[(usize, u64)]) -> (Vec<u64>, u64) {
        let mut s = vec![0u64; 0x400];
        for &(i, v) in values {
            s[i] = v;
        }
        let addr = s.as_ptr() as u64;
        (s, addr)
    }

    #[test]
    fn pushes_and_small_allocation() {
        // push rbp; push rbx; sub rsp, 0x28
        let mut img = Image::new();
        let slots = [
            code(6, UWOP_ALLOC_SMALL, 4),
            code(2, UWOP_PUSH_NONVOL, 3),
            code(1, UWOP_PUSH_NONVOL, 5),
        ];
        img.unwind_info(0x2000, 0, 6, (0, 0), &slots, &[]);
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        // Stack: 0x28 bytes of locals (5 slots), rbx, rbp, return address.
        let (_s, sp) = stack(&[(5, 0xB8), (6, 0xB9), (7, 0x1234)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1050, f, &mut c).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (0xB8, 0xB9, 0x1234, sp + 64));
        assert_eq!(u.frame, sp);
        assert_eq!(u.handler, 0);

        // Inside the prolog, after `push rbp` only: the other codes have not run yet.
        let (_s, sp) = stack(&[(0, 0xB9), (1, 0x5678)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        c.Rbx = 7;
        virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1001, f, &mut c).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (7, 0xB9, 0x5678, sp + 16));
    }

    #[test]
    fn frame_pointer_saves_and_large_allocation() {
        // push rbp; sub rsp, 0x1000; lea rbp, [rsp+0x20]; mov [rsp+0x30], rsi;
        // movaps [rsp+0x40], xmm6 — then the body moved rsp (alloca).
        let mut img = Image::new();
        let slots = [
            code(23, UWOP_SAVE_XMM128, 6),
            4,
            code(18, UWOP_SAVE_NONVOL, 6),
            6,
            code(13, UWOP_SET_FPREG, 0),
            code(8, UWOP_ALLOC_LARGE, 0),
            0x1000 / 8,
            code(1, UWOP_PUSH_NONVOL, 5),
        ];
        img.unwind_info(0x2000, 0, 23, (5, 2), &slots, &[]);
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        let (_s, frame) = stack(&[
            (6, 0x5151),
            (8, 0x6666),
            (9, 0x7777),
            (0x200, 0xBBBB),
            (0x201, 0x4242),
        ]);
        let mut c = zeroed_context();
        c.Rbp = frame + 0x20;
        c.Rsp = frame - 0x300;
        let u = virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1040, f, &mut c).unwrap();
        assert_eq!(u.frame, frame);
        assert_eq!((c.Rsi, c.Rbp, c.Rip), (0x5151, 0xBBBB, 0x4242));
        assert_eq!(c.Rsp, frame + 0x1000 + 16);
        // XMM6, read through the CONTEXT bytes.
        let bytes = crate::abi::mem::bytes_of(&c);
        let xmm6 = &bytes[machine::offset::XMM0 + 6 * 16..][..16];
        assert_eq!(u64::from_le_bytes(xmm6[..8].try_into().unwrap()), 0x6666);
        assert_eq!(u64::from_le_bytes(xmm6[8..].try_into().unwrap()), 0x7777);
    }

    #[test]
    fn chained_info_applies_the_parent_prolog() {
        // The parent pushed rbx; the chained part allocated 0x10 more.
        let mut img = Image::new();
        img.unwind_info(0x2000, 0, 1, (0, 0), &[code(1, UWOP_PUSH_NONVOL, 3)], &[]);
        let parent = [0x1000u32, 0x1010, 0x2000];
        let tail: Vec<u8> = parent.iter().flat_map(|x| x.to_le_bytes()).collect();
        img.unwind_info(
            0x2100,
            UNW_FLAG_CHAININFO,
            4,
            (0, 0),
            &[code(4, UWOP_ALLOC_SMALL, 1)],
            &tail,
        );
        let f = img.function(0x2800, 0x1040, 0x1080, 0x2100);
        let base = img.base();
        let (_s, sp) = stack(&[(2, 0xB8), (3, 0x9999)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1060, f, &mut c).unwrap();
        assert_eq!((c.Rbx, c.Rip, c.Rsp), (0xB8, 0x9999, sp + 32));
    }

    #[test]
    fn epilogs_are_emulated() {
        // Epilog: add rsp, 0x28; pop rbx; pop rbp; ret
        let mut img = Image::new();
        img.put(0x1050, &[0x48, 0x83, 0xC4, 0x28, 0x5B, 0x5D, 0xC3]);
        let slots = [
            code(6, UWOP_ALLOC_SMALL, 4),
            code(2, UWOP_PUSH_NONVOL, 3),
            code(1, UWOP_PUSH_NONVOL, 5),
        ];
        img.unwind_info(
            0x2000,
            UNW_FLAG_EHANDLER as u8,
            6,
            (0, 0),
            &slots,
            &[0x34, 0x12, 0, 0],
        );
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        let (_s, sp) = stack(&[(5, 0xB8), (6, 0xB9), (7, 0x1234)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_EHANDLER, base, base + 0x1050, f, &mut c).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (0xB8, 0xB9, 0x1234, sp + 64));
        assert_eq!(u.handler, 0, "no handler runs for a frame in its epilog");

        // At `pop rbp`: rsp already points at the saved rbp.
        let (_s, sp) = stack(&[(0, 0xB9), (1, 0x4321)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        c.Rbx = 3;
        virtual_unwind(UNW_FLAG_EHANDLER, base, base + 0x1055, f, &mut c).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (3, 0xB9, 0x4321, sp + 16));

        // In the body, the handler is reported (an RVA) with its data right after it.
        let (_s, sp) = stack(&[(7, 0x1234)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_EHANDLER, base, base + 0x1040, f, &mut c).unwrap();
        assert_eq!(u.handler, 0x1234);
        assert_eq!(u.handler_data, base + 0x2000 + 4 + 4 * 2 + 4);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_UHANDLER, base, base + 0x1040, f, &mut c);
        assert_eq!(u.map(|u| u.handler), Ok(0));
    }

    #[test]
    fn machine_frames_give_rip_and_rsp() {
        let mut img = Image::new();
        img.unwind_info(
            0x2000,
            0,
            0,
            (0, 0),
            &[code(0, UWOP_PUSH_MACHFRAME, 1)],
            &[],
        );
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        // Error code, RIP, CS, EFLAGS, RSP, SS.
        let (_s, sp) = stack(&[(0, 0xE), (1, 0xAAAA), (2, 0x33), (3, 0x246), (4, 0xCCCC0)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1010, f, &mut c).unwrap();
        assert_eq!((c.Rip, c.Rsp), (0xAAAA, 0xCCCC0));
    }

    #[test]
    fn unknown_versions_are_refused() {
        let mut img = Image::new();
        img.put(0x2000, &[7, 0, 0, 0]);
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        let mut c = zeroed_context();
        assert_eq!(
            virtual_unwind(0, base, base + 0x1010, f, &mut c).map(|u| u.frame),
            Err(status::BAD_STACK)
        );
    }
}
