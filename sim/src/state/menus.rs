//! IVR menus ("kịch bản bấm phím").

use super::{Target, Tenant};
use crate::ids;
use crate::input::PageRequest;
use crate::reply::Refusal;
use omicall::models::{IvrMenu, KeyEntry};
use omicall::{ActionType, Page};

/// One key of a menu being saved; no target is a key shown but not configured, as the
/// reference's example has.
#[derive(Debug, Clone)]
pub(crate) struct KeyInput {
    pub ivr: String,
    pub target: Option<Target>,
}

/// The body of `key-interaction/add` and `/update/:id`, read and type-checked.
#[derive(Debug, Clone)]
pub(crate) struct MenuInput {
    pub script_name: String,
    pub greeting_id: String,
    pub greeting_short_id: Option<String>,
    pub invalid_sound_id: Option<String>,
    pub max_failure: i64,
    pub time_out: i64,
    pub scripts: Vec<KeyInput>,
    pub fallback: Option<Target>,
}

impl Tenant {
    /// `key-interaction/list`: newest first, searched over name and number.
    pub(crate) fn list_menus(&self, req: &PageRequest) -> Page<IvrMenu> {
        let matching = self.menus.iter().rev().filter(|m| {
            req.matches([
                m.script_name.as_str(),
                m.script_number.as_deref().unwrap_or(""),
            ])
        });
        req.paginate(matching)
    }

    fn menu_record(&self, id: &str) -> Result<usize, Refusal> {
        self.menu_position(id)
            .ok_or_else(|| Refusal::not_found("id", "IVR menu", id))
    }

    /// Every rule of a menu: a unique name, existing greetings, keys 0-9/*/# once each, and
    /// targets that exist.
    fn check_menu(&self, input: &MenuInput, own: Option<&str>) -> Result<(), Refusal> {
        let taken = self.menus.iter().any(|m| {
            Some(m.id.as_str()) != own
                && omicall::rules::same_name(&m.script_name, &input.script_name)
        });
        if taken {
            return Err(Refusal::Duplicate {
                field: "script_name".to_owned(),
                value: input.script_name.clone(),
            });
        }
        self.check_greeting("greeting_id", &input.greeting_id)?;
        for (field, id) in [
            ("greeting_short_id", &input.greeting_short_id),
            ("invalid_sound_id", &input.invalid_sound_id),
        ] {
            if let Some(id) = id {
                self.check_greeting(field, id)?;
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, key) in input.scripts.iter().enumerate() {
            if omicall::rules::parse_key(&key.ivr).is_none() {
                return Err(Refusal::Rule(format!(
                    "scripts[{i}].ivr: '{}' is not a key (0-9, * or #)",
                    key.ivr
                )));
            }
            if seen.contains(&key.ivr.as_str()) {
                return Err(Refusal::Repeated {
                    field: "scripts".to_owned(),
                    value: format!("key {}", key.ivr),
                });
            }
            seen.push(&key.ivr);
            if let Some(target) = &key.target {
                self.check_target(&format!("scripts[{i}].action"), target, own, None)?;
            }
        }
        if let Some(target) = &input.fallback {
            self.check_target("action", target, own, None)?;
        }
        Ok(())
    }

    fn key_entries(scripts: Vec<KeyInput>) -> Vec<KeyEntry> {
        scripts
            .into_iter()
            .map(|key| {
                let (action_type, action) = Target::into_parts(key.target);
                KeyEntry {
                    key: None,
                    action_type,
                    action,
                    action_name: None,
                    ivr: key.ivr,
                }
            })
            .collect()
    }

    /// `key-interaction/add`.
    pub(crate) fn add_menu(
        &mut self,
        input: MenuInput,
        rng: &mut fastrand::Rng,
    ) -> Result<IvrMenu, Refusal> {
        self.check_menu(&input, None)?;
        let taken: Vec<Option<&str>> = self
            .menus
            .iter()
            .map(|m| m.script_number.as_deref())
            .collect();
        let number = self
            .free_number(6, &taken, rng)
            .ok_or_else(|| Refusal::Rule("no free 6-digit script number is left".to_owned()))?;
        let now = ids::now_ms();
        let (action_type, action) = Target::into_parts(input.fallback);
        let menu = IvrMenu {
            id: ids::object_id(rng),
            tenant_id: Some(self.tenant_id.clone()),
            script_name_unsigned: Some(omicall::text::unsigned(&input.script_name)),
            script_name: input.script_name,
            script_number: Some(number),
            greeting_id: Some(input.greeting_id),
            greeting_name: None,
            greeting_short_id: input.greeting_short_id,
            greeting_short_name: None,
            note: None,
            created_date: Some(now),
            created_by: Some(self.admin.clone()),
            last_updated_date: Some(now),
            last_updated_by: None,
            is_deleted: Some(false),
            scripts: Self::key_entries(input.scripts),
            time_out: Some(input.time_out),
            action_type,
            action,
            action_name: None,
            invalid_sound_id: input.invalid_sound_id,
            invalid_sound_name: None,
            max_failure: Some(input.max_failure),
            ivr_direct_menu_dial: Some(false),
        };
        self.menus.push(menu.clone());
        Ok(menu)
    }

    /// `key-interaction/update/:id`: replaces everything the body names (absent optional ids
    /// clear them).
    pub(crate) fn update_menu(&mut self, id: &str, input: MenuInput) -> Result<IvrMenu, Refusal> {
        let position = self.menu_record(id)?;
        self.check_menu(&input, Some(id))?;
        let admin = self.admin.clone();
        let menu = self
            .menus
            .get_mut(position)
            .ok_or_else(|| Refusal::not_found("id", "IVR menu", id))?;
        let (action_type, action) = Target::into_parts(input.fallback);
        menu.script_name_unsigned = Some(omicall::text::unsigned(&input.script_name));
        menu.script_name = input.script_name;
        menu.greeting_id = Some(input.greeting_id);
        menu.greeting_short_id = input.greeting_short_id;
        menu.invalid_sound_id = input.invalid_sound_id;
        menu.max_failure = Some(input.max_failure);
        menu.time_out = Some(input.time_out);
        menu.scripts = Self::key_entries(input.scripts);
        menu.action_type = action_type;
        menu.action = action;
        menu.last_updated_date = Some(ids::now_ms());
        menu.last_updated_by = Some(admin);
        Ok(menu.clone())
    }

    /// `key-interaction/delete/:id`: refused while another menu or a group leads to it.
    pub(crate) fn delete_menu(&mut self, id: &str) -> Result<(), Refusal> {
        let position = self.menu_record(id)?;
        let users = self.users_of(&ActionType::IvrMenu, id);
        if !users.is_empty() {
            return Err(Refusal::InUse {
                what: "IVR menu",
                name: self
                    .menus
                    .get(position)
                    .map(|m| m.script_name.clone())
                    .unwrap_or_default(),
                used_by: users.join(", "),
            });
        }
        self.menus.remove(position);
        Ok(())
    }
}
