//! Which UnifiedPush endpoints the gateway will send to: HTTPS, no credentials in the URL, and
//! a host that is a public address or a public name (the name's addresses are checked again
//! when a push is sent).

use std::net::IpAddr;

pub use crate::address::is_public;
use crate::error::GatewayError;

fn refuse(why: &str) -> GatewayError {
    GatewayError::BadRequest(format!("push target: {why}"))
}

/// Checks a UnifiedPush endpoint: HTTPS, a host that is a public address or a public name.
///
/// # Errors
/// [`GatewayError::BadRequest`] naming the rule.
pub fn check_unifiedpush_endpoint(endpoint: &str) -> Result<(), GatewayError> {
    let rest = endpoint
        .strip_prefix("https://")
        .ok_or_else(|| refuse("UnifiedPush endpoints must use https"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') || authority.is_empty() || endpoint.len() > 2048 {
        return Err(refuse("malformed UnifiedPush endpoint"));
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host)
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        let private = !is_public(ip);
        if private {
            return Err(refuse("UnifiedPush endpoints must be public addresses"));
        }
        return Ok(());
    }
    let name = host.to_ascii_lowercase();
    if !name.contains('.')
        || name == "localhost"
        || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
    {
        return Err(refuse("UnifiedPush endpoints must be public names"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unifiedpush_endpoints_must_be_https_to_public_hosts() {
        for good in [
            "https://push.example.org/up/abc",
            "https://93.184.216.34/x",
            "https://[2001:db8::1]:443/x",
        ] {
            assert!(check_unifiedpush_endpoint(good).is_ok(), "{good}");
        }
        for bad in [
            "http://push.example.org/up",
            "https://127.0.0.1/up",
            "https://10.1.2.3/up",
            "https://192.168.0.9:8443/up",
            "https://172.16.0.1/up",
            "https://169.254.169.254/latest",
            "https://100.64.0.1/up",
            "https://[::1]/up",
            "https://[fd00::1]/up",
            "https://[fe80::1]/up",
            "https://localhost/up",
            "https://printer.local/up",
            "https://intranet/up",
            "https://user@push.example.org/up",
        ] {
            assert!(check_unifiedpush_endpoint(bad).is_err(), "{bad}");
        }
    }
}
