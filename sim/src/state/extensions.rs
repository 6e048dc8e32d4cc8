//! Extensions and the hotlines they use.

use super::{ExtensionRecord, Tenant};
use crate::ids;
use crate::input::PageRequest;
use crate::reply::Refusal;
use omicall::models::{Extension, ExtensionDetail, PbxAccount};
use omicall::{Direction, LookupType, Page};
use serde::Serialize;
use std::collections::HashSet;

/// The payload of `internal_phone/status` (the reference shows none).
#[derive(Debug, Serialize)]
pub(crate) struct StatusAnswer {
    pub sip_user: String,
    pub enabled: bool,
}

/// The payload of `hotline/extension/update` (the reference shows none).
#[derive(Debug, Serialize)]
pub(crate) struct AssignAnswer {
    pub hotline: String,
    pub user_email: String,
    pub sip_user: String,
    pub directions: Vec<Direction>,
}

impl Tenant {
    /// `internal_phone/list`: newest first, searched over sip_user, email and full name.
    pub(crate) fn list_extensions(&self, req: &PageRequest) -> Page<Extension> {
        let matching = self
            .extensions
            .iter()
            .zip(&self.index.search)
            .rev()
            .filter(|(_, keys)| match &req.keyword {
                None => true,
                Some(key) => keys.iter().any(|k| k.contains(key.as_str())),
            })
            .map(|(rec, _)| &rec.extension);
        req.paginate(matching)
    }

    fn record_mut(&mut self, field: &str, sip_user: &str) -> Result<&mut ExtensionRecord, Refusal> {
        self.extension_index(sip_user)
            .and_then(|i| self.extensions.get_mut(i))
            .ok_or_else(|| Refusal::not_found(field, "extension", sip_user))
    }

    /// `internal_phone/status`.
    pub(crate) fn set_enabled(
        &mut self,
        sip_user: &str,
        enabled: bool,
    ) -> Result<StatusAnswer, Refusal> {
        let rec = self.record_mut("sip_user", sip_user)?;
        if rec.enabled != enabled {
            rec.enabled = enabled;
            rec.extension.last_updated_date = Some(ids::now_ms());
        }
        Ok(StatusAnswer {
            sip_user: sip_user.to_owned(),
            enabled,
        })
    }

    /// `extensions/detail`: exact match on the chosen identity (emails ignore case).
    pub(crate) fn extension_detail(
        &self,
        kind: &LookupType,
        keyword: &str,
    ) -> Result<ExtensionDetail, Refusal> {
        let found = match kind {
            LookupType::SipUser => self.index.by_sip_user.get(keyword),
            LookupType::UserEmail => self.index.by_email.get(&keyword.to_lowercase()),
            LookupType::UserUuid => self.index.by_uuid.get(keyword),
            LookupType::Other(value) => {
                return Err(Refusal::UnknownValue {
                    field: "type".to_owned(),
                    value: value.clone(),
                    expected: "usr_uuid, sip_user or user_email".to_owned(),
                })
            }
        };
        let rec = found.and_then(|&i| self.extensions.get(i)).ok_or_else(|| {
            Refusal::Rule(format!("keyword: no extension has {kind} '{keyword}'"))
        })?;
        let ext = &rec.extension;
        Ok(ExtensionDetail {
            extension: Some(ext.sip_user.clone()),
            full_name: ext.full_name.clone(),
            mail: ext.email.clone(),
            pbx_account: Some(PbxAccount {
                display_name: Some(ext.sip_user.clone()),
                sip_user: Some(ext.sip_user.clone()),
                sip_password: ext.password.clone(),
                sip_web_socket_server: ext.outbound_proxy.clone(),
                sip_realm: ext.domain.clone(),
                // A documentation address (RFC 5737): the simulator has no SIP side.
                sip_proxy: Some("<sip:203.0.113.10;transport=udp>".to_owned()),
                sip_proxy_port: None,
                stun_servers: Vec::new(),
                transport: ["tcp", "udp", "ws", "wss"].map(String::from).to_vec(),
                use_opus: Some(true),
                opus_quality: Some(1),
            }),
            uuid: Some(rec.uuid.clone()),
        })
    }

    /// Hotlines dedicated to some extension for calling out.
    fn dedicated_outbound(&self) -> HashSet<&str> {
        self.extensions
            .iter()
            .flat_map(|r| r.outbound.iter().map(String::as_str))
            .collect()
    }

    /// `hotline/list`: without an extension every hotline of the tenant; with one, the hotlines
    /// dedicated to it for calling out, or, if none are, every hotline not dedicated to anyone.
    pub(crate) fn hotlines_for(&self, extension: Option<&str>) -> Result<Vec<String>, Refusal> {
        let Some(sip_user) = extension else {
            return Ok(self.hotlines.clone());
        };
        let rec = self
            .extension_index(sip_user)
            .and_then(|i| self.extensions.get(i))
            .ok_or_else(|| Refusal::not_found("extension", "extension", sip_user))?;
        if !rec.outbound.is_empty() {
            return Ok(rec.outbound.clone());
        }
        let dedicated = self.dedicated_outbound();
        Ok(self
            .hotlines
            .iter()
            .filter(|h| !dedicated.contains(h.as_str()))
            .cloned()
            .collect())
    }

    /// `hotline/extension/update`: the hotline serves only this extension in each direction
    /// given, taken from whichever extension had it before.
    pub(crate) fn assign_hotline(
        &mut self,
        hotline: &str,
        user_email: &str,
        directions: Vec<Direction>,
    ) -> Result<AssignAnswer, Refusal> {
        if !self.hotlines.iter().any(|h| h == hotline) {
            return Err(Refusal::not_found("hotline", "hotline", hotline));
        }
        let target = self
            .index
            .by_email
            .get(&user_email.to_lowercase())
            .copied()
            .ok_or_else(|| Refusal::not_found("user_email", "extension with email", user_email))?;
        let outbound = directions.contains(&Direction::Outbound);
        let inbound = directions.contains(&Direction::Inbound);
        let now = ids::now_ms();
        for (i, rec) in self.extensions.iter_mut().enumerate() {
            let mine = i == target;
            for (wanted, list) in [(outbound, &mut rec.outbound), (inbound, &mut rec.inbound)] {
                let had = list.iter().any(|h| h == hotline);
                if wanted && mine && !had {
                    list.push(hotline.to_owned());
                } else if wanted && !mine && had {
                    list.retain(|h| h != hotline);
                } else {
                    continue;
                }
                rec.extension.last_updated_date = Some(now);
            }
        }
        self.refresh_public_numbers(target, outbound.then_some(hotline));
        let sip_user = self
            .extensions
            .get(target)
            .map(|r| r.extension.sip_user.clone())
            .unwrap_or_default();
        Ok(AssignAnswer {
            hotline: hotline.to_owned(),
            user_email: user_email.to_owned(),
            sip_user,
            directions,
        })
    }

    /// Keeps each extension's `public_number` (the hotline it calls out on) one it may use.
    fn refresh_public_numbers(&mut self, target: usize, new_outbound: Option<&str>) {
        let dedicated: HashSet<String> = self
            .dedicated_outbound()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let first_shared = self
            .hotlines
            .iter()
            .find(|h| !dedicated.contains(*h))
            .cloned();
        for (i, rec) in self.extensions.iter_mut().enumerate() {
            let current = rec.extension.public_number.as_deref();
            let usable = match current {
                Some(h) => rec.outbound.iter().any(|o| o == h) || !dedicated.contains(h),
                None => false,
            };
            if i == target && new_outbound.is_some() {
                rec.extension.public_number = new_outbound.map(str::to_owned);
            } else if !usable && current.is_some() {
                rec.extension.public_number = rec
                    .outbound
                    .first()
                    .cloned()
                    .or_else(|| first_shared.clone());
            }
        }
    }
}
