//! Which address a request comes from, for the login throttle. Behind a reverse proxy every
//! request arrives from the proxy; only when the connection comes from a proxy the operator
//! trusts (`TRUSTED_PROXIES`) is the client read from the one forwarding header the operator
//! names, which anyone else could forge. The other header is never read: a proxy that writes
//! `Forwarded` passes a client's own `X-Forwarded-For` through untouched.

use http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The header the trusted proxies write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ForwardedHeader {
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=…`.
    Forwarded,
}

impl ForwardedHeader {
    /// `x-forwarded-for` or `forwarded`, in any case.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Some(Self::XForwardedFor),
            "forwarded" => Some(Self::Forwarded),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::XForwardedFor => "x-forwarded-for",
            Self::Forwarded => "forwarded",
        }
    }
}

/// The proxies the operator trusts, as addresses or ranges, and the header they write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    pub fn new(nets: Vec<IpNet>, header: ForwardedHeader) -> Self {
        Self { nets, header }
    }

    /// A comma-separated list of addresses (`10.0.0.2`, `::1`) or ranges (`10.0.0.0/8`); the
    /// entry that is neither is the error.
    pub fn parse_list(list: &str) -> Result<Vec<IpNet>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| entry.to_owned())
            })
            .collect()
    }

    pub fn header(&self) -> ForwardedHeader {
        self.header
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: `peer` unless `peer` is a trusted proxy, then the right-most
    /// address of the named header's chain that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        // Each proxy appends the address it received the request from. Walking back from the
        // nearest hop, the first untrusted address is the client; an element that is not an
        // address (`unknown`, an obfuscated name) ends what can be believed.
        for hop in self.chain(headers).into_iter().rev() {
            let Some(hop) = hop else { break };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }

    /// The named header's hops, oldest first; `None` for an element that is not an address.
    fn chain(&self, headers: &HeaderMap) -> Vec<Option<IpAddr>> {
        let elements = headers
            .get_all(self.header.name())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|element| !element.is_empty());
        match self.header {
            ForwardedHeader::XForwardedFor => elements.map(parse_hop).collect(),
            ForwardedHeader::Forwarded => elements
                .map(|element| {
                    element.split(';').find_map(|pair| {
                        let (key, value) = pair.trim().split_once('=')?;
                        key.trim()
                            .eq_ignore_ascii_case("for")
                            .then(|| parse_hop(value.trim().trim_matches('"')))
                    })?
                })
                .collect(),
        }
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[::1]` or `[::1]:5678`, mapped IPv6 forms made IPv4.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let ip: IpAddr = if let Ok(ip) = hop.parse() {
        ip
    } else if let Some(rest) = hop.strip_prefix('[') {
        rest.split(']').next()?.parse().ok()?
    } else {
        hop.rsplit_once(':')?.0.parse().ok()?
    };
    Some(ip.to_canonical())
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

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn trusting(list: &str, header: ForwardedHeader) -> TrustedProxies {
        TrustedProxies::new(TrustedProxies::parse_list(list).expect("a list"), header)
    }

    #[test]
    fn forwarding_headers_count_only_from_a_trusted_proxy() {
        let forged = headers(&[("x-forwarded-for", "203.0.113.9")]);
        let peer = ip("198.51.100.7");
        assert_eq!(
            trusting("10.0.0.2", ForwardedHeader::XForwardedFor).client_ip(peer, &forged),
            peer
        );
        assert_eq!(TrustedProxies::default().client_ip(peer, &forged), peer);
    }

    #[test]
    fn behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client() {
        let trusted = trusting("10.0.0.2, 10.0.0.3", ForwardedHeader::XForwardedFor);
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.3")]);
        assert_eq!(
            trusted.client_ip(ip("10.0.0.2"), &chain),
            ip("203.0.113.9"),
            "the forged first hop is not believed"
        );
        assert_eq!(
            trusted.client_ip(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
        let unknown = headers(&[("x-forwarded-for", "6.6.6.6, unknown, 10.0.0.3")]);
        assert_eq!(
            trusted.client_ip(ip("10.0.0.2"), &unknown),
            ip("10.0.0.3"),
            "nothing past an element that is not an address is believed"
        );
    }

    #[test]
    fn only_the_named_header_is_read() {
        let both = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            (
                "forwarded",
                r#"for="[2001:db8::1]:4711";proto=https, for=10.0.0.3"#,
            ),
        ]);
        let by_forwarded = trusting("10.0.0.0/24", ForwardedHeader::Forwarded);
        assert_eq!(
            by_forwarded.client_ip(ip("10.0.0.2"), &both),
            ip("2001:db8::1")
        );
        let by_xff = trusting("10.0.0.0/24", ForwardedHeader::XForwardedFor);
        assert_eq!(by_xff.client_ip(ip("10.0.0.2"), &both), ip("6.6.6.6"));
        let xff_only = headers(&[("x-forwarded-for", "6.6.6.6")]);
        assert_eq!(
            by_forwarded.client_ip(ip("10.0.0.2"), &xff_only),
            ip("10.0.0.2"),
            "a client's own X-Forwarded-For is not read when the proxy writes Forwarded"
        );
    }

    #[test]
    fn mapped_addresses_and_ranges_match_ipv4_entries() {
        let trusted = trusting("127.0.0.1, 192.168.0.0/16", ForwardedHeader::XForwardedFor);
        let chain = headers(&[("x-forwarded-for", "203.0.113.9, ::ffff:192.168.4.4")]);
        assert_eq!(
            trusted.client_ip(ip("::ffff:127.0.0.1"), &chain),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client_ip(ip("::ffff:198.51.100.7"), &chain),
            ip("198.51.100.7"),
            "an untrusted peer is reported in its IPv4 form"
        );
        assert_eq!(
            TrustedProxies::parse_list("10.0.0.1, nonsense"),
            Err("nonsense".to_owned())
        );
    }
}
