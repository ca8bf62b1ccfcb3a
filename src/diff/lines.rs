//! Line diffs in the unified format of `diff -u`: Myers' O(ND) algorithm over the lines that
//! differ (after the common head and tail are set aside). Written here rather than taken from a
//! crate because the page carries it: a general text-diff library cost the page 8 KB gzipped.

/// The most edits searched for; beyond it the differing middle is shown as removed and added
/// whole (what it mostly is then), so memory stays bounded (the search keeps O(D^2) numbers).
const MAX_EDITS: usize = 2000;

/// Lines of context around each change.
const CONTEXT: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Same,
    Del,
    Add,
}

/// The shortest edit script from `a` to `b`, in order.
fn edits<T: PartialEq>(a: &[T], b: &[T]) -> Vec<Edit> {
    let (mut mid_a, mut mid_b) = (a, b);
    let mut head = 0;
    while let ([x, rest_a @ ..], [y, rest_b @ ..]) = (mid_a, mid_b) {
        if x != y {
            break;
        }
        (mid_a, mid_b) = (rest_a, rest_b);
        head += 1;
    }
    let mut tail = 0;
    while let ([rest_a @ .., x], [rest_b @ .., y]) = (mid_a, mid_b) {
        if x != y {
            break;
        }
        (mid_a, mid_b) = (rest_a, rest_b);
        tail += 1;
    }
    let mut out = vec![Edit::Same; head];
    out.extend(myers(mid_a, mid_b).unwrap_or_else(|| {
        let mut whole = vec![Edit::Del; mid_a.len()];
        whole.extend(vec![Edit::Add; mid_b.len()]);
        whole
    }));
    out.extend(vec![Edit::Same; tail]);
    out
}

/// Myers' greedy search for the shortest edit script; `None` beyond [`MAX_EDITS`] (or should the
/// walk back not find its path).
#[expect(
    clippy::indexing_slicing,
    reason = "v has 2 * offset + 1 entries and is only read or written at k + offset for \
              diagonals |k| <= d + 1 <= max + 1 = offset (k - 1, k, k + 1 around |k| <= d), \
              and sliced at -d + offset..=d + offset: always within 0..=2 * offset"
)]
fn myers<T: PartialEq>(a: &[T], b: &[T]) -> Option<Vec<Edit>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (a.len() + b.len()).min(MAX_EDITS) as isize;
    // v[k + offset]: the furthest x on diagonal k; trace[d]: v after step d, for diagonals
    // -d..=d only.
    let offset = max + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=max {
        for k in (-d..=d).step_by(2) {
            let at = |k: isize| (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            // The snake: lines the same on both sides from (x, y) on (x and y are never
            // negative: each step moves right or down from a point of the step before).
            let snake = a
                .iter()
                .skip(x as usize)
                .zip(b.iter().skip(y as usize))
                .take_while(|(p, q)| p == q)
                .count() as isize;
            x += snake;
            y += snake;
            v[at(k)] = x;
            if x >= n && y >= m {
                trace.push(v[at(-d)..=at(d)].to_vec());
                return backtrack(&trace, n, m);
            }
        }
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
    }
    None
}

/// Walks the search back from (n, m) to (0, 0), collecting the edits; `None` if the trace does
/// not hold the path (it always does: the search ends on a path of length d through (n, m)).
fn backtrack(trace: &[Vec<isize>], n: isize, m: isize) -> Option<Vec<Edit>> {
    let mut out = Vec::new();
    let (mut x, mut y) = (n, m);
    // Step d (from the last down to 1) goes back to step d - 1, whose v is prev.
    for (before, prev) in trace.iter().enumerate().rev().skip(1) {
        let d = before as isize + 1;
        // prev holds diagonals -(d-1)..=(d-1).
        let get = |k: isize| {
            usize::try_from(k + d - 1)
                .ok()
                .and_then(|i| prev.get(i))
                .copied()
        };
        let k = x - y;
        let prev_k = if k == -d || (k != d && get(k - 1)? < get(k + 1)?) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = get(prev_k)?;
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            out.push(Edit::Same);
            x -= 1;
            y -= 1;
        }
        out.push(if x == prev_x { Edit::Add } else { Edit::Del });
        x = prev_x;
        y = prev_y;
    }
    while x > 0 && y > 0 {
        out.push(Edit::Same);
        x -= 1;
        y -= 1;
    }
    out.reverse();
    Some(out)
}

/// The lines of a text, each with whether a line break ends it (only the last may lack one):
/// a missing final line break is a difference too.
fn split(text: &str) -> Vec<(&str, bool)> {
    text.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(body) => (body, true),
            None => (line, false),
        })
        .collect()
}

/// `start,count` of a hunk side as `diff -u` writes it: the count left out when it is 1, and
/// the line before the hunk as the start when the side is empty.
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

/// The unified diff of two texts (empty when they are the same) under the header lines
/// `--- a` and `+++ b`.
pub fn unified(a_name: &str, b_name: &str, a: &str, b: &str) -> String {
    if a == b {
        return String::new();
    }
    let (la, lb) = (split(a), split(b));
    let script = edits(&la, &lb);
    // Positions in a and b before each edit.
    let mut pos = Vec::with_capacity(script.len() + 1);
    let (mut i, mut j) = (0, 0);
    for e in &script {
        pos.push((i, j));
        match e {
            Edit::Same => (i, j) = (i + 1, j + 1),
            Edit::Del => i += 1,
            Edit::Add => j += 1,
        }
    }
    pos.push((i, j));
    let mut out = format!("--- {a_name}\n+++ {b_name}\n");
    let mut changed = script
        .iter()
        .enumerate()
        .filter(|(_, e)| **e != Edit::Same)
        .map(|(at, _)| at)
        .peekable();
    while let Some(first) = changed.next() {
        // A hunk: changes closer than twice the context share it.
        let mut last = first;
        while let Some(next) = changed.next_if(|&next| next - last <= 2 * CONTEXT + 1) {
            last = next;
        }
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(script.len());
        // pos has an entry before every edit and one after the last, and to <= script.len().
        let (Some(&(a0, b0)), Some(&(a1, b1))) = (pos.get(from), pos.get(to)) else {
            break;
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(a0, a1 - a0),
            range(b0, b1 - b0)
        ));
        let (mut rest_a, mut rest_b) = (la.iter().skip(a0), lb.iter().skip(b0));
        for e in script.get(from..to).unwrap_or_default() {
            let (sign, line) = match e {
                Edit::Same => {
                    rest_b.next();
                    (' ', rest_a.next())
                }
                Edit::Del => ('-', rest_a.next()),
                Edit::Add => ('+', rest_b.next()),
            };
            // The script walks both texts line by line from (a0, b0): the line is there.
            let Some(&(line, newline)) = line else {
                break;
            };
            out.push(sign);
            out.push_str(line);
            out.push('\n');
            if !newline {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a unified diff to `a`, as `patch` would: the diff must take `a` to `b`.
    fn patch(a: &str, diff: &str) -> String {
        let la: Vec<&str> = a.lines().collect();
        let mut out: Vec<String> = Vec::new();
        let mut next = 0;
        for line in diff.lines().skip(2) {
            if let Some(h) = line.strip_prefix("@@ -") {
                let old = h.split(' ').next().unwrap();
                let (start, count) = match old.split_once(',') {
                    Some((s, c)) => (s.parse::<usize>().unwrap(), c.parse::<usize>().unwrap()),
                    None => (old.parse().unwrap(), 1),
                };
                let start = if count == 0 { start } else { start - 1 };
                while next < start {
                    out.push(la[next].to_string());
                    next += 1;
                }
            } else if let Some(l) = line.strip_prefix('+') {
                out.push(l.to_string());
            } else if line.starts_with('-') {
                next += 1;
            } else if let Some(l) = line.strip_prefix(' ') {
                assert_eq!(la[next], l, "context matches");
                out.push(l.to_string());
                next += 1;
            }
        }
        out.extend(la[next..].iter().map(|s| s.to_string()));
        out.iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn the_format_of_diff_u() {
        let a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        let b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
        assert_eq!(
            unified("a/f", "b/f", a, b),
            "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
        assert_eq!(
            unified("/dev/null", "b/f", "", "x\ny\n"),
            "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n"
        );
        assert_eq!(unified("a", "b", a, a), "");
        assert_eq!(
            unified("a", "b", "x\n", "x"),
            "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn the_script_is_the_shortest_and_applies() {
        // Deterministic pseudo-random texts over a small alphabet, so lines repeat.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let mut text = |len: u64| -> String {
                (0..next() % len)
                    .map(|_| format!("{}\n", next() % 5))
                    .collect()
            };
            let (a, b) = (text(30), text(30));
            let d = unified("a", "b", &a, &b);
            assert_eq!(patch(&a, &d), b, "{a:?} -> {b:?}\n{d}");
            // As short as an LCS allows: removed + added = |a| + |b| - 2 * LCS.
            let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
            let mut lcs = vec![vec![0usize; lb.len() + 1]; la.len() + 1];
            for i in (0..la.len()).rev() {
                for j in (0..lb.len()).rev() {
                    lcs[i][j] = if la[i] == lb[j] {
                        lcs[i + 1][j + 1] + 1
                    } else {
                        lcs[i + 1][j].max(lcs[i][j + 1])
                    };
                }
            }
            let script = edits(&la, &lb);
            let changes = script.iter().filter(|e| **e != Edit::Same).count();
            assert_eq!(changes, la.len() + lb.len() - 2 * lcs[0][0]);
        }
    }

    #[test]
    fn beyond_the_bound_the_middle_is_replaced_whole() {
        let a: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let b: String = (0..3000).map(|i| format!("b{i}\n")).collect();
        let d = unified(
            "a",
            "b",
            &format!("head\n{a}tail\n"),
            &format!("head\n{b}tail\n"),
        );
        assert!(d.starts_with("--- a\n+++ b\n@@ -1,3002 +1,3002 @@\n head\n-a0\n"));
        assert_eq!(d.lines().filter(|l| l.starts_with('-')).count(), 3001);
    }
}
