//! Validation, planning and simulation on the simulator's scale tenant (300 menus, 500 groups,
//! 10,000 extensions). Validation runs on every edit in the browser; the aim is under 5 ms.
//!
//! `cargo bench -p app --bench ivr -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, Criterion};
use ivr::{
    plan, simulate, validate, Agent, CallerEvent, Flow, History, NodeId, Op, Target, Validator,
    KEYPAD,
};
use std::hint::black_box;

fn scale_flow() -> Flow {
    let data = sim::seed::scale_tenant();
    let agents: Vec<Agent> = data.extensions.iter().filter_map(Agent::of).collect();
    Flow::from_omicall(data.menus, data.groups, data.greetings, &agents)
}

/// A working session's worth of edits: new sub-menus (two leading to each other), renames,
/// moved keys, a group's time-out pointed at a new menu, and deleted menus.
fn edited(loaded: &Flow) -> Flow {
    let mut flow = loaded.clone();
    let mut history = History::new();
    let menus: Vec<NodeId> = loaded.menus().map(|m| m.id.clone()).collect();
    let groups: Vec<NodeId> = loaded.groups().map(|g| g.id.clone()).collect();
    let greeting = loaded.recordings().next().map(|r| r.id().to_owned());
    let mut apply = |flow: &mut Flow, op: Op| history.apply(flow, op).ok();
    let mut drafts = Vec::new();
    for (i, menu) in menus.iter().take(10).enumerate() {
        let free = flow
            .menu(menu)
            .and_then(|m| KEYPAD.into_iter().find(|k| m.target_of(*k).is_none()));
        let Some(key) = free else { continue };
        let name = format!("Nhánh mới {i}");
        let op = Op::AddSubmenu {
            menu: menu.clone(),
            key,
            name,
        };
        if let Some(draft) = apply(&mut flow, op).and_then(|e| e.created) {
            apply(
                &mut flow,
                Op::SetGreeting {
                    menu: draft.clone(),
                    greeting: greeting.clone(),
                },
            );
            let target = Some(Target::Group(groups[i].clone()));
            apply(
                &mut flow,
                Op::SetFallback {
                    menu: draft.clone(),
                    target,
                },
            );
            drafts.push(draft);
        }
    }
    if let [a, b, ..] = drafts.as_slice() {
        apply(
            &mut flow,
            Op::SetKey {
                menu: a.clone(),
                key: '1',
                target: Target::Menu(b.clone()),
            },
        );
        apply(
            &mut flow,
            Op::SetKey {
                menu: b.clone(),
                key: '1',
                target: Target::Menu(a.clone()),
            },
        );
        let target = Some(Target::Menu(a.clone()));
        apply(
            &mut flow,
            Op::SetGroupOnTimeout {
                group: groups[20].clone(),
                target,
            },
        );
    }
    for (i, menu) in menus.iter().skip(10).take(10).enumerate() {
        apply(
            &mut flow,
            Op::Rename {
                menu: menu.clone(),
                name: format!("Đổi tên {i}"),
            },
        );
        apply(
            &mut flow,
            Op::SwapKeys {
                menu: menu.clone(),
                a: '1',
                b: '2',
            },
        );
    }
    for menu in menus.iter().skip(25).take(3) {
        apply(&mut flow, Op::DeleteMenu { menu: menu.clone() });
    }
    flow
}

fn benches(c: &mut Criterion) {
    let loaded = scale_flow();
    let edited = edited(&loaded);
    let findings = validate(&edited);
    let plan_now = plan(&loaded, &edited);
    println!(
        "scale tenant: {} menus, {} groups, {} recordings; {} findings on the edited flow; \
         plan: {}",
        edited.menus().count(),
        edited.groups().count(),
        edited.recordings().count(),
        findings.len(),
        match &plan_now {
            Ok(p) => format!("{} steps", p.steps.len()),
            Err(e) => format!("refused ({e})"),
        }
    );

    c.bench_function("validate scale tenant", |b| {
        b.iter(|| validate(black_box(&loaded)))
    });
    c.bench_function("validate edited scale tenant", |b| {
        b.iter(|| validate(black_box(&edited)))
    });
    // The editor keeps a `Validator` across edits: each run below sees one edit, alternately
    // made and undone, as the browser bench's edits of a time to press a key do.
    let one_edit = |op: Op| {
        let mut after = edited.clone();
        History::new().apply(&mut after, op).ok();
        after
    };
    let first = edited.menus().next().map(|m| m.id.clone());
    if let Some(menu) = first {
        let timed_out = one_edit(Op::SetTimeOut {
            menu: menu.clone(),
            seconds: 7,
        });
        let renamed = one_edit(Op::Rename {
            menu,
            name: "Tên mới".into(),
        });
        for (name, after) in [
            ("validator, one edit of a menu's own field", &timed_out),
            ("validator, one edit of a menu's paths (a rename)", &renamed),
        ] {
            let mut validator = Validator::new();
            let mut flip = false;
            c.bench_function(name, |b| {
                b.iter(|| {
                    flip = !flip;
                    validator.check(black_box(if flip { after } else { &edited }))
                })
            });
        }
    }
    c.bench_function("plan scale tenant after a session of edits", |b| {
        b.iter(|| plan(black_box(&loaded), black_box(&edited)))
    });
    c.bench_function("load scale tenant into a flow", |b| {
        let data = sim::seed::scale_tenant();
        let agents: Vec<Agent> = data.extensions.iter().filter_map(Agent::of).collect();
        b.iter(|| {
            Flow::from_omicall(
                data.menus.clone(),
                data.groups.clone(),
                data.greetings.clone(),
                black_box(&agents),
            )
        })
    });
    let entry = ivr::validate::entry_menus(&loaded).into_iter().next();
    let events: Vec<CallerEvent> = "1213".chars().map(CallerEvent::Digit).collect();
    c.bench_function("simulate a call", |b| {
        b.iter(|| {
            entry
                .as_ref()
                .map(|entry| simulate(black_box(&loaded), entry, black_box(&events)))
        })
    });
}

criterion_group!(ivr, benches);
criterion_main!(ivr);
