//! A TeX preamble's macro definitions (`\newcommand`, `\renewcommand`,
//! `\providecommand`, `\DeclareMathOperator`, `\def`), as name and body
//! pairs for the converter. This is the `preamble.sty` that Obsidian's
//! Extended MathJax plugin reads from the vault's root; anything else in
//! it (`\usepackage`, comments) is passed over.

/// A macro: its name without the backslash, its body, and the byte offset
/// of its definition in the preamble.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Definition {
    pub name: String,
    pub body: String,
    pub offset: usize,
}

/// The definitions of `text`, in order, and the offsets of definitions
/// that could not be read (with why).
pub(super) fn definitions(text: &str) -> (Vec<Definition>, Vec<(usize, String)>) {
    let mut defs = Vec::new();
    let mut problems = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find(['\\', '%']).map(|i| at + i) {
        if text[i..].starts_with('%') {
            at = text[i..].find('\n').map_or(text.len(), |n| i + n);
            continue;
        }
        let command: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let mut cursor = Cursor {
            text,
            at: i + 1 + command.len(),
        };
        let parsed = match command.as_str() {
            "newcommand" | "renewcommand" | "providecommand" => cursor.newcommand(),
            "DeclareMathOperator" => cursor.operator(),
            "def" => cursor.def(),
            _ => {
                at = cursor.at.max(i + 1);
                continue;
            }
        };
        match parsed {
            Ok((name, body)) => defs.push(Definition {
                name,
                body,
                offset: i,
            }),
            Err(why) => problems.push((i, format!("`\\{command}` {why}"))),
        }
        at = cursor.at.max(i + 1);
    }
    (defs, problems)
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        let found = self.rest().starts_with(c);
        if found {
            self.at += c.len_utf8();
        }
        found
    }

    /// `{…}` with nested braces; the text inside.
    fn group(&mut self) -> Result<String, String> {
        if !self.eat('{') {
            return Err("expects a `{`".into());
        }
        let start = self.at;
        let mut depth = 1;
        let mut escaped = false;
        for (i, c) in self.rest().char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at = start + i + 1;
                        return Ok(self.text[start..start + i].to_owned());
                    }
                }
                _ => {}
            }
        }
        Err("has an unclosed `{`".into())
    }

    /// `\name` or `{\name}`: the name without the backslash.
    fn name(&mut self) -> Result<String, String> {
        self.skip_space();
        let braced = self.eat('{');
        self.skip_space();
        if !self.eat('\\') {
            return Err("expects a macro name such as `\\R`".into());
        }
        let name: String = match self.rest().chars().next() {
            Some(c) if c.is_ascii_alphabetic() => self
                .rest()
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect(),
            Some(c) => c.to_string(),
            None => return Err("expects a macro name".into()),
        };
        self.at += name.len();
        if braced && !self.eat('}') {
            return Err("expects `}` after the name".into());
        }
        Ok(name)
    }

    /// `\newcommand{\name}[n]{body}` (after the command).
    fn newcommand(&mut self) -> Result<(String, String), String> {
        self.eat('*');
        let name = self.name()?;
        if self.eat('[') {
            let close = self.rest().find(']').ok_or("has an unclosed `[`")?;
            self.at += close + 1;
            if self.rest().trim_start().starts_with('[') {
                return Err("with an optional argument is not supported".into());
            }
        }
        Ok((name, self.group()?))
    }

    /// `\DeclareMathOperator{\name}{text}`, starred for limits below.
    fn operator(&mut self) -> Result<(String, String), String> {
        let star = if self.eat('*') { "*" } else { "" };
        let name = self.name()?;
        let text = self.group()?;
        Ok((name, format!("\\operatorname{star}{{{text}}}")))
    }

    /// `\def\name#1#2{body}`.
    fn def(&mut self) -> Result<(String, String), String> {
        let name = self.name()?;
        self.skip_space();
        while self.rest().starts_with('#') {
            self.at += 2.min(self.rest().len());
            self.skip_space();
        }
        Ok((name, self.group()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        let (defs, problems) = definitions(text);
        assert_eq!(problems, [], "{text}");
        defs.into_iter().map(|d| (d.name, d.body)).collect()
    }

    #[test]
    fn reads_each_kind_of_definition() {
        let text = r"\usepackage{amsmath} % not a definition: \newcommand{\no}{x}
\newcommand{\bb}[1]{\mathbb{#1}}
\renewcommand\R{\mathbb{R}}
\newcommand{\pardx}[2]{\frac{\partial #1}{\partial #2}}
\DeclareMathOperator{\vspan}{span}
\DeclareMathOperator*{\argmax}{arg\,max}
\def\abs#1{\lvert #1 \rvert}
";
        assert_eq!(
            pairs(text),
            [
                ("bb", r"\mathbb{#1}"),
                ("R", r"\mathbb{R}"),
                ("pardx", r"\frac{\partial #1}{\partial #2}"),
                ("vspan", r"\operatorname{span}"),
                ("argmax", r"\operatorname*{arg\,max}"),
                ("abs", r"\lvert #1 \rvert"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn unreadable_definitions_are_reported_where_they_are() {
        let (defs, problems) = definitions("\\newcommand{\\ok}{1}\n\\newcommand{\\bad}{x\n");
        assert_eq!(defs.len(), 1);
        assert_eq!(
            problems,
            [(20, "`\\newcommand` has an unclosed `{`".to_owned())]
        );
    }
}
