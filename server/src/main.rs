//! `server`: runs the console. Configuration comes from the environment (see the README).

use server::config::Config;
use server::Console;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err}");
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), server::StartError> {
    let config = Config::from_env()?;
    let embedded = config.upstream == server::config::Upstream::EmbeddedSim;
    let console = Console::bind(config).await?;
    println!("The console is at http://{}", console.addr);
    if embedded {
        println!(
            "Upstream: the built-in simulator. Log in with the demo API key: {}",
            sim::DEMO_API_KEY
        );
    }
    console.serve().await
}
