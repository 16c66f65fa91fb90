//! `lore serve` under edits: how long from saving a file to the reload
//! message reaching an open page, on a generated site.
//!
//! ```sh
//! cargo build --release
//! cargo bench --bench serve -- --notes 10000 --edits 20 --template-edits 20
//! ```
//!
//! It copies the generated corpus (see `corpus.rs`) to a scratch folder,
//! starts `target/release/lore serve` on a loopback port the system picks
//! (`--port 0`, read from the address it prints), listens to
//! `/__lore/events` like a browser does, then (1) edits the body of one
//! note at a time and (2) edits `templates/note.html` (used by every note
//! page), timing each save → `reload` event. It prints median and p95 of
//! each, and the server's memory (RSS after the first build, after the
//! note edits, at the end, and peak). `--verbose` lets the server print
//! each rebuild's stage timings.

#[path = "corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    notes: usize,
    edits: usize,
    template_edits: usize,
    /// `--verbose`: the server prints each rebuild's stage timings.
    verbose: bool,
}

fn parse_args() -> Option<Args> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if !raw.iter().any(|a| a == "--bench") {
        println!("serve bench skipped (run it with `cargo bench --bench serve`)");
        return None;
    }
    let mut args = Args {
        notes: 10_000,
        edits: 20,
        template_edits: 20,
        verbose: false,
    };
    let mut it = raw.iter();
    while let Some(a) = it.next() {
        let mut num = || {
            it.next()
                .and_then(|v| v.parse().ok())
                .expect("a number after the option")
        };
        match a.as_str() {
            "--notes" => args.notes = num(),
            "--edits" => args.edits = num(),
            "--template-edits" => args.template_edits = num(),
            "--verbose" => args.verbose = true,
            _ => {}
        }
    }
    Some(args)
}

/// The server, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server's event stream, read like a browser's EventSource.
struct Events(BufReader<TcpStream>);

impl Events {
    /// Connects to a server that is listening (it printed its address).
    fn connect(port: u16) -> Events {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to lore serve");
        stream
            .set_read_timeout(Some(Duration::from_secs(600)))
            .unwrap();
        let mut s = stream.try_clone().unwrap();
        write!(
            s,
            "GET /__lore/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut events = Events(BufReader::new(stream));
        events.wait_for("hello");
        events
    }

    /// Waits until the server has been quiet for a second (after a change
    /// that may or may not reload anything).
    fn wait_for_quiet(&mut self) {
        let stream = self.0.get_ref();
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let mut line = String::new();
        while self.0.read_line(&mut line).is_ok_and(|n| n > 0) {
            line.clear();
        }
        self.0
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(600)))
            .unwrap();
    }

    fn wait_for(&mut self, wanted: &str) {
        let mut name = String::new();
        loop {
            let mut line = String::new();
            assert!(
                self.0.read_line(&mut line).unwrap() > 0,
                "event stream closed"
            );
            let line = line.trim_end();
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_owned();
            } else if line.is_empty() && name == wanted {
                return;
            } else if line.is_empty() && name == "build-error" {
                panic!("the build failed during the bench");
            }
        }
    }
}

/// How long the first build may take before the server prints its address.
const START_TIMEOUT: Duration = Duration::from_secs(600);

/// The port of a `lore serve --port 0`, read from the address it prints
/// once it listens (`Serving <title> at http://127.0.0.1:<port>/ …`): the
/// system picks a free port, so no other program can take it in between.
/// A thread goes on reading the server's log (shown with `--verbose`).
fn served_port(log: ChildStderr, verbose: bool) -> u16 {
    let (send, port) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(log).lines() {
            let Ok(line) = line else { break };
            if verbose {
                eprintln!("{line}");
            }
            let url = line
                .strip_prefix("Serving ")
                .and_then(|l| l.rsplit_once(" at "))
                .and_then(|(_, rest)| rest.split(' ').next());
            let port = url.and_then(|u| u.trim_end_matches('/').rsplit_once(':'));
            if let Some(port) = port.and_then(|(_, p)| p.parse::<u16>().ok()) {
                let _ = send.send(port);
            }
        }
    });
    port.recv_timeout(START_TIMEOUT)
        .expect("lore serve did not print its address (see --verbose)")
}

fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn atomic_write(path: &Path, text: &str) {
    let tmp = path.with_extension("bench-tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn stats(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p95 = ms[((ms.len() as f64 * 0.95).ceil() as usize)
        .saturating_sub(1)
        .min(ms.len() - 1)];
    println!(
        "  {name:<22} n={:<3} median {median:>8.1} ms   p95 {p95:>8.1} ms   min {:>8.1} ms",
        ms.len(),
        ms[0]
    );
}

fn main() {
    let Some(args) = parse_args() else { return };
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lore = std::env::var_os("LORE_BIN")
        .map(PathBuf::from)
        .unwrap_or(manifest.join("target/release/lore"));
    assert!(
        lore.exists(),
        "{} is missing: run `cargo build --release` first",
        lore.display()
    );
    let spec = corpus::CorpusSpec::new(args.notes, corpus::Flavor::Lore);
    let cached = manifest.join(format!("target/bench/corpus-lore-{}", args.notes));
    corpus::ensure(&spec, &cached).expect("generate the corpus");
    let site = manifest.join(format!("target/bench/serve-{}", args.notes));
    let _ = std::fs::remove_dir_all(&site);
    copy_dir(&cached, &site);

    let start = Instant::now();
    let mut child = Command::new(&lore)
        .args([
            "serve",
            if args.verbose { "-v" } else { "-q" },
            "--port",
            "0",
            "--root",
        ])
        .arg(&site)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lore serve");
    let port = served_port(child.stderr.take().unwrap(), args.verbose);
    let server = Server(child);
    let pid = server.0.id();
    let mut events = Events::connect(port);
    println!(
        "lore serve, {} notes: first build and ready in {:.1} s",
        args.notes,
        start.elapsed().as_secs_f64()
    );
    let after_build = memory_kib(pid).0;

    let mut note_ms = Vec::new();
    for k in 0..args.edits {
        let path = corpus::note_path(&spec, &site, (k * 7919) % args.notes);
        let text = std::fs::read_to_string(&path).unwrap();
        let t0 = Instant::now();
        atomic_write(&path, &format!("{text}\nEdited in bench round {k}.\n"));
        events.wait_for("reload");
        note_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        eprintln!("  note edit {k}: {:.1} ms", note_ms[k]);
    }
    let after_edits = memory_kib(pid).0;
    let default_note = std::fs::read_to_string(manifest.join("templates/note.html")).unwrap();
    if args.template_edits > 0 {
        // The site's own templates/ folder: creating it is a change too.
        std::fs::create_dir_all(site.join("templates")).unwrap();
        events.wait_for_quiet();
    }
    let mut template_ms = Vec::new();
    for k in 0..args.template_edits {
        let edited = default_note.replacen(
            "</article>",
            &format!("</article><!-- bench edit {k} -->"),
            1,
        );
        let t0 = Instant::now();
        atomic_write(&site.join("templates/note.html"), &edited);
        events.wait_for("reload");
        template_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        eprintln!("  template edit {k}: {:.1} ms", template_ms[k]);
    }
    let (rss, peak) = memory_kib(pid);
    println!("save -> reload message (includes the watcher's debounce):");
    if !note_ms.is_empty() {
        stats("edit one note", note_ms);
    }
    if !template_ms.is_empty() {
        stats("edit note.html", template_ms);
    }
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "server memory (RSS): {:.0} MiB after the first build, {:.0} MiB after the note edits, \
         {:.0} MiB at the end, {:.0} MiB peak",
        mib(after_build),
        mib(after_edits),
        mib(rss),
        mib(peak)
    );
}
