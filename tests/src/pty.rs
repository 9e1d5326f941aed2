//! A pseudo-terminal to run a program on, for the console tests: the test types bytes at it,
//! reads back exactly what the program sent to the terminal, answers cursor position queries
//! (`ESC[6n`) as a terminal would, and can look at the terminal's settings.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    master: File,
    /// The terminal side, kept open so its settings can be read after the program ends.
    slave: File,
    /// The terminal's settings before the program started.
    pub initial: (libc::tcflag_t, libc::tcflag_t, libc::tcflag_t),
    output: Arc<Mutex<Vec<u8>>>,
    child: Child,
}

fn check(rc: libc::c_int, what: &str) {
    assert!(rc >= 0, "{what}: {}", std::io::Error::last_os_error());
}

impl Pty {
    /// Runs `command` with a new terminal of `cols` x `rows` as its controlling terminal and
    /// standard handles; the terminal answers a cursor query with `cursor` (row, column, 1-based).
    pub fn spawn(mut command: Command, cols: u16, rows: u16, cursor: (u16, u16)) -> Pty {
        // SAFETY: posix_openpt/grantpt/unlockpt/ptsname_r take the fd and a buffer of the size
        // given; the fd is owned by `master` right after it is checked.
        let (master, slave_path) = unsafe {
            let fd = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
            check(fd, "posix_openpt");
            let master = OwnedFd::from_raw_fd(fd);
            check(libc::grantpt(fd), "grantpt");
            check(libc::unlockpt(fd), "unlockpt");
            let mut name = [0 as libc::c_char; 128];
            check(
                libc::ptsname_r(fd, name.as_mut_ptr(), name.len()),
                "ptsname_r",
            );
            let path = std::ffi::CStr::from_ptr(name.as_ptr())
                .to_string_lossy()
                .into_owned();
            (File::from(master), path)
        };
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize.
        check(
            unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) },
            "TIOCSWINSZ",
        );
        let slave = File::options()
            .read(true)
            .write(true)
            .open(&slave_path)
            .expect("opening the terminal side");
        for (fd, stdio) in [0, 1, 2].into_iter().zip([
            slave.try_clone().unwrap(),
            slave.try_clone().unwrap(),
            slave.try_clone().unwrap(),
        ]) {
            match fd {
                0 => command.stdin(stdio),
                1 => command.stdout(stdio),
                _ => command.stderr(stdio),
            };
        }
        // SAFETY: between fork and exec the child only calls setsid and ioctl, both
        // async-signal-safe, to make the terminal (its stdin) its controlling terminal.
        unsafe {
            command.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let initial = settings(&slave);
        let child = command
            .spawn()
            .expect("starting the program on the terminal");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (mut reader, mut answerer) = (master.try_clone().unwrap(), master.try_clone().unwrap());
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut all = sink.lock().unwrap();
                let before = all.len();
                all.extend_from_slice(&buf[..n]);
                // Answer each new cursor query (it may straddle two reads).
                let from = before.saturating_sub(3);
                let queries = all[from..].windows(4).filter(|w| w == b"\x1b[6n").count();
                drop(all);
                for _ in 0..queries {
                    let reply = format!("\x1b[{};{}R", cursor.0, cursor.1);
                    let _ = answerer.write_all(reply.as_bytes());
                }
            }
        });
        Pty {
            master,
            slave,
            initial,
            output,
            child,
        }
    }

    /// Everything the program has sent to the terminal so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Waits until the terminal output contains `needle`, for at most 20 seconds.
    pub fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while !contains(&self.output(), needle.as_bytes()) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {needle:?}; the terminal shows {:?}",
                String::from_utf8_lossy(&self.output())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `bytes` at the terminal, as a user's keyboard would.
    pub fn type_bytes(&mut self, bytes: &[u8]) {
        self.master
            .write_all(bytes)
            .expect("typing at the terminal");
    }

    /// Resizes the terminal, as a user resizing its window (the program gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize.
        check(
            unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) },
            "TIOCSWINSZ",
        );
    }

    /// The terminal's settings now: input, output and local flags.
    pub fn settings(&self) -> (libc::tcflag_t, libc::tcflag_t, libc::tcflag_t) {
        settings(&self.slave)
    }

    /// Waits (at most 20 seconds) for the program to end; its exit status and all it wrote.
    pub fn finish(&mut self) -> (ExitStatus, Vec<u8>) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting for the program") {
                break status;
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.child.kill();
                panic!(
                    "the program did not end; the terminal shows {:?}",
                    String::from_utf8_lossy(&self.output())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Let the reader take in what the program wrote last.
        std::thread::sleep(Duration::from_millis(100));
        (status, self.output())
    }
}

/// tcgetattr of a terminal: input, output and local flags.
fn settings(terminal: &File) -> (libc::tcflag_t, libc::tcflag_t, libc::tcflag_t) {
    // SAFETY: tcgetattr fills the zeroed termios it is given.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        check(libc::tcgetattr(terminal.as_raw_fd(), &mut t), "tcgetattr");
        (t.c_iflag, t.c_oflag, t.c_lflag)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
