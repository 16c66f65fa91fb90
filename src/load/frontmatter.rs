//! Frontmatter: split it off the body (TOML between `+++`, YAML between
//! `---`), parse it, and check the keys Lore knows. Any other key is kept in
//! `extra` for templates — real vaults carry arbitrary properties.

use crate::error::Diagnostic;
use crate::topics::{normalize_topics, topic_too_deep, MAX_TOPIC_DEPTH};
use serde_json::{Map, Value};

/// The known frontmatter keys, typed; everything else stays in `extra`.
#[derive(Debug, Clone)]
pub(crate) struct Frontmatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub topics: Vec<String>,
    pub aliases: Vec<String>,
    /// `date`: when the note was written (see [`crate::dates`]).
    pub date: Option<crate::dates::Date>,
    /// `updated`: when it last changed.
    pub updated: Option<crate::dates::Date>,
    /// `redirect_from`: old URLs (root-relative) that lead to this note.
    pub redirect_from: Vec<String>,
    pub draft: bool,
    /// `publish: false` (Obsidian Publish's key) hides a note like `draft`.
    pub publish: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub extra: Map<String, Value>,
}

impl Default for Frontmatter {
    fn default() -> Self {
        Frontmatter {
            title: None,
            description: None,
            topics: Vec::new(),
            aliases: Vec::new(),
            date: None,
            updated: None,
            redirect_from: Vec::new(),
            draft: false,
            publish: true,
            weight: None,
            slug: None,
            extra: Map::new(),
        }
    }
}
#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Toml,
    Yaml,
}

/// Where the frontmatter block sits in the file.
pub(super) struct Split<'a> {
    /// The frontmatter text between the fences (may be empty).
    pub raw: Option<&'a str>,
    /// Byte offset of `raw` in the file.
    pub raw_offset: usize,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
    format: Format,
}

impl Split<'_> {
    /// No frontmatter: the whole file is the body.
    pub(super) fn none() -> Self {
        Split {
            raw: None,
            raw_offset: 0,
            body_offset: 0,
            format: Format::Yaml,
        }
    }
}

/// Splits `text` (BOM already removed, LF line endings) into frontmatter and body.
pub(super) fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let (fence, format) = if text.starts_with("+++") {
        ("+++", Format::Toml)
    } else if text.starts_with("---") {
        ("---", Format::Yaml)
    } else {
        return Ok(Split {
            raw: None,
            raw_offset: 0,
            body_offset: 0,
            format: Format::Yaml,
        });
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != fence {
        // `---foo` or a thematic break followed by text: not frontmatter.
        return Ok(Split {
            raw: None,
            raw_offset: 0,
            body_offset: 0,
            format,
        });
    }
    let raw_offset = (first_end + 1).min(text.len());
    let mut offset = raw_offset;
    for line in text[raw_offset..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == fence || (format == Format::Yaml && t == "...") {
            return Ok(Split {
                raw: Some(&text[raw_offset..offset]),
                raw_offset,
                body_offset: offset + line.len(),
                format,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::warning(
        "",
        format!(
            "frontmatter opened with `{fence}` is never closed; the whole file is shown as text"
        ),
    )
    .kind("frontmatter")
    .at(1, 1)
    .with_help(format!(
        "end the frontmatter with a line holding only `{fence}`"
    )))
}

/// Parses the frontmatter of `text`. It never fails: a note whose
/// frontmatter cannot be read is still published (with no frontmatter
/// fields), and a field of the wrong type is dropped alone; each problem is
/// a warning with its line and column in the whole file (the caller fills
/// in the path).
pub(super) fn parse(text: &str, split: &Split<'_>) -> (Frontmatter, Vec<Diagnostic>) {
    let Some(raw) = split.raw else {
        return (Frontmatter::default(), Vec::new());
    };
    let map = match split.format {
        Format::Toml => parse_toml(raw),
        Format::Yaml => parse_yaml(raw),
    };
    let map = match map {
        Ok(map) => map,
        Err((msg, off)) => {
            let d = Diagnostic::warning("", msg)
                .kind("frontmatter")
                .at_offset(text, split.raw_offset + off)
                .with_help("the note is published without its frontmatter; fix the syntax (or quote the value) to use it");
            return (Frontmatter::default(), vec![d]);
        }
    };
    let (fm, problems) = typed(map);
    let diagnostics = problems
        .into_iter()
        .map(|(key, msg)| {
            // A bad date points at the value; other problems at the key.
            let (kind, off) = if key == "date" || key == "updated" {
                ("date", key_offset(raw, &key).map(|o| value_offset(raw, o)))
            } else {
                ("frontmatter", key_offset(raw, &key))
            };
            let d = Diagnostic::warning("", msg).kind(kind);
            match off {
                Some(off) => d.at_offset(text, split.raw_offset + off),
                None => d.at(1, 1),
            }
        })
        .collect();
    (fm, diagnostics)
}

fn parse_toml(raw: &str) -> Result<Map<String, Value>, (String, usize)> {
    let table: toml::Table = toml::from_str(raw).map_err(|e| {
        let off = e.span().map_or(0, |s| s.start);
        (format!("invalid TOML frontmatter: {}", e.message()), off)
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn parse_yaml(raw: &str) -> Result<Map<String, Value>, (String, usize)> {
    if raw.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(raw).map_err(|e| {
        let off = e.location().map_or(0, |l| l.index());
        let msg = e.to_string();
        // serde_yaml appends " at line L column C", which we already report.
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
        (format!("invalid YAML frontmatter: {msg}"), off)
    })?;
    match value {
        serde_yaml_ng::Value::Null => Ok(Map::new()),
        serde_yaml_ng::Value::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    serde_yaml_ng::Value::String(s) => s,
                    serde_yaml_ng::Value::Number(n) => n.to_string(),
                    serde_yaml_ng::Value::Bool(b) => b.to_string(),
                    _ => return Err(("frontmatter keys must be plain strings".into(), 0)),
                };
                out.insert(key, yaml_to_json(v));
            }
            Ok(out)
        }
        _ => Err((
            "frontmatter must be a mapping of `key: value` lines".into(),
            0,
        )),
    }
}

fn yaml_to_json(v: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let k = match k {
                        Y::String(s) => s,
                        other => serde_yaml_ng::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    };
                    (k, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// A field that was dropped (or partly dropped), and why.
type KeyError = (String, String);

/// The known keys, typed. A value of the wrong type is dropped with a
/// problem naming its key; the rest of the frontmatter is kept.
fn typed(mut map: Map<String, Value>) -> (Frontmatter, Vec<KeyError>) {
    let mut problems = Vec::new();
    let mut fm = Frontmatter {
        title: take_string(&mut map, "title", &mut problems),
        description: take_string(&mut map, "description", &mut problems),
        date: take_date(&mut map, "date", &mut problems),
        updated: take_date(&mut map, "updated", &mut problems),
        slug: take_string(&mut map, "slug", &mut problems),
        draft: take_bool(&mut map, "draft", &mut problems).unwrap_or(false),
        publish: take_bool(&mut map, "publish", &mut problems).unwrap_or(true),
        ..Default::default()
    };
    fm.weight = match map.remove("weight") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.is_i64() => n.as_i64(),
        Some(Value::String(s)) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        Some(_) => {
            problems.push((
                "weight".into(),
                "`weight` must be a whole number; ignored".into(),
            ));
            None
        }
    };
    let topic_key = ["topics", "tags", "tag"]
        .into_iter()
        .find(|k| map.contains_key(*k))
        .unwrap_or("topics");
    let mut topics = take_list(&mut map, "topics", &mut problems);
    topics.extend(take_list(&mut map, "tags", &mut problems));
    topics.extend(take_list(&mut map, "tag", &mut problems));
    if topics.iter().any(|t| topic_too_deep(t)) {
        let max = MAX_TOPIC_DEPTH;
        problems.push((
            topic_key.into(),
            format!("a topic is nested more than {max} levels deep; kept the first {max}"),
        ));
    }
    fm.topics = normalize_topics(topics);
    fm.aliases = take_list(&mut map, "aliases", &mut problems);
    fm.aliases
        .extend(take_list(&mut map, "alias", &mut problems));
    fm.redirect_from = take_list(&mut map, "redirect_from", &mut problems);
    fm.extra = map;
    (fm, problems)
}

/// A date (see [`crate::dates::Date::parse`]); a value that is not one is
/// dropped with a problem, and the note's date comes from elsewhere.
fn take_date(
    map: &mut Map<String, Value>,
    key: &str,
    problems: &mut Vec<KeyError>,
) -> Option<crate::dates::Date> {
    let text = take_string(map, key, problems)?;
    crate::dates::Date::parse(&text)
        .map_err(|m| problems.push((key.into(), format!("`{key}`: {m}; ignored"))))
        .ok()
}

/// A scalar as text: strings as they are, numbers and booleans written out.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn take_string(
    map: &mut Map<String, Value>,
    key: &str,
    problems: &mut Vec<KeyError>,
) -> Option<String> {
    match map.remove(key) {
        None | Some(Value::Null) => None,
        Some(v) => scalar(&v).or_else(|| {
            problems.push((
                key.into(),
                format!("`{key}` must be a single value, not a list or map; ignored"),
            ));
            None
        }),
    }
}

fn take_bool(
    map: &mut Map<String, Value>,
    key: &str,
    problems: &mut Vec<KeyError>,
) -> Option<bool> {
    match map.remove(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(b),
        Some(Value::String(s)) if matches!(s.trim().to_lowercase().as_str(), "true" | "yes") => {
            Some(true)
        }
        Some(Value::String(s)) if matches!(s.trim().to_lowercase().as_str(), "false" | "no") => {
            Some(false)
        }
        Some(_) => {
            problems.push((
                key.into(),
                format!("`{key}` must be true or false; ignored"),
            ));
            None
        }
    }
}

/// A list of strings, or one string holding several separated by commas
/// (Obsidian accepts both). Numbers and booleans become strings; a map or
/// nested list in the list is skipped with a problem.
fn take_list(map: &mut Map<String, Value>, key: &str, problems: &mut Vec<KeyError>) -> Vec<String> {
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    match map.remove(key) {
        None | Some(Value::Null) => vec![],
        Some(Value::String(s)) => split(&s),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            let mut skipped = 0;
            for v in items.iter().filter(|v| !v.is_null()) {
                match v {
                    Value::String(s) => out.push(s.clone()),
                    other => match scalar(other) {
                        Some(s) => out.push(s),
                        None => skipped += 1,
                    },
                }
            }
            if skipped > 0 {
                problems.push((
                    key.into(),
                    format!("`{key}` should be a list of names: {skipped} item(s) that are lists or maps were skipped"),
                ));
            }
            out
        }
        Some(v @ (Value::Number(_) | Value::Bool(_))) => scalar(&v).into_iter().collect(),
        Some(_) => {
            problems.push((
                key.into(),
                format!("`{key}` must be a list of names, not a map; ignored"),
            ));
            vec![]
        }
    }
}

/// The offset of the value after `key:` / `key =` at `key_at` in `raw`.
fn value_offset(raw: &str, key_at: usize) -> usize {
    let line = &raw[key_at..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let Some(sep) = line.find([':', '=']) else {
        return key_at;
    };
    let rest = &line[sep + 1..];
    key_at + sep + 1 + (rest.len() - rest.trim_start().len())
}

/// Offset of `key:` or `key =` at the start of a line of `raw`.
fn key_offset(raw: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in raw.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> (Frontmatter, Vec<Diagnostic>) {
        let s = split(text).expect("closed frontmatter");
        parse(text, &s)
    }

    #[test]
    fn yaml_and_toml_give_the_same_fields() {
        let (y, _) = fm("---\ntitle: A\ntags: [Net, '#dns']\ncssclasses: wide\n---\nbody");
        let (t, _) =
            fm("+++\ntitle = \"A\"\ntopics = [\"net\", \"dns\"]\ncssclasses = \"wide\"\n+++\nbody");
        assert_eq!(y.title, t.title);
        assert_eq!(y.topics, vec!["net", "dns"]);
        assert_eq!(y.topics, t.topics);
        assert_eq!(y.extra["cssclasses"], "wide");
    }

    #[test]
    fn invalid_yaml_is_a_warning_that_points_into_the_file() {
        let (f, d) = fm("---\ntitle: ok\ntopics: [a, b\n---\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].level, crate::error::Level::Warning);
        assert_eq!(d[0].line, Some(4), "{d:?}");
        assert_eq!(f.title, None, "nothing of a broken frontmatter is used");
        assert!(f.publish);
    }

    #[test]
    fn templater_code_and_at_signs_do_not_stop_the_note() {
        for text in [
            "---\nweek: \"[[<% tp.date.now(\"YYYY\") %>]]\"\n---\nbody",
            "---\nauthors:\n- @kepano\n---\nbody",
        ] {
            let (_, d) = fm(text);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].kind, "frontmatter");
        }
    }

    #[test]
    fn a_wrong_type_drops_only_that_field() {
        let (f, d) = fm("---\ntitle: ok\ndraft: maybe\ntags: [a]\n---\n");
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(1)));
        assert!(d[0].message.contains("draft"));
        assert_eq!(f.title.as_deref(), Some("ok"));
        assert_eq!(f.topics, ["a"]);
        assert!(!f.draft);
    }

    #[test]
    fn scalar_aliases_and_tags_become_strings_and_maps_are_skipped() {
        let (f, d) = fm("---\naliases: [2024, true, {a: b}, Name]\ntags: 42\n---\n");
        assert_eq!(f.aliases, ["2024", "true", "Name"]);
        assert_eq!(f.topics, ["42"]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("aliases"), "{}", d[0].message);
        assert_eq!(d[0].line, Some(2));
    }

    #[test]
    fn a_bad_date_is_a_date_warning_at_its_value() {
        let (f, d) = fm("---\ntitle: ok\ndate: last tuesday\nupdated: 2024-05-01\n---\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].kind, "date");
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(7)));
        assert!(d[0].message.contains("last tuesday"), "{}", d[0].message);
        assert_eq!(f.date, None);
        assert_eq!(f.updated.map(|u| u.day()).as_deref(), Some("2024-05-01"));
        let (t, d) = fm("+++\ndate = 2024-05-01T10:00:00Z\nredirect_from = [\"old/\"]\n+++\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.date.unwrap().rfc3339(), "2024-05-01T10:00:00Z");
        assert_eq!(t.redirect_from, ["old/"]);
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        assert!(split("---\ntitle: x\n").is_err());
    }

    #[test]
    fn thematic_break_is_not_frontmatter() {
        let s = split("----\ntext").unwrap();
        assert!(s.raw.is_none());
    }
}
