//! synchapi.h: critical sections, kernel objects and waits, SRW locks, condition variables,
//! one-time initialisation, WaitOnAddress, barriers and Sleep.
//!
//! A CRITICAL_SECTION lives in guest memory with Windows' x64 layout (40 bytes: DebugInfo,
//! LockCount, RecursionCount, OwningThread, LockSemaphore, SpinCount). LockCount is the lock
//! word, parked on with a futex: -1 free (Windows' initial value), 0 held, 1 held with waiters.

use crate::abi::handles::{HANDLES, Object};
use crate::abi::{CStrPtr, GuestCell, GuestPtr, Handle, WStrPtr, Win32Error, Win32Result};
use crate::abi::{call, host, mem};
use crate::dllexport;
use crate::nt::process::current_thread_id;
use crate::nt::sync::{self, EventObject, MutexObject, SemaphoreObject, WaitResult};
use crate::nt::{teb, thread};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use windows_sys::Win32::Foundation::{ERROR_ALREADY_EXISTS, MAX_PATH, WAIT_FAILED};

const LOCK_COUNT: u64 = 8;
const RECURSION_COUNT: u64 = 12;
const OWNING_THREAD: u64 = 16;
const SPIN_COUNT: u64 = 32;

/// An opaque CRITICAL_SECTION in guest memory.
pub type CriticalSection = GuestPtr<[u8; 40]>;

fn init(cs: CriticalSection, spin: u32) {
    let a = cs.addr();
    mem::write(a, [0u8; 40]);
    mem::write(a + LOCK_COUNT, -1i32);
    mem::write(a + SPIN_COUNT, spin as u64);
}

#[dllexport]
pub fn InitializeCriticalSection(lpCriticalSection: CriticalSection) {
    init(lpCriticalSection, 0)
}

#[dllexport]
pub fn InitializeCriticalSectionAndSpinCount(
    lpCriticalSection: CriticalSection,
    dwSpinCount: u32,
) -> bool {
    init(lpCriticalSection, dwSpinCount);
    true
}

#[dllexport]
pub fn InitializeCriticalSectionEx(
    lpCriticalSection: CriticalSection,
    dwSpinCount: u32,
    Flags: u32,
) -> bool {
    init(lpCriticalSection, dwSpinCount);
    true
}

#[dllexport]
pub fn DeleteCriticalSection(lpCriticalSection: CriticalSection) {
    mem::write(lpCriticalSection.addr() + OWNING_THREAD, 0u64);
}

fn owned_by_me(a: u64, me: u64) -> bool {
    mem::read::<u64>(a + OWNING_THREAD) == Some(me)
}

fn take(a: u64, me: u64) {
    mem::write(a + OWNING_THREAD, me);
    mem::write(a + RECURSION_COUNT, 1i32);
}

/// The fast paths of EnterCriticalSection/LeaveCriticalSection make no call into SysV code:
/// a Win64 entry that does must save xmm6-15 first, which would double their cost. Waiting
/// and waking happen in Win64 functions of their own.
#[dllexport]
pub fn EnterCriticalSection(lpCriticalSection: CriticalSection) {
    let a = lpCriticalSection.addr();
    let me = current_thread_id() as u64;
    if owned_by_me(a, me) {
        let n = mem::read::<i32>(a + RECURSION_COUNT).unwrap_or(0);
        mem::write(a + RECURSION_COUNT, n + 1);
        return;
    }
    if let Some(word) = host::aligned_atomic_i32(a + LOCK_COUNT)
        && word
            .compare_exchange(-1, 0, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    {
        take(a, me);
        return;
    }
    enter_contended(a, me);
}

/// Spins as the section's spin count says, then sleeps on the lock word.
#[cold]
#[inline(never)]
extern "win64" fn enter_contended(a: u64, me: u64) {
    let word = host::atomic_i32(a + LOCK_COUNT);
    let spins = mem::read::<u64>(a + SPIN_COUNT).unwrap_or(0).min(4000);
    let mut acquired = false;
    for _ in 0..spins {
        std::hint::spin_loop();
        if word
            .compare_exchange(-1, 0, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            acquired = true;
            break;
        }
    }
    if !acquired {
        while word.swap(1, Ordering::Acquire) != -1 {
            host::futex_wait(a + LOCK_COUNT, 1);
        }
    }
    take(a, me);
}

#[dllexport]
pub fn TryEnterCriticalSection(lpCriticalSection: CriticalSection) -> bool {
    let a = lpCriticalSection.addr();
    let me = current_thread_id() as u64;
    if owned_by_me(a, me) {
        let n = mem::read::<i32>(a + RECURSION_COUNT).unwrap_or(0);
        mem::write(a + RECURSION_COUNT, n + 1);
        return true;
    }
    let word = host::atomic_i32(a + LOCK_COUNT);
    if word
        .compare_exchange(-1, 0, Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
    {
        take(a, me);
        return true;
    }
    false
}

#[dllexport]
pub fn LeaveCriticalSection(lpCriticalSection: CriticalSection) {
    let a = lpCriticalSection.addr();
    let n = mem::read::<i32>(a + RECURSION_COUNT).unwrap_or(1) - 1;
    mem::write(a + RECURSION_COUNT, n.max(0));
    if n > 0 {
        return;
    }
    mem::write(a + OWNING_THREAD, 0u64);
    match host::aligned_atomic_i32(a + LOCK_COUNT) {
        Some(word) if word.swap(-1, Ordering::Release) != 1 => {}
        _ => wake_one(a + LOCK_COUNT),
    }
}

/// Wakes a thread sleeping on the lock word (or reports a misaligned section).
#[cold]
#[inline(never)]
extern "win64" fn wake_one(word: u64) {
    host::atomic_i32(word);
    host::futex_wake(word, 1);
}

#[dllexport]
pub fn Sleep(dwMilliseconds: u32) {
    SleepEx(dwMilliseconds, false);
}

/// An alertable sleep ends early, with WAIT_IO_COMPLETION, once queued APCs have run.
#[dllexport]
pub fn SleepEx(dwMilliseconds: u32, bAlertable: bool) -> u32 {
    if bAlertable {
        let r = sync::wait(&[], false, sync::deadline(dwMilliseconds), true);
        return if r == WaitResult::Alerted {
            r.code()
        } else {
            0
        };
    }
    match dwMilliseconds {
        0 => std::thread::yield_now(),
        u32::MAX => loop {
            std::thread::park();
        },
        ms => std::thread::sleep(Duration::from_millis(ms as u64)),
    }
    0
}

// Kernel objects: events, mutexes, semaphores; waits for them and for threads.

/// The object behind a handle the wait functions accept (GetCurrentThread's pseudo-handle too).
fn waitable_object(handle: Handle) -> Win32Result<Arc<dyn Object>> {
    let object: Arc<dyn Object> = if handle == Handle::CURRENT_THREAD {
        thread::current()
    } else {
        HANDLES.get_any(handle)?
    };
    if object.waitable().is_none() {
        return Err(Win32Error::INVALID_HANDLE);
    }
    Ok(object)
}

/// A wait's WAIT_* value, or WAIT_FAILED with the last error set.
fn wait_code(result: Win32Result<WaitResult>) -> u32 {
    match result {
        Ok(r) => r.code(),
        Err(e) => {
            teb::set_last_error(e.0);
            WAIT_FAILED
        }
    }
}

#[dllexport]
pub fn WaitForSingleObject(hHandle: Handle, dwMilliseconds: u32) -> u32 {
    WaitForSingleObjectEx(hHandle, dwMilliseconds, false)
}

#[dllexport]
pub fn WaitForSingleObjectEx(hHandle: Handle, dwMilliseconds: u32, bAlertable: bool) -> u32 {
    wait_code(
        waitable_object(hHandle)
            .map(|o| sync::wait(&[o], false, sync::deadline(dwMilliseconds), bAlertable)),
    )
}

#[dllexport]
pub fn WaitForMultipleObjects(
    nCount: u32,
    lpHandles: GuestPtr<Handle>,
    bWaitAll: bool,
    dwMilliseconds: u32,
) -> u32 {
    WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, false)
}

#[dllexport]
pub fn WaitForMultipleObjectsEx(
    nCount: u32,
    lpHandles: GuestPtr<Handle>,
    bWaitAll: bool,
    dwMilliseconds: u32,
    bAlertable: bool,
) -> u32 {
    let objects = (|| {
        if nCount == 0 || nCount > windows_sys::Win32::System::SystemServices::MAXIMUM_WAIT_OBJECTS
        {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        if lpHandles.is_null() {
            return Err(Win32Error::NOACCESS);
        }
        lpHandles
            .read_slice(nCount as usize)
            .into_iter()
            .map(waitable_object)
            .collect::<Win32Result<Vec<_>>>()
    })();
    wait_code(objects.map(|o| sync::wait(&o, bWaitAll, sync::deadline(dwMilliseconds), bAlertable)))
}

/// Signals one object (set an event, release a mutex or one semaphore count), then waits for
/// another.
#[dllexport]
pub fn SignalObjectAndWait(
    hObjectToSignal: Handle,
    hObjectToWaitOn: Handle,
    dwMilliseconds: u32,
    bAlertable: bool,
) -> u32 {
    let result = (|| {
        let wait_on = waitable_object(hObjectToWaitOn)?;
        let any: Arc<dyn std::any::Any + Send + Sync> = HANDLES.get_any(hObjectToSignal)?;
        if let Some(e) = any.downcast_ref::<EventObject>() {
            e.set();
        } else if let Some(m) = any.downcast_ref::<MutexObject>() {
            m.release()?;
        } else if let Some(s) = any.downcast_ref::<SemaphoreObject>() {
            s.release(1)?;
        } else {
            return Err(Win32Error::INVALID_HANDLE);
        }
        Ok(sync::wait(
            &[wait_on],
            false,
            sync::deadline(dwMilliseconds),
            bAlertable,
        ))
    })();
    wait_code(result)
}

/// SECURITY_ATTRIBUTES.bInheritHandle (FALSE without attributes).
pub fn inherit(attributes: GuestPtr<u8>) -> bool {
    !attributes.is_null() && mem::read::<u32>(attributes.addr() + 16).is_some_and(|b| b != 0)
}

/// Creates an unnamed object, or the named one (opening it if it exists, with the last error
/// ERROR_ALREADY_EXISTS; 0 otherwise).
fn create_object<T: Object>(
    attributes: GuestPtr<u8>,
    name: Option<Vec<u16>>,
    make: impl FnOnce() -> T,
    on_new: impl FnOnce(&Arc<dyn Object>),
) -> Win32Result<Handle> {
    let (object, existed) = match name.filter(|n| !n.is_empty()) {
        Some(n) if n.len() > MAX_PATH as usize => return Err(Win32Error::FILENAME_EXCED_RANGE),
        Some(n) => sync::create_named(&n, make)?,
        None => (Arc::new(make()) as Arc<dyn Object>, false),
    };
    if !existed {
        on_new(&object);
    }
    let handle = HANDLES.insert(object, inherit(attributes));
    teb::set_last_error(if existed { ERROR_ALREADY_EXISTS } else { 0 });
    Ok(handle)
}

fn open_object<T: Object>(inherit: bool, name: Option<Vec<u16>>) -> Win32Result<Handle> {
    let name = name.ok_or(Win32Error::INVALID_PARAMETER)?;
    let object = sync::open_named::<T>(&name)?;
    Ok(HANDLES.insert(object, inherit))
}

const CREATE_EVENT_MANUAL_RESET: u32 =
    windows_sys::Win32::System::Threading::CREATE_EVENT_MANUAL_RESET;
const CREATE_EVENT_INITIAL_SET: u32 =
    windows_sys::Win32::System::Threading::CREATE_EVENT_INITIAL_SET;

#[dllexport]
pub fn CreateEventW(
    lpEventAttributes: GuestPtr<u8>,
    bManualReset: bool,
    bInitialState: bool,
    lpName: WStrPtr,
) -> Win32Result<Handle> {
    create_object(
        lpEventAttributes,
        lpName.units(),
        || EventObject::new(bManualReset, bInitialState),
        |_| (),
    )
}

#[dllexport]
pub fn CreateEventA(
    lpEventAttributes: GuestPtr<u8>,
    bManualReset: bool,
    bInitialState: bool,
    lpName: CStrPtr,
) -> Win32Result<Handle> {
    create_object(
        lpEventAttributes,
        lpName.to_wide(),
        || EventObject::new(bManualReset, bInitialState),
        |_| (),
    )
}

#[dllexport]
pub fn CreateEventExW(
    lpEventAttributes: GuestPtr<u8>,
    lpName: WStrPtr,
    dwFlags: u32,
    dwDesiredAccess: u32,
) -> Win32Result<Handle> {
    if dwFlags & !(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET) != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    create_object(
        lpEventAttributes,
        lpName.units(),
        || {
            EventObject::new(
                dwFlags & CREATE_EVENT_MANUAL_RESET != 0,
                dwFlags & CREATE_EVENT_INITIAL_SET != 0,
            )
        },
        |_| (),
    )
}

#[dllexport]
pub fn CreateEventExA(
    lpEventAttributes: GuestPtr<u8>,
    lpName: CStrPtr,
    dwFlags: u32,
    dwDesiredAccess: u32,
) -> Win32Result<Handle> {
    if dwFlags & !(CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET) != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    create_object(
        lpEventAttributes,
        lpName.to_wide(),
        || {
            EventObject::new(
                dwFlags & CREATE_EVENT_MANUAL_RESET != 0,
                dwFlags & CREATE_EVENT_INITIAL_SET != 0,
            )
        },
        |_| (),
    )
}

#[dllexport]
pub fn OpenEventW(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: WStrPtr,
) -> Win32Result<Handle> {
    open_object::<EventObject>(bInheritHandle, lpName.units())
}

#[dllexport]
pub fn OpenEventA(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: CStrPtr,
) -> Win32Result<Handle> {
    open_object::<EventObject>(bInheritHandle, lpName.to_wide())
}

fn event(handle: Handle) -> Win32Result<Arc<EventObject>> {
    HANDLES.get::<EventObject>(handle)
}

#[dllexport]
pub fn SetEvent(hEvent: Handle) -> Win32Result<()> {
    event(hEvent)?.set();
    Ok(())
}

#[dllexport]
pub fn ResetEvent(hEvent: Handle) -> Win32Result<()> {
    event(hEvent)?.reset();
    Ok(())
}

#[dllexport]
pub fn PulseEvent(hEvent: Handle) -> Win32Result<()> {
    event(hEvent)?.pulse();
    Ok(())
}

/// A new mutex created with an initial owner is taken by its creator at once.
fn take_new_mutex(initial_owner: bool) -> impl FnOnce(&Arc<dyn Object>) {
    move |object| {
        if initial_owner {
            sync::wait(std::slice::from_ref(object), false, None, false);
        }
    }
}

#[dllexport]
pub fn CreateMutexW(
    lpMutexAttributes: GuestPtr<u8>,
    bInitialOwner: bool,
    lpName: WStrPtr,
) -> Win32Result<Handle> {
    create_object(
        lpMutexAttributes,
        lpName.units(),
        MutexObject::new,
        take_new_mutex(bInitialOwner),
    )
}

#[dllexport]
pub fn CreateMutexA(
    lpMutexAttributes: GuestPtr<u8>,
    bInitialOwner: bool,
    lpName: CStrPtr,
) -> Win32Result<Handle> {
    create_object(
        lpMutexAttributes,
        lpName.to_wide(),
        MutexObject::new,
        take_new_mutex(bInitialOwner),
    )
}

const CREATE_MUTEX_INITIAL_OWNER: u32 =
    windows_sys::Win32::System::Threading::CREATE_MUTEX_INITIAL_OWNER;

#[dllexport]
pub fn CreateMutexExW(
    lpMutexAttributes: GuestPtr<u8>,
    lpName: WStrPtr,
    dwFlags: u32,
    dwDesiredAccess: u32,
) -> Win32Result<Handle> {
    if dwFlags & !CREATE_MUTEX_INITIAL_OWNER != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    create_object(
        lpMutexAttributes,
        lpName.units(),
        MutexObject::new,
        take_new_mutex(dwFlags & CREATE_MUTEX_INITIAL_OWNER != 0),
    )
}

#[dllexport]
pub fn OpenMutexW(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: WStrPtr,
) -> Win32Result<Handle> {
    open_object::<MutexObject>(bInheritHandle, lpName.units())
}

#[dllexport]
pub fn OpenMutexA(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: CStrPtr,
) -> Win32Result<Handle> {
    open_object::<MutexObject>(bInheritHandle, lpName.to_wide())
}

#[dllexport]
pub fn ReleaseMutex(hMutex: Handle) -> Win32Result<()> {
    HANDLES.get::<MutexObject>(hMutex)?.release()
}

fn check_semaphore(initial: i32, maximum: i32) -> Win32Result<()> {
    if maximum <= 0 || initial < 0 || initial > maximum {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    Ok(())
}

#[dllexport]
pub fn CreateSemaphoreW(
    lpSemaphoreAttributes: GuestPtr<u8>,
    lInitialCount: i32,
    lMaximumCount: i32,
    lpName: WStrPtr,
) -> Win32Result<Handle> {
    check_semaphore(lInitialCount, lMaximumCount)?;
    create_object(
        lpSemaphoreAttributes,
        lpName.units(),
        || SemaphoreObject::new(lInitialCount, lMaximumCount),
        |_| (),
    )
}

#[dllexport]
pub fn CreateSemaphoreA(
    lpSemaphoreAttributes: GuestPtr<u8>,
    lInitialCount: i32,
    lMaximumCount: i32,
    lpName: CStrPtr,
) -> Win32Result<Handle> {
    check_semaphore(lInitialCount, lMaximumCount)?;
    create_object(
        lpSemaphoreAttributes,
        lpName.to_wide(),
        || SemaphoreObject::new(lInitialCount, lMaximumCount),
        |_| (),
    )
}

#[dllexport]
pub fn CreateSemaphoreExW(
    lpSemaphoreAttributes: GuestPtr<u8>,
    lInitialCount: i32,
    lMaximumCount: i32,
    lpName: WStrPtr,
    dwFlags: u32,
    dwDesiredAccess: u32,
) -> Win32Result<Handle> {
    if dwFlags != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    CreateSemaphoreW(lpSemaphoreAttributes, lInitialCount, lMaximumCount, lpName)
}

#[dllexport]
pub fn OpenSemaphoreW(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: WStrPtr,
) -> Win32Result<Handle> {
    open_object::<SemaphoreObject>(bInheritHandle, lpName.units())
}

#[dllexport]
pub fn OpenSemaphoreA(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpName: CStrPtr,
) -> Win32Result<Handle> {
    open_object::<SemaphoreObject>(bInheritHandle, lpName.to_wide())
}

#[dllexport]
pub fn ReleaseSemaphore(
    hSemaphore: Handle,
    lReleaseCount: i32,
    lpPreviousCount: GuestPtr<i32>,
) -> Win32Result<()> {
    let previous = HANDLES
        .get::<SemaphoreObject>(hSemaphore)?
        .release(lReleaseCount)?;
    lpPreviousCount.write(previous);
    Ok(())
}

// Slim reader/writer locks. The SRWLOCK's low 32 bits are the lock word (all zero is
// SRWLOCK_INIT): a reader count, a writer bit and a "someone sleeps" bit that tells a releasing
// thread to wake the sleepers, who then compete again.

const SRW_WRITER: i32 = 1 << 30;
const SRW_SLEEPERS: i32 = i32::MIN;
const SRW_READERS: i32 = SRW_WRITER - 1;

pub type SrwLock = GuestPtr<u64>;

/// Sleeps on the lock word `w` at `addr`, seen as `seen`, after marking that someone sleeps.
fn srw_sleep(addr: u64, seen: i32) {
    let w = host::atomic_i32(addr);
    if seen & SRW_SLEEPERS == 0
        && w.compare_exchange(
            seen,
            seen | SRW_SLEEPERS,
            Ordering::Relaxed,
            Ordering::Relaxed,
        )
        .is_err()
    {
        return;
    }
    host::futex_wait(addr, seen | SRW_SLEEPERS);
}

/// How often a contended acquire retries before sleeping: the holder usually lets go soon.
const SRW_SPINS: u32 = 100;

#[dllexport]
pub fn InitializeSRWLock(SRWLock: SrwLock) {
    SRWLock.write(0);
}

/// As for critical sections, the uncontended paths make no SysV call (see EnterCriticalSection).
#[dllexport]
pub fn AcquireSRWLockExclusive(SRWLock: SrwLock) {
    if let Some(w) = host::aligned_atomic_i32(SRWLock.addr())
        && w.compare_exchange(0, SRW_WRITER, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    {
        return;
    }
    srw_acquire_exclusive_contended(SRWLock.addr());
}

#[cold]
#[inline(never)]
extern "win64" fn srw_acquire_exclusive_contended(addr: u64) {
    let w = host::atomic_i32(addr);
    let mut spins = 0;
    loop {
        let s = w.load(Ordering::Relaxed);
        if s & !SRW_SLEEPERS == 0 {
            if w.compare_exchange_weak(s, s | SRW_WRITER, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
            continue;
        }
        if spins < SRW_SPINS {
            spins += 1;
            std::hint::spin_loop();
            continue;
        }
        srw_sleep(addr, s);
    }
}

#[dllexport]
pub fn AcquireSRWLockShared(SRWLock: SrwLock) {
    if let Some(w) = host::aligned_atomic_i32(SRWLock.addr()) {
        let s = w.load(Ordering::Relaxed);
        if s & SRW_WRITER == 0
            && w.compare_exchange(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
        {
            return;
        }
    }
    srw_acquire_shared_contended(SRWLock.addr());
}

#[cold]
#[inline(never)]
extern "win64" fn srw_acquire_shared_contended(addr: u64) {
    let w = host::atomic_i32(addr);
    let mut spins = 0;
    loop {
        let s = w.load(Ordering::Relaxed);
        if s & SRW_WRITER == 0 {
            if w.compare_exchange_weak(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return;
            }
            continue;
        }
        if spins < SRW_SPINS {
            spins += 1;
            std::hint::spin_loop();
            continue;
        }
        srw_sleep(addr, s);
    }
}

#[dllexport]
pub fn TryAcquireSRWLockExclusive(SRWLock: SrwLock) -> bool {
    let w = host::atomic_i32(SRWLock.addr());
    let s = w.load(Ordering::Relaxed);
    s & !SRW_SLEEPERS == 0
        && w.compare_exchange(s, s | SRW_WRITER, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
}

#[dllexport]
pub fn TryAcquireSRWLockShared(SRWLock: SrwLock) -> bool {
    let w = host::atomic_i32(SRWLock.addr());
    let mut s = w.load(Ordering::Relaxed);
    while s & SRW_WRITER == 0 {
        match w.compare_exchange_weak(s, s + 1, Ordering::Acquire, Ordering::Relaxed) {
            Ok(_) => return true,
            Err(now) => s = now,
        }
    }
    false
}

#[dllexport]
pub fn ReleaseSRWLockExclusive(SRWLock: SrwLock) {
    match host::aligned_atomic_i32(SRWLock.addr()) {
        Some(w) if w.swap(0, Ordering::Release) & SRW_SLEEPERS == 0 => {}
        _ => srw_wake_all(SRWLock.addr()),
    }
}

#[dllexport]
pub fn ReleaseSRWLockShared(SRWLock: SrwLock) {
    let addr = SRWLock.addr();
    let Some(w) = host::aligned_atomic_i32(addr) else {
        return srw_wake_all(addr);
    };
    let before = w.fetch_sub(1, Ordering::Release);
    // The last reader out wakes the sleepers (a writer among them can now take the lock).
    if before & SRW_READERS == 1
        && before & SRW_SLEEPERS != 0
        && w.compare_exchange(SRW_SLEEPERS, 0, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        srw_wake_all(addr);
    }
}

/// Wakes every thread sleeping on the lock word (or reports a misaligned lock).
#[cold]
#[inline(never)]
extern "win64" fn srw_wake_all(addr: u64) {
    host::atomic_i32(addr);
    host::futex_wake(addr, i32::MAX);
}

// Condition variables: the low 32 bits count wakeups; a sleeper waits for the count it saw to
// change, so a wake between releasing the lock and sleeping is not lost.

pub type ConditionVariable = GuestPtr<u64>;

fn timeout(ms: u32) -> Option<Duration> {
    (ms != u32::MAX).then(|| Duration::from_millis(ms as u64))
}

/// Sleeps on `cv` with the caller's lock released by `unlock` and retaken by `relock`.
fn cv_sleep(
    cv: ConditionVariable,
    ms: u32,
    unlock: impl FnOnce(),
    relock: impl FnOnce(),
) -> Win32Result<()> {
    let seen = host::atomic_i32(cv.addr()).load(Ordering::Relaxed);
    unlock();
    let woken = host::futex_wait_for(cv.addr(), seen, timeout(ms));
    relock();
    if woken {
        Ok(())
    } else {
        Err(Win32Error::TIMEOUT)
    }
}

#[dllexport]
pub fn InitializeConditionVariable(ConditionVariable: ConditionVariable) {
    ConditionVariable.write(0);
}

#[dllexport]
pub fn SleepConditionVariableCS(
    ConditionVariable: ConditionVariable,
    CriticalSection: CriticalSection,
    dwMilliseconds: u32,
) -> Win32Result<()> {
    cv_sleep(
        ConditionVariable,
        dwMilliseconds,
        || LeaveCriticalSection(CriticalSection),
        || EnterCriticalSection(CriticalSection),
    )
}

const CONDITION_VARIABLE_LOCKMODE_SHARED: u32 = 1;

#[dllexport]
pub fn SleepConditionVariableSRW(
    ConditionVariable: ConditionVariable,
    SRWLock: SrwLock,
    dwMilliseconds: u32,
    Flags: u32,
) -> Win32Result<()> {
    if Flags & !CONDITION_VARIABLE_LOCKMODE_SHARED != 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    if Flags & CONDITION_VARIABLE_LOCKMODE_SHARED != 0 {
        cv_sleep(
            ConditionVariable,
            dwMilliseconds,
            || ReleaseSRWLockShared(SRWLock),
            || AcquireSRWLockShared(SRWLock),
        )
    } else {
        cv_sleep(
            ConditionVariable,
            dwMilliseconds,
            || ReleaseSRWLockExclusive(SRWLock),
            || AcquireSRWLockExclusive(SRWLock),
        )
    }
}

#[dllexport]
pub fn WakeConditionVariable(ConditionVariable: ConditionVariable) {
    host::atomic_i32(ConditionVariable.addr()).fetch_add(1, Ordering::Release);
    host::futex_wake(ConditionVariable.addr(), 1);
}

#[dllexport]
pub fn WakeAllConditionVariable(ConditionVariable: ConditionVariable) {
    host::atomic_i32(ConditionVariable.addr()).fetch_add(1, Ordering::Release);
    host::futex_wake(ConditionVariable.addr(), i32::MAX);
}

// One-time initialisation. INIT_ONCE is one pointer: its low two bits are the state, the rest
// the context stored by the initialiser (which must leave those bits clear).

const ONCE_STATE: u64 = 3;
const ONCE_SYNC_PENDING: u64 = 1;
const ONCE_DONE: u64 = 2;
const ONCE_ASYNC_PENDING: u64 = 3;

use windows_sys::Win32::System::Threading::{
    INIT_ONCE_ASYNC, INIT_ONCE_CHECK_ONLY, INIT_ONCE_INIT_FAILED,
};

pub type InitOnce = GuestPtr<u64>;

#[dllexport]
pub fn InitOnceInitialize(InitOnce: InitOnce) {
    InitOnce.write(0);
}

#[dllexport]
pub fn InitOnceBeginInitialize(
    lpInitOnce: InitOnce,
    dwFlags: u32,
    fPending: GuestPtr<i32>,
    lpContext: GuestPtr<u64>,
) -> Win32Result<()> {
    let check_only = dwFlags & INIT_ONCE_CHECK_ONLY != 0;
    let asynchronous = dwFlags & INIT_ONCE_ASYNC != 0;
    if dwFlags & !(INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC) != 0 || (check_only && asynchronous) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let addr = lpInitOnce.addr();
    let word = host::atomic_u64(addr);
    loop {
        let v = word.load(Ordering::Acquire);
        match v & ONCE_STATE {
            ONCE_DONE => {
                fPending.write(0);
                lpContext.write(v & !ONCE_STATE);
                return Ok(());
            }
            _ if check_only => return Err(Win32Error::GEN_FAILURE),
            0 => {
                let pending = if asynchronous {
                    ONCE_ASYNC_PENDING
                } else {
                    ONCE_SYNC_PENDING
                };
                if word
                    .compare_exchange(0, pending, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    fPending.write(1);
                    return Ok(());
                }
            }
            ONCE_SYNC_PENDING if !asynchronous => host::futex_wait(addr, v as i32),
            ONCE_ASYNC_PENDING if asynchronous => {
                fPending.write(1);
                return Ok(());
            }
            _ => return Err(Win32Error::INVALID_PARAMETER),
        }
    }
}

#[dllexport]
pub fn InitOnceComplete(
    lpInitOnce: InitOnce,
    dwFlags: u32,
    lpContext: GuestPtr<u8>,
) -> Win32Result<()> {
    let failed = dwFlags & INIT_ONCE_INIT_FAILED != 0;
    let asynchronous = dwFlags & INIT_ONCE_ASYNC != 0;
    let context = lpContext.addr();
    if dwFlags & !(INIT_ONCE_INIT_FAILED | INIT_ONCE_ASYNC) != 0
        || (failed && asynchronous)
        || (!failed && context & ONCE_STATE != 0)
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let done = if failed { 0 } else { context | ONCE_DONE };
    let addr = lpInitOnce.addr();
    let word = host::atomic_u64(addr);
    let v = word.load(Ordering::Acquire);
    match v & ONCE_STATE {
        ONCE_SYNC_PENDING if !asynchronous => {
            word.store(done, Ordering::Release);
            host::futex_wake(addr, i32::MAX);
            Ok(())
        }
        ONCE_ASYNC_PENDING if asynchronous => word
            .compare_exchange(v, done, Ordering::AcqRel, Ordering::Relaxed)
            .map(drop)
            .map_err(|_| Win32Error::INVALID_PARAMETER),
        ONCE_SYNC_PENDING | ONCE_ASYNC_PENDING => Err(Win32Error::INVALID_PARAMETER),
        _ => Err(Win32Error::GEN_FAILURE),
    }
}

/// Runs `InitFn(InitOnce, Parameter, &context)` once; every caller gets the stored context.
/// A failing InitFn leaves the INIT_ONCE uninitialised and returns FALSE (its last error stays).
#[dllexport]
pub fn InitOnceExecuteOnce(
    InitOnce: InitOnce,
    InitFn: u64,
    Parameter: u64,
    Context: GuestPtr<u64>,
) -> bool {
    let pending = GuestCell::new(0i32);
    let context = GuestCell::new(0u64);
    if InitOnceBeginInitialize(
        InitOnce,
        0,
        GuestPtr::new(pending.addr()),
        GuestPtr::new(context.addr()),
    )
    .is_err()
    {
        return false;
    }
    if pending.get() == 0 {
        Context.write(context.get());
        return true;
    }
    let ok = call::call(InitFn, &[InitOnce.addr(), Parameter, context.addr()]) as u32 != 0;
    if !ok {
        let _ = InitOnceComplete(InitOnce, INIT_ONCE_INIT_FAILED, GuestPtr::NULL);
        return false;
    }
    if InitOnceComplete(InitOnce, 0, GuestPtr::new(context.get())).is_err() {
        return false;
    }
    Context.write(context.get());
    true
}

// WaitOnAddress: threads park on any guest address, keyed by that address.

fn read_sized(addr: u64, size: usize) -> u64 {
    match size {
        1 => mem::read::<u8>(addr).unwrap_or(0) as u64,
        2 => mem::read::<u16>(addr).unwrap_or(0) as u64,
        4 => mem::read::<u32>(addr).unwrap_or(0) as u64,
        _ => mem::read::<u64>(addr).unwrap_or(0),
    }
}

/// Returns at once when the value at `Address` differs from `*CompareAddress`; otherwise sleeps
/// until a WakeByAddress* on `Address` (FALSE with ERROR_TIMEOUT when the time runs out).
#[dllexport]
pub fn WaitOnAddress(
    Address: GuestPtr<u8>,
    CompareAddress: GuestPtr<u8>,
    AddressSize: usize,
    dwMilliseconds: u32,
) -> Win32Result<()> {
    if !matches!(AddressSize, 1 | 2 | 4 | 8) {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let expected = read_sized(CompareAddress.addr(), AddressSize);
    let addr = Address.addr();
    if sync::wait_on_address(
        addr,
        || read_sized(addr, AddressSize) == expected,
        sync::deadline(dwMilliseconds),
    ) {
        Ok(())
    } else {
        Err(Win32Error::TIMEOUT)
    }
}

#[dllexport]
pub fn WakeByAddressSingle(Address: GuestPtr<u8>) {
    sync::wake_address(Address.addr(), false);
}

#[dllexport]
pub fn WakeByAddressAll(Address: GuestPtr<u8>) {
    sync::wake_address(Address.addr(), true);
}

// Synchronization barriers: SYNCHRONIZATION_BARRIER (32 bytes) holds the thread count, how many
// have yet to arrive in this phase, and the phase number the waiting threads sleep on.

const BARRIER_TOTAL: u64 = 0;
const BARRIER_REMAINING: u64 = 4;
const BARRIER_PHASE: u64 = 8;

#[dllexport]
pub fn InitializeSynchronizationBarrier(
    lpBarrier: GuestPtr<[u8; 32]>,
    lTotalThreads: i32,
    lSpinCount: i32,
) -> Win32Result<()> {
    if lTotalThreads < 1 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let a = lpBarrier.addr();
    lpBarrier.write([0; 32]);
    mem::write(a + BARRIER_TOTAL, lTotalThreads);
    mem::write(a + BARRIER_REMAINING, lTotalThreads);
    Ok(())
}

/// TRUE for the one thread (the last to arrive) that may clean up after the phase.
#[dllexport]
pub fn EnterSynchronizationBarrier(lpBarrier: GuestPtr<[u8; 32]>, dwFlags: u32) -> bool {
    let a = lpBarrier.addr();
    let phase = host::atomic_i32(a + BARRIER_PHASE);
    let seen = phase.load(Ordering::Acquire);
    if host::atomic_i32(a + BARRIER_REMAINING).fetch_sub(1, Ordering::AcqRel) == 1 {
        let total = mem::read::<i32>(a + BARRIER_TOTAL).unwrap_or(1);
        host::atomic_i32(a + BARRIER_REMAINING).store(total, Ordering::Relaxed);
        phase.fetch_add(1, Ordering::Release);
        host::futex_wake(a + BARRIER_PHASE, i32::MAX);
        return true;
    }
    while phase.load(Ordering::Acquire) == seen {
        host::futex_wait(a + BARRIER_PHASE, seen);
    }
    false
}

#[dllexport]
pub fn DeleteSynchronizationBarrier(lpBarrier: GuestPtr<[u8; 32]>) -> bool {
    true
}

// Waitable timers.

use crate::nt::timer::TimerObject;

const CREATE_WAITABLE_TIMER_MANUAL_RESET: u32 =
    windows_sys::Win32::System::Threading::CREATE_WAITABLE_TIMER_MANUAL_RESET;
const CREATE_WAITABLE_TIMER_HIGH_RESOLUTION: u32 =
    windows_sys::Win32::System::Threading::CREATE_WAITABLE_TIMER_HIGH_RESOLUTION;

#[dllexport]
pub fn CreateWaitableTimerW(
    lpTimerAttributes: GuestPtr<u8>,
    bManualReset: bool,
    lpTimerName: WStrPtr,
) -> Win32Result<Handle> {
    create_object(
        lpTimerAttributes,
        lpTimerName.units(),
        || TimerObject::new(bManualReset),
        |_| (),
    )
}

#[dllexport]
pub fn CreateWaitableTimerA(
    lpTimerAttributes: GuestPtr<u8>,
    bManualReset: bool,
    lpTimerName: CStrPtr,
) -> Win32Result<Handle> {
    create_object(
        lpTimerAttributes,
        lpTimerName.to_wide(),
        || TimerObject::new(bManualReset),
        |_| (),
    )
}

/// CREATE_WAITABLE_TIMER_HIGH_RESOLUTION is accepted: every timer here has the host's
/// resolution.
#[dllexport]
pub fn CreateWaitableTimerExW(
    lpTimerAttributes: GuestPtr<u8>,
    lpTimerName: WStrPtr,
    dwFlags: u32,
    dwDesiredAccess: u32,
) -> Win32Result<Handle> {
    if dwFlags & !(CREATE_WAITABLE_TIMER_MANUAL_RESET | CREATE_WAITABLE_TIMER_HIGH_RESOLUTION) != 0
    {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    create_object(
        lpTimerAttributes,
        lpTimerName.units(),
        || TimerObject::new(dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET != 0),
        |_| (),
    )
}

#[dllexport]
pub fn OpenWaitableTimerW(
    dwDesiredAccess: u32,
    bInheritHandle: bool,
    lpTimerName: WStrPtr,
) -> Win32Result<Handle> {
    open_object::<TimerObject>(bInheritHandle, lpTimerName.units())
}

/// A negative due time is relative (100 ns units), a positive one an absolute UTC FILETIME.
/// `fResume` (waking a suspended machine) has no meaning here and is ignored.
#[dllexport]
pub fn SetWaitableTimer(
    hTimer: Handle,
    lpDueTime: GuestPtr<i64>,
    lPeriod: i32,
    pfnCompletionRoutine: u64,
    lpArgToCompletionRoutine: u64,
    fResume: bool,
) -> Win32Result<()> {
    let timer = HANDLES.get::<TimerObject>(hTimer)?;
    let due = lpDueTime.read().ok_or(Win32Error::NOACCESS)?;
    if lPeriod < 0 {
        return Err(Win32Error::INVALID_PARAMETER);
    }
    let ticks = if due < 0 {
        due.unsigned_abs()
    } else {
        (due as u64).saturating_sub(super::sysinfoapi::filetime_now())
    };
    let delay = Duration::from_nanos(ticks.saturating_mul(100));
    let period = (lPeriod > 0).then(|| Duration::from_millis(lPeriod as u64));
    let apc =
        (pfnCompletionRoutine != 0).then_some((pfnCompletionRoutine, lpArgToCompletionRoutine));
    timer.set(delay, period, apc);
    Ok(())
}

/// The wake context and tolerable delay are hints; the timer is set as SetWaitableTimer sets it.
#[dllexport]
pub fn SetWaitableTimerEx(
    hTimer: Handle,
    lpDueTime: GuestPtr<i64>,
    lPeriod: i32,
    pfnCompletionRoutine: u64,
    lpArgToCompletionRoutine: u64,
    WakeContext: GuestPtr<u8>,
    TolerableDelay: u32,
) -> Win32Result<()> {
    SetWaitableTimer(
        hTimer,
        lpDueTime,
        lPeriod,
        pfnCompletionRoutine,
        lpArgToCompletionRoutine,
        false,
    )
}

#[dllexport]
pub fn CancelWaitableTimer(hTimer: Handle) -> Win32Result<()> {
    HANDLES.get::<TimerObject>(hTimer)?.cancel();
    Ok(())
}
