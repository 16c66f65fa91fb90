//! What raw HTML in notes may keep when `allow_html` is on.

/// Raw HTML allowed by `allow_html`: Lore's own markup survives; scripts,
/// event handlers and `javascript:`/`data:` URLs (but `data:image/` in an
/// image) do not. Iframes keep only an `https:` (or relative) source; the
/// renderer sandboxes those that came from the note.
pub(super) fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "details",
        "summary",
        "mark",
        "input",
        "figure",
        "figcaption",
        "kbd",
        "abbr",
        "section",
        "audio",
        "video",
        "source",
        "iframe",
    ])
    .add_generic_attributes([
        "class",
        "id",
        "title",
        "aria-hidden",
        "aria-label",
        "tabindex",
        "data-lang",
        "data-callout",
        "data-task",
        "open",
        "align",
        "style",
    ])
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("img", ["loading", "width", "height", "decoding"])
    .add_tag_attributes("audio", ["src", "controls", "preload"])
    .add_tag_attributes(
        "video",
        ["src", "controls", "preload", "width", "height", "poster"],
    )
    .add_tag_attributes("source", ["src", "type"])
    .add_tag_attributes(
        "iframe",
        [
            "src",
            "width",
            "height",
            "sandbox",
            "allow",
            "allowfullscreen",
            "loading",
            "referrerpolicy",
        ],
    )
    .url_schemes(["http", "https", "mailto", "data"].into_iter().collect())
    .url_relative(ammonia::UrlRelative::PassThrough)
    .attribute_filter(|element, attribute, value| {
        let v = value.trim_start().to_ascii_lowercase();
        let data = v.starts_with("data:");
        if data && !(element == "img" && attribute == "src" && v.starts_with("data:image/")) {
            return None;
        }
        if element == "iframe" && attribute == "src" {
            let relative = !crate::markdown::is_external(&v);
            if !(v.starts_with("https://") || relative) {
                return None;
            }
        }
        Some(value.into())
    })
    .link_rel(Some("noopener noreferrer"));
    b
}
