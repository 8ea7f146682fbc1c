using System.Net;
using LearningNetwork.Infrastructure.Outbound;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>The address classifier over the special-purpose ranges, and the test-only allow-list.</summary>
public sealed class OutboundPolicyTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]         // CGNAT
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("169.254.169.254")]    // cloud metadata
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.10")]         // documentation
    [InlineData("192.88.99.1")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]         // benchmarking
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]          // multicast
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]          // reserved
    [InlineData("255.255.255.255")]    // broadcast
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]    // IPv4-mapped
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]        // IPv4-compatible (deprecated)
    [InlineData("64:ff9b::a00:1")]     // NAT64 of 10.0.0.1
    [InlineData("fc00::1")]            // unique local
    [InlineData("fd00::2")]
    [InlineData("fe80::1")]            // link-local
    [InlineData("fec0::1")]            // site-local (deprecated)
    [InlineData("ff02::1")]            // multicast
    [InlineData("2001:db8::1")]        // documentation
    [InlineData("2001::1")]            // Teredo
    [InlineData("2002:a00:1::1")]      // 6to4 of 10.0.0.1
    [InlineData("3fff::1")]            // documentation
    public void Special_purpose_addresses_are_not_public(string address) => Assert.False(PublicAddress.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("193.0.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("::ffff:93.184.215.14")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700::1111")]
    public void Ordinary_internet_addresses_are_public(string address) => Assert.True(PublicAddress.IsPublic(IPAddress.Parse(address)));

    private static OutboundPolicy Policy(string? allow, string environment = "Production") =>
        new(Options.Create(new OutboundOptions { AllowPrivateNetworks = allow }), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment });

    [Fact]
    public void Without_an_allow_list_only_public_addresses_and_only_https_outside_development()
    {
        var policy = Policy(null);
        Assert.False(policy.MayConnect("127.0.0.1", IPAddress.Loopback, 80));
        Assert.False(policy.MayConnect("localhost", IPAddress.Loopback, 80));
        Assert.True(policy.MayConnect("network.example.eu", IPAddress.Parse("93.184.215.14"), 443));
        Assert.False(policy.MayUseHttp("network.example.eu", 80));
        Assert.True(Policy(null, Environments.Development).MayUseHttp("network.example.eu", 80));
        Assert.False(Policy(null, Environments.Development).MayConnect("127.0.0.1", IPAddress.Loopback, 80)); // Development relaxes the scheme, not the addresses
    }

    [Fact]
    public void The_allow_list_admits_blocks_addresses_ports_and_names_and_nothing_else()
    {
        var policy = Policy("10.9.0.0/16, 127.0.0.1:5000; [::1]:6000 localhost:7000");
        Assert.True(policy.MayConnect("10.9.3.4", IPAddress.Parse("10.9.3.4"), 1));
        Assert.True(policy.MayConnect("10.9.3.4", IPAddress.Parse("::ffff:10.9.3.4"), 1));
        Assert.False(policy.MayConnect("10.8.3.4", IPAddress.Parse("10.8.3.4"), 1));
        Assert.True(policy.MayConnect("127.0.0.1", IPAddress.Loopback, 5000));
        Assert.False(policy.MayConnect("127.0.0.1", IPAddress.Loopback, 5001));
        Assert.True(policy.MayConnect("[::1]", IPAddress.IPv6Loopback, 6000));
        Assert.False(policy.MayConnect("::1", IPAddress.IPv6Loopback, 6001));
        Assert.True(policy.MayConnect("localhost", IPAddress.Loopback, 7000));
        Assert.False(policy.MayConnect("other.test", IPAddress.Loopback, 7000));
        Assert.True(policy.MayUseHttp("127.0.0.1", 5000));
        Assert.False(policy.MayUseHttp("127.0.0.1", 5001));
        Assert.False(policy.MayUseHttp("network.example.eu", 80));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("not a host!")]
    [InlineData("127.0.0.1:99999")]
    public void A_malformed_allow_list_stops_start_up(string allow)
    {
        Assert.False(OutboundPolicy.IsValidAllowList(allow));
        Assert.Throws<InvalidOperationException>(() => Policy(allow));
    }

    [Fact]
    public async Task The_form_check_names_the_problem_without_connecting()
    {
        var policy = Policy(null);
        Assert.Equal("Network.BadFeed", await policy.CheckAsync("ftp://example.org/", CancellationToken.None));
        Assert.Equal("Network.BadFeed", await policy.CheckAsync("https://user:pw@example.org/", CancellationToken.None));
        Assert.Equal("Network.NotPublic", await policy.CheckAsync("http://169.254.169.254/latest/meta-data/", CancellationToken.None));
        Assert.Equal("Network.NotPublic", await policy.CheckAsync("https://[::ffff:10.0.0.1]/", CancellationToken.None));
        Assert.Equal("Network.NotPublic", await policy.CheckAsync("https://localhost/", CancellationToken.None));
        Assert.Equal("Network.HttpsRequired", await policy.CheckAsync("http://93.184.215.14/", CancellationToken.None));
        Assert.Null(await policy.CheckAsync("https://93.184.215.14/feed", CancellationToken.None));
    }
}
