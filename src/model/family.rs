//! What is asked of an address family: reading it back from a plan key, the family of an address
//! or a range, and [`PerFamily`], one value for each family.

use super::{AddrRange, Family};
use ipnet::IpNet;
use std::net::IpAddr;
use std::ops::{Index, IndexMut};

/// One value for each address family: what the fabric keeps per family (gateways, pools,
/// session counts) and the per-family words of a configuration language, as data rather than
/// as a `match` in every function that needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PerFamily<T> {
    pub v4: T,
    pub v6: T,
}

impl<T> PerFamily<T> {
    pub const fn new(v4: T, v6: T) -> PerFamily<T> {
        PerFamily { v4, v6 }
    }

    /// The pair of `f`'s values for IPv4 and IPv6.
    pub fn from_fn(mut f: impl FnMut(Family) -> T) -> PerFamily<T> {
        PerFamily {
            v4: f(Family::V4),
            v6: f(Family::V6),
        }
    }

    /// Each family with its value, IPv4 first.
    pub fn iter(&self) -> impl Iterator<Item = (Family, &T)> {
        [(Family::V4, &self.v4), (Family::V6, &self.v6)].into_iter()
    }
}

impl PerFamily<usize> {
    /// Both families' counts together.
    pub fn total(&self) -> usize {
        self.v4 + self.v6
    }
}

impl<T> Index<Family> for PerFamily<T> {
    type Output = T;

    fn index(&self, family: Family) -> &T {
        match family {
            Family::V4 => &self.v4,
            Family::V6 => &self.v6,
        }
    }
}

impl<T> IndexMut<Family> for PerFamily<T> {
    fn index_mut(&mut self, family: Family) -> &mut T {
        match family {
            Family::V4 => &mut self.v4,
            Family::V6 => &mut self.v6,
        }
    }
}

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

    /// The family of a prefix.
    pub fn of_net(net: IpNet) -> Family {
        match net {
            IpNet::V4(_) => Family::V4,
            IpNet::V6(_) => Family::V6,
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

    #[test]
    fn a_pair_is_indexed_by_family() {
        let mut pair = PerFamily::from_fn(|f| f.key().len() + usize::from(f == Family::V6));
        assert_eq!((pair[Family::V4], pair[Family::V6]), (4, 5));
        pair[Family::V6] += 1;
        assert_eq!(pair, PerFamily::new(4, 6));
        let listed: Vec<(Family, usize)> = pair.iter().map(|(f, n)| (f, *n)).collect();
        assert_eq!(listed, [(Family::V4, 4), (Family::V6, 6)]);
    }
}
