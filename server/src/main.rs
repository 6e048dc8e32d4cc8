//! `server`: runs the console. Configuration comes from the environment (see the README).

use server::config::Config;
use server::Console;

// One thread for the async work. Leptos 0.8's server rendering races when the resources of a
// page resolve on other worker threads: on tokio's work-stealing runtime about one page load in
// a hundred never finished (measured with 8 concurrent clients), on this runtime none in 7,000.
// The console's work is waiting on the call-center and SQLite (which has threads of its own), so
// one thread serves it; see `render_guard` for the bound on a render that stalls anyway.
#[tokio::main(flavor = "current_thread")]
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
