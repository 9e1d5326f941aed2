//! binfmt_misc registration: after `winrun binfmt install` the kernel runs `./prog.exe` as
//! `winrun /abs/path/prog.exe args...`.

use crate::cli::BinfmtAction;
use std::path::Path;

const DIR: &str = "/proc/sys/fs/binfmt_misc";
const NAME: &str = "winrun";

fn fail(msg: String) -> i32 {
    eprintln!("winrun binfmt: {msg}");
    1
}

pub fn command(action: BinfmtAction) -> i32 {
    let register = Path::new(DIR).join("register");
    let entry = Path::new(DIR).join(NAME);
    if let BinfmtAction::Status = action {
        return match std::fs::read_to_string(&entry) {
            Ok(s) => {
                print!("{s}");
                0
            }
            Err(_) => {
                println!("winrun is not registered with binfmt_misc");
                1
            }
        };
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return fail("registering an interpreter needs root (run it with sudo)".into());
    }
    if !register.exists() {
        return fail(format!(
            "binfmt_misc is not mounted at {DIR} (mount it with: mount -t binfmt_misc binfmt_misc {DIR})"
        ));
    }
    match action {
        BinfmtAction::Install => {
            let exe = match std::env::current_exe().and_then(|p| p.canonicalize()) {
                Ok(p) => p,
                Err(e) => return fail(format!("cannot find winrun's own path: {e}")),
            };
            if entry.exists() {
                // Replace an older registration (it may point at another build).
                let _ = std::fs::write(&entry, "-1");
            }
            // M: match magic "MZ" at offset 0; F: open the interpreter now, so registration
            // keeps working in other mount namespaces and chroots.
            let rule = format!(":{NAME}:M::MZ::{}:F", exe.display());
            match std::fs::write(&register, rule) {
                Ok(()) => {
                    println!("registered {} for MZ executables", exe.display());
                    0
                }
                Err(e) => fail(format!("writing {}: {e}", register.display())),
            }
        }
        BinfmtAction::Uninstall => {
            if !entry.exists() {
                println!("winrun was not registered");
                return 0;
            }
            match std::fs::write(&entry, "-1") {
                Ok(()) => {
                    println!("unregistered");
                    0
                }
                Err(e) => fail(format!("writing {}: {e}", entry.display())),
            }
        }
        BinfmtAction::Status => unreachable!("handled above"),
    }
}
