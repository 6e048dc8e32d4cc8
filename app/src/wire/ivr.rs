//! IVR menus as their list gets them: each menu's keys and fallback with their targets named.

use crate::wire::groups::TargetView;
use crate::wire::list::PageView;
use serde::{Deserialize, Serialize};

/// One key of a menu and where it leads (`None`: shown but not configured).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyView {
    pub key: String,
    pub target: Option<TargetView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuRow {
    pub id: String,
    pub name: String,
    pub keys: Vec<KeyView>,
    /// Taken after no key or too many wrong ones.
    pub fallback: Option<TargetView>,
    pub greeting: Option<String>,
    pub time_out: Option<i64>,
    pub max_failure: Option<i64>,
    /// Milliseconds since the epoch.
    pub last_updated: Option<i64>,
}

pub type MenuPage = PageView<MenuRow>;
