//! `egate login [--backup-code CODE]` (a login whose second factor is an SMS or a backup code)
//! and `egate backup-codes new|count|delete` through this registered device; new codes are
//! printed once and kept nowhere on this computer.

use egate::clock::SystemClock;
use serde_json::json;

use crate::args::{AccountArgs, BackupCodeCommand, LoginArgs};
use crate::device::logged_in;
use crate::device_data::{client_failure, http, open_device, print, runtime};
use crate::exit::Failure;

/// `egate login`.
pub(crate) fn login(account: &AccountArgs, login: &LoginArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let http = http(account)?;
        let mut session = logged_in(account, login, &http).await?;
        let info = session.account().await.map_err(client_failure)?;
        let factor = if login.backup_code.is_some() {
            "backup_code"
        } else {
            "sms"
        };
        print(
            account,
            &json!({ "logged_in": true, "second_factor": factor, "account": info }),
            &format!("logged in as {} (second factor: {factor})", info.citizen_id),
        );
        Ok(())
    })
}

/// `egate backup-codes …`.
pub(crate) fn backup_codes(command: BackupCodeCommand) -> Result<(), Failure> {
    runtime()?.block_on(async {
        match command {
            BackupCodeCommand::New { account } => {
                let device = open_device(&account).await?;
                let set = device
                    .client(&SystemClock)
                    .new_backup_codes()
                    .await
                    .map_err(client_failure)?;
                let codes: Vec<&str> = set.codes.iter().map(|code| code.as_str()).collect();
                print(
                    &account,
                    &json!({ "codes": codes, "remaining": set.remaining }),
                    &format!(
                        "{}\nKeep these somewhere safe: each works once, and they are shown only now.",
                        codes.join("\n")
                    ),
                );
            }
            BackupCodeCommand::Count { account } => {
                let device = open_device(&account).await?;
                let remaining = device
                    .client(&SystemClock)
                    .backup_codes_remaining()
                    .await
                    .map_err(client_failure)?;
                print(
                    &account,
                    &json!({ "remaining": remaining }),
                    &format!("{remaining} backup codes left"),
                );
            }
            BackupCodeCommand::Delete { account } => {
                let device = open_device(&account).await?;
                device
                    .client(&SystemClock)
                    .delete_backup_codes()
                    .await
                    .map_err(client_failure)?;
                print(
                    &account,
                    &json!({ "deleted": true, "remaining": 0 }),
                    "backup codes deleted",
                );
            }
        }
        Ok(())
    })
}
