//! eh.h and the C++ runtime's per-thread exception state: terminate handlers, structured
//! exception translators, the count of exceptions in flight, and the exception the running catch
//! handles (`__current_exception`, which `std::current_exception` reads).

use super::ehdata;
use crate::abi::{GuestCell, GuestPtr, call::call, mem};
use crate::dllexport;
use std::cell::Cell;
use windows_sys::Win32::System::Diagnostics::Debug::EXCEPTION_RECORD;

/// The per-thread words the runtime hands out pointers to: the current exception's record and
/// context pointers, and the processing-throw count. Allocated on first use, freed with the
/// thread.
struct Slots(u64);

const SLOTS_SIZE: usize = 24;

impl Drop for Slots {
    fn drop(&mut self) {
        mem::free_zeroed(self.0, SLOTS_SIZE, 8);
    }
}

thread_local! {
    static SLOTS: Slots = Slots(mem::alloc_zeroed(SLOTS_SIZE, 8));
    /// `set_terminate`: per thread, as Microsoft documents.
    static TERMINATE_HANDLER: Cell<u64> = const { Cell::new(0) };
    static SE_TRANSLATOR: Cell<u64> = const { Cell::new(0) };
    /// The record the translator last saw: it is offered each exception once.
    static TRANSLATED: Cell<u64> = const { Cell::new(0) };
    /// Exceptions thrown and not yet caught (`std::uncaught_exceptions`).
    static UNCAUGHT: Cell<i32> = const { Cell::new(0) };
}

fn slots() -> u64 {
    SLOTS.with(|s| s.0)
}

/// Publishes the exception the innermost running catch handles (record, context).
pub(crate) fn set_current(current: Option<(u64, u64, Option<ehdata::Thrown>)>) {
    let (record, context) = current.map_or((0, 0), |(r, c, _)| (r, c));
    mem::write(slots(), [record, context]);
}

pub(crate) fn processing_throw(delta: i32) {
    let at = slots() + 16;
    mem::write(at, mem::read::<i32>(at).unwrap_or(0) + delta);
}

pub(crate) fn thrown() {
    UNCAUGHT.with(|u| u.set(u.get() + 1));
}

pub(crate) fn caught() {
    UNCAUGHT.with(|u| u.set((u.get() - 1).max(0)));
}

/// Offers a structured exception to the thread's translator (`_set_se_translator`), which turns
/// it into a C++ exception by throwing; when it returns, the search goes on untranslated.
pub(crate) fn translate(record: u64, context: u64) {
    let translator = SE_TRANSLATOR.with(|t| t.get());
    if translator == 0 || TRANSLATED.with(|t| t.replace(record)) == record {
        return;
    }
    let code = mem::read::<u32>(record).unwrap_or(0) as u64;
    let pointers = GuestCell::new([record, context]);
    call(translator, &[code, pointers.addr()]);
}

/// std::terminate: the thread's terminate handler, then abort (also when the handler returns).
#[dllexport]
pub fn terminate() -> ! {
    let handler = TERMINATE_HANDLER.with(|h| h.get());
    if handler != 0 {
        call(handler, &[]);
    }
    super::startup::abort()
}

/// What the compiler calls where an exception may not pass (noexcept functions).
#[dllexport]
pub fn __std_terminate() -> ! {
    terminate()
}

/// Returns the previous handler.
#[dllexport]
pub fn set_terminate(NewPtFunc: u64) -> u64 {
    TERMINATE_HANDLER.with(|h| h.replace(NewPtFunc))
}

#[dllexport]
pub fn _get_terminate() -> u64 {
    TERMINATE_HANDLER.with(|h| h.get())
}

/// Returns the previous translator.
#[dllexport]
pub fn _set_se_translator(seTransFunction: u64) -> u64 {
    SE_TRANSLATOR.with(|t| t.replace(seTransFunction))
}

#[dllexport]
pub fn __uncaught_exceptions() -> i32 {
    UNCAUGHT.with(|u| u.get())
}

#[dllexport]
pub fn __uncaught_exception() -> bool {
    __uncaught_exceptions() > 0
}

/// The slot holding the EXCEPTION_RECORD of the exception being handled.
#[dllexport]
pub fn __current_exception() -> GuestPtr<u64> {
    GuestPtr::new(slots())
}

/// The slot holding the CONTEXT the exception being handled was raised in.
#[dllexport]
pub fn __current_exception_context() -> GuestPtr<u64> {
    GuestPtr::new(slots() + 8)
}

/// The count of thrown objects being copied into catch clauses.
#[dllexport]
pub fn __processing_throw() -> GuestPtr<i32> {
    GuestPtr::new(slots() + 16)
}

/// Whether the exception `ep` points to (EXCEPTION_POINTERS) is a C++ exception that a
/// `catch (type&)` would take, `type` being a type_info (a TypeDescriptor).
#[dllexport]
pub fn _is_exception_typeof(r#type: u64, ep: GuestPtr<u64>) -> i32 {
    let record = ep.read().unwrap_or(0);
    let r = mem::read::<EXCEPTION_RECORD>(record).unwrap_or_default();
    ehdata::throws_type(&r, r#type) as i32
}

/// The handler `_set_purecall_handler` installed (0: none).
static PURECALL_HANDLER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What a call to a pure virtual function lands on: the program's handler, then abort.
#[dllexport]
pub fn _purecall() -> ! {
    let handler = PURECALL_HANDLER.load(std::sync::atomic::Ordering::Acquire);
    if handler != 0 {
        call(handler, &[]);
    }
    super::startup::abort()
}

/// Returns the previous handler.
#[dllexport]
pub fn _set_purecall_handler(function: u64) -> u64 {
    PURECALL_HANDLER.swap(function, std::sync::atomic::Ordering::AcqRel)
}

#[dllexport]
pub fn _get_purecall_handler() -> u64 {
    PURECALL_HANDLER.load(std::sync::atomic::Ordering::Acquire)
}

/// A /GS security cookie check failed: the process ends at once, as `__fastfail` ends it.
#[dllexport]
pub fn __report_gsfailure(StackCookie: u64) -> ! {
    crate::nt::process::flush_and_exit(crate::nt::exception::status::STACK_BUFFER_OVERRUN)
}
