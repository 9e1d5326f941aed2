//! The process's handle table: one table for every kernel object.
//!
//! Handle values are multiples of 4 starting at 4 (the low two bits are ignored on lookup, as
//! Windows does). A closed slot goes to the back of a FIFO and is reused only once enough other
//! slots were freed, so a stale handle fails with ERROR_INVALID_HANDLE instead of silently
//! reaching a new object. Lookups are an index into a vector under a read lock.

use super::args::Handle;
use super::error::Win32Error;
use std::any::Any;
use std::collections::VecDeque;
use std::sync::{Arc, RwLock};

/// A kernel object that handles can refer to.
pub trait Object: Any + Send + Sync {
    /// The object type's name, for diagnostics ("File", "Event" ...).
    fn type_name(&self) -> &'static str;
    /// The object's waitable side, for objects WaitForSingleObject and friends accept.
    fn waitable(&self) -> Option<&dyn crate::nt::sync::Waitable> {
        None
    }
}

struct Entry {
    object: Arc<dyn Object>,
    inherit: bool,
}

#[derive(Default)]
struct Slots {
    entries: Vec<Option<Entry>>,
    free: VecDeque<usize>,
}

/// How many freed slots wait before one is reused.
const REUSE_DELAY: usize = 64;

pub struct HandleTable {
    slots: RwLock<Slots>,
}

fn index_of(handle: Handle) -> Option<usize> {
    let v = handle.0 & !3;
    if v == 0 || v > u32::MAX as u64 {
        return None;
    }
    Some((v / 4 - 1) as usize)
}

impl HandleTable {
    pub const fn new() -> Self {
        HandleTable {
            slots: RwLock::new(Slots {
                entries: Vec::new(),
                free: VecDeque::new(),
            }),
        }
    }

    /// Stores `object` and returns its new handle.
    pub fn insert(&self, object: Arc<dyn Object>, inherit: bool) -> Handle {
        let mut slots = self.slots.write().unwrap_or_else(|e| e.into_inner());
        let entry = Some(Entry { object, inherit });
        let index = if slots.free.len() > REUSE_DELAY {
            let i = slots.free.pop_front().expect("free list is non-empty");
            slots.entries[i] = entry;
            i
        } else {
            slots.entries.push(entry);
            slots.entries.len() - 1
        };
        Handle((index as u64 + 1) * 4)
    }

    /// Stores `object` under the given handle value (a handle a child process inherited keeps
    /// its parent's value). Fails when that slot is taken.
    pub fn insert_at(
        &self,
        handle: Handle,
        object: Arc<dyn Object>,
        inherit: bool,
    ) -> Result<(), Win32Error> {
        let index = index_of(handle).ok_or(Win32Error::INVALID_HANDLE)?;
        let mut slots = self.slots.write().unwrap_or_else(|e| e.into_inner());
        if slots.entries.len() <= index {
            slots.entries.resize_with(index + 1, || None);
        }
        if slots.entries[index].is_some() {
            return Err(Win32Error::INVALID_HANDLE);
        }
        slots.entries[index] = Some(Entry { object, inherit });
        Ok(())
    }

    /// Changes whether `handle` is inherited by child processes.
    pub fn set_inheritable(&self, handle: Handle, inherit: bool) -> Result<(), Win32Error> {
        let index = index_of(handle).ok_or(Win32Error::INVALID_HANDLE)?;
        let mut slots = self.slots.write().unwrap_or_else(|e| e.into_inner());
        match slots.entries.get_mut(index) {
            Some(Some(e)) => {
                e.inherit = inherit;
                Ok(())
            }
            _ => Err(Win32Error::INVALID_HANDLE),
        }
    }

    /// Every inheritable handle and its object (what CreateProcess passes to a child).
    pub fn inheritable_handles(&self) -> Vec<(Handle, Arc<dyn Object>)> {
        let slots = self.slots.read().unwrap_or_else(|e| e.into_inner());
        slots
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let e = e.as_ref().filter(|e| e.inherit)?;
                Some((Handle((i as u64 + 1) * 4), e.object.clone()))
            })
            .collect()
    }

    /// The object behind `handle`, of any type.
    pub fn get_any(&self, handle: Handle) -> Result<Arc<dyn Object>, Win32Error> {
        let index = index_of(handle).ok_or(Win32Error::INVALID_HANDLE)?;
        let slots = self.slots.read().unwrap_or_else(|e| e.into_inner());
        match slots.entries.get(index) {
            Some(Some(e)) => Ok(e.object.clone()),
            _ => Err(Win32Error::INVALID_HANDLE),
        }
    }

    /// The object behind `handle` if it is a `T`; ERROR_INVALID_HANDLE on a miss or a wrong type.
    pub fn get<T: Object>(&self, handle: Handle) -> Result<Arc<T>, Win32Error> {
        let object: Arc<dyn Any + Send + Sync> = self.get_any(handle)?;
        object
            .downcast::<T>()
            .map_err(|_| Win32Error::INVALID_HANDLE)
    }

    /// Closes `handle`, returning the object it held.
    pub fn remove(&self, handle: Handle) -> Result<Arc<dyn Object>, Win32Error> {
        let index = index_of(handle).ok_or(Win32Error::INVALID_HANDLE)?;
        let mut slots = self.slots.write().unwrap_or_else(|e| e.into_inner());
        let entry = slots
            .entries
            .get_mut(index)
            .and_then(Option::take)
            .ok_or(Win32Error::INVALID_HANDLE)?;
        slots.free.push_back(index);
        Ok(entry.object)
    }

    /// Whether `handle` is inherited by child processes.
    pub fn inheritable(&self, handle: Handle) -> Result<bool, Win32Error> {
        let index = index_of(handle).ok_or(Win32Error::INVALID_HANDLE)?;
        let slots = self.slots.read().unwrap_or_else(|e| e.into_inner());
        match slots.entries.get(index) {
            Some(Some(e)) => Ok(e.inherit),
            _ => Err(Win32Error::INVALID_HANDLE),
        }
    }
}

impl Default for HandleTable {
    fn default() -> Self {
        Self::new()
    }
}

/// The process's handle table.
pub static HANDLES: HandleTable = HandleTable::new();

#[cfg(test)]
mod tests {
    use super::*;

    struct Thing(u32);
    impl Object for Thing {
        fn type_name(&self) -> &'static str {
            "Thing"
        }
    }
    struct Other;
    impl Object for Other {
        fn type_name(&self) -> &'static str {
            "Other"
        }
    }

    #[test]
    fn handles_are_multiples_of_four_and_typed() {
        let table = HandleTable::new();
        let a = table.insert(Arc::new(Thing(7)), false);
        let b = table.insert(Arc::new(Other), true);
        assert_eq!(a.0 % 4, 0);
        assert_ne!(a, b);
        assert_eq!(table.get::<Thing>(a).unwrap().0, 7);
        // The low two bits are ignored.
        assert_eq!(table.get::<Thing>(Handle(a.0 | 3)).unwrap().0, 7);
        assert_eq!(
            table.get::<Thing>(b).err(),
            Some(Win32Error::INVALID_HANDLE)
        );
        assert!(table.inheritable(b).unwrap());
    }

    #[test]
    fn closed_handles_fail_and_are_not_reused_at_once() {
        let table = HandleTable::new();
        let a = table.insert(Arc::new(Thing(1)), false);
        table.remove(a).unwrap();
        assert_eq!(table.remove(a).err(), Some(Win32Error::INVALID_HANDLE));
        let b = table.insert(Arc::new(Thing(2)), false);
        assert_ne!(a, b);
        assert!(table.get::<Thing>(a).is_err());
        assert!(table.get_any(Handle(0)).is_err());
        assert!(table.get_any(Handle::INVALID).is_err());
    }
}
