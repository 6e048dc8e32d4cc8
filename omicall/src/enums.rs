//! Values the reference enumerates. Each keeps an `Other` fallback so that a value the vendor adds
//! tomorrow still decodes, and is written back unchanged.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every value the reference names, in its order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from(s.as_str()))
            }
        }
    };
}

open_enum! {
    /// How a ring group rings its members.
    Strategy {
        /// "Đồng thời": every member at once.
        Simultaneous => "enterprise",
        /// "Tuần tự": one after another, in member order.
        Sequential => "rollover",
        /// "Ngẫu nhiên": one after another, in random order.
        Random => "random",
    }
}

open_enum! {
    /// What a key, a fallback or a ring group's time-out leads to.
    ActionType {
        RingGroup => "Ring_group",
        IvrMenu => "Ivr_menu",
        Recording => "Recording",
        /// Not in the reference's lists, but present in its example data.
        VoiceMail => "Voice_mail",
    }
}

open_enum! {
    /// Text-to-speech voice.
    Voice {
        /// Northern female.
        BanMai => "banmai",
        /// Northern male.
        LeMinh => "leminh",
        /// Southern female.
        LanNhi => "lannhi",
    }
}

open_enum! {
    /// Call direction a hotline is assigned for.
    Direction {
        Inbound => "inbound",
        Outbound => "outbound",
    }
}

open_enum! {
    /// What `extensions/detail` looks an extension up by.
    LookupType {
        /// A third-party user name.
        UserUuid => "usr_uuid",
        SipUser => "sip_user",
        UserEmail => "user_email",
    }
}

/// Writes an optional [`ActionType`] as `""` when absent, as the vendor's listings do.
pub(crate) fn action_type_or_empty<S: Serializer>(
    v: &Option<ActionType>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_ref().map_or("", ActionType::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip_through_their_wire_names() {
        for s in Strategy::KNOWN {
            let json = serde_json::to_string(s).unwrap();
            assert_eq!(serde_json::from_str::<Strategy>(&json).unwrap(), *s);
        }
        assert_eq!(Strategy::from("rollover"), Strategy::Sequential);
        assert_eq!(ActionType::from("Voice_mail"), ActionType::VoiceMail);
    }

    #[test]
    fn an_unknown_value_is_kept_and_written_back_unchanged() {
        let v: ActionType = serde_json::from_str(r#""Hang_up""#).unwrap();
        assert_eq!(v, ActionType::Other("Hang_up".into()));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""Hang_up""#);
    }
}
