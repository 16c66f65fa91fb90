//! Resized copies of images (`[images] max_width`, `formats`): which
//! widths and formats an image gets ([`plan`], a pure function of its size
//! and the settings, so pages can list them before they exist), the
//! `srcset`/`<picture>` markup, and making them ([`Maker`]): decoded once
//! per image, resized largest first, in parallel, and cached in
//! `.lore/images/` by the content's hash and the settings, so a warm build
//! only reads them back.

use super::{ImageInfo, Kind};
use crate::config::ImageSettings;
use crate::write::Sink;
use bytes::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Widths offered below the largest copy.
const STEPS: [u32; 3] = [480, 960, 1440];
/// The text column's width in CSS pixels (`--content-w: 46rem`).
const COLUMN: u32 = 736;
const JPEG_QUALITY: u8 = 82;

/// One copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: &'static str,
    /// Its output path; the original's own path when it is the original.
    pub file: String,
}

/// The formats copies are made in: the settings', else the original's.
fn formats(info: &ImageInfo, settings: &ImageSettings) -> Vec<&'static str> {
    let own = match info.kind {
        Kind::Png => "png",
        Kind::Jpeg => "jpeg",
        Kind::Webp => "webp",
        _ => return Vec::new(),
    };
    if settings.formats.is_empty() {
        return vec![own];
    }
    settings
        .formats
        .iter()
        .filter_map(|f| match f.as_str() {
            "webp" => Some("webp"),
            "jpeg" | "jpg" => Some("jpeg"),
            "png" => Some("png"),
            "original" => Some(own),
            _ => None,
        })
        .collect()
}

fn extension(format: &str) -> &str {
    if format == "jpeg" {
        "jpg"
    } else {
        format
    }
}

fn own_format(kind: Kind) -> &'static str {
    match kind {
        Kind::Png => "png",
        Kind::Jpeg => "jpeg",
        Kind::Webp => "webp",
        _ => "",
    }
}

/// The copies of the image at `out`: for each format, widths of 480, 960,
/// 1440 below the largest, which is `max_width` or the image's own width.
/// Empty without `max_width`, for GIF (animations) and SVG, and when the
/// only copy would be the original itself.
pub(crate) fn plan(out: &str, info: &ImageInfo, settings: &ImageSettings) -> Vec<Variant> {
    let Some(max) = settings.max_width else {
        return Vec::new();
    };
    let top = info.width.min(max.max(1));
    let mut widths: Vec<u32> = STEPS.into_iter().filter(|&w| w < top).collect();
    widths.push(top);
    let mut all = Vec::new();
    for format in formats(info, settings) {
        for &width in &widths {
            let original = width == info.width && format == own_format(info.kind);
            all.push(Variant {
                width,
                height: super::scale(width, info.height, info.width).max(1),
                format,
                file: if original {
                    out.to_owned()
                } else {
                    format!("static/variants/{out}/{width}.{}", extension(format))
                },
            });
        }
    }
    if all.iter().all(|v| v.file == out) {
        return Vec::new();
    }
    all
}

/// How an `<img>` lists its copies.
pub(crate) struct Srcset {
    /// For `<source type=… srcset=…>` before the `<img>`: other formats.
    sources: Vec<(&'static str, String)>,
    /// The `<img>`'s own `srcset`, in the original's format (if any).
    own: Option<String>,
    sizes: String,
}

/// The `srcset`s for the image at `out` on the page at `page_url`, when
/// it has copies.
pub(crate) fn srcset(
    out: &str,
    info: &ImageInfo,
    settings: &ImageSettings,
    page_url: &str,
) -> Option<Srcset> {
    let all = plan(out, info, settings);
    if all.is_empty() {
        return None;
    }
    let own = own_format(info.kind);
    let mut by_format: Vec<(&'static str, Vec<String>)> = Vec::new();
    for v in &all {
        let href = crate::urls::encode_path(&crate::urls::relative(page_url, &v.file));
        let entry = format!("{href} {}w", v.width);
        match by_format.iter_mut().find(|(f, _)| *f == v.format) {
            Some((_, list)) => list.push(entry),
            None => by_format.push((v.format, vec![entry])),
        }
    }
    let shown = info
        .width
        .min(settings.max_width.unwrap_or(u32::MAX))
        .min(COLUMN);
    let mut s = Srcset {
        sources: Vec::new(),
        own: None,
        sizes: format!("(max-width: {shown}px) 100vw, {shown}px"),
    };
    for (format, list) in by_format {
        if format == own {
            s.own = Some(list.join(", "));
        } else {
            s.sources.push((format, list.join(", ")));
        }
    }
    Some(s)
}

/// The `<img>` (already sized) with its copies: a `srcset` of its own, and
/// in a `<picture>` with a `<source>` per other format.
pub(crate) fn picture(img: &str, s: Option<&Srcset>) -> String {
    let Some(s) = s else {
        return img.to_owned();
    };
    let width = super::attr(img, "width").and_then(|w| w.parse::<u32>().ok());
    let sizes = match width {
        Some(w) if w < COLUMN => format!("(max-width: {w}px) 100vw, {w}px"),
        _ => s.sizes.clone(),
    };
    let img = match &s.own {
        Some(set) => format!(
            "{} srcset=\"{set}\" sizes=\"{sizes}\">",
            img.trim_end_matches('>')
        ),
        None => img.to_owned(),
    };
    if s.sources.is_empty() {
        return img;
    }
    let mut out = String::from("<picture>");
    for (format, set) in &s.sources {
        out.push_str(&format!(
            "<source type=\"image/{format}\" srcset=\"{set}\" sizes=\"{sizes}\">"
        ));
    }
    out.push_str(&img);
    out.push_str("</picture>");
    out
}

/// Makes copies, with a cache on disk (`.lore/images/`) and in memory.
#[derive(Default)]
pub(crate) struct Maker {
    /// (content hash, width, format) -> bytes, from this process.
    memory: HashMap<(u64, u32, &'static str), Bytes>,
}

/// One image to make copies of.
pub(crate) struct Job<'a> {
    pub out: &'a str,
    pub info: ImageInfo,
    pub bytes: &'a Bytes,
}

impl Maker {
    /// Every copy of `jobs`' images, by output path (the cached ones read
    /// back, the others made now), and a message for each image that could
    /// not be decoded. With a `sink` (`lore build`), each copy goes there
    /// as soon as it is had, as a hard link to its cached file where the
    /// sink can make one, and none comes back.
    pub(crate) fn make(
        &mut self,
        jobs: &[Job<'_>],
        settings: &ImageSettings,
        cache: &Path,
        sink: Option<&dyn Sink>,
    ) -> (Vec<(String, Bytes)>, Vec<String>) {
        use rayon::prelude::*;
        let dir = cache.join("images");
        let _ = std::fs::create_dir_all(&dir);
        let memory = &self.memory;
        let results: Vec<Result<Vec<Made>, String>> = jobs
            .par_iter()
            .map(|job| make_one(job, settings, &dir, memory, sink))
            .collect();
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut kept = HashMap::new();
        for r in results {
            match r {
                Ok(list) => {
                    for (file, key, bytes) in list {
                        kept.insert(key, bytes.clone());
                        files.push((file, bytes));
                    }
                }
                Err(m) => problems.push(m),
            }
        }
        self.memory = kept;
        (files, problems)
    }
}

type Key = (u64, u32, &'static str);
type Made = (String, Key, Bytes);

/// The copies of one image: from memory, from `.lore/images/`, or made;
/// with a `sink`, put there and not returned.
fn make_one(
    job: &Job<'_>,
    settings: &ImageSettings,
    dir: &Path,
    memory: &HashMap<Key, Bytes>,
    sink: Option<&dyn Sink>,
) -> Result<Vec<Made>, String> {
    let hash = content_hash(job.bytes);
    let to_sink = |sink: &dyn Sink, file: &str, path: &Path, bytes: Option<&[u8]>| {
        sink.put_cached(file, path, bytes)
            .map_err(|e| e.to_string())
    };
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for v in plan(job.out, &job.info, settings)
        .into_iter()
        .filter(|v| v.file != job.out)
    {
        let key = (hash, v.width, v.format);
        let path = cache_path(dir, &key);
        if let Some(bytes) = memory.get(&key) {
            out.push((v.file, key, bytes.clone()));
        } else if let (Some(sink), true) = (sink, path.is_file()) {
            to_sink(sink, &v.file, &path, None)?;
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => out.push((v.file, key, Bytes::from(bytes))),
                Err(_) => missing.push((v, key, path)),
            }
        }
    }
    for (file, key, bytes, path) in make_missing(job, missing)? {
        match sink {
            Some(sink) => to_sink(sink, &file, &path, Some(&bytes))?,
            None => out.push((file, key, bytes)),
        }
    }
    if let Some(sink) = sink {
        for (file, _, bytes) in out.drain(..) {
            sink.put(&file, &bytes).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// Makes the copies no cache had, and caches them.
fn make_missing(
    job: &Job<'_>,
    mut missing: Vec<(Variant, Key, PathBuf)>,
) -> Result<Vec<(String, Key, Bytes, PathBuf)>, String> {
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let mut image = image::load_from_memory(job.bytes)
        .map_err(|e| format!("{}: could not read the image to resize it: {e}", job.out))?;
    // Largest first: each copy is resized from the one before, which is
    // cheaper than from the original every time.
    missing.sort_by_key(|m| std::cmp::Reverse(m.0.width));
    let mut made = Vec::with_capacity(missing.len());
    for (v, key, path) in missing {
        if image.width() != v.width {
            image = image.resize_exact(v.width, v.height, image::imageops::FilterType::CatmullRom);
        }
        let bytes = Bytes::from(encode(&image, v.format).map_err(|e| format!("{}: {e}", job.out))?);
        let tmp = path.with_extension("tmp");
        if std::fs::write(&tmp, &bytes).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
        made.push((v.file, key, bytes, path));
    }
    Ok(made)
}

fn cache_path(dir: &Path, key: &(u64, u32, &str)) -> PathBuf {
    let version = if key.2 == "jpeg" { JPEG_QUALITY } else { 0 };
    dir.join(format!(
        "{:016x}-{}-{version}.{}",
        key.0,
        key.1,
        extension(key.2)
    ))
}

fn encode(image: &image::DynamicImage, format: &str) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    let result = match format {
        "jpeg" => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(&rgb)
        }
        "png" => image.write_to(&mut out, image::ImageFormat::Png),
        _ => {
            let rgba = image.to_rgba8();
            image::codecs::webp::WebPEncoder::new_lossless(&mut out).encode(
                rgba.as_raw(),
                rgba.width(),
                rgba.height(),
                image::ExtendedColorType::Rgba8,
            )
        }
    };
    result.map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::fingerprint::hasher();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(width: u32, height: u32, kind: Kind) -> ImageInfo {
        ImageInfo {
            width,
            height,
            kind,
        }
    }

    #[test]
    fn copies_step_up_to_max_width_in_each_format() {
        let settings = ImageSettings {
            max_width: Some(1600),
            formats: vec![],
        };
        let widths = |v: Vec<Variant>| v.iter().map(|v| v.width).collect::<Vec<_>>();
        assert_eq!(
            widths(plan("a.png", &info(3000, 2000, Kind::Png), &settings)),
            [480, 960, 1440, 1600]
        );
        let small = plan("a.png", &info(1000, 500, Kind::Png), &settings);
        assert_eq!(widths(small.clone()), [480, 960, 1000]);
        assert_eq!(
            small[2].file, "a.png",
            "the original is its own largest copy"
        );
        assert_eq!(small[0].file, "static/variants/a.png/480.png");
        assert_eq!(small[0].height, 240);
        assert!(plan("a.png", &info(400, 300, Kind::Png), &settings).is_empty());
        assert!(plan("a.gif", &info(3000, 300, Kind::Gif), &settings).is_empty());
        let webp = ImageSettings {
            max_width: Some(1600),
            formats: vec!["webp".into()],
        };
        let v = plan("a.jpg", &info(400, 300, Kind::Jpeg), &webp);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].file, "static/variants/a.jpg/400.webp");
    }
}
