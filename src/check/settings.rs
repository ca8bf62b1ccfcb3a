//! The plan's fabric-wide settings: the format version, the AS number, the community and the FRR
//! version.

use super::checker::{Checker, ErrorCode, Reported};
use super::words::quote;
use super::Code;
use crate::model::{Asn, Community, FrrVersion};
use crate::plan::{Field, Place, PLAN_VERSION};

impl Checker<'_> {
    pub(super) fn version(&mut self) {
        let version = self.plan.version;
        if version != PLAN_VERSION {
            self.push(
                Code::VersionUnsupported,
                Place::Version,
                format!(
                    "plan version {version} is not supported; this tool reads version {PLAN_VERSION}"
                ),
                "Set \"version\" to 1 and check the plan against docs/plan-format.md.",
            );
        }
    }

    pub(super) fn asn(&mut self, n: u64, field: Field, whose: &str) -> Result<Asn, Reported> {
        Asn::new(n).ok_or_else(|| {
            let why = match n {
                0 => "is reserved (RFC 7607)",
                23456 => "is AS_TRANS, reserved for 4-byte AS transition (RFC 6793)",
                65535 => "is reserved (RFC 7300)",
                4_294_967_295 => "is reserved (RFC 7300)",
                _ => "is outside 1..4294967294",
            };
            self.refuse(
                ErrorCode::ASN_INVALID,
                field,
                format!("AS number {n} of {whose} {why}"),
                "Use the AS number your provider assigned, or a private one: 64512..65534 or 4200000000..4294967294.",
            )
        })
    }

    /// The community, if the plan has one.
    pub(super) fn community(&mut self) -> Option<Result<Community, Reported>> {
        let text = self.plan.community.as_deref()?;
        Some(match text.parse::<Community>() {
            Ok(c) => {
                if c.is_reserved() {
                    self.push(
                        Code::CommunityReserved,
                        Field::Community,
                        format!("community {c} is in a range reserved for well-known communities (0:x and 65535:x)"),
                        "Use your AS number as the first half, for example 65000:100, unless your provider asked for this value.",
                    );
                }
                Ok(c)
            }
            Err(e) => Err(self.refuse(
                ErrorCode::COMMUNITY_INVALID,
                Field::Community,
                format!("community {} {e}", quote(text)),
                "Write the community as two numbers 0..65535 separated by a colon, for example 65000:100, or remove the field.",
            )),
        })
    }

    pub(super) fn frr_version(&mut self) -> Result<FrrVersion, Reported> {
        let text = self.plan.frr_version_or_default();
        match text.parse::<FrrVersion>() {
            Ok(v) => {
                if v.major < 8 {
                    self.push(
                        Code::FrrVersionOld,
                        Field::FrrVersion,
                        format!("FRR {v} is older than FRR 8, which the configurations are written and tested for"),
                        "Install FRR 8.x or later from FRR's own package repositories on every node and route reflector, then set frr_version to it.",
                    );
                }
                Ok(v)
            }
            Err(e) => Err(self.refuse(
                ErrorCode::FRR_VERSION_INVALID,
                Field::FrrVersion,
                format!("FRR version {} {e}", quote(text)),
                "Write the oldest FRR version the configurations will run on, such as 8.4, or remove the field to use 8.4.",
            )),
        }
    }
}
