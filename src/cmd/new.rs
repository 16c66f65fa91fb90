//! `lore new "Title"`: a note file with its frontmatter filled in.

use super::load_config;
use crate::cli::{Global, NewArgs};
use crate::error::{Error, Result};

pub fn run(global: &Global, args: &NewArgs) -> Result<()> {
    let config = load_config(global)?;
    let slug = crate::urls::slugify(&args.title);
    if slug.is_empty() {
        return Err(Error::Other(format!(
            "the title `{}` has no letters or digits to name a file after",
            args.title
        )));
    }
    let mut dir = config.content_dir();
    if let Some(section) = &args.section {
        if section
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(Error::Other(format!(
                "--section `{}` must be a folder inside content/",
                section.display()
            )));
        }
        dir = dir.join(section);
    }
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(Error::Other(format!(
            "`{}` already exists; nothing was changed",
            config.display_path(&path).display()
        )));
    }
    // Quoted as JSON strings (valid YAML), like the title: a topic such as
    // `"q` or `]x` would otherwise break the frontmatter.
    let topics: Vec<String> = crate::topics::normalize_topics(args.topics.clone())
        .iter()
        .map(|t| serde_json::to_string(t).unwrap_or_default())
        .collect();
    let text = format!(
        "---\ntitle: {}\ndate: {}\ntopics: [{}]\n---\n\n",
        serde_json::to_string(&args.title).unwrap_or_default(),
        today(),
        topics.join(", ")
    );
    crate::fs::write_new(&path, text.as_bytes())?;
    println!("{}", config.display_path(&path).display());
    Ok(())
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(20_418), "2025-11-26");
    }
}
