//! Scaling: every stage must be linear in the size of a note. In the
//! spirit of comrak's `quadratic` fuzz target, each pattern below is
//! repeated n, 2n and 4n times in one note, the note is built with the real
//! binary, and the time per byte of input must not grow more than 2.5×
//! when the input doubles. CI runs it (`.ci/run`).
//!
//! ```sh
//! cargo bench --bench scaling                 # every pattern
//! cargo bench --bench scaling -- links heads  # only those
//! ```
//!
//! Time is the CPU time of the `lore` process (user + system, all its
//! threads, from `wait4`), which other processes on a busy machine barely
//! move, unlike wall time. Each size is built three times and the fastest
//! run counts; the time of building an empty site, measured in the same
//! run, is taken off first, so start-up does not hide growth. A doubling
//! is judged only when the larger build does at least [`JUDGED`] of work.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// A pattern: its name, how one unit of it reads, and the unit count
/// whose build takes a noticeable time (the smallest size measured).
struct Pattern {
    name: &'static str,
    base: usize,
    note: fn(usize) -> String,
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        name: "links",
        base: 8_000,
        note: |n| "[[Other Note]] ".repeat(n),
    },
    Pattern {
        name: "heads",
        base: 20_000,
        note: |n| "## Same\n".repeat(n),
    },
    Pattern {
        name: "topics",
        base: 2_000,
        note: |n| (0..n).map(|i| format!("#t{i} ")).collect(),
    },
    Pattern {
        name: "divs",
        base: 40_000,
        note: |n| format!("{}x{}\n", "<div>".repeat(n), "</div>".repeat(n)),
    },
    Pattern {
        name: "marks",
        base: 20_000,
        note: |n| "==a== b ".repeat(n),
    },
    Pattern {
        name: "blockids",
        base: 8_000,
        note: |n| "para ^id\n\n".repeat(n),
    },
    Pattern {
        name: "callouts",
        base: 4_000,
        note: |n| "> [!note] T\n> body\n\n".repeat(n),
    },
    Pattern {
        name: "footnotes",
        base: 8_000,
        note: |n| "a^[note] ".repeat(n),
    },
    Pattern {
        name: "comments",
        base: 80_000,
        note: |n| "%% x %% y ".repeat(n),
    },
    Pattern {
        name: "embeds",
        base: 8_000,
        note: |n| "![[Other Note]]\n\n".repeat(n),
    },
    Pattern {
        name: "quotes",
        base: 20_000,
        note: |n| format!("{}x\n", ">".repeat(n)),
    },
    Pattern {
        name: "lists",
        base: 8_000,
        note: |n| {
            (0..n)
                .map(|i| format!("{}- x\n", "  ".repeat(i % 200)))
                .collect()
        },
    },
    Pattern {
        name: "emphasis",
        base: 40_000,
        note: |n| "*a **b ".repeat(n),
    },
    Pattern {
        name: "brackets",
        base: 80_000,
        note: |n| "[".repeat(n) + &"]".repeat(n),
    },
    Pattern {
        name: "table",
        base: 8_000,
        note: |n| {
            format!(
                "| a | b |\n|---|---|\n{}",
                "| x | [[Other Note]] |\n".repeat(n)
            )
        },
    },
    Pattern {
        name: "code",
        base: 8_000,
        note: |n| format!("```rust\n{}```\n", "let a = b /* c */ + 1;\n".repeat(n)),
    },
    Pattern {
        name: "text",
        base: 200_000,
        note: |n| "word ".repeat(n),
    },
    Pattern {
        name: "html-lt",
        base: 80_000,
        note: |n| format!("<div>{}</div>\n", "<".repeat(n)),
    },
];

/// The largest allowed growth of time per byte when the input doubles.
const LIMIT: f64 = 2.5;

/// Below this much work, a build's time is mostly noise.
const JUDGED: Duration = Duration::from_millis(150);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench") {
        println!("scaling bench skipped (run it with `cargo bench --bench scaling`)");
        return;
    }
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let lore = env!("CARGO_BIN_EXE_lore");
    let scratch = tempdir();
    let empty = build_time(lore, &scratch.join("empty"), "");
    println!(
        "lore build of an empty site: {:.1} ms (taken off every figure)",
        ms(empty)
    );
    println!(
        "{:<10} {:>10} {:>10} {:>12} {:>8}",
        "pattern", "units", "bytes", "time", "growth"
    );
    let mut failures = Vec::new();
    for p in PATTERNS
        .iter()
        .filter(|p| only.is_empty() || only.iter().any(|o| *o == p.name))
    {
        let mut last: Option<f64> = None;
        for k in 0..3 {
            let n = p.base << k;
            let note = (p.note)(n);
            let t = build_time(lore, &scratch.join(format!("{}-{n}", p.name)), &note);
            let work = t.saturating_sub(empty).max(Duration::from_micros(100));
            let per_byte = work.as_secs_f64() / note.len() as f64;
            let growth = last.map(|l| per_byte / l);
            last = Some(per_byte);
            let shown = growth.map_or("".into(), |g| format!("{g:.2}x"));
            println!(
                "{:<10} {n:>10} {:>10} {:>9.1} ms {shown:>8}",
                p.name,
                note.len(),
                ms(work)
            );
            if growth.is_some_and(|g| g > LIMIT) && work > JUDGED {
                failures.push(format!(
                    "{} at {n} units: time per byte grew {shown}",
                    p.name
                ));
            }
        }
    }
    if !failures.is_empty() {
        eprintln!("super-linear (time per byte grew more than {LIMIT}x when the input doubled):");
        for f in &failures {
            eprintln!("  {f}");
        }
        std::process::exit(1);
    }
    println!("every pattern scales linearly (growth <= {LIMIT}x per doubling)");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The fastest of three cold builds of a site whose one note is `note`.
fn build_time(lore: &str, dir: &Path, note: &str) -> Duration {
    std::fs::create_dir_all(dir.join("content")).expect("scratch folder");
    std::fs::write(dir.join("site.toml"), "title = \"Scaling\"\n").expect("site.toml");
    std::fs::write(
        dir.join("content/other-note.md"),
        "## Other\nThe other note.\n",
    )
    .expect("note");
    if !note.is_empty() {
        std::fs::write(dir.join("content/big.md"), note).expect("note");
    }
    (0..3)
        .map(|_| {
            let _ = std::fs::remove_dir_all(dir.join("public"));
            let _ = std::fs::remove_dir_all(dir.join(".lore"));
            // Reaped by `wait_cpu` (wait4), which also gives its CPU time.
            #[allow(clippy::zombie_processes)]
            let child = Command::new(lore)
                .args(["build", "-q", "--root"])
                .arg(dir)
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("run lore");
            let (status, cpu) = wait_cpu(child.id());
            assert_eq!(status, 0, "lore build failed on {}", dir.display());
            cpu
        })
        .min()
        .expect("three runs")
}

/// Waits for the child `pid`; its exit status and CPU time (user + system).
fn wait_cpu(pid: u32) -> (i32, Duration) {
    let mut status = 0;
    // SAFETY: wait4 writes only into the two out-parameters we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(
        r,
        pid as libc::pid_t,
        "wait4: {}",
        std::io::Error::last_os_error()
    );
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (exit, time(usage.ru_utime) + time(usage.ru_stime))
}

/// A scratch folder under `target/`, emptied first.
fn tempdir() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/scaling");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
