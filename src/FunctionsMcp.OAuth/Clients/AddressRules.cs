using System.Net;
using System.Net.Sockets;

namespace FunctionsMcp.OAuth.Clients;

/// <summary>
/// Which addresses the server may fetch client metadata from: public unicast only (no SSRF into private networks).
/// Judged before any connection is made, from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890).
/// </summary>
public static class AddressRules
{
    // IPv4 ranges that are not public unicast.
    private static readonly IPNetwork[] s_notPublicV4 = Networks(
        "0.0.0.0/8",        // "this network" (RFC 791)
        "10.0.0.0/8",       // private (RFC 1918)
        "100.64.0.0/10",    // shared address space, carrier-grade NAT (RFC 6598)
        "127.0.0.0/8",      // loopback
        "169.254.0.0/16",   // link-local, where cloud metadata services live (RFC 3927)
        "172.16.0.0/12",    // private (RFC 1918)
        "192.0.0.0/24",     // IETF protocol assignments (RFC 6890)
        "192.0.2.0/24",     // TEST-NET-1 documentation (RFC 5737)
        "192.88.99.0/24",   // the deprecated 6to4 relay anycast (RFC 7526)
        "192.168.0.0/16",   // private (RFC 1918)
        "198.18.0.0/15",    // benchmarking (RFC 2544)
        "198.51.100.0/24",  // TEST-NET-2 documentation (RFC 5737)
        "203.0.113.0/24",   // TEST-NET-3 documentation (RFC 5737)
        "224.0.0.0/4",      // multicast
        "240.0.0.0/4");     // reserved, including the limited broadcast 255.255.255.255

    // Only 2000::/3 is global unicast (RFC 4291 §2.4). Outside it: ::/128, ::1, the discard prefix 100::/64, ULA fc00::/7,
    // link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, and NAT64's local-use 64:ff9b:1::/48.
    private static readonly IPNetwork s_globalUnicast = IPNetwork.Parse("2000::/3");

    // Ranges inside 2000::/3 that are not public unicast.
    private static readonly IPNetwork[] s_notPublicV6 = Networks(
        "2001:2::/48",      // benchmarking (RFC 5180)
        "2001:10::/28",     // ORCHID, deprecated (RFC 4843)
        "2001:20::/28",     // ORCHIDv2 identifiers, not locators (RFC 7343)
        "2001:db8::/32",    // documentation (RFC 3849)
        "3fff::/20");       // documentation (RFC 9637)

    // IPv6 forms that carry an IPv4 address in their last 32 bits: whoever routes them ends up at that IPv4 address.
    // (IPv4-mapped ::ffff:0:0/96 too, unwrapped before any network is consulted: see IsPublic.)
    private static readonly IPNetwork[] s_lastBitsCarryIPv4 = Networks(
        "::ffff:0:0:0/96",  // IPv4-translated, SIIT (RFC 2765)
        "::/96",            // IPv4-compatible, deprecated (RFC 4291 §2.5.5.1); :: and ::1 carry 0.0.0.0 and 0.0.0.1
        "64:ff9b::/96");    // NAT64 well-known prefix (RFC 6052): the translator connects to the embedded address

    // The local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215) stays refused rather than judged by what it carries: where the
    // IPv4 address sits depends on the prefix length its operator chose (RFC 6052 §2.2), which we cannot know, and it
    // names a translator inside someone's own network, which no public metadata host needs.
    private static readonly IPNetwork s_sixToFour = IPNetwork.Parse("2002::/16");   // RFC 3056: IPv4 in bytes 2..5
    private static readonly IPNetwork s_teredo = IPNetwork.Parse("2001::/32");      // RFC 4380: server in bytes 4..7, client inverted in 12..15

    /// <summary>
    /// True only for public unicast addresses. False for loopback, private, link-local (cloud metadata included),
    /// shared, documentation, benchmarking, multicast, reserved and unspecified addresses; an IPv6 address that embeds
    /// or translates IPv4 addresses (mapped, compatible, NAT64, 6to4, Teredo) is public only if every one it carries is.
    /// </summary>
    public static bool IsPublic(IPAddress address) => address.AddressFamily switch
    {
        // IPv4-mapped (RFC 4291 §2.5.5.2) first: IPNetwork.Contains does not judge these by their IPv6 bits (to it,
        // ::ffff:10.0.0.1 is inside 2000::/3 and outside ::ffff:0:0/96), so they are unwrapped here.
        AddressFamily.InterNetworkV6 when address.IsIPv4MappedToIPv6 => IsPublic(address.MapToIPv4()),
        AddressFamily.InterNetwork => !s_notPublicV4.Any(n => n.Contains(address)),
        AddressFamily.InterNetworkV6 when CarriedIPv4(address) is { } carried => carried.All(IsPublic),
        AddressFamily.InterNetworkV6 => s_globalUnicast.Contains(address) && !s_notPublicV6.Any(n => n.Contains(address)),
        _ => false,
    };

    /// <summary>The IPv4 addresses an IPv6 address embeds, or null when it embeds none.</summary>
    private static IPAddress[]? CarriedIPv4(IPAddress address)
    {
        byte[] b = address.GetAddressBytes();
        if (s_lastBitsCarryIPv4.Any(n => n.Contains(address)))
            return [new IPAddress(b.AsSpan(12, 4))];
        if (s_sixToFour.Contains(address))
            return [new IPAddress(b.AsSpan(2, 4))];
        if (s_teredo.Contains(address))
        {
            // The client's address is stored with every bit inverted, so that NATs rewriting it in payloads leave it alone.
            byte[] client = b[12..];
            for (int i = 0; i < client.Length; i++)
                client[i] = (byte)~client[i];
            return [new IPAddress(b.AsSpan(4, 4)), new IPAddress(client)];
        }

        return null;
    }

    private static IPNetwork[] Networks(params string[] cidrs) => [.. cidrs.Select(c => IPNetwork.Parse(c))];
}
