//! Validated values: each has a private inner value, a fallible `FromStr` and a `Display` that
//! round-trips. Holding one of these is proof that the text passed its rule, so renderers can
//! write it into a configuration file or a shell script without escaping.

use super::{Family, PerFamily};
use ipnet::{IpNet, Ipv4Subnets, Ipv6Subnets};
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// A name of a pool, device or VM: 1..63 characters of `A-Z a-z 0-9 . _ -`, starting with a
/// letter or digit. Nothing else can reach a generated file, so no quoting is ever needed.
///
/// ```
/// use fabric_designer::model::Name;
/// assert_eq!("kvm-1".parse::<Name>().unwrap().as_str(), "kvm-1");
/// assert!("rr1; rm -rf /".parse::<Name>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong(usize),
    BadStart,
    BadChar(char),
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => write!(f, "is empty"),
            NameError::TooLong(n) => write!(f, "has {n} characters, more than 63"),
            NameError::BadStart => write!(f, "does not start with a letter or digit"),
            NameError::BadChar(c) => write!(f, "contains {}", describe_char(*c)),
        }
    }
}

/// Describes a character for a one-line message without echoing control characters.
pub fn describe_char(c: char) -> String {
    match c {
        '\n' => "a line break".to_string(),
        '\r' => "a carriage return".to_string(),
        '\t' => "a tab".to_string(),
        ' ' => "a space".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c if !c.is_ascii() => format!("the non-ASCII character {c:?} (U+{:04X})", c as u32),
        c => format!("the character {c:?}"),
    }
}

impl FromStr for Name {
    type Err = NameError;

    fn from_str(s: &str) -> Result<Name, NameError> {
        let first = s.chars().next().ok_or(NameError::Empty)?;
        if let Some(bad) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(NameError::BadChar(bad));
        }
        if !first.is_ascii_alphanumeric() {
            return Err(NameError::BadStart);
        }
        if s.len() > 63 {
            return Err(NameError::TooLong(s.len()));
        }
        Ok(Name(s.to_string()))
    }
}

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A BGP autonomous system number that may be used by a fabric: 1..4294967294 without the
/// reserved 23456 (AS_TRANS) and 65535.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Asn(u32);

impl Asn {
    /// Checks a number read from the plan.
    pub fn new(n: u64) -> Option<Asn> {
        match n {
            0 | 23456 | 65535 => None,
            n if n >= 4_294_967_295 => None,
            n => u32::try_from(n).ok().map(Asn),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Asn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A TCP-MD5 password for the sessions between route reflectors and core gateways: 1..80
/// printable ASCII characters (Linux keeps at most 80 bytes of a TCP-MD5 key), without space and
/// without the characters that FRR, Junos or a shell would read specially (`" ' \ ` $ # ! ;`),
/// so it can stand as one word in an frr.conf, inside Junos double quotes and in a quoted
/// here-document alike. Its `Debug` never shows the value.
///
/// ```
/// use fabric_designer::model::Md5Key;
/// assert!("Xk9-fabric.2026".parse::<Md5Key>().is_ok());
/// assert!("two words".parse::<Md5Key>().is_err());
/// assert_eq!(format!("{:?}", "s3cret".parse::<Md5Key>().unwrap()), "Md5Key(***)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Md5Key(String);

/// Why a TCP-MD5 password was refused. It names the position of a bad character, never the
/// character: a message must not give away part of a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Md5KeyError {
    Empty,
    TooLong(usize),
    /// The 1-based position of the first character that is not allowed.
    BadChar(usize),
}

impl fmt::Display for Md5KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Md5KeyError::Empty => write!(f, "the TCP-MD5 password is empty"),
            Md5KeyError::TooLong(n) => {
                write!(f, "the TCP-MD5 password has {n} characters, more than 80")
            }
            Md5KeyError::BadChar(n) => write!(
                f,
                "character {n} of the TCP-MD5 password is not allowed; use letters, digits and - _ . + = @ % ^ & * ( ) [ ] {{ }} < > , ? / : ~ |",
            ),
        }
    }
}

impl FromStr for Md5Key {
    type Err = Md5KeyError;

    fn from_str(s: &str) -> Result<Md5Key, Md5KeyError> {
        if s.is_empty() {
            return Err(Md5KeyError::Empty);
        }
        if let Some(bad) = s
            .chars()
            .position(|c| !c.is_ascii_graphic() || "\"'\\`$#!;".contains(c))
        {
            return Err(Md5KeyError::BadChar(bad + 1));
        }
        if s.len() > 80 {
            return Err(Md5KeyError::TooLong(s.len()));
        }
        Ok(Md5Key(s.to_string()))
    }
}

impl Md5Key {
    /// The password itself, for the configuration lines that need it.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Md5Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Md5Key(***)")
    }
}

/// The fabric's own short name, `id` in the plan: 1 to 16 characters of `a-z 0-9 -`, starting
/// with a letter. Every object the fabric creates on a core router is named after it, so that
/// two fabrics (or a fabric and what VMmanager's guide told people to create) sharing a core
/// never share an object. The characters are valid in every Junos and FRR object name.
///
/// ```
/// use fabric_designer::model::FabricId;
/// assert_eq!("fra-1".parse::<FabricId>().unwrap().to_string(), "fra-1");
/// assert!("1fra".parse::<FabricId>().is_err());
/// assert!("Fra".parse::<FabricId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FabricId(String);

/// The most characters of a fabric id: names stay readable in `show` output and within every
/// platform's name length once a fixed part is added.
pub const FABRIC_ID_MAX: usize = 16;

/// Why a fabric id was refused, as the end of a sentence that starts with the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FabricIdError {
    Empty,
    TooLong,
    /// Not a lowercase letter first.
    Start,
    /// A character other than `a-z 0-9 -`.
    Character(char),
}

impl fmt::Display for FabricIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FabricIdError::Empty => f.write_str("is empty"),
            FabricIdError::TooLong => write!(f, "is longer than {FABRIC_ID_MAX} characters"),
            FabricIdError::Start => f.write_str("does not start with a letter a-z"),
            FabricIdError::Character(c) if c.is_ascii_uppercase() => write!(
                f,
                "holds the uppercase letter {c:?}, but ids are lowercase: a-z, 0-9 and -"
            ),
            FabricIdError::Character(c) => write!(
                f,
                "holds {}, but only a-z, 0-9 and - are allowed",
                describe_char(*c)
            ),
        }
    }
}

impl FromStr for FabricId {
    type Err = FabricIdError;

    fn from_str(s: &str) -> Result<FabricId, FabricIdError> {
        if s.is_empty() {
            return Err(FabricIdError::Empty);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(FabricIdError::Character(c));
        }
        if s.len() > FABRIC_ID_MAX {
            return Err(FabricIdError::TooLong);
        }
        if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(FabricIdError::Start);
        }
        Ok(FabricId(s.to_string()))
    }
}

impl fmt::Display for FabricId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A standard BGP community `A:B`, each half 0..65535 (RFC 1997).
///
/// ```
/// use fabric_designer::model::Community;
/// assert_eq!("65000:100".parse::<Community>().unwrap().to_string(), "65000:100");
/// assert!("65000:70000".parse::<Community>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Community {
    pub high: u16,
    pub low: u16,
}

/// Why a community was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommunityError {
    /// There is no colon between the halves.
    NoColon,
    /// A half is not a number: empty, with a character other than a digit (a second colon
    /// included), or too long to read as one.
    NotANumber,
    /// Both halves are numbers, but one is not a 16-bit number as FRR writes it: above 65535,
    /// or written with a sign or with more than five digits.
    NotSixteenBit,
}

impl fmt::Display for CommunityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not A:B with both halves 0..65535")?;
        if *self == CommunityError::NotSixteenBit {
            // Two numbers that do not fit: most likely a 4-byte AS number as the first half.
            f.write_str(" (a standard community has two 16-bit halves; a 4-byte AS needs a large community, which VMmanager does not use)")?;
        }
        Ok(())
    }
}

impl FromStr for Community {
    type Err = CommunityError;

    fn from_str(s: &str) -> Result<Community, CommunityError> {
        let (a, b) = s.split_once(':').ok_or(CommunityError::NoColon)?;
        match (community_half(a), community_half(b)) {
            (Ok(high), Ok(low)) => Ok(Community { high, low }),
            // Text that is no number says more than a number that does not fit.
            (Err(CommunityError::NotANumber), _) | (_, Err(CommunityError::NotANumber)) => {
                Err(CommunityError::NotANumber)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }
}

/// One half of a community.
fn community_half(t: &str) -> Result<u16, CommunityError> {
    // Read as any number first, so that a number too big for 16 bits is told apart from text
    // that is none.
    let n: u64 = t.parse().map_err(|_| CommunityError::NotANumber)?;
    // u64::from_str accepts a leading '+', which FRR does not: digits only.
    if t.len() > 5 || !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(CommunityError::NotSixteenBit);
    }
    u16::try_from(n).map_err(|_| CommunityError::NotSixteenBit)
}

impl Community {
    /// 0:x and 65535:x are reserved for well-known communities (RFC 1997, RFC 8642).
    pub fn is_reserved(self) -> bool {
        self.high == 0 || self.high == 65535
    }
}

impl fmt::Display for Community {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.high, self.low)
    }
}

/// The `frr version` line: `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrrVersion {
    pub major: u32,
    pub minor: u32,
    text: String,
}

/// Why an FRR version was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrrVersionError {
    /// Not two or three parts separated by dots: the number of parts found.
    Parts(usize),
    /// A part is empty, has a character other than a digit, or more than four digits.
    BadPart,
}

impl fmt::Display for FrrVersionError {
    /// One wording for every cause: the help that goes with it shows the form a version takes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not a version number")
    }
}

impl FromStr for FrrVersion {
    type Err = FrrVersionError;

    fn from_str(s: &str) -> Result<FrrVersion, FrrVersionError> {
        let parts: Vec<&str> = s.split('.').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(FrrVersionError::Parts(parts.len()));
        }
        let mut numbers = Vec::with_capacity(3);
        for part in &parts {
            if part.is_empty() || part.len() > 4 || !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(FrrVersionError::BadPart);
            }
            numbers.push(part.parse::<u32>().map_err(|_| FrrVersionError::BadPart)?);
        }
        // Two or three numbers, as counted above.
        let &[major, minor, ..] = numbers.as_slice() else {
            return Err(FrrVersionError::Parts(parts.len()));
        };
        Ok(FrrVersion {
            major,
            minor,
            text: s.to_string(),
        })
    }
}

impl fmt::Display for FrrVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// One entry of a pool: a CIDR prefix or an inclusive `first-last` range of one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddrRange {
    Prefix(IpNet),
    Span(IpAddr, IpAddr),
}

/// Why a pool range was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    Unparsable,
    HostBits(IpNet),
    Reversed,
    MixedFamilies,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::Unparsable => write!(f, "is neither a CIDR prefix nor a first-last range"),
            RangeError::HostBits(net) => {
                write!(f, "has host bits set (the prefix is {})", net.trunc())
            }
            RangeError::Reversed => write!(f, "has its first address above its last"),
            RangeError::MixedFamilies => write!(f, "mixes an IPv4 and an IPv6 address"),
        }
    }
}

impl FromStr for AddrRange {
    type Err = RangeError;

    fn from_str(s: &str) -> Result<AddrRange, RangeError> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once('-') {
            let first: IpAddr = a.trim().parse().map_err(|_| RangeError::Unparsable)?;
            let last: IpAddr = b.trim().parse().map_err(|_| RangeError::Unparsable)?;
            if first.is_ipv4() != last.is_ipv4() {
                return Err(RangeError::MixedFamilies);
            }
            if first > last {
                return Err(RangeError::Reversed);
            }
            return Ok(AddrRange::Span(first, last));
        }
        let net: IpNet = s.parse().map_err(|_| RangeError::Unparsable)?;
        if net.trunc() != net {
            return Err(RangeError::HostBits(net));
        }
        Ok(AddrRange::Prefix(net))
    }
}

impl fmt::Display for AddrRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddrRange::Prefix(net) => write!(f, "{net}"),
            AddrRange::Span(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

impl AddrRange {
    pub fn is_ipv4(&self) -> bool {
        match self {
            AddrRange::Prefix(net) => matches!(net, IpNet::V4(_)),
            AddrRange::Span(a, _) => a.is_ipv4(),
        }
    }

    /// First and last address as integers, for overlap tests across both families (an IPv4
    /// address is mapped to its own 32-bit value; callers compare one family at a time).
    pub fn bounds(&self) -> (u128, u128) {
        match self {
            AddrRange::Prefix(net) => (addr_u128(net.network()), addr_u128(net.broadcast())),
            AddrRange::Span(a, b) => (addr_u128(*a), addr_u128(*b)),
        }
    }

    pub fn contains(&self, addr: IpAddr) -> bool {
        if addr.is_ipv4() != self.is_ipv4() {
            return false;
        }
        let (lo, hi) = self.bounds();
        (lo..=hi).contains(&addr_u128(addr))
    }

    /// The fewest CIDR prefixes that cover exactly this range.
    pub fn prefixes(&self) -> Vec<IpNet> {
        match *self {
            AddrRange::Prefix(net) => vec![net],
            AddrRange::Span(IpAddr::V4(a), IpAddr::V4(b)) => {
                Ipv4Subnets::new(a, b, 0).map(IpNet::V4).collect()
            }
            AddrRange::Span(IpAddr::V6(a), IpAddr::V6(b)) => {
                Ipv6Subnets::new(a, b, 0).map(IpNet::V6).collect()
            }
            // Mixed spans are refused by FromStr.
            AddrRange::Span(..) => Vec::new(),
        }
    }

    /// How many addresses the range holds (saturating at u128::MAX for all of IPv6).
    pub fn size(&self) -> u128 {
        let (lo, hi) = self.bounds();
        (hi - lo).saturating_add(1)
    }
}

pub fn addr_u128(addr: IpAddr) -> u128 {
    match addr {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// Splits a list of prefixes by family, keeping order.
pub fn split_families(nets: &[IpNet]) -> PerFamily<Vec<IpNet>> {
    let mut split = PerFamily::<Vec<IpNet>>::default();
    for net in nets {
        split[Family::of_net(*net)].push(*net);
    }
    split
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_rule() {
        for ok in ["a", "kvm1", "rr-a", "sea_gold", "0x.y", &"a".repeat(63)] {
            assert!(ok.parse::<Name>().is_ok(), "{ok}");
        }
        assert_eq!("".parse::<Name>(), Err(NameError::Empty));
        assert_eq!("-a".parse::<Name>(), Err(NameError::BadStart));
        assert_eq!("a".repeat(64).parse::<Name>(), Err(NameError::TooLong(64)));
        for bad in [
            "a b", "a\nb", "a;b", "$(x)", "a'b", "a\"b", "a`b", "é", "a/b",
        ] {
            assert!(
                matches!(bad.parse::<Name>(), Err(NameError::BadChar(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn asn_refuses_reserved_and_out_of_range() {
        for bad in [0, 23456, 65535, 4_294_967_295, 4_294_967_296, u64::MAX] {
            assert_eq!(Asn::new(bad), None, "{bad}");
        }
        for ok in [1, 64512, 65534, 65536, 4_200_000_000, 4_294_967_294] {
            assert_eq!(Asn::new(ok).map(Asn::get), Some(ok as u32));
        }
    }

    #[test]
    fn community_halves_are_16_bit() {
        let err = |s: &str| s.parse::<Community>().unwrap_err();
        assert_eq!(err("65000:70000"), CommunityError::NotSixteenBit);
        assert_eq!(err("4200000000:1"), CommunityError::NotSixteenBit);
        assert_eq!(err("65000"), CommunityError::NoColon);
        assert_eq!(err("+1:2"), CommunityError::NotSixteenBit);
        assert_eq!(err("000001:2"), CommunityError::NotSixteenBit);
        assert_eq!(err("1:2:3"), CommunityError::NotANumber);
        assert_eq!(err("70000:x"), CommunityError::NotANumber);
        assert_eq!(err(":1"), CommunityError::NotANumber);
        assert_eq!(err("99999999999999999999:1"), CommunityError::NotANumber);
        assert!(err("1:70000")
            .to_string()
            .ends_with("which VMmanager does not use)"));
        assert_eq!(
            err("a:b").to_string(),
            "is not A:B with both halves 0..65535"
        );
        assert_eq!(
            "0:0".parse::<Community>(),
            Ok(Community { high: 0, low: 0 })
        );
        assert!("65535:65281".parse::<Community>().unwrap().is_reserved());
    }

    #[test]
    fn ranges_parse_and_split_into_fewest_prefixes() {
        let r: AddrRange = "198.51.100.10-198.51.100.40".parse().unwrap();
        let got: Vec<String> = r.prefixes().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [
                "198.51.100.10/31",
                "198.51.100.12/30",
                "198.51.100.16/28",
                "198.51.100.32/29",
                "198.51.100.40/32"
            ]
        );
        assert_eq!(r.size(), 31);
        assert!(r.contains("198.51.100.40".parse().unwrap()));
        assert!(!r.contains("198.51.100.41".parse().unwrap()));
        let v6: AddrRange = "2001:db8::1-2001:db8::2".parse().unwrap();
        assert_eq!(v6.prefixes().len(), 2);
    }

    #[test]
    fn ranges_refuse_bad_input() {
        assert_eq!(
            "10.0.0.5-10.0.0.1".parse::<AddrRange>(),
            Err(RangeError::Reversed)
        );
        assert_eq!(
            "10.0.0.1-::1".parse::<AddrRange>(),
            Err(RangeError::MixedFamilies)
        );
        assert_eq!("banana".parse::<AddrRange>(), Err(RangeError::Unparsable));
        assert!(matches!(
            "203.0.113.5/24".parse::<AddrRange>(),
            Err(RangeError::HostBits(_))
        ));
    }

    #[test]
    fn frr_version_is_numeric() {
        assert_eq!("8.4".parse::<FrrVersion>().unwrap().major, 8);
        assert!("8.4.4".parse::<FrrVersion>().is_ok());
        for bad in ["8", "8.x", "8.4\nrouter bgp 1", "", "8..4", "1.2.3.4"] {
            assert!(bad.parse::<FrrVersion>().is_err(), "{bad:?}");
        }
        assert_eq!("8".parse::<FrrVersion>(), Err(FrrVersionError::Parts(1)));
        assert_eq!(
            "1.2.3.4".parse::<FrrVersion>(),
            Err(FrrVersionError::Parts(4))
        );
        assert_eq!("8.x".parse::<FrrVersion>(), Err(FrrVersionError::BadPart));
        assert_eq!(
            "8.12345".parse::<FrrVersion>(),
            Err(FrrVersionError::BadPart)
        );
    }
}
