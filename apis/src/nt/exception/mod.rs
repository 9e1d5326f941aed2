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
pub const EXCEPTION_NESTED_CALL: u32 = 0x10;
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

mod fault;
mod unwind;

pub use fault::{
    FaultResume, FaultState, arm_guard_pages, disarm_guard_pages, dispatch_fault, fault_frame,
    is_guard_armed, read_state_context, take_guard_page, write_state_context,
};
pub use unwind::{
    SavedAt, Unwound, add_function_table, add_function_table_callback, delete_function_table,
    lookup_function, virtual_unwind,
};

// ---------------------------------------------------------------------------------------------
// Where a stack walk continues when it reaches one of winrun's frames

struct HandlerFrame {
    /// An address inside the winrun frame that called the guest handler.
    host_sp: u64,
    /// The guest context a walk continues with past that frame.
    resume: CONTEXT,
    /// For a frame handler called by a dispatch: the establisher frame it was called for. A
    /// dispatch that walks past it is a nested one (EXCEPTION_NESTED_CALL up to that frame).
    nested_frame: u64,
}

thread_local! {
    static HANDLER_FRAMES: RefCell<Vec<HandlerFrame>> = const { RefCell::new(Vec::new()) };
}

/// Calls a guest handler, leaving the marker described in the module comment. Markers deeper
/// than this frame belong to calls that were abandoned (an unwind restored an outer context).
fn call_handler(resume: &CONTEXT, handler: u64, args: &[u64]) -> u64 {
    call_frame_handler(resume, 0, handler, args)
}

/// call_handler for the handler of the frame at `nested_frame`, called by a dispatch.
fn call_frame_handler(resume: &CONTEXT, nested_frame: u64, handler: u64, args: &[u64]) -> u64 {
    let marker = 0u8;
    let host_sp = &raw const marker as u64;
    HANDLER_FRAMES.with(|f| {
        let mut frames = f.borrow_mut();
        frames.retain(|h| h.host_sp > host_sp);
        frames.push(HandlerFrame {
            host_sp,
            resume: *resume,
            nested_frame,
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
    host_frame_at(rsp, |h| h.resume)
}

/// The frame whose handler the dispatch that winrun's frame at `rsp` belongs to was running (0:
/// that frame is not a dispatch calling a frame handler).
fn nested_frame_at(rsp: u64) -> u64 {
    host_frame_at(rsp, |h| h.nested_frame).unwrap_or(0)
}

fn host_frame_at<T>(rsp: u64, field: impl Fn(&HandlerFrame) -> T) -> Option<T> {
    HANDLER_FRAMES.with(|f| {
        f.borrow()
            .iter()
            .filter(|h| h.host_sp >= rsp)
            .min_by_key(|h| h.host_sp)
            .map(field)
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
/// from the jump buffer in `ExceptionInformation[0]` (MSVC's longjmp unwinds to its target with
/// this); STATUS_UNWIND_CONSOLIDATE first calls the callback in `ExceptionInformation[0]` with the
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
            Some(virtual_unwind(kind, base, pc, function, next, None).map(|u| (u, base, function)))
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
    // The outermost frame whose handler raised this exception while handling another: up to
    // it, handlers are told the exception is nested.
    let mut nested_frame = 0;
    loop {
        let mut next = walk;
        let (unwound, base, function) = match step(UNW_FLAG_EHANDLER, first, &mut next) {
            None => break,
            Some(Ok(found)) => found,
            Some(Err(_)) => break,
        };
        first = false;
        if unwound.frame == 0 {
            // Past one of winrun's frames: the walk goes on in the guest context it left. Past
            // a dispatch's, the walk goes through the frames that dispatch walked again.
            let nested = nested_frame_at(walk.Rsp);
            if nested != 0 {
                nested_frame = nested_frame.max(nested);
                let mut r = read_record(record);
                r.ExceptionFlags |= EXCEPTION_NESTED_CALL;
                write_record(record, &r);
            }
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
            let disposition = call_frame_handler(
                &original,
                unwound.frame,
                base + unwound.handler,
                &[record, unwound.frame, context, dispatcher.addr()],
            ) as u32;
            if unwound.frame == nested_frame {
                nested_frame = 0;
                let mut r = read_record(record);
                r.ExceptionFlags &= !EXCEPTION_NESTED_CALL;
                write_record(record, &r);
            }
            match disposition {
                EXCEPTION_CONTINUE_EXECUTION_DISPOSITION => {
                    if read_record(record).ExceptionFlags & EXCEPTION_NONCONTINUABLE != 0 {
                        raise_status(status::NONCONTINUABLE_EXCEPTION, record, context);
                    }
                    call_vectored(true, record, context);
                    return true;
                }
                EXCEPTION_CONTINUE_SEARCH_DISPOSITION => {}
                // What RtlpExecuteHandlerForException's own handler says on Windows; winrun
                // finds nested dispatches by its frames instead (above), so this goes on too.
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
        modules::loader().describe_address(r.ExceptionAddress as u64)
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
