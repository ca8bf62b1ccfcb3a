//! Share links: the plan, compressed, in the URL fragment, so that nothing goes to a server
//! (browsers never send the fragment).
//!
//! Format: `#plan=1.<payload>` where payload is the plan file's JSON, raw-DEFLATE compressed
//! (RFC 1951) and written in unpadded base64url (RFC 4648 section 5). The `1.` names this
//! encoding so a later one can be told apart. Decoding never trusts the link: its length, the
//! alphabet, and the size after decompression are bounded, and the text must still pass
//! `read_plan` before it replaces anything.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::fmt;

/// The fragment key, without `#`.
pub const PREFIX: &str = "plan=1.";

/// The longest payload accepted (characters of base64url). A plan at the 32-session limit with
/// 2,000 VMs compresses to well under this.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// The largest plan text a link may expand to: stops a small link that inflates to gigabytes.
pub const MAX_PLAN_BYTES: usize = 4 << 20;

/// Why a link could not be opened. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not `plan=1.…` at all.
    NotAPlanLink,
    /// The payload is longer than [`MAX_PAYLOAD`].
    TooLong(usize),
    /// The payload is not base64url.
    NotBase64,
    /// The payload is not DEFLATE data, or is cut short.
    NotCompressed,
    /// The plan would be larger than [`MAX_PLAN_BYTES`].
    TooLarge,
    /// The plan text is not UTF-8.
    NotText,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAPlanLink => f.write_str("the link carries no plan (its fragment does not start with #plan=1.)"),
            ShareError::TooLong(n) => write!(f, "the link's plan is {n} characters long; links up to {MAX_PAYLOAD} are opened"),
            ShareError::NotBase64 => f.write_str("the link's plan is damaged: it is not base64url text (was the link cut or edited?)"),
            ShareError::NotCompressed => f.write_str("the link's plan is damaged: it does not decompress (was the link cut short?)"),
            ShareError::TooLarge => write!(f, "the link's plan expands to more than {} MB; it was not opened", MAX_PLAN_BYTES >> 20),
            ShareError::NotText => f.write_str("the link's plan is not UTF-8 text"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment (without `#`) that carries the plan text.
pub fn encode(plan_json: &str) -> String {
    format!(
        "{PREFIX}{}",
        URL_SAFE_NO_PAD.encode(deflate(plan_json.as_bytes()))
    )
}

/// Raw DEFLATE of `input`, at the best compression (links should be short).
fn deflate(input: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(input, 9)
}

/// Raw INFLATE of `input`, refusing to produce more than `limit` bytes: decompression stops at
/// the limit, so a small link that expands to gigabytes costs nothing.
fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, ShareError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    decompress_to_vec_with_limit(input, limit).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        _ => ShareError::NotCompressed,
    })
}

/// Whether a fragment (with or without `#`) is meant to be a plan link; other fragments are left
/// alone by the app.
pub fn is_plan_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with("plan=")
}

/// The plan text a fragment (with or without `#`) carries.
pub fn decode(fragment: &str) -> Result<String, ShareError> {
    let payload = fragment
        .trim_start_matches('#')
        .strip_prefix(PREFIX)
        .ok_or(ShareError::NotAPlanLink)?;
    if payload.len() > MAX_PAYLOAD {
        return Err(ShareError::TooLong(payload.len()));
    }
    let compressed = URL_SAFE_NO_PAD
        .decode(payload.as_bytes())
        .map_err(|_| ShareError::NotBase64)?;
    let text = inflate(&compressed, MAX_PLAN_BYTES)?;
    String::from_utf8(text).map_err(|_| ShareError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{generate, read_plan, EXAMPLES};

    #[test]
    fn every_example_round_trips() {
        for (_, text) in EXAMPLES {
            let plan = read_plan(text).unwrap();
            let fragment = encode(&plan.to_json());
            assert!(fragment.starts_with("plan=1."));
            assert!(fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=._-".contains(&b)));
            let back = decode(&format!("#{fragment}")).unwrap();
            assert_eq!(read_plan(&back).unwrap(), plan);
        }
    }

    #[test]
    fn the_limit_plan_fits_in_a_link() {
        let json = generate::ipv4_fabric(30, 2000).to_json();
        let fragment = encode(&json);
        assert!(fragment.len() < MAX_PAYLOAD / 4, "{}", fragment.len());
        assert_eq!(decode(&fragment).unwrap(), json);
    }

    #[test]
    fn damaged_links_are_refused_with_a_reason() {
        let good = encode(&crate::plan::Plan::empty().to_json());
        assert_eq!(decode("#section-2"), Err(ShareError::NotAPlanLink));
        assert_eq!(decode("plan=2.abc"), Err(ShareError::NotAPlanLink));
        assert_eq!(decode("plan=1.a+b/c"), Err(ShareError::NotBase64));
        assert_eq!(decode("plan=1.<script>"), Err(ShareError::NotBase64));
        let cut = &good[..good.len() / 2];
        assert_eq!(decode(cut), Err(ShareError::NotCompressed));
        let not_deflate = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode([0xffu8; 40]));
        assert_eq!(decode(&not_deflate), Err(ShareError::NotCompressed));
        let long = format!("{PREFIX}{}", "A".repeat(MAX_PAYLOAD + 1));
        assert_eq!(decode(&long), Err(ShareError::TooLong(MAX_PAYLOAD + 1)));
    }

    #[test]
    fn a_compression_bomb_is_stopped_at_the_limit() {
        // 64 MB of spaces compresses to about 64 KB: a short link, a huge plan.
        let bomb = encode(&" ".repeat(64 << 20));
        assert!(bomb.len() < MAX_PAYLOAD);
        assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
    }

    #[test]
    fn non_utf8_is_refused() {
        let payload = URL_SAFE_NO_PAD.encode(deflate(&[0xff, 0xfe, 0x00]));
        assert_eq!(
            decode(&format!("{PREFIX}{payload}")),
            Err(ShareError::NotText)
        );
    }

    #[test]
    fn inflate_stops_at_the_limit_exactly() {
        let data = vec![b'x'; 10_000];
        let packed = deflate(&data);
        assert_eq!(inflate(&packed, 10_000).unwrap(), data);
        assert_eq!(inflate(&packed, 9_999), Err(ShareError::TooLarge));
        assert_eq!(
            inflate(&packed[..packed.len() - 1], 10_000),
            Err(ShareError::NotCompressed)
        );
    }

    #[test]
    fn plan_links_are_recognised() {
        assert!(is_plan_link("#plan=1.abc"));
        assert!(is_plan_link("plan=9.x"));
        assert!(!is_plan_link("#top"));
        assert!(!is_plan_link(""));
    }
}
