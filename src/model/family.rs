//! What the form and the overview ask of an address family: reading it back from a plan key, and
//! the family of an address or a range the plan holds as text.

use super::{AddrRange, Family};
use std::net::IpAddr;

impl Family {
    /// The family whose [`Family::key`] is `key`: "ipv4" or "ipv6", as in the plan's fields and
    /// their JSON Pointers.
    pub fn from_key(key: &str) -> Option<Family> {
        Family::BOTH.into_iter().find(|f| f.key() == key)
    }

    /// The family of an address.
    pub fn of(addr: IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    /// The family of a range (a parsed range never mixes families).
    pub fn of_range(range: &AddrRange) -> Family {
        if range.is_ipv4() {
            Family::V4
        } else {
            Family::V6
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back() {
        for f in Family::BOTH {
            assert_eq!(Family::from_key(f.key()), Some(f));
        }
        assert_eq!(Family::from_key("IPv4"), None);
        assert_eq!(Family::of("2001:db8::1".parse().unwrap()), Family::V6);
        let range: AddrRange = "198.51.100.10-198.51.100.40".parse().unwrap();
        assert_eq!(Family::of_range(&range), Family::V4);
    }
}
