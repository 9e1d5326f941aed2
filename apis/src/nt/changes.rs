//! Directory change watches on inotify, shared by ReadDirectoryChangesW (which reports the
//! changes as FILE_NOTIFY_INFORMATION records) and the change notification handles of
//! FindFirstChangeNotificationW (which only signal that one happened). A watch covers a
//! directory, or its whole tree, from the moment it is made; changes are kept until taken.
//! Names are relative to the watched directory, with backslashes.

use crate::abi::{Win32Result, host, mem};
use crate::nt::file::FileObject;
use std::collections::{HashMap, VecDeque};
use std::ffi::CString;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::{Arc, Mutex, Weak};
use windows_sys::Win32::Storage::FileSystem as fsc;

/// The FILE_NOTIFY_CHANGE_* bits a filter may have.
pub const VALID_FILTERS: u32 = fsc::FILE_NOTIFY_CHANGE_FILE_NAME
    | fsc::FILE_NOTIFY_CHANGE_DIR_NAME
    | fsc::FILE_NOTIFY_CHANGE_ATTRIBUTES
    | fsc::FILE_NOTIFY_CHANGE_SIZE
    | fsc::FILE_NOTIFY_CHANGE_LAST_WRITE
    | fsc::FILE_NOTIFY_CHANGE_LAST_ACCESS
    | fsc::FILE_NOTIFY_CHANGE_CREATION
    | fsc::FILE_NOTIFY_CHANGE_SECURITY;

/// What inotify is asked to report: everything a notify filter can select.
const WATCH_MASK: u32 = libc::IN_CREATE
    | libc::IN_DELETE
    | libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_MOVED_FROM
    | libc::IN_MOVED_TO
    | libc::IN_ONLYDIR
    | libc::IN_DONT_FOLLOW;

/// The filters under which each kind of change is reported.
const NAME_FILTERS: u32 = fsc::FILE_NOTIFY_CHANGE_FILE_NAME;
const DIR_NAME_FILTERS: u32 = fsc::FILE_NOTIFY_CHANGE_DIR_NAME;
const WRITE_FILTERS: u32 = fsc::FILE_NOTIFY_CHANGE_LAST_WRITE | fsc::FILE_NOTIFY_CHANGE_SIZE;
const ATTRIBUTE_FILTERS: u32 = fsc::FILE_NOTIFY_CHANGE_ATTRIBUTES
    | fsc::FILE_NOTIFY_CHANGE_LAST_WRITE
    | fsc::FILE_NOTIFY_CHANGE_LAST_ACCESS
    | fsc::FILE_NOTIFY_CHANGE_CREATION
    | fsc::FILE_NOTIFY_CHANGE_SECURITY;

struct WatchState {
    /// Watch descriptor → the directory's path below the watched one ("" for itself).
    dirs: HashMap<i32, String>,
    /// Changes not yet reported: (FILE_ACTION_*, relative name).
    pending: VecDeque<(u32, String)>,
    /// More changes came than could be kept (the host queue overflowed).
    overflow: bool,
}

/// The watch on one directory handle.
pub struct Watch {
    owner: Weak<FileObject>,
    pub inotify: OwnedFd,
    /// The watched directory as a path the host resolves (`/proc/self/fd/N`).
    root: String,
    subtree: bool,
    filter: u32,
    state: Mutex<WatchState>,
}

impl Watch {
    /// A watch on directory `f` (its subtree with `subtree`) for the changes `filter` selects.
    pub fn new(f: &Arc<FileObject>, subtree: bool, filter: u32) -> Win32Result<Arc<Watch>> {
        let watch = Arc::new(Watch {
            owner: Arc::downgrade(f),
            inotify: host::inotify()?,
            root: format!("/proc/self/fd/{}", f.fd()),
            subtree,
            filter,
            state: Mutex::new(WatchState {
                dirs: HashMap::new(),
                pending: VecDeque::new(),
                overflow: false,
            }),
        });
        {
            let mut state = watch.lock();
            watch.add_dir(&mut state, "");
            if state.dirs.is_empty() {
                return Err(crate::abi::Win32Error::ACCESS_DENIED);
            }
        }
        Ok(watch)
    }

    /// Whether this watch belongs to `f`.
    pub fn is_of(&self, f: &Arc<FileObject>) -> bool {
        self.owner.upgrade().is_some_and(|o| Arc::ptr_eq(&o, f))
    }

    /// Whether `f`, the file it watches, is still open.
    pub fn is_live(&self) -> bool {
        self.owner.strong_count() > 0
    }

    /// Takes what inotify has queued and forgets it all; whether there was any change (or
    /// more than could be kept).
    pub fn take_any(&self) -> bool {
        self.drain();
        let mut state = self.lock();
        let any = state.overflow || !state.pending.is_empty();
        state.overflow = false;
        state.pending.clear();
        any
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, WatchState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Watches directory `rel` (below the root) and, for a subtree, every directory below it.
    fn add_dir(&self, state: &mut WatchState, rel: &str) {
        let host = if rel.is_empty() {
            self.root.clone()
        } else {
            format!("{}/{}", self.root, rel.replace('\\', "/"))
        };
        let Ok(c) = CString::new(host.clone()) else {
            return;
        };
        // The root is reached through its descriptor's /proc link, which must be followed;
        // directories below it must not be symlinks.
        let mask = if rel.is_empty() {
            WATCH_MASK & !libc::IN_DONT_FOLLOW
        } else {
            WATCH_MASK
        };
        let Ok(wd) = host::inotify_add_watch(self.inotify.as_raw_fd(), &c, mask) else {
            return;
        };
        state.dirs.insert(wd, rel.to_string());
        if !self.subtree {
            return;
        }
        let Ok(entries) = std::fs::read_dir(&host) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                let name = entry.file_name().to_string_lossy().into_owned();
                let child = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}\\{name}")
                };
                self.add_dir(state, &child);
            }
        }
    }

    /// Takes what inotify has queued into `pending` (without waiting).
    pub fn drain(&self) {
        let mut buf = [0u8; 16384];
        let mut state = self.lock();
        loop {
            let n = match host::read_bytes(self.inotify.as_raw_fd(), &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut events = Vec::new();
            let mut at = 0;
            while at + 16 <= n {
                let word = |o: usize| {
                    u32::from_ne_bytes(buf[at + o..at + o + 4].try_into().unwrap_or_default())
                };
                let (wd, mask, cookie, len) = (word(0) as i32, word(4), word(8), word(12) as usize);
                let name_bytes = &buf[at + 16..(at + 16 + len).min(n)];
                let name_end = name_bytes
                    .iter()
                    .position(|&b| b == 0)
                    .unwrap_or(name_bytes.len());
                let name = String::from_utf8_lossy(&name_bytes[..name_end]).into_owned();
                events.push((wd, mask, cookie, name));
                at += 16 + len;
            }
            self.translate(&mut state, events);
        }
    }

    fn translate(&self, state: &mut WatchState, events: Vec<(i32, u32, u32, String)>) {
        let mut i = 0;
        while i < events.len() {
            let (wd, mask, cookie, ref name) = events[i];
            i += 1;
            if mask & libc::IN_Q_OVERFLOW != 0 {
                state.overflow = true;
                continue;
            }
            if mask & libc::IN_IGNORED != 0 {
                state.dirs.remove(&wd);
                continue;
            }
            let Some(dir) = state.dirs.get(&wd).cloned() else {
                continue;
            };
            let rel = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}\\{name}")
            };
            let is_dir = mask & libc::IN_ISDIR != 0;
            let name_filter = if is_dir {
                DIR_NAME_FILTERS
            } else {
                NAME_FILTERS
            };
            let report = |state: &mut WatchState, filter: u32, action: u32, rel: String| {
                if self.filter & filter != 0 {
                    state.pending.push_back((action, rel));
                }
            };
            if mask & libc::IN_CREATE != 0 {
                report(state, name_filter, fsc::FILE_ACTION_ADDED, rel.clone());
                if is_dir && self.subtree {
                    self.add_dir(state, &rel);
                }
            } else if mask & libc::IN_DELETE != 0 {
                report(state, name_filter, fsc::FILE_ACTION_REMOVED, rel);
            } else if mask & libc::IN_MODIFY != 0 {
                report(state, WRITE_FILTERS, fsc::FILE_ACTION_MODIFIED, rel);
            } else if mask & libc::IN_ATTRIB != 0 {
                report(state, ATTRIBUTE_FILTERS, fsc::FILE_ACTION_MODIFIED, rel);
            } else if mask & libc::IN_MOVED_FROM != 0 {
                // A rename within the watched tree is a MOVED_FROM and MOVED_TO pair; a move
                // out of it is a removal.
                let pair = events
                    .get(i)
                    .filter(|e| e.1 & libc::IN_MOVED_TO != 0 && e.2 == cookie);
                match pair.and_then(|e| state.dirs.get(&e.0).map(|d| (d.clone(), e.3.clone()))) {
                    Some((to_dir, to_name)) => {
                        i += 1;
                        let to = if to_dir.is_empty() {
                            to_name
                        } else {
                            format!("{to_dir}\\{to_name}")
                        };
                        report(state, name_filter, fsc::FILE_ACTION_RENAMED_OLD_NAME, rel);
                        report(
                            state,
                            name_filter,
                            fsc::FILE_ACTION_RENAMED_NEW_NAME,
                            to.clone(),
                        );
                        if is_dir && self.subtree {
                            self.add_dir(state, &to);
                        }
                    }
                    None => report(state, name_filter, fsc::FILE_ACTION_REMOVED, rel),
                }
            } else if mask & libc::IN_MOVED_TO != 0 {
                report(state, name_filter, fsc::FILE_ACTION_ADDED, rel.clone());
                if is_dir && self.subtree {
                    self.add_dir(state, &rel);
                }
            }
        }
    }

    /// Writes the pending changes into the guest buffer as FILE_NOTIFY_INFORMATION records.
    /// None when there are none yet; Some(0) after an overflow or when they do not fit (the
    /// changes are then lost, and the caller is to rescan: ERROR_NOTIFY_ENUM_DIR).
    pub fn take(&self, buf: u64, len: usize) -> Option<usize> {
        self.drain();
        let mut state = self.lock();
        if state.overflow {
            state.overflow = false;
            state.pending.clear();
            return Some(0);
        }
        if state.pending.is_empty() {
            return None;
        }
        let mut out: Vec<u8> = Vec::new();
        let mut last = 0;
        for (action, name) in state.pending.drain(..) {
            let name: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let size = (12 + name.len()).next_multiple_of(4);
            last = out.len();
            out.extend((size as u32).to_le_bytes());
            out.extend(action.to_le_bytes());
            out.extend((name.len() as u32).to_le_bytes());
            out.extend(name);
            out.resize(last + size, 0);
        }
        out[last..last + 4].copy_from_slice(&0u32.to_le_bytes());
        if out.len() > len || !mem::write_slice(buf, &out) {
            return Some(0);
        }
        Some(out.len())
    }
}
