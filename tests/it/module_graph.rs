//! No module cycles (STYLE.md: "modules that import each other"; issue
//! #14): no two modules of `src/` depend on each other, directly or through
//! others, so each can be read, and changed, knowing only what it names.
//!
//! A module is a file: `a/b.rs` and `a/b/mod.rs` are `a::b`, `lib.rs` is the
//! root, `main.rs` (the binary) is left out. A module depends on another when
//! its code names a path into it: `crate::a::b::Item` (or a `use
//! crate::a::{b, c::d}` group) depends on the deepest file module the path
//! reaches, `super::x` on the sibling `x`. A parent and its children are one
//! unit: edges between a module and its own ancestors are not counted. Test
//! code (from the first `#[cfg(test)]` on) and `//` comment lines are left
//! out: tests may reach anywhere.
//!
//! The parsing is deliberately simple, text and not syntax: a path spelled
//! inside a string would count too, which errs on the side of a cycle.

use crate::support::{repo_root, rust_files};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

/// A module's path below the crate root: `["markdown", "html"]`.
type Module = Vec<String>;

#[test]
fn no_two_modules_depend_on_each_other_directly_or_through_others() {
    let root = repo_root();
    let graph = Graph::of_crate(&root.join("src"));
    assert!(
        graph.edges.contains_key(&(module("site"), module("pages"))),
        "the walk found no `site -> pages` edge: the parser sees nothing"
    );
    let cycles: Vec<String> = graph
        .cycles()
        .iter()
        .map(|cycle| graph.describe(cycle, &root))
        .collect();
    assert!(
        cycles.is_empty(),
        "{} module cycle(s); break each by moving the item one side names \
         into the other side or into a module both may name:\n\n{}",
        cycles.len(),
        cycles.join("\n")
    );
}

#[test]
fn a_cycle_is_reported_edge_by_edge_and_a_parent_with_its_children_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("c")).unwrap();
    for (file, code) in [
        ("lib.rs", "mod a; mod b; mod c;"),
        ("main.rs", "use crate::a::X;"),
        ("a.rs", "use crate::b::{Y, self};\n// crate::c::Z\n"),
        (
            "b.rs",
            "fn f() { crate::a::x() }\n#[cfg(test)]\nuse crate::c::Z;",
        ),
        ("c/mod.rs", "mod d; use d::W; fn g() { self::d::w() }"),
        ("c/d.rs", "use super::Z; use super::super::a::X;"),
    ] {
        std::fs::write(src.join(file), code).unwrap();
    }
    let graph = Graph::of_crate(src);
    let cycles: Vec<String> = graph
        .cycles()
        .iter()
        .map(|cycle| graph.describe(cycle, src))
        .collect();
    assert_eq!(
        cycles,
        ["a -> b -> a\n    a -> b: a.rs\n    b -> a: b.rs\n"]
    );
    assert!(graph.edges.contains_key(&(module("c::d"), module("a"))));
}

#[test]
fn crate_paths_in_use_groups_are_each_a_dependency() {
    let code = "use crate::a::{b, c::{d, e as f}, self};\nlet x = crate::g::h(super::i::J);";
    assert_eq!(
        paths_after(code, "crate::"),
        [
            vec!["a", "b"],
            vec!["a", "c", "d"],
            vec!["a", "c", "e"],
            vec!["a"],
            vec!["g", "h"],
        ]
    );
    assert_eq!(paths_after(code, "super::"), [vec!["i", "J"]]);
    assert_eq!(
        paths_after("super::super::k::L", "super::"),
        [vec!["super", "k", "L"]]
    );
    assert!(paths_after("use my_crate::a;", "crate::").is_empty());
}

/// The modules of a crate and the edges between them.
struct Graph {
    /// Every file module, with its file.
    files: BTreeMap<Module, PathBuf>,
    /// `(from, to)` → the file of `from`, which names `to`.
    edges: BTreeMap<(Module, Module), PathBuf>,
}

impl Graph {
    fn of_crate(src: &Path) -> Graph {
        let files: BTreeMap<Module, PathBuf> = rust_files(src)
            .into_iter()
            .filter_map(|path| Some((module_of(src, &path)?, path)))
            .collect();
        let mut edges = BTreeMap::new();
        for (from, file) in &files {
            let code = code_of(&std::fs::read_to_string(file).unwrap());
            let named = paths_after(&code, "crate::").into_iter().chain(
                paths_after(&code, "super::").into_iter().map(|path| {
                    // `super::` is the parent; each further `super` one up.
                    let ups = 1 + path.iter().take_while(|p| *p == "super").count();
                    let base = &from[..from.len().saturating_sub(ups)];
                    let rest = path.into_iter().skip(ups - 1);
                    base.iter().cloned().chain(rest).collect::<Vec<String>>()
                }),
            );
            for named in named {
                let Some(to) = deepest_module(&files, &named) else {
                    continue;
                };
                let related = to.starts_with(from) || from.starts_with(&to);
                if !related {
                    edges
                        .entry((from.clone(), to))
                        .or_insert_with(|| file.clone());
                }
            }
        }
        Graph { files, edges }
    }

    fn depends_on<'g>(&'g self, from: &'g Module) -> impl Iterator<Item = &'g Module> + 'g {
        self.edges
            .keys()
            .filter(move |(a, _)| a == from)
            .map(|(_, b)| b)
    }

    /// One shortest cycle through each edge that lies on a cycle, each cycle
    /// once (starting from its smallest module), in order.
    fn cycles(&self) -> Vec<Vec<Module>> {
        let mut cycles = BTreeSet::new();
        for component in self.strongly_connected_components() {
            for (a, b) in self.edges.keys() {
                if !(component.contains(a) && component.contains(b)) {
                    continue;
                }
                let mut cycle = vec![a.clone()];
                cycle.extend(self.shortest_path(b, a, &component));
                cycle.pop(); // `a` again
                let start = (0..cycle.len()).min_by_key(|&i| &cycle[i]).unwrap();
                cycle.rotate_left(start);
                cycles.insert(cycle);
            }
        }
        cycles.into_iter().collect()
    }

    /// The modules from `from` to `to` (both included), within `within`.
    fn shortest_path(&self, from: &Module, to: &Module, within: &BTreeSet<Module>) -> Vec<Module> {
        let mut came_from: BTreeMap<&Module, &Module> = BTreeMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(here) = queue.pop_front() {
            if here == to {
                let mut path = vec![here.clone()];
                let mut at = here;
                while at != from {
                    at = came_from[at];
                    path.push(at.clone());
                }
                path.reverse();
                return path;
            }
            for next in self.depends_on(here) {
                if within.contains(next) && next != from && !came_from.contains_key(next) {
                    came_from.insert(next, here);
                    queue.push_back(next);
                }
            }
        }
        unreachable!("{to:?} is in {from:?}'s strongly connected component")
    }

    /// Tarjan's algorithm; only components of more than one module.
    fn strongly_connected_components(&self) -> Vec<BTreeSet<Module>> {
        struct Tarjan<'g> {
            graph: &'g Graph,
            index: BTreeMap<&'g Module, usize>,
            low: BTreeMap<&'g Module, usize>,
            stack: Vec<&'g Module>,
            components: Vec<BTreeSet<Module>>,
        }
        impl<'g> Tarjan<'g> {
            fn visit(&mut self, v: &'g Module) {
                let n = self.index.len();
                self.index.insert(v, n);
                self.low.insert(v, n);
                self.stack.push(v);
                for w in self.graph.depends_on(v) {
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let low = self.low[v].min(self.low[w]);
                        self.low.insert(v, low);
                    } else if self.stack.contains(&w) {
                        let low = self.low[v].min(self.index[w]);
                        self.low.insert(v, low);
                    }
                }
                if self.low[v] == self.index[v] {
                    let mut component = BTreeSet::new();
                    loop {
                        let w = self.stack.pop().unwrap();
                        component.insert(w.clone());
                        if w == v {
                            break;
                        }
                    }
                    if component.len() > 1 {
                        self.components.push(component);
                    }
                }
            }
        }
        let mut tarjan = Tarjan {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            components: Vec::new(),
        };
        for v in self.files.keys() {
            if !tarjan.index.contains_key(v) {
                tarjan.visit(v);
            }
        }
        tarjan.components
    }

    /// `a -> b -> a`, then each edge with the file that makes it.
    fn describe(&self, cycle: &[Module], root: &Path) -> String {
        let name = |m: &Module| {
            if m.is_empty() {
                "crate".into()
            } else {
                m.join("::")
            }
        };
        let mut out: Vec<String> = cycle.iter().map(name).collect();
        out.push(name(&cycle[0]));
        let mut text = out.join(" -> ") + "\n";
        for (i, a) in cycle.iter().enumerate() {
            let b = &cycle[(i + 1) % cycle.len()];
            let file = &self.edges[&(a.clone(), b.clone())];
            let file = file.strip_prefix(root).unwrap_or(file).display();
            text += &format!("    {} -> {}: {file}\n", name(a), name(b));
        }
        text
    }
}

fn module(path: &str) -> Module {
    path.split("::").map(String::from).collect()
}

/// `a/b.rs` and `a/b/mod.rs` are `a::b`, `lib.rs` the root; `main.rs` none.
fn module_of(src: &Path, path: &Path) -> Option<Module> {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.last().map(String::as_str) {
        Some("main") if parts.len() == 1 => return None,
        Some("lib") if parts.len() == 1 => parts.clear(),
        Some("mod") => {
            parts.pop();
        }
        _ => {}
    }
    Some(parts)
}

/// The deepest file module that `path` (from the crate root) reaches.
fn deepest_module(files: &BTreeMap<Module, PathBuf>, path: &[String]) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|k| path[..k].to_vec())
        .find(|m| files.contains_key(m))
}

/// The code that counts: up to the first `#[cfg(test)]`, without `//` lines.
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap();
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that follows `prefix` (`crate::` or `super::`) in `code`,
/// use groups expanded (`{b, c::d}` is two paths; `self` is the group's
/// base, `as` renames and `*` dropped). A prefix within a longer path
/// (`super::super::x`) is not a path of its own: that one is `super::x`
/// after the first `super::`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = &rest[..at];
        rest = &rest[at + prefix.len()..];
        let in_word = before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if in_word || before.ends_with("::") {
            continue;
        }
        let mut tree = Parser { text: rest };
        tree.paths(&mut Vec::new(), &mut out);
        rest = tree.text;
    }
    out
}

/// A use tree after its prefix: `a::b`, `a::{b, c::{d, e as f}, self}`.
struct Parser<'a> {
    text: &'a str,
}

impl Parser<'_> {
    fn paths(&mut self, base: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        let depth = base.len();
        loop {
            self.skip_space();
            if self.eat("{") {
                loop {
                    self.skip_space();
                    if self.eat("}") {
                        break;
                    }
                    self.paths(base, out);
                    self.skip_space();
                    if !self.eat(",") {
                        self.eat("}");
                        break;
                    }
                }
                base.truncate(depth);
                return;
            }
            let ident = self.ident();
            match ident {
                "" => break,
                "self" => {}
                _ => base.push(ident.to_string()),
            }
            if !self.eat("::") {
                break;
            }
        }
        if base.len() > depth || depth > 0 {
            out.push(base.clone());
        }
        self.skip_space();
        if self.eat("as ") {
            self.skip_space();
            self.ident();
        }
        base.truncate(depth);
    }

    fn ident(&mut self) -> &str {
        let end = self
            .text
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.text.len());
        let (ident, rest) = self.text.split_at(end);
        self.text = rest;
        ident
    }

    fn eat(&mut self, token: &str) -> bool {
        match self.text.strip_prefix(token) {
            Some(rest) => {
                self.text = rest;
                true
            }
            None => false,
        }
    }

    fn skip_space(&mut self) {
        self.text = self.text.trim_start();
    }
}
