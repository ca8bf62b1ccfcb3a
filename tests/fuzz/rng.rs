//! A tiny seeded PRNG (SplitMix64) and the run configuration from the environment.
//!
//! Every iteration of every target gets its own generator, derived from (seed, target,
//! iteration), so a failure reproduces from those three alone: `FUZZ_SEED=<seed>
//! FUZZ_ONLY=<iteration> cargo test --test fuzz <target>`.

/// SplitMix64 (Steele, Lea, Flood 2014): one u64 of state, good enough to drive mutations.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The generator of one iteration of one target.
    pub fn for_iteration(seed: u64, target: &str, iteration: u64) -> Rng {
        let mut h = Rng(seed ^ fnv1a(target));
        let a = h.next_u64();
        Rng(a ^ iteration.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next_u64() % den < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

fn fnv1a(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fixed seed of `cargo test`. Change it only on purpose: the corpus keeps what it found.
pub const DEFAULT_SEED: u64 = 0x00fa_b71c_2026;

/// How a run is configured: `FUZZ_SEED` (decimal or 0x-hex), `FUZZ_ITERATIONS` (per target,
/// replacing each target's default) and `FUZZ_ONLY` (run one iteration, to reproduce).
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub seed: u64,
    pub iterations: Option<u64>,
    pub only: Option<u64>,
}

fn number(var: &str) -> Option<u64> {
    let text = std::env::var(var).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{var}={text:?} is not a number")))
}

impl Config {
    pub fn from_env() -> Config {
        Config {
            seed: number("FUZZ_SEED").unwrap_or(DEFAULT_SEED),
            iterations: number("FUZZ_ITERATIONS"),
            only: number("FUZZ_ONLY"),
        }
    }
}
