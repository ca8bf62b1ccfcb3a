//! Who overlaps whom, in n log n: the pool checks ask, for every pool range, which other ranges
//! and which device addresses fall into it. Asking every pair is quadratic, and a short share
//! link can hold thousands of identical ranges, so the checks report one finding per offending
//! item, naming the first (in plan order) of what it collides with and how many others there
//! are, and find both with one sort and a Fenwick tree.

/// For each query `(x, y)`: how many items `(x_j, y_j, _)` have `x_j <= x` and `y_j >= y`, and
/// the smallest tag among them. Intervals overlap exactly when `lo_j <= hi_i` and `hi_j >= lo_i`;
/// an address `a` lies in `[lo, hi]` exactly when `a <= hi` and `a >= lo`.
pub fn dominance(items: &[(u128, u128, usize)], queries: &[(u128, u128)]) -> Vec<(usize, usize)> {
    // Positions of the items' y values, largest first, so that "y_j >= y" is a prefix.
    let mut ys: Vec<u128> = items.iter().map(|i| i.1).collect();
    ys.sort_unstable_by(|a, b| b.cmp(a));
    ys.dedup();
    let mut by_x: Vec<&(u128, u128, usize)> = items.iter().collect();
    by_x.sort_unstable_by_key(|i| i.0);
    // The queries by x, each with its index, so that its answer lands in its place.
    let mut order: Vec<(usize, &(u128, u128))> = queries.iter().enumerate().collect();
    order.sort_unstable_by_key(|(_, q)| q.0);

    let mut tree = Fenwick::new(ys.len());
    let mut out = vec![(0, usize::MAX); queries.len()];
    let mut by_x = by_x.into_iter().peekable();
    for (q, &(x, y)) in order {
        while let Some(item) = by_x.next_if(|i| i.0 <= x) {
            // `ys` is sorted descending: the item's position is the count of larger values.
            let pos = ys.partition_point(|v| *v > item.1);
            tree.add(pos, item.2);
        }
        // Items with y_j >= y are the positions before the first value below y. `q` came from
        // enumerating `queries`, so its slot is always there.
        if let Some(slot) = out.get_mut(q) {
            *slot = tree.prefix(ys.partition_point(|v| *v >= y));
        }
    }
    out
}

/// Prefix counts and minimums over positions, with point insertions.
struct Fenwick {
    /// Per tree node (1-based; node 0 is unused): how many items it covers and their smallest
    /// tag.
    nodes: Vec<(usize, usize)>,
}

impl Fenwick {
    fn new(n: usize) -> Fenwick {
        Fenwick {
            nodes: vec![(0, usize::MAX); n + 1],
        }
    }

    fn add(&mut self, pos: usize, tag: usize) {
        let mut i = pos + 1;
        while let Some((count, min)) = self.nodes.get_mut(i) {
            *count += 1;
            *min = (*min).min(tag);
            i += i & i.wrapping_neg();
        }
    }

    /// Count and minimum tag over positions `0..end`.
    fn prefix(&self, end: usize) -> (usize, usize) {
        let (mut count, mut min) = (0, usize::MAX);
        let mut i = end;
        while i > 0 {
            // `end` is at most the number of positions, the last node; and `i` only falls.
            let Some(&(c, m)) = self.nodes.get(i) else {
                break;
            };
            count += c;
            min = min.min(m);
            i -= i & i.wrapping_neg();
        }
        (count, min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the obvious quadratic answer, on many small random cases.
    #[test]
    fn agrees_with_asking_every_pair() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            u128::from(seed % n)
        };
        for _ in 0..500 {
            let n = next(12) as usize;
            let items: Vec<(u128, u128, usize)> = (0..n)
                .map(|t| {
                    let lo = next(20);
                    (lo, lo + next(6), t)
                })
                .collect();
            let queries: Vec<(u128, u128)> = (0..next(8) as usize)
                .map(|_| {
                    let lo = next(20);
                    (lo + next(6), lo)
                })
                .collect();
            let got = dominance(&items, &queries);
            for (q, &(x, y)) in queries.iter().enumerate() {
                let hits: Vec<usize> = items
                    .iter()
                    .filter(|i| i.0 <= x && i.1 >= y)
                    .map(|i| i.2)
                    .collect();
                let want = (hits.len(), hits.iter().copied().min().unwrap_or(usize::MAX));
                assert_eq!(got[q], want, "{items:?} {x} {y}");
            }
        }
    }
}
