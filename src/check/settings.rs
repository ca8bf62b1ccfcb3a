//! The plan's fabric-wide settings: the format version, the fabric's id, the AS number, the
//! community and the FRR version.

use super::checker::{Checker, ErrorCode, Reported};
use super::words::quote;
use super::Code;
use crate::model::{Asn, Community, FabricId, FrrVersion};
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

    /// The fabric's id, if the plan has one; without one, a warning that the core's objects
    /// keep the names of VMmanager's guide.
    pub(super) fn fabric_id(&mut self) -> Option<Result<FabricId, Reported>> {
        let Some(text) = self.plan.id.as_deref() else {
            self.push(
                Code::IdMissing,
                Field::Id,
                "the plan has no id, so the fabric's objects on the core routers take the names of VMmanager's guide (policy-statement VM, group VM, VM-COMMUNITY), which another fabric on the same core, or one set up from the guide, uses too".to_string(),
                "Give the fabric a short id of its own, such as \"fra1\" (1 to 16 characters of a-z, 0-9 and -, starting with a letter); on a running fabric, the change from the plan without it to the plan with it moves the core to the new names without a lost route (fabric-designer diff).",
            );
            return None;
        };
        Some(text.parse::<FabricId>().map_err(|e| {
            self.refuse(
                ErrorCode::ID_INVALID,
                Field::Id,
                format!("id {} {e}", quote(text)),
                "Use 1 to 16 characters of a-z, 0-9 and -, starting with a letter, such as \"fra1\": it names the fabric's objects on the core routers.",
            )
        }))
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
