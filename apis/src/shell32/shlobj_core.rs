//! shlobj_core.h: the special folders. They are the directories the process environment names
//! (USERPROFILE, APPDATA, LOCALAPPDATA ...; winrun derives them from the host's home directory),
//! so a program finds the same folder through either route.

use crate::abi::{GuestPtr, Handle};
use crate::dllexport;
use crate::nt::{env, path};
use windows_sys::Win32::Foundation::{E_FAIL, E_INVALIDARG, S_OK};
use windows_sys::Win32::UI::Shell as sh;
use windows_sys::core::GUID;

/// HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): a valid folder that does not exist.
const FOLDER_MISSING: i32 = 0x8007_0002_u32 as i32;

#[derive(Clone, Copy)]
enum Folder {
    Profile,
    RoamingAppData,
    LocalAppData,
    ProgramData,
    Documents,
    Desktop,
    Windows,
    System,
}

fn env_var(name: &str) -> Option<String> {
    let name: Vec<u16> = name.encode_utf16().collect();
    env::get(&name).map(|v| String::from_utf16_lossy(&v))
}

impl Folder {
    fn from_csidl(csidl: u32) -> Option<Folder> {
        Some(match csidl {
            sh::CSIDL_PROFILE => Folder::Profile,
            sh::CSIDL_APPDATA => Folder::RoamingAppData,
            sh::CSIDL_LOCAL_APPDATA => Folder::LocalAppData,
            sh::CSIDL_COMMON_APPDATA => Folder::ProgramData,
            sh::CSIDL_PERSONAL => Folder::Documents,
            sh::CSIDL_DESKTOPDIRECTORY | sh::CSIDL_DESKTOP => Folder::Desktop,
            sh::CSIDL_WINDOWS => Folder::Windows,
            sh::CSIDL_SYSTEM => Folder::System,
            _ => return None,
        })
    }

    fn from_known(id: &GUID) -> Option<Folder> {
        let same = |k: &GUID| {
            k.data1 == id.data1 && k.data2 == id.data2 && k.data3 == id.data3 && k.data4 == id.data4
        };
        [
            (sh::FOLDERID_Profile, Folder::Profile),
            (sh::FOLDERID_RoamingAppData, Folder::RoamingAppData),
            (sh::FOLDERID_LocalAppData, Folder::LocalAppData),
            (sh::FOLDERID_ProgramData, Folder::ProgramData),
            (sh::FOLDERID_Documents, Folder::Documents),
            (sh::FOLDERID_Desktop, Folder::Desktop),
            (sh::FOLDERID_Windows, Folder::Windows),
            (sh::FOLDERID_System, Folder::System),
        ]
        .iter()
        .find(|(k, _)| same(k))
        .map(|&(_, f)| f)
    }

    /// The folder's Windows path.
    fn path(self) -> Option<String> {
        let profile = || env_var("USERPROFILE");
        match self {
            Folder::Profile => profile(),
            Folder::RoamingAppData => env_var("APPDATA"),
            Folder::LocalAppData => env_var("LOCALAPPDATA"),
            Folder::ProgramData => env_var("ProgramData"),
            Folder::Documents => profile().map(|p| format!(r"{p}\Documents")),
            Folder::Desktop => profile().map(|p| format!(r"{p}\Desktop")),
            Folder::Windows => env_var("SystemRoot"),
            Folder::System => env_var("SystemRoot").map(|p| format!(r"{p}\system32")),
        }
    }
}

/// The folder's path, created first when `create`; FOLDER_MISSING when it does not exist.
fn folder_path(folder: Folder, create: bool) -> Result<String, i32> {
    let windows = folder.path().ok_or(E_FAIL)?;
    let host = path::windows_to_host(&windows);
    if create {
        let _ = std::fs::create_dir_all(&host);
    }
    if !host.is_dir() {
        return Err(FOLDER_MISSING);
    }
    Ok(windows)
}

const CSIDL_FLAG_CREATE: u32 = 0x8000;

#[dllexport]
pub fn SHGetFolderPathW(
    hwnd: Handle,
    csidl: u32,
    hToken: Handle,
    dwFlags: u32,
    pszPath: GuestPtr<u16>,
) -> i32 {
    let Some(folder) = Folder::from_csidl(csidl & 0xff) else {
        return E_INVALIDARG;
    };
    match folder_path(folder, csidl & CSIDL_FLAG_CREATE != 0) {
        Ok(p) => {
            let units: Vec<u16> = p.encode_utf16().chain([0]).take(260).collect();
            pszPath.write_slice(&units);
            S_OK
        }
        Err(e) => {
            pszPath.write(0);
            e
        }
    }
}

/// The path comes in a CoTaskMemAlloc block the caller frees with CoTaskMemFree.
#[dllexport]
pub fn SHGetKnownFolderPath(
    rfid: GuestPtr<GUID>,
    dwFlags: u32,
    hToken: Handle,
    ppszPath: GuestPtr<u64>,
) -> i32 {
    if ppszPath.is_null() {
        return E_INVALIDARG;
    }
    ppszPath.write(0);
    let Some(folder) = rfid.read().as_ref().and_then(Folder::from_known) else {
        return FOLDER_MISSING;
    };
    match folder_path(folder, dwFlags & sh::KF_FLAG_CREATE as u32 != 0) {
        Ok(p) => {
            let units: Vec<u16> = p.encode_utf16().chain([0]).collect();
            let block = crate::ole32::combaseapi::CoTaskMemAlloc(units.len() * 2);
            if block.is_null() {
                return windows_sys::Win32::Foundation::E_OUTOFMEMORY;
            }
            block.cast::<u16>().write_slice(&units);
            ppszPath.write(block.addr());
            S_OK
        }
        Err(e) => e,
    }
}
