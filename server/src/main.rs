//! `server`: runs the console. Configuration comes from the environment (see the README).

use server::config::Config;
use server::Console;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();
    let result = Config::from_env()
        .map_err(server::StartError::from)
        .and_then(|config| {
            let runtime = server::runtime(&config).map_err(server::StartError::Serve)?;
            runtime.block_on(run(config))
        });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), server::StartError> {
    let console = Console::bind(config).await?;
    println!("The console is at http://{}", console.addr);
    if let Some(sim) = &console.sim {
        println!(
            "Upstream: the built-in simulator at {} (this machine only). Log in with the demo API key: {}",
            sim.url,
            sim::DEMO_API_KEY
        );
    }
    console.serve().await
}
