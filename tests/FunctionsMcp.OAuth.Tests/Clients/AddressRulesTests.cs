using System.Net;
using FunctionsMcp.OAuth.Clients;

namespace FunctionsMcp.OAuth.Tests.Clients;

public sealed class AddressRulesTests
{
    [Theory]
    // Public unicast.
    [InlineData("93.184.216.34", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    // IPv4 special-purpose ranges.
    [InlineData("0.0.0.0", false)]
    [InlineData("0.1.2.3", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.100.100.200", false)]
    [InlineData("100.127.255.254", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.254", false)]
    [InlineData("192.0.0.8", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("192.88.99.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("198.19.255.254", false)]
    [InlineData("198.51.100.7", false)]
    [InlineData("203.0.113.9", false)]
    [InlineData("224.0.0.251", false)]
    [InlineData("239.255.255.250", false)]
    [InlineData("240.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    // Next to those ranges, but public.
    [InlineData("100.63.255.255", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("172.15.255.255", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.0.1.1", true)]
    [InlineData("192.88.98.1", true)]
    [InlineData("198.20.0.1", true)]
    [InlineData("223.255.255.254", true)]
    // IPv6 special-purpose ranges.
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("3fff::1", false)]
    [InlineData("2001:10::1", false)]
    [InlineData("2001:20::1", false)]
    [InlineData("2001:2::1", false)]
    [InlineData("100::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("ff0e::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fec0::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd00:ec2::254", false)]
    // IPv4-mapped, IPv4-translated and IPv4-compatible: judged by the IPv4 address they carry.
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("::ffff:0:127.0.0.1", false)]
    [InlineData("::ffff:0:8.8.8.8", true)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("::10.0.0.1", false)]
    [InlineData("::8.8.8.8", true)]
    // NAT64 (RFC 6052): the well-known prefix by what it carries; the local-use prefix refused.
    [InlineData("64:ff9b::10.0.0.1", false)]
    [InlineData("64:ff9b::127.0.0.1", false)]
    [InlineData("64:ff9b::8.8.8.8", true)]
    [InlineData("64:ff9b:1::8.8.8.8", false)]
    // 6to4 (RFC 3056): the IPv4 address in bytes 2..5.
    [InlineData("2002:7f00:0001::", false)]
    [InlineData("2002:a9fe:a9fe::1", false)]
    [InlineData("2002:0808:0808::", true)]
    // Teredo (RFC 4380): server in bytes 4..7, client inverted in the last 4; both must be public.
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", false)] // client 127.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", false)] // client 10.0.0.1
    [InlineData("2001:0:0a00:0001:8000:63bf:f7f7:f7f7", false)] // server 10.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7", true)]  // server 65.54.227.120, client 8.8.8.8
    public void OnlyPublicAddresses_MayBeFetched(string address, bool isPublic) =>
        Assert.Equal(isPublic, AddressRules.IsPublic(IPAddress.Parse(address)));
}
