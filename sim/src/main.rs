//! The simulator as a server: `cargo run -p sim -- --listen 127.0.0.1:8787`.

use sim::{Faults, Seed, Sim, SimConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "\
sim: a simulator of the OMICall call-center API

USAGE: sim [OPTIONS]

  --listen ADDR            address to serve on (default 127.0.0.1:8787)
  --api-key KEY            accept KEY too, as its own tenant (repeatable; `demo` always works)
  --token-ttl-secs N       access token lifetime in seconds (default 86400)
  --seed demo|scale|empty  the data each tenant starts with (default demo)
  --scale                  same as --seed scale: 10,000 extensions, 500 groups, 300 menus
  --state FILE             load tenants from FILE and save every change to it
  --latency-ms N           delay every /api answer by N ms
  --reject-share F         share (0..1) of /api answers refused with -9999
  --http500-share F        share (0..1) of /api answers failing with HTTP 500
  --malformed-share F      share (0..1) of /api answers whose body is not JSON
  --hang                   hold every /api answer until faults are reset (PUT /_sim/faults)
  --control-secret SECRET  answer /_sim/... only with header x-sim-secret: SECRET
  -h, --help               this text

Logging follows RUST_LOG (default: info).";

const DEFAULT_LISTEN: &str = "127.0.0.1:8787";

#[derive(Debug)]
struct CommandLine {
    listen: SocketAddr,
    config: SimConfig,
}

#[derive(Debug)]
enum Parsed {
    Run(Box<CommandLine>),
    Help,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut listen = DEFAULT_LISTEN.to_owned();
    let mut config = SimConfig::default();
    let mut faults = Faults::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--flag=value` and `--flag value` both work.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--listen" => listen = value()?,
            "--api-key" => config.api_keys.push(value()?),
            "--control-secret" => config.control_secret = Some(value()?),
            "--token-ttl-secs" => {
                config.token_ttl = Duration::from_secs(number(&flag, &value()?)?);
            }
            "--seed" => {
                config.seed = match value()?.as_str() {
                    "demo" => Seed::Demo,
                    "scale" => Seed::Scale,
                    "empty" => Seed::Empty,
                    other => {
                        return Err(format!(
                            "--seed: unknown seed '{other}' (demo, scale or empty)"
                        ))
                    }
                }
            }
            "--scale" => config.seed = Seed::Scale,
            "--state" => config.state_file = Some(PathBuf::from(value()?)),
            "--latency-ms" => faults.latency_ms = number(&flag, &value()?)?,
            "--reject-share" => faults.reject_share = share(&flag, &value()?)?,
            "--http500-share" => faults.http500_share = share(&flag, &value()?)?,
            "--malformed-share" => faults.malformed_share = share(&flag, &value()?)?,
            "--hang" => faults.hang = true,
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    config.faults = faults;
    let listen = listen
        .parse()
        .map_err(|_| format!("--listen: '{listen}' is not an address like 127.0.0.1:8787"))?;
    Ok(Parsed::Run(Box::new(CommandLine { listen, config })))
}

fn number(flag: &str, text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{flag}: '{text}' is not a whole number"))
}

fn share(flag: &str, text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("{flag}: '{text}' is not a share from 0 to 1")),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let command = match parse(std::env::args().skip(1)) {
        Ok(Parsed::Run(command)) => command,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("{problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let CommandLine { listen, config } = *command;
    tracing::info!(
        api_keys = config.api_keys.len(),
        seed = ?config.seed,
        token_ttl_secs = config.token_ttl.as_secs(),
        state_file = ?config.state_file,
        faults = ?config.faults,
        "starting the simulator"
    );
    let started = Sim::new(config).map(|sim| sim::serve(sim, listen));
    let result = match started {
        Ok(serving) => serving.await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> CommandLine {
        match parse(args.iter().map(|s| (*s).to_owned())) {
            Ok(Parsed::Run(command)) => *command,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn no_flags_serve_the_demo_tenant_on_8787() {
        let command = run(&[]);
        assert_eq!(command.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(command.config.api_keys, vec![sim::DEMO_API_KEY]);
        assert_eq!(command.config.seed, Seed::Demo);
        assert_eq!(command.config.faults, Faults::default());
    }

    #[test]
    fn every_flag_is_read() {
        let command = run(&[
            "--listen=0.0.0.0:9000",
            "--api-key",
            "acme",
            "--api-key",
            "globex",
            "--token-ttl-secs",
            "5",
            "--scale",
            "--state",
            "/tmp/sim.json",
            "--latency-ms",
            "250",
            "--reject-share",
            "0.5",
            "--http500-share=0.1",
            "--malformed-share",
            "0.2",
            "--hang",
        ]);
        assert_eq!(command.listen.port(), 9000);
        assert_eq!(command.config.api_keys, vec!["demo", "acme", "globex"]);
        assert_eq!(command.config.token_ttl, Duration::from_secs(5));
        assert_eq!(command.config.seed, Seed::Scale);
        assert_eq!(
            command.config.state_file,
            Some(PathBuf::from("/tmp/sim.json"))
        );
        let f = command.config.faults;
        assert_eq!(f.latency_ms, 250);
        assert_eq!(
            (f.reject_share, f.http500_share, f.malformed_share),
            (0.5, 0.1, 0.2)
        );
        assert!(f.hang);
    }

    #[test]
    fn bad_flags_are_explained() {
        for (args, expected) in [
            (vec!["--listen", "nowhere"], "--listen"),
            (vec!["--reject-share", "2"], "--reject-share"),
            (vec!["--latency-ms"], "needs a value"),
            (vec!["--seed", "big"], "unknown seed"),
            (vec!["--verbose"], "unknown option"),
        ] {
            let err = parse(args.iter().map(|s| (*s).to_owned())).unwrap_err();
            assert!(err.contains(expected), "{args:?}: {err}");
        }
        assert!(matches!(parse(["--help".to_owned()]), Ok(Parsed::Help)));
    }
}
