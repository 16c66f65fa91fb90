//! Topic rules: how a topic is written (case-insensitive, without `#`,
//! `/` for nesting, at most [`MAX_TOPIC_DEPTH`] levels), how topics nest,
//! and which topics a note has. Frontmatter parsing, the Markdown passes
//! (inline `#topics`), the query parser (`topic:`) and the note table
//! ([`crate::note`]) all follow these; the topic pages are made in
//! [`crate::pages`].

/// Topics nest at most this deep (`a/b/c/…`); deeper levels are dropped
/// with a warning. Each level is a topic page whose URL holds all the levels
/// above it, so a topic 10,000 deep made 10,000 pages of ever longer URLs.
pub(crate) const MAX_TOPIC_DEPTH: usize = 10;

/// Topics are case-insensitive, written without `#`, with `/` for nesting.
pub(crate) fn normalize_topics(topics: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in topics {
        if let Some(t) = normalize_topic(&t) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// A topic and each topic it nests under, outermost first: `a/b/c` gives
/// `a`, `a/b`, `a/b/c`.
pub(crate) fn topic_ancestry(topic: &str) -> impl Iterator<Item = &str> + '_ {
    topic
        .match_indices('/')
        .map(|(at, _)| &topic[..at])
        .chain(std::iter::once(topic))
}

pub(crate) fn normalize_topic(topic: &str) -> Option<String> {
    // A link to a topic's note (`topics: ["[[Emergence]]"]`) names it.
    let topic = match topic
        .trim()
        .strip_prefix("[[")
        .and_then(|t| t.strip_suffix("]]"))
    {
        Some(link) => link.split('|').next_back().unwrap_or(link),
        None => topic,
    };
    let t = topic.trim().trim_start_matches('#').trim_matches('/');
    let t: String = t
        .split('/')
        .map(|part| {
            part.trim()
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("-")
        })
        // A level with nothing to make a URL from (`..`, `.`) is dropped:
        // `../x` is the topic `x`.
        .filter(|p| !p.is_empty() && !crate::urls::spelled_slug(p).is_empty())
        .take(MAX_TOPIC_DEPTH)
        .collect::<Vec<_>>()
        .join("/");
    (!t.is_empty()).then_some(t)
}

/// More levels than [`MAX_TOPIC_DEPTH`]: [`normalize_topic`] cuts the rest.
pub(crate) fn topic_too_deep(topic: &str) -> bool {
    topic
        .split('/')
        .filter(|p| !p.trim().is_empty())
        .nth(MAX_TOPIC_DEPTH)
        .is_some()
}

/// A note's topics: its frontmatter's (`written`), then the `#topics` of
/// its text (`inline`) that the frontmatter does not have.
pub(crate) fn topics_of(written: &[String], inline: &[String]) -> Vec<String> {
    let mut t = written.to_vec();
    t.extend(inline.iter().filter(|x| !written.contains(x)).cloned());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_nests_under_each_of_its_prefixes() {
        let all: Vec<&str> = topic_ancestry("a/b/c").collect();
        assert_eq!(all, ["a", "a/b", "a/b/c"]);
        assert_eq!(topic_ancestry("solo").collect::<Vec<_>>(), ["solo"]);
    }

    #[test]
    fn a_topic_written_as_a_link_is_its_name() {
        assert_eq!(normalize_topic("[[Emergence]]"), Some("emergence".into()));
        assert_eq!(
            normalize_topic("[[notes/AI|Machine learning]]"),
            Some("machine-learning".into())
        );
    }

    #[test]
    fn nested_topics_are_normalised() {
        assert_eq!(
            normalize_topic(" #Networking/ DNS Names "),
            Some("networking/dns-names".into())
        );
    }

    #[test]
    fn frontmatter_topics_come_first_then_new_inline_ones() {
        let s = |v: &[&str]| v.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        let got = topics_of(&s(&["net", "k8s"]), &s(&["dns", "net"]));
        assert_eq!(got, ["net", "k8s", "dns"]);
    }
}
