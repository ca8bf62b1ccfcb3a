//! The share-link decoder: damaged, extended and random links, compression bombs.

use crate::harness::{ensure, fail, Case, Checked, Stats};
use crate::mutate;
use crate::props;
use crate::rng::Rng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use fabric_designer::app::share::{
    decode, encode, is_plan_link, ShareError, MAX_PAYLOAD, MAX_PLAN_BYTES, PREFIX,
};
use fabric_designer::plan::EXAMPLES;
use std::io::Write;

/// A link, and the plan text it was made from when it was not damaged afterwards.
#[derive(Debug)]
pub struct LinkCase {
    pub link: String,
    pub original: Option<String>,
    pub how: String,
}

impl Case for LinkCase {
    fn text(&self) -> String {
        self.link.clone()
    }
    fn extension(&self) -> &'static str {
        "link"
    }
}

const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Raw DEFLATE, as the links carry it.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("a Vec takes every byte");
    e.finish().expect("a Vec takes every byte")
}

pub fn link_of(bytes: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflate(bytes)))
}

fn plan_json(rng: &mut Rng) -> String {
    if rng.chance(1, 2) {
        EXAMPLES[rng.below(EXAMPLES.len())].1.to_string()
    } else {
        crate::structured(rng, 3).text
    }
}

pub fn generate(rng: &mut Rng) -> LinkCase {
    let json = plan_json(rng);
    let good = encode(&json);
    let payload_start = PREFIX.len();
    let mut link = good.clone();
    let mut original = None;
    let how: String;
    match rng.below(12) {
        0 => {
            original = Some(json);
            if rng.chance(1, 2) {
                link.insert(0, '#');
            }
            how = "intact".into();
        }
        1 | 2 => {
            let n = rng.range(1, 4);
            for _ in 0..n {
                let at = payload_start + rng.below(link.len() - payload_start);
                let c = char::from(*rng.pick(BASE64URL));
                link.replace_range(at..at + 1, &c.to_string());
            }
            how = format!("{n} characters changed");
        }
        3 => {
            let at = payload_start + rng.below(link.len() - payload_start);
            let c = *rng.pick(&[
                "+", "/", "=", "%", " ", "é", "\n", "#", ".", "\0", "\u{feff}",
            ]);
            link.replace_range(at..at + 1, c);
            how = format!("{c:?} in the payload");
        }
        4 => {
            let at = rng.below(link.len() + 1);
            link.truncate(at);
            how = format!("cut at {at}");
        }
        5 => {
            let n = rng.range(1, 64);
            for _ in 0..n {
                link.push(char::from(*rng.pick(BASE64URL)));
            }
            how = format!("{n} characters more");
        }
        6 => {
            let prefix = *rng.pick(&[
                "#", "##", " #", "plan=1.", "#plan=1.", "plan=2.", "PLAN=1.", "#plan=", "x",
            ]);
            link = format!(
                "{prefix}{}",
                if rng.chance(1, 2) {
                    &good[payload_start..]
                } else {
                    &good
                }
            );
            how = format!("prefix {prefix:?}");
        }
        7 => {
            // Random text, with or without the prefix.
            let len = rng.below(300);
            let alphabet: Vec<char> = "ABCxyz09-_+/=.#%é\n"
                .chars()
                .chain(BASE64URL.iter().map(|b| char::from(*b)))
                .collect();
            let body: String = (0..len).map(|_| *rng.pick(&alphabet)).collect();
            link = if rng.chance(3, 4) {
                format!("{PREFIX}{body}")
            } else {
                body
            };
            how = "random".into();
        }
        8 => {
            // Random bytes, validly encoded: the inflater on garbage.
            let len = rng.below(400);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
            link = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
            how = "random bytes".into();
        }
        9 => {
            // Any text round-trips, plan or not.
            let text = rng.pick(mutate::nasty_strings()).clone();
            link = encode(&text);
            original = Some(text);
            how = "nasty text".into();
        }
        10 => {
            // Not UTF-8, or cut inside a character.
            let mut bytes = json.into_bytes();
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, *rng.pick(&[0xff, 0xc3, 0xe2, 0x80]));
            link = link_of(&bytes);
            how = "invalid UTF-8".into();
        }
        _ => {
            // A small bomb: up to 64 KB of one character (under the limit, so it decodes).
            let c = *rng.pick(b" [{a");
            link = link_of(&vec![c; rng.range(1, 1 << 16)]);
            how = format!("a bomb of {:?}", char::from(c));
        }
    }
    LinkCase {
        link,
        original,
        how,
    }
}

pub fn check(case: &LinkCase, stats: &mut Stats) -> Checked {
    let decoded = decode(&case.link);
    if let Some(original) = &case.original {
        ensure!(
            decoded.as_ref() == Ok(original),
            "share-link-round-trips",
            "{}: decodes as {:?}",
            case.how,
            decoded.as_ref().map(|t| t.len())
        );
    }
    match decoded {
        Ok(text) => {
            stats.count("decoded");
            ensure!(
                is_plan_link(&case.link),
                "decoded-links-are-plan-links",
                "{}",
                case.how
            );
            ensure!(
                text.len() <= MAX_PLAN_BYTES,
                "decoded-text-bounded",
                "{} bytes",
                text.len()
            );
            props::plan_text(&text, stats)?;
        }
        Err(e) => {
            stats.count("refused");
            error_is_sane(&case.link, &e)?;
        }
    }
    Ok(())
}

fn error_is_sane(link: &str, e: &ShareError) -> Checked {
    let text = e.to_string();
    ensure!(
        !text.is_empty() && !text.chars().any(char::is_control),
        "share-error-one-line",
        "{text:?}"
    );
    let payload = link.trim_start_matches('#').strip_prefix(PREFIX);
    match (e, payload) {
        (ShareError::NotAPlanLink, None) => Ok(()),
        (ShareError::NotAPlanLink, Some(_)) => Err(fail(
            "share-error-fits",
            "a link with the prefix said to be no plan link",
        )),
        (_, None) => Err(fail(
            "share-error-fits",
            format!("a link without the prefix refused as {e:?}"),
        )),
        (ShareError::TooLong(n), Some(p)) => {
            ensure!(
                *n == p.len() && *n > MAX_PAYLOAD,
                "share-error-fits",
                "TooLong({n}) for {} characters",
                p.len()
            );
            Ok(())
        }
        (ShareError::NotBase64, Some(p)) => {
            ensure!(
                URL_SAFE_NO_PAD.decode(p).is_err(),
                "share-error-fits",
                "valid base64url refused as not base64"
            );
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Bombs and limits, one each: too expensive to repeat in the random target.
pub fn bombs() {
    let mut stats = Stats::default();
    // 16 MB of spaces: a short link that would expand to four times the limit.
    let bomb = link_of(&vec![b' '; 4 * MAX_PLAN_BYTES]);
    assert!(bomb.len() < MAX_PAYLOAD, "{}", bomb.len());
    assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
    // Exactly at the limit decodes; one byte more does not.
    let at = link_of(&vec![b'['; MAX_PLAN_BYTES]);
    let text = decode(&at).expect("a link at the limit decodes");
    assert_eq!(text.len(), MAX_PLAN_BYTES);
    // A million levels of nesting: the reader's recursion limit, not the stack.
    props::plan_text(&text, &mut stats).unwrap_or_else(|f| panic!("{f:?}"));
    let over = link_of(&vec![b'['; MAX_PLAN_BYTES + 1]);
    assert_eq!(decode(&over), Err(ShareError::TooLarge));
    // A plan whose name is nearly the whole limit: read, checked, rendered.
    let head = r#"{"version": 1, "asn": 65000, "name": ""#;
    let tail = "\"}";
    let mut plan = String::with_capacity(MAX_PLAN_BYTES);
    plan.push_str(head);
    plan.push_str(&"INJECTED \\n".repeat((MAX_PLAN_BYTES - head.len() - tail.len()) / 11));
    plan.push_str(tail);
    let link = encode(&plan);
    assert_eq!(decode(&link).as_deref(), Ok(plan.as_str()));
    let outcome = props::plan_text(&plan, &mut stats).unwrap_or_else(|f| panic!("{f:?}"));
    assert!(outcome.read.is_ok());
    // The longest payload is read; one more character is not.
    let long = format!("{PREFIX}{}", "A".repeat(MAX_PAYLOAD + 1));
    assert_eq!(decode(&long), Err(ShareError::TooLong(MAX_PAYLOAD + 1)));
    let limit = format!("{PREFIX}{}", "A".repeat(MAX_PAYLOAD));
    assert_ne!(decode(&limit), Err(ShareError::TooLong(MAX_PAYLOAD)));
}
