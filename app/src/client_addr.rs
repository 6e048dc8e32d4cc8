//! Which address a request comes from, for the login throttle. Behind a reverse proxy every
//! request arrives from the proxy; only when the connection comes from a proxy the operator
//! trusts (`TRUSTED_PROXIES`) is the client taken from `X-Forwarded-For` or `Forwarded`, which
//! anyone else could forge.

use http::HeaderMap;
use std::net::IpAddr;

/// The client's address: `peer` unless `peer` is a trusted proxy, then the nearest address in
/// the forwarding chain that is not itself a trusted proxy.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Nearest hop last: each proxy appends the address it received the request from.
    forwarded_chain(headers)
        .into_iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

/// The addresses of `X-Forwarded-For`, else of `Forwarded`'s `for=`, oldest first.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|part| part.trim().to_owned())
            .collect()
    };
    let xff: Vec<IpAddr> = values("x-forwarded-for")
        .iter()
        .filter_map(|hop| parse_hop(hop))
        .collect();
    if !xff.is_empty() {
        return xff;
    }
    values("forwarded")
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.eq_ignore_ascii_case("for")
                    .then(|| parse_hop(value.trim_matches('"')))
                    .flatten()
            })
        })
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[::1]` or `[::1]:5678`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    hop.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    const PROXY: [u8; 4] = [10, 0, 0, 2];

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_proxy() {
        let forged = headers(&[("x-forwarded-for", "203.0.113.9")]);
        let peer: IpAddr = [198, 51, 100, 7].into();
        assert_eq!(client_ip(peer, &forged, &[PROXY.into()]), peer);
        assert_eq!(client_ip(peer, &forged, &[]), peer);
    }

    #[test]
    fn behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() {
        let trusted: Vec<IpAddr> = vec![PROXY.into(), [10, 0, 0, 3].into()];
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.3")]);
        assert_eq!(
            client_ip(PROXY.into(), &chain, &trusted),
            IpAddr::from([203, 0, 113, 9]),
            "the forged first hop is not believed"
        );
        let standard = headers(&[("forwarded", r#"for="[2001:db8::1]:4711";proto=https"#)]);
        assert_eq!(
            client_ip(PROXY.into(), &standard, &trusted),
            "2001:db8::1".parse::<IpAddr>().expect("an address")
        );
        assert_eq!(
            client_ip(PROXY.into(), &HeaderMap::new(), &trusted),
            IpAddr::from(PROXY)
        );
    }
}
