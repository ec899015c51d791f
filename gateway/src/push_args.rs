//! The `serve` options that configure the push providers (FCM and APNs credentials), and the
//! providers built from them.

use clap::Args;
use egate_gateway::GatewayError;
use egate_gateway::push::{
    APNS_ENDPOINT, APNS_SANDBOX_ENDPOINT, ApnsSettings, FCM_ENDPOINT, Pushers,
};
use std::path::PathBuf;

/// Push provider options.
#[derive(Args)]
#[command(group(clap::ArgGroup::new("apns").multiple(true).requires_all(["apns_key", "apns_key_id", "apns_team_id", "apns_topic"])))]
pub struct PushArgs {
    /// The Firebase service-account JSON file: send FCM pushes as it.
    #[arg(long, value_name = "FILE")]
    fcm_service_account: Option<PathBuf>,
    /// The FCM endpoint.
    #[arg(long, value_name = "URL", default_value = FCM_ENDPOINT)]
    fcm_endpoint: String,
    /// The APNs signing key (`AuthKey_….p8`): send APNs pushes with it.
    #[arg(long, value_name = "FILE", group = "apns")]
    apns_key: Option<PathBuf>,
    /// The APNs key id.
    #[arg(long, group = "apns")]
    apns_key_id: Option<String>,
    /// The Apple developer team id.
    #[arg(long, group = "apns")]
    apns_team_id: Option<String>,
    /// The app's bundle id (the APNs topic).
    #[arg(long, group = "apns")]
    apns_topic: Option<String>,
    /// Send to the APNs development environment.
    #[arg(long)]
    apns_sandbox: bool,
    /// The APNs endpoint (overrides the production or sandbox one).
    #[arg(long, value_name = "URL")]
    apns_endpoint: Option<String>,
}

fn read(path: &PathBuf) -> Result<String, GatewayError> {
    std::fs::read_to_string(path)
        .map_err(|e| GatewayError::Internal(format!("{}: {e}", path.display())))
}

impl PushArgs {
    /// The providers these options name.
    ///
    /// # Errors
    /// [`GatewayError::Internal`] when a credential file does not read or load.
    pub fn pushers(&self) -> Result<Pushers, GatewayError> {
        let setup = |e: egate_gateway::push::ProviderError| GatewayError::Internal(e.to_string());
        let mut builder = Pushers::builder();
        if let Some(path) = &self.fcm_service_account {
            builder = builder
                .fcm(&read(path)?, &self.fcm_endpoint)
                .map_err(setup)?;
        }
        if let (Some(key), Some(key_id), Some(team_id), Some(topic)) = (
            &self.apns_key,
            &self.apns_key_id,
            &self.apns_team_id,
            &self.apns_topic,
        ) {
            let default = if self.apns_sandbox {
                APNS_SANDBOX_ENDPOINT
            } else {
                APNS_ENDPOINT
            };
            builder = builder
                .apns(ApnsSettings {
                    key_pem: read(key)?,
                    key_id: key_id.clone(),
                    team_id: team_id.clone(),
                    topic: topic.clone(),
                    endpoint: self.apns_endpoint.clone().unwrap_or_else(|| default.into()),
                })
                .map_err(setup)?;
        }
        Ok(builder.build())
    }
}
