//! Seed data: a believable Vietnamese tenant, and a large one for performance work. Both are
//! deterministic (a fixed random seed, fixed dates), and usable without starting a server.

use crate::ids;
pub use crate::tenant_data::TenantData;
use omicall::models::{
    Actor, Extension, Greeting, GroupMember, IvrMenu, KeyEntry, RingGroup, FORMALITY_TTS,
    FORMALITY_UPLOAD,
};
use omicall::{ActionType, Strategy, Voice};
use std::collections::HashSet;

/// A small company, "Công ty An Phát": 64 extensions (100–163, four disabled), 3 hotlines,
/// 5 ring groups (every strategy), 3 IVR menus (a main menu leading to a technical sub-menu, and
/// an after-hours menu) and 8 greetings (5 text-to-speech, 3 uploads).
pub fn demo_tenant() -> TenantData {
    Builder::new(0x00A1_1FA7).demo()
}

/// A large call center: 10,000 extensions, 12 hotlines, 500 ring groups, 300 IVR menus and
/// 120 greetings.
pub fn scale_tenant() -> TenantData {
    Builder::new(0x5CA1E).scale()
}

const DOMAIN: &str = "anphat";
const OUTBOUND_PROXY: &str = "wss://wssvn.omicrm.com";
const MAIL_DOMAIN: &str = "anphat.vn";
/// 1 March 2023, when the demo company set up its call center.
const EPOCH_MS: i64 = 1_677_628_800_000;

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Bảo", "Hoài", "Phương",
];
const MIDDLE_MALE: &[&str] = &["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Gia"];
const GIVEN_FEMALE: &[&str] = &[
    "Hồng", "Lan", "Hương", "Linh", "Trang", "Hà", "Phương", "Thảo", "Vy", "Mai", "Ngọc", "Yến",
    "Anh", "Huyền", "Nhung", "Thủy", "Loan", "Hạnh", "Quỳnh", "Trâm",
];
const GIVEN_MALE: &[&str] = &[
    "Dũng", "Hùng", "Tuấn", "Nam", "Hải", "Long", "Sơn", "Quân", "Khánh", "Bảo", "Đạt", "Phúc",
    "Thắng", "Cường", "Hiếu", "Trung", "Vinh", "Toàn", "Đức", "Hưng",
];
const DEPARTMENTS: &[&str] = &[
    "Kinh doanh",
    "Chăm sóc khách hàng",
    "Hỗ trợ kỹ thuật",
    "Kế toán",
    "Bảo hành",
    "Giao hàng",
    "Tuyển dụng",
    "Đối tác",
];
const BRANCHES: &[&str] = &[
    "Hà Nội",
    "Hồ Chí Minh",
    "Đà Nẵng",
    "Hải Phòng",
    "Cần Thơ",
    "Nha Trang",
];
const KEYS: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"];

struct Builder {
    rng: fastrand::Rng,
    clock: i64,
    tenant_id: String,
    admin: Actor,
    emails: HashSet<String>,
    group_numbers: HashSet<u32>,
    script_numbers: HashSet<u32>,
}

/// A key or fallback of a menu being seeded.
type Action = (ActionType, String);

impl Builder {
    fn new(seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        let tenant_id = ids::object_id(&mut rng);
        let admin = Actor {
            id: Some(ids::object_id(&mut rng)),
            name: Some("Quản trị An Phát".to_owned()),
        };
        Self {
            rng,
            clock: EPOCH_MS,
            tenant_id,
            admin,
            emails: HashSet::new(),
            group_numbers: HashSet::new(),
            script_numbers: HashSet::new(),
        }
    }

    /// Moves the clock on by up to `max_minutes` and answers the new time.
    fn tick(&mut self, max_minutes: i64) -> i64 {
        self.clock += self.rng.i64(1..=max_minutes) * 60_000;
        self.clock
    }

    fn person(&mut self) -> String {
        let family = FAMILY[self.rng.usize(..FAMILY.len())];
        let (middle, given) = if self.rng.bool() {
            (MIDDLE_FEMALE, GIVEN_FEMALE)
        } else {
            (MIDDLE_MALE, GIVEN_MALE)
        };
        let middle = middle[self.rng.usize(..middle.len())];
        let given = given[self.rng.usize(..given.len())];
        format!("{family} {middle} {given}")
    }

    /// `given.family@…`, unsigned and lower case, numbered when taken.
    fn email(&mut self, full_name: &str) -> String {
        let words: Vec<String> = omicall::text::search_key(full_name)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let base = match (words.first(), words.last()) {
            (Some(family), Some(given)) => format!("{given}.{family}"),
            _ => "nhanvien".to_owned(),
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.emails.contains(&candidate) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        self.emails.insert(candidate.clone());
        format!("{candidate}@{MAIL_DOMAIN}")
    }

    fn password(&mut self) -> String {
        const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
        (0..10)
            .map(|_| char::from(ALPHABET[self.rng.usize(..ALPHABET.len())]))
            .collect()
    }

    fn extension(
        &mut self,
        sip_user: u32,
        full_name: String,
        hotline: &str,
        enabled: bool,
    ) -> Extension {
        let created = self.tick(180);
        let updated = created + self.rng.i64(0..=30 * 24 * 60) * 60_000;
        Extension {
            domain: Some(DOMAIN.to_owned()),
            outbound_proxy: Some(OUTBOUND_PROXY.to_owned()),
            sip_user: sip_user.to_string(),
            password: Some(self.password()),
            email: Some(self.email(&full_name)),
            full_name: Some(full_name),
            agent_id: Some(ids::object_id(&mut self.rng)),
            public_number: Some(hotline.to_owned()),
            last_updated_date: Some(updated),
            created_date: Some(created),
            enabled: Some(enabled),
        }
    }

    fn number(&mut self, digits: u32) -> String {
        let low = 10u32.pow(digits - 1);
        let high = 10u32.pow(digits) - 1;
        loop {
            let n = self.rng.u32(low..=high);
            let taken = if digits == 5 {
                &mut self.group_numbers
            } else {
                &mut self.script_numbers
            };
            if taken.insert(n) {
                return n.to_string();
            }
        }
    }

    fn tts(&mut self, name: &str, text: &str, voice: Voice, speed: i64) -> Greeting {
        let mut greeting = self.greeting(name, FORMALITY_TTS);
        greeting.content = Some(text.to_owned());
        greeting.voice = Some(voice);
        greeting.speed = Some(speed);
        greeting
    }

    fn greeting(&mut self, name: &str, formality: &str) -> Greeting {
        let created = self.tick(60 * 24);
        Greeting {
            id: ids::object_id(&mut self.rng),
            created_date: Some(created),
            last_updated_date: Some(created),
            create_by: None,
            last_update_by: None,
            tenant_id: Some(self.tenant_id.clone()),
            greeting_name: name.to_owned(),
            greeting_name_unsigned: Some(omicall::text::unsigned(name)),
            formality: Some(formality.to_owned()),
            recording_file: Some(ids::recording_file(&mut self.rng)),
            content: None,
            voice: None,
            speed: None,
            is_deleted: Some(false),
            is_hidden_in_list: None,
        }
    }

    fn group(
        &mut self,
        id: String,
        name: &str,
        strategy: Strategy,
        members: &[&Extension],
        timeout: i64,
        target: Option<Action>,
    ) -> RingGroup {
        let created = self.tick(60 * 24);
        let updated = created + self.rng.i64(0..=60 * 24 * 14) * 60_000;
        let (target_timeout_type, target_timeout) = match target {
            Some((kind, id)) => (Some(kind), Some(id)),
            None => (None, None),
        };
        RingGroup {
            group_number: Some(self.number(5)),
            created_date: Some(created),
            last_updated_date: Some(updated),
            last_update_by: (updated > created).then(|| self.admin.clone()),
            members: members
                .iter()
                .zip(0..)
                .map(|(ext, order)| GroupMember {
                    contact_id: ext.agent_id.as_deref().map(ids::contact_id_of),
                    agent_id: ext.agent_id.clone(),
                    order: Some(order),
                    view: None,
                    timeout: Some(timeout),
                    sip_user: None,
                    hold_music_id: None,
                })
                .collect(),
            target_timeout_type,
            target_timeout,
            ..crate::state::new_group(id, &self.tenant_id, name, strategy, &self.admin)
        }
    }

    fn menu(&mut self, id: String, name: &str, plan: MenuPlan) -> IvrMenu {
        let created = self.tick(60 * 24);
        let updated = created + self.rng.i64(0..=60 * 24 * 14) * 60_000;
        let (action_type, action) = match plan.fallback {
            Some((kind, id)) => (Some(kind), Some(id)),
            None => (None, None),
        };
        IvrMenu {
            id,
            tenant_id: Some(self.tenant_id.clone()),
            script_name: name.to_owned(),
            script_name_unsigned: Some(omicall::text::unsigned(name)),
            script_number: Some(self.number(6)),
            greeting_id: Some(plan.greeting),
            greeting_name: None,
            greeting_short_id: plan.short_greeting,
            greeting_short_name: None,
            note: None,
            created_date: Some(created),
            created_by: Some(self.admin.clone()),
            last_updated_date: Some(updated),
            last_updated_by: (updated > created).then(|| self.admin.clone()),
            is_deleted: Some(false),
            scripts: plan
                .keys
                .into_iter()
                .map(|(ivr, (kind, id))| KeyEntry {
                    key: None,
                    action_type: Some(kind),
                    action: Some(id),
                    action_name: None,
                    ivr: ivr.to_owned(),
                })
                .collect(),
            time_out: Some(plan.time_out),
            action_type,
            action,
            action_name: None,
            invalid_sound_id: plan.invalid_sound,
            invalid_sound_name: None,
            max_failure: Some(plan.max_failure),
            ivr_direct_menu_dial: Some(false),
        }
    }

    fn demo(mut self) -> TenantData {
        let hotlines: Vec<String> = ["02473001234", "02873005678", "02363009999"]
            .map(String::from)
            .to_vec();
        let named = [
            "Nguyễn Thị Hồng",
            "Trần Văn Dũng",
            "Lê Hoàng Nam",
            "Phạm Thu Hà",
            "Đỗ Thị Hồng Vy",
            "Hoàng Minh Tuấn",
            "Vũ Ngọc Lan",
            "Bùi Đức Thắng",
        ];
        let disabled = [109, 127, 146, 158];
        let mut extensions = Vec::new();
        for sip_user in 100..164u32 {
            let name = match named.get((sip_user - 100) as usize) {
                Some(name) => (*name).to_owned(),
                None => self.person(),
            };
            // Sales and accounting call out from Hà Nội, support from Hồ Chí Minh City,
            // engineers from Đà Nẵng.
            let hotline = match sip_user {
                112..=127 => &hotlines[1],
                128..=139 => &hotlines[2],
                _ => &hotlines[0],
            };
            let enabled = !disabled.contains(&sip_user);
            extensions.push(self.extension(sip_user, name, hotline, enabled));
        }
        let ext = |sip: u32| &extensions[(sip - 100) as usize];

        let voicemail = ids::object_id(&mut self.rng);
        let g_sales = ids::object_id(&mut self.rng);
        let g_care = ids::object_id(&mut self.rng);
        let g_tech = ids::object_id(&mut self.rng);
        let g_accounts = ids::object_id(&mut self.rng);
        let g_night = ids::object_id(&mut self.rng);
        let m_main = ids::object_id(&mut self.rng);
        let m_tech = ids::object_id(&mut self.rng);
        let m_after = ids::object_id(&mut self.rng);

        let greetings =
            vec![
            self.tts(
                "Lời chào tổng đài",
                "Xin chào, nhấn phím 1 để gặp kinh doanh, nhấn phím 2 để gặp chăm sóc khách hàng, \
                 nhấn phím 3 để được hỗ trợ kỹ thuật, nhấn phím 0 để gặp kế toán.",
                Voice::BanMai,
                0,
            ),
            self.tts("Lời chào ngắn", "Xin mời quý khách chọn phím.", Voice::LanNhi, 1),
            self.tts(
                "Phím không hợp lệ",
                "Phím quý khách vừa chọn không hợp lệ, xin vui lòng thử lại.",
                Voice::BanMai,
                0,
            ),
            self.tts(
                "Menu hỗ trợ kỹ thuật",
                "Nhấn phím 1 để được hỗ trợ phần mềm, nhấn phím 2 để được hỗ trợ phần cứng, \
                 nhấn phím sao để quay lại menu chính.",
                Voice::LeMinh,
                -1,
            ),
            self.tts(
                "Ngoài giờ làm việc",
                "Cảm ơn quý khách đã gọi đến Công ty An Phát. Hiện đã ngoài giờ làm việc, giờ làm \
                 việc của chúng tôi từ 8 giờ đến 17 giờ 30, thứ Hai đến thứ Bảy. Nhấn phím 1 để \
                 gặp nhân viên trực.",
                Voice::LanNhi,
                0,
            ),
            self.greeting("Nhạc chờ mặc định", FORMALITY_UPLOAD),
            self.greeting("Xin lỗi, tất cả tổng đài viên đang bận", FORMALITY_UPLOAD),
            self.greeting("Thông báo nghỉ lễ 30-4", FORMALITY_UPLOAD),
        ];
        let greeting_id = |i: usize| greetings[i].id.clone();

        let members =
            |range: std::ops::RangeInclusive<u32>| -> Vec<&Extension> { range.map(ext).collect() };
        let groups = vec![
            self.group(
                g_sales.clone(),
                "Nhóm Kinh doanh",
                Strategy::Simultaneous,
                &members(100..=111),
                30,
                Some((ActionType::Recording, greeting_id(6))),
            ),
            self.group(
                g_care.clone(),
                "Nhóm Chăm sóc khách hàng",
                Strategy::Sequential,
                &members(112..=127),
                20,
                Some((ActionType::RingGroup, g_sales.clone())),
            ),
            self.group(
                g_tech.clone(),
                "Nhóm Hỗ trợ kỹ thuật",
                Strategy::Random,
                &members(128..=139),
                25,
                Some((ActionType::VoiceMail, voicemail.clone())),
            ),
            self.group(
                g_accounts.clone(),
                "Nhóm Kế toán",
                Strategy::Sequential,
                &members(140..=145),
                30,
                None,
            ),
            self.group(
                g_night.clone(),
                "Nhóm trực ngoài giờ",
                Strategy::Random,
                &[101, 113, 118, 130, 135].map(ext),
                40,
                Some((ActionType::VoiceMail, voicemail.clone())),
            ),
        ];

        let menus = vec![
            self.menu(
                m_main.clone(),
                "Tổng đài chính",
                MenuPlan {
                    greeting: greeting_id(0),
                    short_greeting: Some(greeting_id(1)),
                    invalid_sound: Some(greeting_id(2)),
                    keys: vec![
                        ("1", (ActionType::RingGroup, g_sales.clone())),
                        ("2", (ActionType::RingGroup, g_care.clone())),
                        ("3", (ActionType::IvrMenu, m_tech.clone())),
                        ("0", (ActionType::RingGroup, g_accounts.clone())),
                    ],
                    fallback: Some((ActionType::RingGroup, g_care.clone())),
                    time_out: 5,
                    max_failure: 3,
                },
            ),
            self.menu(
                m_tech.clone(),
                "Hỗ trợ kỹ thuật",
                MenuPlan {
                    greeting: greeting_id(3),
                    short_greeting: None,
                    invalid_sound: Some(greeting_id(2)),
                    keys: vec![
                        ("1", (ActionType::RingGroup, g_tech.clone())),
                        ("2", (ActionType::RingGroup, g_tech.clone())),
                        ("*", (ActionType::IvrMenu, m_main.clone())),
                    ],
                    fallback: Some((ActionType::VoiceMail, voicemail)),
                    time_out: 5,
                    max_failure: 2,
                },
            ),
            self.menu(
                m_after,
                "Ngoài giờ làm việc",
                MenuPlan {
                    greeting: greeting_id(4),
                    short_greeting: None,
                    invalid_sound: None,
                    keys: vec![("1", (ActionType::RingGroup, g_night))],
                    fallback: Some((ActionType::Recording, greeting_id(6))),
                    time_out: 8,
                    max_failure: 1,
                },
            ),
        ];

        TenantData {
            extensions,
            hotlines,
            groups,
            menus,
            greetings,
        }
    }

    fn scale(mut self) -> TenantData {
        const EXTENSIONS: u32 = 10_000;
        const GROUPS: usize = 500;
        const MENUS: usize = 300;
        const GREETINGS: usize = 120;

        let hotlines: Vec<String> = (0..12)
            .map(|i| {
                let area = ["024", "028", "0236"][i % 3];
                format!("{area}7300{:04}", 1000 + i * 37)
            })
            .collect();
        let extensions: Vec<Extension> = (0..EXTENSIONS)
            .map(|i| {
                let name = self.person();
                let hotline = hotlines[i as usize % hotlines.len()].clone();
                let enabled = self.rng.u8(..100) >= 3;
                self.extension(100 + i, name, &hotline, enabled)
            })
            .collect();

        let greetings: Vec<Greeting> = (0..GREETINGS)
            .map(|i| {
                let department = DEPARTMENTS[i % DEPARTMENTS.len()];
                let branch = BRANCHES[i / DEPARTMENTS.len() % BRANCHES.len()];
                let name = format!("Lời chào {department} {branch} {:03}", i + 1);
                if i % 3 == 2 {
                    self.greeting(&name, FORMALITY_UPLOAD)
                } else {
                    let text = format!(
                        "Xin chào, quý khách đã gọi đến bộ phận {} chi nhánh {branch}. \
                         Vui lòng chờ trong giây lát.",
                        department.to_lowercase()
                    );
                    let voice = [Voice::BanMai, Voice::LeMinh, Voice::LanNhi][i % 3].clone();
                    self.tts(&name, &text, voice, (i % 7) as i64 - 3)
                }
            })
            .collect();

        let group_ids: Vec<String> = (0..GROUPS).map(|_| ids::object_id(&mut self.rng)).collect();
        let menu_ids: Vec<String> = (0..MENUS).map(|_| ids::object_id(&mut self.rng)).collect();
        let voicemail = ids::object_id(&mut self.rng);

        let mut groups = Vec::with_capacity(GROUPS);
        for (i, id) in group_ids.iter().enumerate() {
            let department = DEPARTMENTS[i % DEPARTMENTS.len()];
            let branch = BRANCHES[i / DEPARTMENTS.len() % BRANCHES.len()];
            let name = format!("Nhóm {department} {branch} {:03}", i + 1);
            let strategy = [
                Strategy::Simultaneous,
                Strategy::Sequential,
                Strategy::Random,
            ][i % 3]
                .clone();
            let size = self.rng.usize(5..=30);
            let start = self.rng.usize(..extensions.len() - size);
            let members: Vec<&Extension> = extensions[start..start + size].iter().collect();
            let target = match i % 4 {
                0 if i > 0 => Some((
                    ActionType::RingGroup,
                    group_ids[self.rng.usize(..i)].clone(),
                )),
                1 => Some((
                    ActionType::Recording,
                    greetings[self.rng.usize(..greetings.len())].id.clone(),
                )),
                2 => Some((ActionType::VoiceMail, voicemail.clone())),
                _ => None,
            };
            let timeout = [15, 20, 30, 45][i % 4];
            groups.push(self.group(id.clone(), &name, strategy, &members, timeout, target));
        }

        let mut menus = Vec::with_capacity(MENUS);
        for (i, id) in menu_ids.iter().enumerate() {
            let department = DEPARTMENTS[i % DEPARTMENTS.len()];
            let branch = BRANCHES[i / DEPARTMENTS.len() % BRANCHES.len()];
            let name = format!("Kịch bản {department} {branch} {:03}", i + 1);
            let key_count = self.rng.usize(2..=8);
            let keys = KEYS[..key_count]
                .iter()
                .map(|key| {
                    let action = if self.rng.u8(..4) == 0 {
                        (
                            ActionType::IvrMenu,
                            menu_ids[self.rng.usize(..MENUS)].clone(),
                        )
                    } else {
                        (
                            ActionType::RingGroup,
                            group_ids[self.rng.usize(..GROUPS)].clone(),
                        )
                    };
                    (*key, action)
                })
                .collect();
            let plan = MenuPlan {
                greeting: greetings[self.rng.usize(..GREETINGS)].id.clone(),
                short_greeting: None,
                invalid_sound: Some(greetings[self.rng.usize(..GREETINGS)].id.clone()),
                keys,
                fallback: Some((
                    ActionType::RingGroup,
                    group_ids[self.rng.usize(..GROUPS)].clone(),
                )),
                time_out: self.rng.i64(3..=10),
                max_failure: self.rng.i64(1..=3),
            };
            menus.push(self.menu(id.clone(), &name, plan));
        }

        TenantData {
            extensions,
            hotlines,
            groups,
            menus,
            greetings,
        }
    }
}

/// What a seeded menu plays and where its keys lead.
struct MenuPlan {
    greeting: String,
    short_greeting: Option<String>,
    invalid_sound: Option<String>,
    keys: Vec<(&'static str, Action)>,
    fallback: Option<Action>,
    time_out: i64,
    max_failure: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Tenant;

    fn is_hex24(id: &str) -> bool {
        id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit())
    }

    fn assert_consistent(data: &TenantData) {
        let tenant = Tenant::from_data(data.clone(), None);
        assert_eq!(tenant.dangling_references(), Vec::<String>::new());
        let sip: HashSet<&str> = data
            .extensions
            .iter()
            .map(|e| e.sip_user.as_str())
            .collect();
        assert_eq!(sip.len(), data.extensions.len(), "sip_users are unique");
        let mails: HashSet<_> = data.extensions.iter().map(|e| e.email.clone()).collect();
        assert_eq!(mails.len(), data.extensions.len(), "emails are unique");
        let numbers: HashSet<_> = data.groups.iter().map(|g| g.group_number.clone()).collect();
        assert_eq!(numbers.len(), data.groups.len());
        assert!(data
            .groups
            .iter()
            .all(|g| g.group_number.as_deref().is_some_and(|n| n.len() == 5)));
        let names: HashSet<_> = data
            .menus
            .iter()
            .map(|m| omicall::text::search_key(&m.script_name))
            .collect();
        assert_eq!(names.len(), data.menus.len(), "menu names are unique");
        assert!(data
            .menus
            .iter()
            .all(|m| m.script_number.as_deref().is_some_and(|n| n.len() == 6)));
        let ids = data
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .chain(data.menus.iter().map(|m| m.id.as_str()))
            .chain(data.greetings.iter().map(|g| g.id.as_str()))
            .chain(data.extensions.iter().filter_map(|e| e.agent_id.as_deref()));
        assert!(ids.clone().all(is_hex24));
        assert_eq!(
            ids.clone().collect::<HashSet<_>>().len(),
            ids.count(),
            "ids are unique"
        );
        for hotline in data
            .extensions
            .iter()
            .filter_map(|e| e.public_number.as_ref())
        {
            assert!(data.hotlines.contains(hotline));
        }
    }

    #[test]
    fn the_demo_tenant_is_believable_and_consistent() {
        let data = demo_tenant();
        assert_consistent(&data);
        assert_eq!(data.extensions.len(), 64);
        assert_eq!(
            data.extensions[0].full_name.as_deref(),
            Some("Nguyễn Thị Hồng")
        );
        assert_eq!(data.extensions[0].sip_user, "100");
        let disabled = data
            .extensions
            .iter()
            .filter(|e| e.enabled == Some(false))
            .count();
        assert_eq!(disabled, 4);
        assert_eq!(data.hotlines.len(), 3);
        assert_eq!(data.groups.len(), 5);
        for strategy in Strategy::KNOWN {
            assert!(data
                .groups
                .iter()
                .any(|g| g.strategy.as_ref() == Some(strategy)));
        }
        assert!(data.groups.iter().all(|g| !g.members.is_empty()));
        assert_eq!(data.menus.len(), 3);
        let main = &data.menus[0];
        assert!(main
            .scripts
            .iter()
            .any(|k| k.action_type == Some(ActionType::IvrMenu)));
        assert_eq!(data.greetings.len(), 8);
        let tts = data.greetings.iter().filter(|g| g.is_tts()).count();
        assert!((3..8).contains(&tts), "some TTS, some uploads");
        assert!(data.greetings[0]
            .content
            .as_deref()
            .is_some_and(|c| c.starts_with("Xin chào, nhấn phím 1")));
    }

    #[test]
    fn seeding_is_deterministic() {
        assert_eq!(demo_tenant(), demo_tenant());
    }

    #[test]
    fn the_scale_tenant_has_the_promised_size_and_is_consistent() {
        let data = scale_tenant();
        assert_eq!(data.extensions.len(), 10_000);
        assert_eq!(data.groups.len(), 500);
        assert_eq!(data.menus.len(), 300);
        assert!(data.greetings.len() >= 100);
        assert_consistent(&data);
    }
}
