//! A Rust program built for x86_64-pc-windows-gnu that exercises the parts of std a real Rust
//! tool leans on. Every line it prints is deterministic; tests/tests/rust.rs checks them exactly.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::panic;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);

    // std::fs: create, write, read back, metadata, directory listing, rename, remove.
    let dir = std::env::temp_dir().join(format!("winrun-rust-guest-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("create_dir_all");
    let file = dir.join("data.txt");
    fs::File::create(&file)
        .and_then(|mut f| f.write_all(b"line one\nline two\n"))
        .expect("write");
    let mut text = String::new();
    fs::File::open(&file)
        .and_then(|mut f| f.read_to_string(&mut text))
        .expect("read");
    println!("read {} bytes: {:?}", text.len(), text);
    println!("metadata len: {}", fs::metadata(&file).expect("metadata").len());
    let renamed = dir.join("renamed.txt");
    fs::rename(&file, &renamed).expect("rename");
    let names: Vec<String> = fs::read_dir(&dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    println!("dir entries: {:?}", names);
    println!("old name exists: {}", file.exists());
    fs::remove_file(&renamed).expect("remove_file");
    fs::remove_dir(&dir).expect("remove_dir");
    println!("dir removed: {}", !dir.exists());

    // Threads and channels: four workers each send the sum of their slice.
    let (tx, rx) = mpsc::channel();
    let workers: Vec<_> = (0..4u64)
        .map(|i| {
            let tx = tx.clone();
            thread::spawn(move || {
                let sum: u64 = (i * 1000..(i + 1) * 1000).sum();
                tx.send((i, sum)).expect("send");
                i
            })
        })
        .collect();
    drop(tx);
    let joined: u64 = workers.into_iter().map(|w| w.join().expect("join")).sum();
    let mut results: Vec<(u64, u64)> = rx.iter().collect();
    results.sort();
    println!("thread results: {:?} joined {}", results, joined);

    // A panic caught with catch_unwind: SEH-based unwinding on windows-gnu.
    panic::set_hook(Box::new(|_| {}));
    let caught = panic::catch_unwind(|| {
        let v: Vec<i32> = Vec::new();
        v[3]
    });
    let _ = panic::take_hook();
    match caught {
        Err(payload) => match payload.downcast_ref::<String>() {
            Some(message) => println!("caught panic: {}", message),
            None => println!("caught panic without a message"),
        },
        Ok(value) => println!("no panic: {}", value),
    }

    // HashMap's RandomState keys come from the system RNG.
    let mut map = HashMap::new();
    for word in ["alpha", "beta", "gamma", "beta", "alpha", "beta"] {
        *map.entry(word).or_insert(0) += 1;
    }
    let mut counts: Vec<_> = map.into_iter().collect();
    counts.sort();
    println!("word counts: {:?}", counts);

    // Clocks: Instant is monotonic, SystemTime is after 2020-01-01.
    let start = Instant::now();
    thread::sleep(Duration::from_millis(20));
    let slept = start.elapsed();
    println!("slept at least 20ms: {}", slept >= Duration::from_millis(20));
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).expect("time");
    println!("after 2020: {}", since_epoch.as_secs() > 1_577_836_800);

    std::io::stdout().flush().expect("flush");
    let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
    std::process::exit(code);
}
