using System.Net;
using System.Net.Sockets;

namespace LearningNetwork.Infrastructure.Outbound;

/// <summary>
/// Whether an IP address is on the public internet: the only addresses the app's outbound requests may connect to.
/// IPv4 is public unless it is in one of the special-purpose blocks of the IANA registry (RFC 6890 and successors);
/// IPv6 is public only inside global unicast 2000::/3 and outside its special blocks, so everything else (loopback,
/// link-local, unique-local, multicast, NAT64, IPv4-compatible) is refused. An IPv4-mapped IPv6 address
/// (::ffff:10.0.0.1) is judged as the IPv4 address it maps to, and 6to4 (2002::/16) is refused whole, since it
/// embeds an IPv4 address of any kind.
/// </summary>
public static class PublicAddress
{
    private static readonly IPNetwork[] NotPublicV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network", 0.0.0.0
        IPNetwork.Parse("10.0.0.0/8"),         // private
        IPNetwork.Parse("100.64.0.0/10"),      // shared address space (carrier-grade NAT)
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, where cloud metadata services answer (169.254.169.254)
        IPNetwork.Parse("172.16.0.0/12"),      // private
        IPNetwork.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),       // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),     // 6to4 relay anycast (deprecated)
        IPNetwork.Parse("192.168.0.0/16"),     // private
        IPNetwork.Parse("198.18.0.0/15"),      // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),    // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),     // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, and 255.255.255.255 broadcast
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] NotPublicV6 =
    [
        IPNetwork.Parse("2001::/23"),          // IETF protocol assignments (Teredo, benchmarking, ORCHID...)
        IPNetwork.Parse("2001:db8::/32"),      // documentation
        IPNetwork.Parse("2002::/16"),          // 6to4: embeds any IPv4 address
        IPNetwork.Parse("3fff::/20"),          // documentation (RFC 9637)
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !NotPublicV4.Any(n => n.Contains(address)),
            AddressFamily.InterNetworkV6 => address.ScopeId == 0 && GlobalUnicastV6.Contains(address) && !NotPublicV6.Any(n => n.Contains(address)),
            _ => false,
        };
    }
}
