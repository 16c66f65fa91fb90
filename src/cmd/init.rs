//! `lore init`: scaffold a site. The theme stays in the binary; a user
//! overrides a template by creating a file of the same name in templates/.

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::fs::write_new;

const WELCOME: &str = r#"---
title: Welcome
description: Your first note, and what Lore does with notes.
topics: [getting-started]
---

This is a note. Write Markdown; Lore turns every note under `content/` into
a page, links them, and builds a site you can serve, publish or open from
disk.

## Links

Link notes with wikilinks, like [[Writing notes]], or with ordinary
Markdown links to the file: [the same note](writing-notes.md).

> [!tip] Serve while you write
> `lore serve` rebuilds and reloads the browser when you save.

```bash
lore new "My next note"
lore build
```
"#;

const WRITING: &str = r#"---
title: Writing notes
topics: [getting-started]
---

Each note has frontmatter (YAML between `---` lines, or TOML between `+++`)
with a `title`, `description`, `topics` and `aliases`. Folders under
`content/` become sections; an `_index.md` gives a section its page.

Back to [[Welcome]].
"#;

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    if dir.join(crate::config::FILE_NAME).exists() {
        return Err(Error::Other(format!(
            "`{}` already has a site.toml; nothing was changed",
            dir.display()
        )));
    }
    let content = dir.join("content");
    if content.is_dir()
        && std::fs::read_dir(&content)
            .map_err(|e| Error::io("read", &content, e))?
            .next()
            .is_some()
    {
        return Err(Error::Other(format!(
            "`{}` already has notes; create site.toml by hand to use them (nothing was changed)",
            content.display()
        )));
    }
    let abs = std::path::absolute(dir).map_err(|e| Error::io("resolve", dir, e))?;
    let name = abs
        .file_name()
        .map_or("My notes".into(), |n| n.to_string_lossy().into_owned());
    let site_toml = format!(
        "# Lore site configuration: see `lore --help` and the README.\ntitle = {}\ndescription = \"\"\nbase_url = \"/\"\nlanguage = \"en\"\n",
        toml_string(&name)
    );
    write_new(&dir.join("site.toml"), site_toml.as_bytes())?;
    write_new(
        &content.join("_index.md"),
        format!(
            "---\ntitle: {}\n---\n\nStart with [[Welcome]].\n",
            yaml_string(&name)
        )
        .as_bytes(),
    )?;
    write_new(&content.join("welcome.md"), WELCOME.as_bytes())?;
    write_new(&content.join("writing-notes.md"), WRITING.as_bytes())?;
    if !dir.join(".gitignore").exists() {
        // Also the output's lock file and staging folders beside it.
        write_new(
            &dir.join(".gitignore"),
            b"/public/\n/.public.lore-*\n/.lore/\n",
        )?;
    }
    eprintln!(
        "Created a Lore site in {}\n  cd {} && lore serve",
        dir.display(),
        dir.display()
    );
    Ok(())
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}
