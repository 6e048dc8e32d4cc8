//! The simulator's ledger as the upstream that save plans run against in the engine's tests: the
//! simulator is the one stand-in for the vendor, so the engine meets the rules the console meets
//! over HTTP. Compiled into the unit tests and the property tests alike.

use ivr::{Agent, Answer, Call, Flow, Upstream};
use omicall::models::{Extension, IvrMenu, RingGroup};
use omicall::requests::{IvrMenuInput, RingGroupInput};
use sim::seed::TenantData;
use sim::{Ledger, Refused};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The simulator refused it.
    Refused(Refused),
    /// The test made it fail ([`OnSim::fail_after`]).
    Injected,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Refused(refused) => refused.fmt(f),
            CallError::Injected => f.write_str("injected failure"),
        }
    }
}

/// One tenant in the simulator, answering calls at once.
pub struct OnSim {
    ledger: Ledger,
    calls: usize,
    fail_at: Option<usize>,
}

impl OnSim {
    /// A tenant holding `flow`'s records and greetings, with `extensions`.
    pub fn holding(flow: &Flow, extensions: Vec<Extension>) -> OnSim {
        let records = flow.to_omicall();
        OnSim::new(
            records.menus,
            records.groups,
            flow.recordings().map(|r| r.greeting().clone()).collect(),
            extensions,
        )
    }

    fn new(
        menus: Vec<IvrMenu>,
        groups: Vec<RingGroup>,
        greetings: Vec<omicall::models::Greeting>,
        extensions: Vec<Extension>,
    ) -> OnSim {
        let data = TenantData {
            extensions,
            hotlines: Vec::new(),
            groups,
            menus,
            greetings,
        };
        OnSim {
            ledger: Ledger::new(data),
            calls: 0,
            fail_at: None,
        }
    }

    /// Makes the call `calls` calls from now fail (0: the next one), changing nothing.
    pub fn fail_after(&mut self, calls: usize) {
        self.fail_at = Some(self.calls + calls);
    }

    /// Counts a call; fails it when the test asked for that.
    fn tick(&mut self) -> Result<&mut Ledger, CallError> {
        let n = self.calls;
        self.calls += 1;
        if self.fail_at == Some(n) {
            return Err(CallError::Injected);
        }
        Ok(&mut self.ledger)
    }

    /// Answers one call.
    pub fn call(&mut self, call: Call) -> Result<Answer, CallError> {
        let ledger = self.tick()?;
        match call {
            Call::CreateMenu { input } => ledger.create_menu(&input).map(Answer::Menu),
            Call::UpdateMenu { id, input } => ledger.update_menu(&id, &input).map(Answer::Menu),
            Call::DeleteMenu { id } => ledger.delete_menu(&id).map(|()| Answer::Deleted),
            Call::CreateGroup { input } => ledger.create_group(&input).map(Answer::Group),
            Call::UpdateGroup { id, input } => ledger.update_group(&id, &input).map(Answer::Group),
            Call::DeleteGroup { id } => ledger.delete_group(&id).map(|()| Answer::Deleted),
        }
        .map_err(CallError::Refused)
    }

    /// The flow as the tenant now holds it, as a fresh load reads it.
    pub fn flow(&self) -> Flow {
        let agents: Vec<Agent> = self
            .ledger
            .extensions()
            .iter()
            .filter_map(Agent::of)
            .collect();
        Flow::from_omicall(
            self.ledger.menus(),
            self.ledger.groups(),
            self.ledger.greetings(),
            &agents,
        )
    }
}

impl Upstream for OnSim {
    type Error = CallError;

    async fn create_menu(&mut self, input: &IvrMenuInput) -> Result<IvrMenu, CallError> {
        self.tick()?.create_menu(input).map_err(CallError::Refused)
    }

    async fn update_menu(&mut self, id: &str, input: &IvrMenuInput) -> Result<IvrMenu, CallError> {
        self.tick()?
            .update_menu(id, input)
            .map_err(CallError::Refused)
    }

    async fn delete_menu(&mut self, id: &str) -> Result<(), CallError> {
        self.tick()?.delete_menu(id).map_err(CallError::Refused)
    }

    async fn create_group(&mut self, input: &RingGroupInput) -> Result<RingGroup, CallError> {
        self.tick()?.create_group(input).map_err(CallError::Refused)
    }

    async fn update_group(
        &mut self,
        id: &str,
        input: &RingGroupInput,
    ) -> Result<RingGroup, CallError> {
        self.tick()?
            .update_group(id, input)
            .map_err(CallError::Refused)
    }

    async fn delete_group(&mut self, id: &str) -> Result<(), CallError> {
        self.tick()?.delete_group(id).map_err(CallError::Refused)
    }
}
