//! A tenant's data as plain lists: what the seeds make, the state file keeps and a tenant is
//! built from.

use omicall::models::{Extension, Greeting, IvrMenu, RingGroup};

/// What a tenant holds, in creation order. Extensions carry `enabled` (`Some(false)` for a
/// disabled one) so the state survives the trip; the simulator never lists it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TenantData {
    pub extensions: Vec<Extension>,
    pub hotlines: Vec<String>,
    pub groups: Vec<RingGroup>,
    pub menus: Vec<IvrMenu>,
    pub greetings: Vec<Greeting>,
}
