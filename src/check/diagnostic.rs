//! Diagnostics: one enum of stable codes, each with its severity and a one-line summary that
//! docs/diagnostics.md expands. Codes are part of the plan-format contract: add, never rename.

use crate::plan::{Field, Place};
use crate::text::terminal_safe;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks rendering and export.
    Error,
    /// Worth fixing; the bundle can still be rendered.
    Warning,
    /// Something the user should know about the design.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident, $summary:literal;)*) => {
        /// Every diagnostic code. The text form is kebab-case and stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// All codes, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// `const`, so that the checker's refusals are known to be errors when the crate
            /// compiles.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// When the code is reported, in one line.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    PlanUnreadable = "plan-unreadable", Error, "the file is not JSON, or a field has the wrong type";
    VersionUnsupported = "version-unsupported", Error, "`version` is missing or not 1";
    FieldUnknown = "field-unknown", Warning, "the plan file has a field that format v1 does not know; it is ignored";
    NameInvalid = "name-invalid", Error, "a pool, device or VM name breaks the naming rule";
    NameDuplicate = "name-duplicate", Error, "two pools, two devices of any kind, or two VMs share a name";
    AddressInvalid = "address-invalid", Error, "an address is unparsable, of the wrong family, or not usable for a host";
    AddressMissing = "address-missing", Error, "a device or VM has neither an IPv4 nor an IPv6 address";
    AddressDuplicate = "address-duplicate", Error, "the same address is on two devices or two VMs";
    AsnInvalid = "asn-invalid", Error, "an AS number is 0, 23456, 65535, 4294967295 or out of range";
    CommunityInvalid = "community-invalid", Error, "the community is not `A:B` with both halves 0..65535";
    CommunityReserved = "community-reserved", Warning, "the community is in a range reserved for well-known communities";
    FrrVersionInvalid = "frr-version-invalid", Error, "`frr_version` is not a version number such as 8.4";
    FrrVersionOld = "frr-version-old", Warning, "`frr_version` is older than FRR 8, which the configurations are written for";
    GatewayMissing = "gateway-missing", Error, "a family has pools but no gateway of that family";
    GatewayNotPrivate = "gateway-not-private", Error, "the gateway is not a private address";
    GatewayConflict = "gateway-conflict", Error, "the gateway equals a device address, or lies inside a pool or the underlay";
    PoolsMissing = "pools-missing", Warning, "the plan has no pools, so no VM route can be announced";
    PoolInvalid = "pool-invalid", Error, "a pool range does not parse, is reversed, mixes families or has host bits set";
    PoolEmpty = "pool-empty", Warning, "a pool has no ranges";
    PoolOverlap = "pool-overlap", Error, "two pool ranges share addresses";
    PoolConflict = "pool-conflict", Error, "a pool range contains a device's address";
    RrMissingIpv4 = "rr-missing-ipv4", Error, "IPv4 has pools but no route reflector has an IPv4 address";
    RrMissingIpv6 = "rr-missing-ipv6", Error, "IPv6 has pools but no route reflector has an IPv6 address";
    RrNotRedundant = "rr-not-redundant", Warning, "a family in use has only one route reflector";
    RrSessionLimit = "rr-session-limit", Error, "a route reflector would have more than 32 BGP sessions";
    RrSessionFull = "rr-session-full", Warning, "a route reflector has exactly 32 BGP sessions: no peer can be added";
    CoreMissing = "core-missing", Error, "no core gateway shares a family in use with the route reflectors";
    CoreEbgp = "core-ebgp", Info, "a core gateway is in another AS: the reflectors speak eBGP to it";
    RouterIdDuplicate = "router-id-duplicate", Error, "two BGP speakers would get the same router ID";
    NodesMissing = "nodes-missing", Warning, "the cluster has no nodes";
    NodeOsUnsupported = "node-os-unsupported", Error, "a KVM node is not on AlmaLinux 8, or an LXD node not on Ubuntu 20.04";
    NodeVirtualizationMixed = "node-virtualization-mixed", Error, "KVM and LXD nodes are in one cluster";
    NodeMissingFamily = "node-missing-family", Error, "a node hosts a VM of a family it has no address in";
    NodeSingleFamily = "node-single-family", Info, "a node has no address of a family that has pools, so it cannot host VMs of it";
    VmNameInvalid = "vm-name-invalid", Error, "`<name>_net0` would break Linux interface naming";
    VmUnknownNode = "vm-unknown-node", Error, "a VM names a node that does not exist";
    VmAddressOutsidePool = "vm-address-outside-pool", Error, "a VM address is in no pool";
    AddressOutsideUnderlay = "address-outside-underlay", Warning, "a device address is outside the declared underlay";
    CoreEbgpUnreachable = "core-ebgp-unreachable", Error, "an eBGP core gateway shares no underlay subnet with a node, so it cannot reach the node as next hop";
    UnderlayMissing = "underlay-missing", Warning, "an eBGP core gateway needs the underlay in the plan to prove it shares a subnet with every node";
    ProtectionInvalid = "protection-invalid", Error, "a `protection` setting is outside the range BGP, BFD or the routers accept";
    IdInvalid = "id-invalid", Error, "`id` is not 1 to 16 characters of a-z, 0-9 and -, starting with a letter";
    IdMissing = "id-missing", Warning, "the plan has no `id`, so its objects on the core routers take the names of VMmanager's guide";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// One line, lowercase, quoting the entity, no trailing period.
    pub message: String,
    /// Where in the plan; written as its RFC 6901 JSON Pointer under the name `path` ("" for the
    /// plan as a whole).
    #[serde(rename = "path")]
    pub place: Place,
    /// A sentence on how to fix it.
    pub help: String,
    /// The field of the mistake this finding follows from, when it is a consequence of one
    /// elsewhere (VMs in no pool because their range was refused): fixing the cause fixes it.
    /// Written as a JSON Pointer under the name `cause`, only when there is one. A `Field`, not
    /// a `Place`: every cause is one, and the small copyable type keeps the page smaller.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "cause_pointer"
    )]
    pub cause: Option<Field>,
}

impl Diagnostic {
    pub fn new(
        code: Code,
        place: impl Into<Place>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            place: place.into(),
            help: help.into(),
            cause: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn cause_pointer<S: serde::Serializer>(cause: &Option<Field>, s: S) -> Result<S::Ok, S::Error> {
    match cause {
        Some(field) => Place::Field(*field).serialize(s),
        None => s.serialize_none(),
    }
}

impl fmt::Display for Diagnostic {
    /// The command line's text form: `error[code] /path: message`, then `  help: ...`, and for
    /// a consequence `  because of: /path` of its cause. Path,
    /// message and help may hold text from the plan file (a key is its own JSON Pointer), so
    /// each goes through [`terminal_safe`]: the two lines stay two lines and no
    /// escape sequence or bidi override reaches the terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = match &self.place {
            Place::Plan => "(plan)".to_string(),
            place => place.to_string(),
        };
        write!(
            f,
            "{}[{}] {}: {}\n  help: {}",
            self.severity,
            self.code,
            terminal_safe(&path),
            terminal_safe(&self.message),
            terminal_safe(&self.help)
        )?;
        match &self.cause {
            Some(cause) => write!(f, "\n  because of: {}", Place::Field(*cause)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "duplicate code {text}");
            assert!(
                text.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{text} is not kebab-case"
            );
        }
    }

    #[test]
    fn display_escapes_what_would_add_a_line_or_drive_the_terminal() {
        let d = Diagnostic::new(
            Code::FieldUnknown,
            "/x\nerror[fake-code] /asn: INJECTED\u{1b}[31m"
                .parse::<Place>()
                .unwrap(),
            "a\u{2028}b\u{2029}c\u{85}d\u{9b}e\u{7f}f\r\tg",
            "\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}\u{feff}\u{e0041}",
        );
        assert_eq!(
            d.to_string(),
            "warning[field-unknown] /x\\nerror[fake-code] /asn: INJECTED\\u{1b}[31m: \
             a\\u{2028}b\\u{2029}c\\u{85}d\\u{9b}e\\u{7f}f\\r\\tg\n  help: \
             \\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{feff}\\u{e0041}"
        );
    }

    #[test]
    fn display_of_ordinary_text_is_unchanged() {
        let d = Diagnostic::new(
            Code::NameInvalid,
            crate::plan::Field::NodeName(0),
            "name 'k\\vm 1' contains a space … «ü» 日本",
            "Use only A-Z a-z 0-9 . _ -.",
        );
        assert_eq!(
            d.to_string(),
            "error[name-invalid] /nodes/0/name: name 'k\\vm 1' contains a space … «ü» 日本\n  help: Use only A-Z a-z 0-9 . _ -."
        );
        assert!(matches!(
            terminal_safe("plain ‘text’ — ok"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn code_list_is_pinned() {
        // A rename or removal breaks users' pipelines: it must show up in review as a snapshot diff.
        let list: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{} {}", c.as_str(), c.severity()))
            .collect();
        insta::assert_snapshot!(list.join("\n"));
    }
}
