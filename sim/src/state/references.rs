//! What points at what: menu keys and fallbacks, group timeouts, menu greetings. Used to refuse a
//! reference to nothing and the deletion of something still referenced.

use super::Tenant;
use crate::input::Fields;
use crate::reply::Refusal;
use omicall::ActionType;

/// Where a key, a menu's fallback or a group's timeout leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub kind: ActionType,
    pub id: String,
}

const KINDS: &str = "Ring_group, Ivr_menu, Recording or Voice_mail";

impl Target {
    /// Reads a type field and an id field; both blank is no target, one without the other is
    /// refused.
    pub(crate) fn read(
        fields: &Fields,
        type_field: &str,
        id_field: &str,
    ) -> Result<Option<Target>, Refusal> {
        let kind = fields.optional_text(type_field)?;
        let id = fields.optional_text(id_field)?;
        match (kind, id) {
            (None, None) => Ok(None),
            (Some(_), None) => Err(Refusal::required(fields.name(id_field))),
            (None, Some(_)) => Err(Refusal::required(fields.name(type_field))),
            (Some(kind), Some(id)) => match ActionType::from(kind.as_str()) {
                ActionType::Other(value) => Err(Refusal::UnknownValue {
                    field: fields.name(type_field),
                    value,
                    expected: KINDS.to_owned(),
                }),
                kind => Ok(Some(Target { kind, id })),
            },
        }
    }

    /// Splits into the model's optional type and id.
    pub(crate) fn into_parts(target: Option<Target>) -> (Option<ActionType>, Option<String>) {
        match target {
            Some(t) => (Some(t.kind), Some(t.id)),
            None => (None, None),
        }
    }
}

impl Tenant {
    /// Refuses a target whose id names nothing of its kind. A menu may lead back to itself (a
    /// "repeat" key); a group may not time out into itself. Voice mail ids are not checked: the
    /// reference has no voice-mail endpoint to check them against.
    pub(crate) fn check_target(
        &self,
        id_field: &str,
        target: &Target,
        own_menu: Option<&str>,
        own_group: Option<&str>,
    ) -> Result<(), Refusal> {
        let id = target.id.as_str();
        match &target.kind {
            kind if own_group
                .is_some_and(|own| omicall::rules::group_times_out_to_itself(own, kind, id)) =>
            {
                Err(Refusal::Rule(format!(
                    "{id_field}: a ring group cannot pass its unanswered calls to itself"
                )))
            }
            ActionType::RingGroup if self.group_position(id).is_none() => {
                Err(Refusal::not_found(id_field, "internal group", id))
            }
            ActionType::IvrMenu if own_menu != Some(id) && self.menu_position(id).is_none() => {
                Err(Refusal::not_found(id_field, "IVR menu", id))
            }
            ActionType::Recording => self.check_greeting(id_field, id),
            ActionType::Other(value) => Err(Refusal::UnknownValue {
                field: id_field.to_owned(),
                value: value.clone(),
                expected: KINDS.to_owned(),
            }),
            _ => Ok(()),
        }
    }

    pub(crate) fn check_greeting(&self, field: &str, id: &str) -> Result<(), Refusal> {
        match self.greeting_position(id) {
            Some(_) => Ok(()),
            None => Err(Refusal::not_found(field, "greeting", id)),
        }
    }

    /// Everything that leads to `kind`/`id`, described for a person; a menu's references to
    /// itself are left out.
    pub(crate) fn users_of(&self, kind: &ActionType, id: &str) -> Vec<String> {
        omicall::rules::usages_of(kind, id, self.groups.iter().map(|r| &r.group), &self.menus)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// References to things that do not exist, described; empty for a consistent tenant.
    pub(crate) fn dangling_references(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for rec in &self.groups {
            let g = &rec.group;
            let place = format!("group '{}' target_timeout", g.group_name);
            problems.extend(self.dangling(place, &g.target_timeout_type, &g.target_timeout, None));
            for member in &g.members {
                let agent = member.agent_id.as_deref().unwrap_or("");
                if self.extension_by_agent(agent).is_none() {
                    problems.push(format!(
                        "group '{}': member agent '{agent}' is no extension",
                        g.group_name
                    ));
                }
            }
        }
        for m in &self.menus {
            let own = Some(m.id.as_str());
            for key in &m.scripts {
                let place = format!("menu '{}' key {}", m.script_name, key.ivr);
                problems.extend(self.dangling(place, &key.action_type, &key.action, own));
            }
            let place = format!("menu '{}' fallback", m.script_name);
            problems.extend(self.dangling(place, &m.action_type, &m.action, own));
            for greeting in [&m.greeting_id, &m.greeting_short_id, &m.invalid_sound_id] {
                let place = format!("menu '{}' greeting", m.script_name);
                let recording = greeting.as_ref().map(|_| ActionType::Recording);
                problems.extend(self.dangling(place, &recording, greeting, own));
            }
        }
        problems
    }

    fn dangling(
        &self,
        place: String,
        kind: &Option<ActionType>,
        id: &Option<String>,
        own_menu: Option<&str>,
    ) -> Option<String> {
        let (Some(kind), Some(id)) = (kind, id) else {
            return None;
        };
        let target = Target {
            kind: kind.clone(),
            id: id.clone(),
        };
        self.check_target(&place, &target, own_menu, None)
            .err()
            .map(|e| e.to_string())
    }
}
