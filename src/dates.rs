//! Dates: when a note was created and last updated, from its frontmatter
//! (`date`, `updated`), else from git (its first and last commit, read in
//! one `git log` pass for the whole repository: [`git`]), else from the
//! file's modification time (a file git does not know, or one with
//! uncommitted changes).
//!
//! Frontmatter dates are parsed once, when the note is read
//! ([`Date::parse`]); a date that does not parse is a warning there, and
//! the note falls back to git or the file. Everything after this module
//! compares and prints [`Date`]s, never strings.

pub(crate) mod git;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use serde::Serialize;
use std::time::SystemTime;

/// A point in time, with the UTC offset it was written in (so a page shows
/// the day its author saw). `day_only` when written as a day (`2024-05-01`):
/// midnight UTC, shown without a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Date {
    at: DateTime<FixedOffset>,
    day_only: bool,
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By the instant (whatever the offset), then a day before a time on it.
impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, !self.day_only).cmp(&(other.at, !other.day_only))
    }
}

/// As RFC 3339 text: what page keys hash, and what templates get.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl Date {
    /// Reads a frontmatter date: `2024-05-01`, `2024-05-01T10:30`,
    /// `2024-05-01 10:30:00`, with seconds, fractions, `Z` or an offset
    /// (`+02:00`). A time without an offset is taken as UTC.
    pub(crate) fn parse(text: &str) -> Result<Date, String> {
        let t = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            let at = day.and_hms_opt(0, 0, 0).expect("midnight exists");
            return Ok(Date {
                at: Utc.from_utc_datetime(&at).fixed_offset(),
                day_only: true,
            });
        }
        let iso = t.replacen(' ', "T", 1);
        if let Ok(at) = DateTime::parse_from_rfc3339(&iso) {
            return Ok(Date {
                at,
                day_only: false,
            });
        }
        for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(&iso, format) {
                let naive = naive.with_nanosecond(0).unwrap_or(naive);
                return Ok(Date {
                    at: Utc.from_utc_datetime(&naive).fixed_offset(),
                    day_only: false,
                });
            }
        }
        Err(format!(
            "`{t}` is not a date; write it as 2024-05-01, 2024-05-01T10:30 or 2024-05-01T10:30:00+02:00"
        ))
    }

    /// A file's modification time (UTC), to the second: dates are
    /// printed, hashed and so compared to the second.
    pub(crate) fn from_system(t: SystemTime) -> Date {
        let at: DateTime<Utc> = t.into();
        let at = at.with_nanosecond(0).unwrap_or(at);
        Date {
            at: at.fixed_offset(),
            day_only: false,
        }
    }

    /// `2024-05-01T10:30:00+02:00`, or `…Z` in UTC: Atom's and the
    /// sitemap's format, and `<time datetime>`'s.
    pub(crate) fn rfc3339(&self) -> String {
        self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// The day in the date's own offset: `2024-05-01`.
    pub(crate) fn day(&self) -> String {
        self.at.format("%Y-%m-%d").to_string()
    }

    /// What templates get: the machine form, the day, the text to show and
    /// the exact time for a tooltip.
    pub(crate) fn view(&self) -> DateView {
        let text = self.at.format("%-d %B %Y").to_string();
        let title = if self.day_only {
            text.clone()
        } else {
            let offset = if self.at.offset().local_minus_utc() == 0 {
                "UTC".to_owned()
            } else {
                self.at.format("UTC%:z").to_string()
            };
            format!("{}, {} {offset}", text, self.at.format("%H:%M"))
        };
        DateView {
            datetime: self.rfc3339(),
            day: self.day(),
            text,
            title,
        }
    }
}

/// A date as templates show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DateView {
    /// For `<time datetime>`: `2024-05-01T10:30:00Z`.
    pub datetime: String,
    /// `2024-05-01`.
    pub day: String,
    /// `1 May 2024`.
    pub text: String,
    /// `1 May 2024, 10:30 UTC` (the day alone for a day-only date).
    pub title: String,
}

/// Where a note's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Source {
    Frontmatter,
    Git,
    File,
}

/// When a note was created and last updated (never before it was created).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct NoteDates {
    pub created: Date,
    pub updated: Date,
    pub created_from: Source,
    pub updated_from: Source,
}

impl NoteDates {
    /// Frontmatter first, then git's first and last commit (the last only
    /// when the file has no uncommitted changes), then the file's time.
    pub(crate) fn resolve(
        front: (Option<Date>, Option<Date>),
        history: Option<git::FileHistory>,
        dirty: bool,
        modified: Option<SystemTime>,
    ) -> Option<NoteDates> {
        let file = modified.map(Date::from_system);
        let (created, created_from) = pick([
            (front.0, Source::Frontmatter),
            (history.map(|h| h.first), Source::Git),
            (file, Source::File),
        ])?;
        let committed = history.filter(|_| !dirty).map(|h| h.last);
        let (updated, updated_from) = pick([
            (front.1, Source::Frontmatter),
            (committed, Source::Git),
            (file, Source::File),
        ])
        .unwrap_or((created, created_from));
        let mut dates = NoteDates {
            created,
            updated,
            created_from,
            updated_from,
        };
        if dates.updated < dates.created {
            // A date written in the frontmatter wins over one taken from
            // elsewhere; two from the same place keep their order.
            if front.1.is_some() && front.0.is_none() {
                (dates.created, dates.created_from) = (dates.updated, dates.updated_from);
            } else {
                (dates.updated, dates.updated_from) = (dates.created, dates.created_from);
            }
        }
        Some(dates)
    }
}

fn pick<const N: usize>(options: [(Option<Date>, Source); N]) -> Option<(Date, Source)> {
    options.into_iter().find_map(|(d, s)| d.map(|d| (d, s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontmatter_dates_in_the_usual_spellings() {
        let day = Date::parse("2024-05-01").unwrap();
        assert_eq!(day.rfc3339(), "2024-05-01T00:00:00Z");
        assert_eq!(day.view().title, "1 May 2024");
        let t = Date::parse("2024-05-01 10:30").unwrap();
        assert_eq!(t.rfc3339(), "2024-05-01T10:30:00Z");
        let z = Date::parse("2024-05-01T23:30:00+02:00").unwrap();
        assert_eq!(z.day(), "2024-05-01", "the day in the author's offset");
        assert_eq!(z.view().title, "1 May 2024, 23:30 UTC+02:00");
        assert_eq!(
            Date::parse("1979-05-27T07:32:00.999Z").unwrap().rfc3339(),
            "1979-05-27T07:32:00Z"
        );
        for bad in ["yesterday", "2024-13-01", "2024-02-30", "05/01/2024", ""] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_sort_by_instant_across_offsets() {
        let a = Date::parse("2024-05-01T10:00:00+02:00").unwrap();
        let b = Date::parse("2024-05-01T09:00:00Z").unwrap();
        assert!(a < b, "08:00 UTC is before 09:00 UTC");
        let day = Date::parse("2024-05-01").unwrap();
        let midnight = Date::parse("2024-05-01T00:00:00Z").unwrap();
        assert!(day < midnight);
    }

    #[test]
    fn dates_sort_as_dates_not_as_text() {
        // As text, `2024-5-3` sorts after `2024-05-10` ('5' > '0').
        let short = Date::parse("2024-5-3").unwrap();
        let padded = Date::parse("2024-05-10").unwrap();
        assert_eq!(short.day(), "2024-05-03");
        assert!(short < padded);
        // 23:30 at UTC+02:00 is 21:30 UTC: before 22:00 UTC the same day,
        // though its text sorts after.
        let offset = Date::parse("2024-05-10T23:30:00+02:00").unwrap();
        let utc = Date::parse("2024-05-10T22:00:00Z").unwrap();
        assert!(offset < utc);
        let mut all = [utc, padded, offset, short];
        all.sort();
        assert_eq!(all, [short, padded, offset, utc]);
    }

    #[test]
    fn frontmatter_wins_then_git_then_the_file() {
        let d = |s| Date::parse(s).unwrap();
        let history = git::FileHistory {
            first: d("2020-01-01T00:00:00Z"),
            last: d("2021-01-01T00:00:00Z"),
        };
        let mtime = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let all = NoteDates::resolve((None, None), Some(history), false, Some(mtime)).unwrap();
        assert_eq!((all.created, all.updated), (history.first, history.last));
        assert_eq!(
            (all.created_from, all.updated_from),
            (Source::Git, Source::Git)
        );
        let dirty = NoteDates::resolve((None, None), Some(history), true, Some(mtime)).unwrap();
        assert_eq!(dirty.created, history.first);
        assert_eq!(dirty.updated, Date::from_system(mtime));
        let front = NoteDates::resolve((Some(d("2019-06-01")), None), Some(history), false, None);
        let front = front.unwrap();
        assert_eq!(
            (front.created, front.updated),
            (d("2019-06-01"), history.last)
        );
        let untracked = NoteDates::resolve((None, None), None, false, Some(mtime)).unwrap();
        assert_eq!(untracked.created, untracked.updated);
        assert_eq!(untracked.created_from, Source::File);
        // Never updated before created.
        let odd = NoteDates::resolve((Some(d("2030-01-01")), None), Some(history), false, None);
        assert_eq!(odd.unwrap().updated, d("2030-01-01"));
    }
}
