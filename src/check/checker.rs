//! The checker: it walks the plan check by check and owns the findings. A finding that leaves a
//! value of the plan unusable comes with a [`Reported`], the only way for the fabric's assembly
//! to do without that value.

use super::assembly::Checked;
use super::diagnostic::{Code, Diagnostic, Severity};
use super::vms::Placement;
use crate::plan::{Field, Place, Plan};

/// Proof that an error diagnostic is among the findings. Only [`Checker::refuse`] makes one (its
/// field is private to this module), and only with an [`ErrorCode`].
///
/// Why: the fabric is assembled from what the checks parsed. A value that the plan gives but that
/// could not be validated is held as `Result<T, Reported>`, so the assembly either has every
/// value it needs or holds this proof. "No fabric and no error" cannot happen, and no internal
/// error code is needed to cover for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reported(());

/// A code of severity error, the only kind [`Checker::refuse`] takes: each is one of the
/// constants below, whose severity is checked when the crate compiles, so a warning can never
/// stand behind a [`Reported`].
#[derive(Debug, Clone, Copy)]
pub(super) struct ErrorCode(Code);

impl ErrorCode {
    const fn new(code: Code) -> ErrorCode {
        assert!(
            matches!(code.severity(), Severity::Error),
            "a value may only be refused with an error"
        );
        ErrorCode(code)
    }

    pub(super) const ADDRESS_INVALID: ErrorCode = ErrorCode::new(Code::AddressInvalid);
    pub(super) const ADDRESS_MISSING: ErrorCode = ErrorCode::new(Code::AddressMissing);
    pub(super) const ASN_INVALID: ErrorCode = ErrorCode::new(Code::AsnInvalid);
    pub(super) const COMMUNITY_INVALID: ErrorCode = ErrorCode::new(Code::CommunityInvalid);
    pub(super) const FRR_VERSION_INVALID: ErrorCode = ErrorCode::new(Code::FrrVersionInvalid);
    pub(super) const ID_INVALID: ErrorCode = ErrorCode::new(Code::IdInvalid);
    pub(super) const NAME_INVALID: ErrorCode = ErrorCode::new(Code::NameInvalid);
    pub(super) const POOL_INVALID: ErrorCode = ErrorCode::new(Code::PoolInvalid);
    pub(super) const PROTECTION_INVALID: ErrorCode = ErrorCode::new(Code::ProtectionInvalid);
    pub(super) const VM_UNKNOWN_NODE: ErrorCode = ErrorCode::new(Code::VmUnknownNode);
}

pub(super) struct Checker<'a> {
    pub(super) plan: &'a Plan,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(plan: &'a Plan) -> Checker<'a> {
        Checker {
            plan,
            out: Vec::new(),
        }
    }

    /// The findings, in the order they were made.
    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }

    pub(super) fn push(
        &mut self,
        code: Code,
        place: impl Into<Place>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.out.push(Diagnostic::new(code, place, message, help));
    }

    /// Reports a finding that follows from a mistake at `cause` (when there is one), so that
    /// it can be shown under it.
    pub(super) fn push_because(
        &mut self,
        cause: Option<Field>,
        code: Code,
        place: impl Into<Place>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let mut d = Diagnostic::new(code, place, message, help);
        d.cause = cause;
        self.out.push(d);
    }

    /// Reports an error that leaves a value of the plan unusable, and returns the proof of it.
    pub(super) fn refuse(
        &mut self,
        code: ErrorCode,
        place: impl Into<Place>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Reported {
        self.push(code.0, place, message, help);
        Reported(())
    }

    /// Runs every check in the order its findings are listed, and keeps what was parsed.
    pub(super) fn run(&mut self) -> Checked {
        let plan = self.plan;
        self.version();
        let id = self.fabric_id();
        let asn = self.asn(plan.asn, Field::Asn, "the fabric");
        let community = self.community();
        let frr_version = self.frr_version();
        let names = self.names();
        let network = self.gateway_and_underlay();
        let pools = self.pools(names.pools);
        let devices = self.devices(names.devices, &network, &pools);
        self.gateway_usage(&network, &pools);
        self.reflectors(&devices, &pools);
        let cores = self.cores(&devices, &pools, asn.ok());
        self.ebgp_next_hops(&devices, &cores, asn.ok(), &network);
        let placement = Placement::of(plan);
        self.nodes(&devices, &pools, &placement);
        let vms = self.vms(names.vms, &pools, &placement);
        // VMs per node, as the placement found them: the diagram's count.
        let mut vms_per_node = vec![0usize; plan.nodes.len()];
        for n in placement.vm_node.iter().flatten() {
            // The placement's node indices are indices into the plan's nodes.
            if let Some(count) = vms_per_node.get_mut(*n) {
                *count += 1;
            }
        }
        self.router_ids(&devices);
        let protection = self.protection();
        Checked {
            id,
            asn,
            community,
            frr_version,
            network,
            pools,
            devices,
            cores,
            vms,
            vms_per_node,
            protection,
        }
    }
}
