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
    if let Some(vault) = &args.vault {
        return init_vault(dir, vault);
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

/// `lore init --vault PATH`: a site.toml in `dir` for the vault at
/// `vault`, which may be `dir` itself. Nothing else is written but a
/// `.gitignore` when the folder has none; the vault's template folders
/// (Obsidian's Templates and Templater settings) are excluded.
fn init_vault(dir: &std::path::Path, vault: &std::path::Path) -> Result<()> {
    let resolve = |p: &std::path::Path| {
        std::fs::canonicalize(p).map_err(|e| Error::io("open the vault folder", p, e))
    };
    let vault = resolve(vault)?;
    if !vault.is_dir() {
        return Err(Error::Other(format!(
            "`{}` is not a folder",
            vault.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let site = resolve(dir)?;
    let content_dir = match vault.strip_prefix(&site) {
        Ok(inside) if inside.as_os_str().is_empty() => ".".to_owned(),
        Ok(inside) => inside.to_string_lossy().replace('\\', "/"),
        Err(_) => vault.to_string_lossy().into_owned(),
    };
    let name = vault
        .file_name()
        .map_or("My notes".into(), |n| n.to_string_lossy().into_owned());
    // Inside the vault, the output is a hidden folder: Obsidian would
    // otherwise list the copied attachments as files of the vault.
    let output = if content_dir == "." {
        ".public"
    } else {
        "public"
    };
    let mut site_toml = format!(
        "# Lore site configuration for an Obsidian vault: see the README.\ntitle = {}\ncontent_dir = {}\noutput_dir = \"{output}\"\nbase_url = \"/\"\n",
        toml_string(&name),
        toml_string(&content_dir),
    );
    let templates = template_folders(&vault);
    if !templates.is_empty() {
        let list: Vec<String> = templates
            .iter()
            .map(|t| toml_string(&format!("{t}/**")))
            .collect();
        site_toml.push_str(&format!(
            "# Obsidian's template folders: their notes are templates, not pages.\nexclude = [{}]\n",
            list.join(", ")
        ));
    }
    write_new(&site.join("site.toml"), site_toml.as_bytes())?;
    if !site.join(".gitignore").exists() {
        write_new(
            &site.join(".gitignore"),
            format!("/{output}/\n/.lore/\n").as_bytes(),
        )?;
    }
    eprintln!(
        "Wrote {} for the vault `{}` (no note was changed)\n  lore serve --root {}   # lore build writes the site to {output}/",
        site.join("site.toml").display(),
        vault.display(),
        site.display()
    );
    Ok(())
}

/// The folders a vault keeps its templates in, from Obsidian's core
/// Templates plugin and the Templater plugin settings.
fn template_folders(vault: &std::path::Path) -> Vec<String> {
    let settings = [
        (".obsidian/templates.json", "folder"),
        (
            ".obsidian/plugins/templater-obsidian/data.json",
            "templates_folder",
        ),
    ];
    let mut out: Vec<String> = Vec::new();
    for (file, key) in settings {
        let Ok(text) = std::fs::read_to_string(vault.join(file)) else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if let Some(folder) = value[key].as_str() {
            let folder = folder.trim().trim_matches('/').to_owned();
            if !folder.is_empty() && !out.contains(&folder) {
                out.push(folder);
            }
        }
    }
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}
