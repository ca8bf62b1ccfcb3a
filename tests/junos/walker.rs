//! Walks Junos `set` and `delete` lines through Juniper's configuration schema
//! (tests/data/junos/, whose README describes the shape and the walking rules).
//!
//! A line is split into words, `set` or `delete` is taken off, and the rest is walked from the
//! schema's root: a keyword selects a child; a list consumes its key values after its keyword
//! (or without one when `nokw`); a leaf consumes one value (none when `empty`); a leaf-list
//! consumes one value. Each value is checked against its type: enums, numbers and their ranges,
//! XSD `pattern`s and Junos `posix` patterns, unions (any member).
//!
//! Deliberately stricter than the Junos CLI, because a generator should need none of this:
//! - one statement per line: after a leaf's value the line must end (Junos would accept
//!   sibling statements on the same line);
//! - no `[ a b ]` value lists, no `#` comments, no `edit`/`top`/`load` lines;
//! - a `set` line may end at a container or a complete list entry (Junos creates it), but not at
//!   a list keyword without its keys, nor at a leaf without its value. A `delete` line may also
//!   end at a leaf or leaf-list without a value (it deletes whatever value is there).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;
use regex_lite::Regex;
use serde::Deserialize;

/// The file as pyang wrote it: a note of the source release and the top-level statements.
#[derive(Deserialize)]
struct SchemaFile {
    junos: String,
    root: BTreeMap<String, Node>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    Container,
    List,
    Leaf,
    LeafList,
}

/// One schema node; the field names are the file's (see tests/data/junos/README.md).
#[derive(Debug, Deserialize)]
struct Node {
    k: Kind,
    /// Children by keyword. A list's key leaves are here too, marked `nokw`.
    #[serde(default)]
    c: BTreeMap<String, Node>,
    /// A list's key leaf names, in the order they are written.
    #[serde(default)]
    keys: Vec<String>,
    /// A list's key types, by key name.
    #[serde(default)]
    keyt: HashMap<String, Type>,
    /// The type of a leaf or leaf-list.
    t: Option<Type>,
    /// Written without its keyword.
    #[serde(default)]
    nokw: bool,
}

#[derive(Debug, Default, Deserialize)]
struct Type {
    #[serde(rename = "enum", default)]
    enumeration: Vec<String>,
    #[serde(default)]
    union: Vec<Type>,
    #[serde(default)]
    empty: bool,
    base: Option<String>,
    /// `[[lo, hi], ...]`: integers, or decimal strings for decimal64.
    #[serde(default)]
    range: Vec<[serde_json::Value; 2]>,
    /// XSD regular expressions: each must match the whole value.
    #[serde(default)]
    pattern: Vec<String>,
    /// POSIX extended regular expressions, searched anywhere in the value; a leading `!` means
    /// the value must not match.
    #[serde(default)]
    posix: Vec<String>,
}

/// The model's one XSD pattern: the `<wildcard>` of apply-groups and `$variable`s, offered as
/// an alternative in the unions of most numbers. Named in messages rather than quoted.
const WILDCARD_PATTERN: &str = "<.*>|$.*";

/// The match types of a route filter that take a value (`upto /32`); `exact`, `longer` and
/// `orlonger` take none. The model writes a route filter's match as two list keys,
/// `choice-ident` and `choice-value`; the same pair appears in other lists (`then community add
/// NAME`, `nexthop-weight equal 10`) whose choices are all flags, so `choice-value` is consumed
/// only after one of these.
const MATCH_TYPES_WITH_VALUE: [&str; 4] =
    ["upto", "through", "prefix-length-range", "address-mask"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Set,
    Delete,
}

/// One step of a walked line: a schema node and the words it consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The node's name in the schema: the keyword, or for a `nokw` node its schema name (the AS
    /// number of `autonomous-system 65000` is `as-number`).
    pub name: String,
    /// A list entry's key values, by key name, in order.
    pub keys: Vec<(String, String)>,
    /// A leaf's or leaf-list's value (`None` for a flag, or a `delete` without value).
    pub value: Option<String>,
    /// The node is a leaf-list: a `set` adds its value to the values it has.
    pub leaf_list: bool,
    /// The node is a list entry (it stays when its last setting goes).
    pub entry: bool,
}

impl Step {
    fn named(name: &str) -> Step {
        Step {
            name: name.to_string(),
            keys: Vec::new(),
            value: None,
            leaf_list: false,
            entry: false,
        }
    }

    /// The value of the list key `name`.
    pub fn key(&self, name: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A line the schema accepted, resolved to schema nodes.
#[derive(Debug, Clone)]
pub struct Statement {
    pub op: Op,
    pub steps: Vec<Step>,
    /// The line as written, for messages.
    pub text: String,
}

impl Statement {
    /// Whether the path starts with these schema node names.
    pub fn starts_with(&self, names: &[&str]) -> bool {
        self.steps.len() >= names.len() && self.steps.iter().zip(names).all(|(s, n)| s.name == *n)
    }

    /// The first step named `name`.
    pub fn find(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.name == name)
    }

    /// The step right after the first step named `name`.
    pub fn after(&self, name: &str) -> Option<&Step> {
        let i = self.steps.iter().position(|s| s.name == name)?;
        self.steps.get(i + 1)
    }
}

pub struct Schema {
    /// A container holding the top-level statements.
    root: Node,
    /// Which Junos release and model the file was converted from.
    pub release: String,
    /// Every `pattern` and `posix` expression of the model, compiled once, by source text
    /// (`xsd:` or `posix:` in front, so the two dialects never share an entry).
    regexes: HashMap<String, Regex>,
}

impl Schema {
    /// Reads the gzipped JSON schema and compiles its patterns. Panics on any problem: the file
    /// is the project's own test data.
    pub fn load(path: &Path) -> Schema {
        let file = std::fs::File::open(path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
        // Read all, then parse from a string: serde_json is much faster on a slice than on a reader.
        let mut text = String::new();
        GzDecoder::new(std::io::BufReader::new(file))
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("cannot decompress {}: {e}", path.display()));
        let parsed: SchemaFile = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
        let root = Node {
            k: Kind::Container,
            c: parsed.root,
            keys: Vec::new(),
            keyt: HashMap::new(),
            t: None,
            nokw: false,
        };
        let mut regexes = HashMap::new();
        compile_patterns(&root, &mut regexes);
        Schema {
            root,
            release: parsed.junos,
            regexes,
        }
    }

    /// Walks one line. `Ok(None)` for a blank line, `Ok(Some(..))` for an accepted `set` or
    /// `delete` line, and otherwise a message naming the word that failed and what was expected.
    pub fn check_line(&self, line: &str) -> Result<Option<Statement>, String> {
        if line.trim_start().starts_with('#') {
            return Err("a `#` comment line: the file must hold only set lines".to_string());
        }
        let words = words(line)?;
        let Some((first, rest)) = words.split_first() else {
            return Ok(None);
        };
        let op = match first.as_str() {
            "set" => Op::Set,
            "delete" => Op::Delete,
            other => {
                return Err(format!(
                    "word 1 `{other}`: a line must start with `set` or `delete`"
                ))
            }
        };
        if rest.is_empty() {
            return Err(format!("nothing after `{first}`"));
        }
        let steps = self.walk(op, rest)?;
        Ok(Some(Statement {
            op,
            steps,
            text: line.to_string(),
        }))
    }

    /// The walk proper, over the words after `set`/`delete`.
    fn walk(&self, op: Op, words: &[String]) -> Result<Vec<Step>, String> {
        // Messages number words from 1 and count `set`/`delete` as word 1.
        let at = |i: usize| format!("word {} `{}`", i + 2, words[i]);
        let path = |i: usize| words[..i].join(" ");
        let under = |i: usize| match i {
            0 => "the top level".to_string(),
            _ => format!("`{}`", path(i)),
        };
        let mut node = &self.root;
        let mut steps = Vec::new();
        let mut i = 0;
        loop {
            let Some(word) = words.get(i) else {
                // The line ends at a container or a complete list entry.
                return Ok(steps);
            };
            // A list's key leaves are not keywords: their values came right after the list's.
            let keyword = node
                .c
                .get(word.as_str())
                .filter(|_| !node.keys.contains(word));
            let (name, child) = match keyword {
                Some(child) => {
                    i += 1;
                    (word.as_str(), child)
                }
                // Not a keyword: it may be the value of a child written without its keyword.
                None => match self.nokw_child(node, word) {
                    Some(found) => found,
                    None => {
                        return Err(format!(
                            "{}: not a keyword under {}; expected one of: {}{}",
                            at(i),
                            under(i),
                            nearest_keywords(node, word).join(", "),
                            self.nokw_hint(node)
                        ))
                    }
                },
            };
            match child.k {
                Kind::Container => {
                    steps.push(Step::named(name));
                    node = child;
                }
                Kind::List => {
                    let mut step = Step::named(name);
                    step.entry = true;
                    let mut choice: Option<&str> = None;
                    for key in &child.keys {
                        if key == "choice-value"
                            && !choice.is_some_and(|c| MATCH_TYPES_WITH_VALUE.contains(&c))
                        {
                            continue;
                        }
                        let ty = child.keyt.get(key).unwrap_or_else(|| {
                            panic!("schema: list {name} has no type for key {key}")
                        });
                        let Some(value) = words.get(i) else {
                            let what = match (key.as_str(), choice) {
                                ("choice-value", Some(c)) => format!("`{c}` needs a value"),
                                _ => format!("`{name}` needs its {key}"),
                            };
                            return Err(format!(
                                "after `{}`: {what} ({})",
                                path(i),
                                self.describe(ty)
                            ));
                        };
                        self.check_value(ty, value)
                            .map_err(|e| format!("{}: {name} {key}: {e}", at(i)))?;
                        if key == "choice-ident" {
                            choice = Some(value.as_str());
                        }
                        step.keys.push((key.clone(), value.clone()));
                        i += 1;
                    }
                    steps.push(step);
                    node = child;
                }
                Kind::Leaf | Kind::LeafList => {
                    let ty = child
                        .t
                        .as_ref()
                        .unwrap_or_else(|| panic!("schema: leaf {name} has no type"));
                    let mut step = Step::named(name);
                    step.leaf_list = matches!(child.k, Kind::LeafList);
                    if !ty.empty {
                        match words.get(i) {
                            // `delete ... leaf` deletes whatever value it has.
                            None if op == Op::Delete => {}
                            None => {
                                return Err(format!(
                                    "after `{}`: `{name}` needs a value ({})",
                                    path(i),
                                    self.describe(ty)
                                ))
                            }
                            Some(value) => {
                                self.check_value(ty, value)
                                    .map_err(|e| format!("{}: {name}: {e}", at(i)))?;
                                step.value = Some(value.clone());
                                i += 1;
                            }
                        }
                    }
                    steps.push(step);
                    if i < words.len() {
                        return Err(format!(
                            "{}: unexpected word after `{}` (a leaf ends the statement)",
                            at(i),
                            path(i)
                        ));
                    }
                    return Ok(steps);
                }
            }
        }
    }

    /// The child of `node` written without its keyword whose value `word` is: a `nokw` leaf or
    /// leaf-list whose type accepts it, or a `nokw` list whose first key's type does.
    fn nokw_child<'s>(&'s self, node: &'s Node, word: &str) -> Option<(&'s str, &'s Node)> {
        node.c
            .iter()
            .filter(|(name, child)| child.nokw && !node.keys.contains(name))
            .find(|(_, child)| {
                let ty = match child.k {
                    Kind::Leaf | Kind::LeafList => child.t.as_ref(),
                    Kind::List => child.keys.first().and_then(|k| child.keyt.get(k)),
                    Kind::Container => None,
                };
                ty.is_some_and(|ty| self.check_value(ty, word).is_ok())
            })
            .map(|(name, child)| (name.as_str(), child))
    }

    /// For an error message: the values `node` would have taken without a keyword.
    fn nokw_hint(&self, node: &Node) -> String {
        let hints: Vec<String> = node
            .c
            .iter()
            .filter(|(name, child)| {
                child.nokw && !node.keys.contains(name) && child.k != Kind::List
            })
            .filter_map(|(name, child)| {
                Some(format!("{name} ({})", self.describe(child.t.as_ref()?)))
            })
            .collect();
        if hints.is_empty() {
            String::new()
        } else {
            format!("; or a value: {}", hints.join(", "))
        }
    }

    /// Whether `value` is a valid value of `ty`; otherwise what was expected.
    fn check_value(&self, ty: &Type, value: &str) -> Result<(), String> {
        let ok = if !ty.union.is_empty() {
            ty.union.iter().any(|m| self.check_value(m, value).is_ok())
        } else if ty.empty {
            false
        } else if !ty.enumeration.is_empty() {
            ty.enumeration.iter().any(|e| cli_word(e) == value)
        } else {
            match ty.base.as_deref().unwrap_or("string") {
                "string" => self.string_ok(ty, value),
                "decimal64" => value
                    .parse::<f64>()
                    .is_ok_and(|v| v.is_finite() && in_ranges(&ty.range, v)),
                int => integer_ok(int, &ty.range, value),
            }
        };
        if ok {
            Ok(())
        } else {
            Err(format!("`{value}` is not {}", self.describe(ty)))
        }
    }

    fn string_ok(&self, ty: &Type, value: &str) -> bool {
        let xsd = ty
            .pattern
            .iter()
            .all(|p| self.regexes[&format!("xsd:{p}")].is_match(value));
        let posix = ty.posix.iter().all(|p| match p.strip_prefix('!') {
            Some(p) => !self.regexes[&format!("posix:{p}")].is_match(value),
            None => self.regexes[&format!("posix:{p}")].is_match(value),
        });
        xsd && posix
    }

    /// What a type accepts, in words.
    fn describe(&self, ty: &Type) -> String {
        if !ty.union.is_empty() {
            let members: Vec<String> = ty.union.iter().map(|m| self.describe(m)).collect();
            return members.join(" or ");
        }
        if ty.empty {
            return "no value".to_string();
        }
        if !ty.enumeration.is_empty() {
            let words: Vec<&str> = ty.enumeration.iter().map(|e| cli_word(e)).collect();
            return format!("one of: {}", words.join(", "));
        }
        let base = ty.base.as_deref().unwrap_or("string");
        let mut text = format!("a {base}");
        if ty.pattern.iter().any(|p| p == WILDCARD_PATTERN) {
            text = "a <wildcard> or $variable".to_string();
        }
        let ranges: Vec<String> = ty
            .range
            .iter()
            .map(|[lo, hi]| format!("{}..={}", bound_text(lo), bound_text(hi)))
            .collect();
        if !ranges.is_empty() {
            text += &format!(" in {}", ranges.join(" or "));
        }
        for p in ty.pattern.iter().filter(|p| *p != WILDCARD_PATTERN) {
            text += &format!(" matching /{p}/");
        }
        for p in &ty.posix {
            match p.strip_prefix('!') {
                Some(p) => text += &format!(" not matching /{p}/"),
                None => text += &format!(" matching /{p}/"),
            }
        }
        text
    }
}

/// Compiles every `pattern` and `posix` expression under `node` into `regexes`.
fn compile_patterns(node: &Node, regexes: &mut HashMap<String, Regex>) {
    for ty in node.t.iter().chain(node.keyt.values()) {
        compile_type(ty, regexes);
    }
    for child in node.c.values() {
        compile_patterns(child, regexes);
    }
}

fn compile_type(ty: &Type, regexes: &mut HashMap<String, Regex>) {
    for p in &ty.pattern {
        regexes
            .entry(format!("xsd:{p}"))
            .or_insert_with(|| compile(&xsd_to_regex(p)));
    }
    for p in &ty.posix {
        let p = p.strip_prefix('!').unwrap_or(p);
        // regex-lite reads these POSIX extended expressions as they are: `^`/`$` anchors,
        // `[[:digit:]]` classes, bounded repeats; unanchored ones match anywhere, as in Junos.
        regexes
            .entry(format!("posix:{p}"))
            .or_insert_with(|| compile(p));
    }
    for member in &ty.union {
        compile_type(member, regexes);
    }
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("schema pattern /{pattern}/: {e}"))
}

/// An XSD regular expression as a regex-lite one. XSD patterns match the whole value and have
/// no anchors: `^` and `$` outside a character class are ordinary characters (the model's
/// `$.*` means "starts with a dollar sign").
fn xsd_to_regex(xsd: &str) -> String {
    let mut out = String::from("^(?:");
    let mut in_class = false;
    let mut chars = xsd.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                out.extend(chars.next());
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '^' | '$' if !in_class => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push_str(")$");
    out
}

/// The word the CLI uses for an enum value: the model spells the symbols of
/// `then community (= | + | -) NAME` as `equal-literal`, `plus-literal` and `minus-literal`.
fn cli_word(enum_value: &str) -> &str {
    match enum_value {
        "equal-literal" => "=",
        "plus-literal" => "+",
        "minus-literal" => "-",
        other => other,
    }
}

/// Whether `value` is a decimal integer of the YANG type `base` and within one of the ranges.
fn integer_ok(base: &str, ranges: &[[serde_json::Value; 2]], value: &str) -> bool {
    let (lo, hi): (i128, i128) = match base {
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" => (0, u64::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        other => panic!("schema: unknown base type {other}"),
    };
    // Plain decimal digits, with a minus sign only for signed types (`parse` alone would also
    // take a leading `+`).
    let digits = value.strip_prefix('-').filter(|_| lo < 0).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match value.parse::<i128>() {
        Ok(v) => (lo..=hi).contains(&v) && in_ranges(ranges, v as f64),
        Err(_) => false,
    }
}

/// Whether `v` lies in one of `ranges` (or there are none). The bounds are integers up to
/// 2^64 - 1 or decimal strings; f64 is exact for every bound and value the generator meets
/// (all below 2^53).
fn in_ranges(ranges: &[[serde_json::Value; 2]], v: f64) -> bool {
    ranges.is_empty()
        || ranges
            .iter()
            .any(|[lo, hi]| bound(lo) <= v && v <= bound(hi))
}

fn bound(b: &serde_json::Value) -> f64 {
    match b {
        serde_json::Value::Number(n) => n.as_f64().expect("a finite bound"),
        serde_json::Value::String(s) => s.parse().expect("a decimal bound"),
        other => panic!("schema: range bound {other}"),
    }
}

fn bound_text(b: &serde_json::Value) -> String {
    match b {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A few of `node`'s keywords for an error message, the closest to `word` first (so that
/// `grup` suggests `group`). apply-groups and friends, valid everywhere, are left out.
fn nearest_keywords(node: &Node, word: &str) -> Vec<String> {
    let mut keywords: Vec<(usize, &String)> = node
        .c
        .iter()
        .filter(|(name, child)| !child.nokw && !name.starts_with("apply-"))
        .map(|(name, _)| (edit_distance(name, word), name))
        .collect();
    keywords.sort();
    keywords
        .into_iter()
        .take(6)
        .map(|(_, name)| name.clone())
        .collect()
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Splits a line into words: whitespace separates words, a double-quoted string is one word
/// (quotes removed; inside quotes a backslash escapes the next character).
pub fn words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(words);
        }
        let mut word = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match c {
                '"' => quoted = !quoted,
                '\\' if quoted => match chars.next() {
                    Some(escaped) => word.push(escaped),
                    None => break,
                },
                c if c.is_whitespace() && !quoted => break,
                c => word.push(c),
            }
        }
        if quoted {
            return Err(format!("unbalanced quote in `{line}`"));
        }
        words.push(word);
    }
}
