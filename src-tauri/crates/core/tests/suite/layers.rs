//! The layers a newcomer sees in core's folders are the layers the code has: no module
//! imports one that imports it back, directly or around a loop, and neither does a folder;
//! each folder says in its first line what belongs there. Read from the source tree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module by its path from the crate root: `["store", "db"]`; the root is empty.
type Module = Vec<String>;

type Outcome<T> = Result<T, Box<dyn std::error::Error>>;

struct Source {
    text: String,
    folder: bool,
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let modules = modules().unwrap();
    let (edges, problems) = imports(&modules);
    assert!(problems.is_empty(), "{problems:#?}");
    let named = |m: &Module| m.join("::");
    let graph: BTreeMap<String, BTreeSet<String>> = edges
        .iter()
        .map(|(from, to)| (named(from), to.iter().map(named).collect()))
        .collect();
    assert_eq!(cycle(&graph), None, "modules import each other");
}

#[test]
fn no_folder_imports_one_that_imports_it_back() {
    let modules = modules().unwrap();
    let (edges, _) = imports(&modules);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in &edges {
        let Some(layer) = from.first() else { continue };
        let uses = to.iter().filter_map(|m| m.first()).filter(|t| *t != layer);
        graph
            .entry(layer.clone())
            .or_default()
            .extend(uses.cloned());
    }
    assert_eq!(cycle(&graph), None, "folders import each other");
}

#[test]
fn each_folder_says_what_belongs_there() {
    for (module, source) in modules().unwrap() {
        if !source.folder {
            continue;
        }
        let mut lines = source.text.lines();
        let first = lines.next().unwrap_or_default();
        let second = lines.next().unwrap_or_default();
        assert!(
            first.starts_with("// ") && !second.starts_with("// "),
            "{}/mod.rs must open with a one-line comment saying what belongs there",
            module.join("/")
        );
    }
}

fn modules() -> Outcome<BTreeMap<Module, Source>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    collect(&root, &root, &mut out)?;
    Ok(out)
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<Module, Source>) -> Outcome<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let mut module: Module = path
            .strip_prefix(root)?
            .with_extension("")
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        let folder = module.last().is_some_and(|m| m == "mod");
        if folder || module == ["lib"] {
            module.pop();
        }
        let text = std::fs::read_to_string(&path)?;
        out.insert(module, Source { text, folder });
    }
    Ok(())
}

/// What each module uses (through `crate::` and `super::` paths) and declares (its
/// children), and any path inside core that names no module: those must name their
/// module, not a path `lib.rs` keeps for other crates.
fn imports(
    modules: &BTreeMap<Module, Source>,
) -> (BTreeMap<Module, BTreeSet<Module>>, Vec<String>) {
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (module, source) in modules {
        let uses = edges.entry(module.clone()).or_default();
        for path in paths(&without_comments(&source.text)) {
            let supers = path.iter().take_while(|s| *s == "super").count();
            let (base, rest) = if path.first().is_some_and(|s| s == "crate") {
                (Vec::new(), &path[1..])
            } else {
                (
                    module[..module.len().saturating_sub(supers)].to_vec(),
                    &path[supers..],
                )
            };
            let target = resolve(modules, base, rest);
            if target.is_empty() {
                problems.push(format!(
                    "{}: {} names no module of core",
                    module.join("::"),
                    path.join("::")
                ));
            } else if &target != module {
                uses.insert(target);
            }
        }
    }
    // A parent declares its children, so a child that uses its parent closes a loop.
    for module in modules.keys() {
        if let Some((_, parent)) = module.split_last() {
            edges
                .entry(parent.to_vec())
                .or_default()
                .insert(module.clone());
        }
    }
    (edges, problems)
}

/// The deepest module that `base` followed by `rest` reaches.
fn resolve(modules: &BTreeMap<Module, Source>, mut base: Module, rest: &[String]) -> Module {
    let mut found = base.clone();
    for segment in rest.iter().filter(|s| *s != "self") {
        base.push(segment.clone());
        if !modules.contains_key(&base) {
            break;
        }
        found = base.clone();
    }
    found
}

/// The source with `//` comments removed, so prose and doc links are not read as imports.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every full path that starts with `crate::` or `super::`, use trees expanded:
/// `crate::{a, b::{c, d}}` gives `crate::a`, `crate::b::c` and `crate::b::d`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        let before = start.checked_sub(1).map(|i| chars[i]);
        let word_starts = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        let rest: String = chars[start..chars.len().min(start + 7)].iter().collect();
        if word_starts && (rest == "crate::" || rest.starts_with("super::")) {
            let mut at = start;
            out.extend(tree(&chars, &mut at, Vec::new()));
        }
    }
    out
}

fn tree(chars: &[char], at: &mut usize, mut prefix: Vec<String>) -> Vec<Vec<String>> {
    loop {
        skip_space(chars, at);
        if chars.get(*at) == Some(&'{') {
            *at += 1;
            let mut out = Vec::new();
            loop {
                skip_space(chars, at);
                match chars.get(*at) {
                    None => return out,
                    Some('}') => {
                        *at += 1;
                        return out;
                    }
                    Some(',') => *at += 1,
                    Some(_) => {
                        out.extend(tree(chars, at, prefix.clone()));
                        // Past an `as` rename or a `*` to the next entry.
                        while chars.get(*at).is_some_and(|c| !matches!(c, ',' | '}')) {
                            *at += 1;
                        }
                    }
                }
            }
        }
        let ident: String = chars[*at..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        *at += ident.chars().count();
        if ident.is_empty() {
            return vec![prefix];
        }
        prefix.push(ident);
        if chars.get(*at..*at + 2) == Some(&[':', ':']) {
            *at += 2;
        } else {
            return vec![prefix];
        }
    }
}

fn skip_space(chars: &[char], at: &mut usize) {
    while chars.get(*at).is_some_and(|c| c.is_whitespace()) {
        *at += 1;
    }
}

/// A loop in `graph`, as the nodes around it, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        graph: &BTreeMap<String, BTreeSet<String>>,
        node: &String,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            let mut found = path[i..].to_vec();
            found.push(node.clone());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(graph, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}
