//! One tenant driven without HTTP: the IVR engine's tests execute save plans against it, so
//! they meet the very checks the simulator's routes apply, and the two cannot disagree.
//!
//! Every input is turned into the JSON the console's client sends and read by the routes' own
//! readers before the tenant's rules run, exactly as over the wire.

use crate::input::Fields;
use crate::reply::Refusal;
use crate::routes::{groups::group_input, menus::menu_input};
use crate::state::Tenant;
use crate::tenant_data::TenantData;
use omicall::models::{Extension, Greeting, IvrMenu, RingGroup};
use omicall::requests::{IvrMenuInput, RingGroupInput};
use serde::Serialize;

/// Why the tenant refused a call: the simulator's own message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl From<Refusal> for Refused {
    fn from(refusal: Refusal) -> Self {
        Refused(refusal.to_string())
    }
}

/// A tenant's menus, groups, greetings and extensions, changed one call at a time.
pub struct Ledger {
    tenant: Tenant,
    rng: fastrand::Rng,
}

impl Ledger {
    pub fn new(data: TenantData) -> Ledger {
        Ledger {
            tenant: Tenant::from_data(data, None),
            rng: fastrand::Rng::with_seed(0x1ED6E8),
        }
    }

    /// `key-interaction/add`.
    pub fn create_menu(&mut self, input: &IvrMenuInput) -> Result<IvrMenu, Refused> {
        let input = menu_input(&body(input)?)?;
        Ok(self.tenant.add_menu(input, &mut self.rng)?)
    }

    /// `key-interaction/update/:id`.
    pub fn update_menu(&mut self, id: &str, input: &IvrMenuInput) -> Result<IvrMenu, Refused> {
        let input = menu_input(&body(input)?)?;
        Ok(self.tenant.update_menu(id, input)?)
    }

    /// `key-interaction/delete/:id`.
    pub fn delete_menu(&mut self, id: &str) -> Result<(), Refused> {
        Ok(self.tenant.delete_menu(id)?)
    }

    /// `internal_group/add`.
    pub fn create_group(&mut self, input: &RingGroupInput) -> Result<RingGroup, Refused> {
        let input = group_input(&body(input)?)?;
        Ok(self.tenant.add_group(input, &mut self.rng)?)
    }

    /// `internal_group/update/:id`.
    pub fn update_group(&mut self, id: &str, input: &RingGroupInput) -> Result<RingGroup, Refused> {
        let input = group_input(&body(input)?)?;
        Ok(self.tenant.update_group(id, input)?)
    }

    /// `internal_group/delete/:id`.
    pub fn delete_group(&mut self, id: &str) -> Result<(), Refused> {
        Ok(self.tenant.delete_group(id)?)
    }

    /// Every menu, as the list endpoint answers them.
    pub fn menus(&self) -> Vec<IvrMenu> {
        self.tenant.menus.clone()
    }

    /// Every group, as the list endpoint answers them.
    pub fn groups(&self) -> Vec<RingGroup> {
        self.tenant.groups.iter().map(|r| r.group.clone()).collect()
    }

    pub fn greetings(&self) -> Vec<Greeting> {
        self.tenant.greetings.clone()
    }

    pub fn extensions(&self) -> Vec<Extension> {
        self.tenant
            .extensions
            .iter()
            .map(|r| r.extension.clone())
            .collect()
    }
}

/// The request as its JSON body.
fn body(input: &impl Serialize) -> Result<Fields, Refused> {
    match serde_json::to_value(input) {
        Ok(serde_json::Value::Object(map)) => Ok(Fields::new(map, "")),
        Ok(_) => Err(Refusal::NotAnObject.into()),
        Err(e) => Err(Refusal::BadJson(e.to_string()).into()),
    }
}
