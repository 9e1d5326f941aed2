//! Import binding: what address an import slot gets. Builtin DLLs first (their export list
//! says where each function lives), then native DLLs' export tables; a name nothing provides,
//! or a builtin declared but not implemented, gets a stub that reports it when called.
//! LoadLibrary/GetProcAddress use the same lookups.

use crate::modules::{Kind, Modules, native_export, resolve_forward};
use crate::pe::imports::ImportName;
use apis::registry::{Export, ExportKind, Status};
use apis::relay::RelayFilter;
use std::sync::OnceLock;

static RELAY: OnceLock<RelayFilter> = OnceLock::new();

/// Sets which calls get relay entries (from WINRUN_LOG). Called once at startup.
pub fn set_relay_filter(filter: RelayFilter) {
    let _ = RELAY.set(filter);
}

fn relay() -> &'static RelayFilter {
    RELAY.get_or_init(RelayFilter::default)
}

/// How an import was resolved, for `winrun check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Builtin(Status),
    Native,
    Missing,
}

fn builtin_export(dll: &'static apis::registry::Dll, name: &ImportName) -> Option<&'static Export> {
    match name {
        ImportName::Name(n) => dll.export(n),
        ImportName::Ordinal(o) => dll.export_by_ordinal(*o),
    }
}

/// The address of `name` in module `index`, or `None` when it has no such export. A builtin's
/// declared-but-unimplemented export resolves to its "unimplemented" stub.
pub fn lookup(m: &mut Modules, index: usize, name: &ImportName) -> Option<u64> {
    match m.list[index].kind {
        Kind::Builtin(dll) => {
            let export = builtin_export(dll, name)?;
            Some(match export.kind {
                ExportKind::Function {
                    entry,
                    relay: traced,
                } => {
                    if relay().enabled(&dll.short_name(), export.family) {
                        traced.get()
                    } else {
                        entry.get()
                    }
                }
                ExportKind::Data(addr) => addr.get(),
                ExportKind::Forward(target) => resolve_forward(m, target, dll.name)?,
                ExportKind::Stub => crate::stubs::stub_for(dll.name, export.name),
            })
        }
        Kind::Native(_) => native_export(m, index, name),
    }
}

/// The address an import slot gets: the export, or a stub naming what is missing.
pub fn resolve(m: &mut Modules, index: usize, name: &ImportName, dll_name: &str) -> u64 {
    lookup(m, index, name).unwrap_or_else(|| crate::stubs::stub_for(dll_name, &name.to_string()))
}

/// How `name` resolves in module `index` (for `winrun check`).
pub fn describe(m: &mut Modules, index: usize, name: &ImportName) -> Resolution {
    match m.list[index].kind {
        Kind::Builtin(dll) => match builtin_export(dll, name) {
            None => Resolution::Missing,
            Some(e) if e.status == Status::Stub => Resolution::Builtin(Status::Stub),
            Some(e) => match e.kind {
                ExportKind::Forward(_) if lookup(m, index, name).is_none() => Resolution::Missing,
                _ => Resolution::Builtin(e.status),
            },
        },
        Kind::Native(_) => {
            if native_export(m, index, name).is_some() {
                Resolution::Native
            } else {
                Resolution::Missing
            }
        }
    }
}
