using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Tools;

/// <summary>
/// tools/list is answered from a cache keyed by the credential's scopes, the tool profile and the protocol version.
/// The first answer for a key is the SDK's (and is what gets kept); every later one must be the same bytes, and a
/// credential with fewer scopes must never be handed a list kept for one with more.
/// </summary>
public sealed class ToolListCacheTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static McpTestServer Start(AzuriteFixture azurite, string? profile) =>
        McpTestServer.Start(azurite, profile is null ? null : new Dictionary<string, string?> { ["Mcp:ToolProfile"] = profile });

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(McpTestServer server, HttpRequestMessage request)
    {
        using HttpResponseMessage response = await server.Http.SendAsync(request, Cancel);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(Cancel));
    }

    private static List<string> Names(string body) =>
        [.. JsonNode.Parse(body)!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>())];

    [Theory]
    [InlineData(null, Legacy)]
    [InlineData(null, Modern)]
    [InlineData("Typed", Legacy)]
    [InlineData("Typed", Modern)]
    [InlineData("Generic", Legacy)]
    [InlineData("Generic", Modern)]
    public async Task ACachedToolsList_IsByteForByteTheSdksAnswer_ForEachScopeSet(string? profile, string era)
    {
        await using McpTestServer server = Start(azurite, profile);
        TestTenant tenant = await server.CreateTenantAsync();
        ToolListCache cache = server.Services.GetRequiredService<ToolListCache>();
        var lists = new List<string>();

        foreach (string user in new[] { TestTenant.Admin, TestTenant.Worker })
        {
            string key = (await server.CreateKeyAsync(tenant, user, [.. RoleCeilings.For(user == TestTenant.Admin ? Role.Admin : Role.SupportWorker)])).Token;
            int kept = cache.Count;
            var fromSdk = await SendAsync(server, Era(era, key, "tools/list", id: 7));
            Assert.Equal(kept + 1, cache.Count);
            var fromCache = await SendAsync(server, Era(era, key, "tools/list", id: 7));

            Assert.Equal(kept + 1, cache.Count);
            Assert.Equal(HttpStatusCode.OK, fromSdk.Status);
            Assert.Equal(fromSdk, fromCache);
            lists.Add(fromCache.Body);
        }

        Assert.NotEqual(Names(lists[0]), Names(lists[1]));
        Assert.Empty(Names(lists[1]).Except(Names(lists[0])));
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task ASupportWorker_AfterAnAdminsListWasKept_NeverSeesAToolBeyondTheirScopes(string era)
    {
        await using McpTestServer server = Start(azurite, null);
        TestTenant tenant = await server.CreateTenantAsync();
        string admin = (await server.CreateKeyAsync(tenant, TestTenant.Admin)).Token;
        string worker = (await server.CreateKeyAsync(tenant, TestTenant.Worker, [.. RoleCeilings.For(Role.SupportWorker)])).Token;
        string reader = (await server.CreateKeyAsync(tenant, TestTenant.Coordinator, Scopes.ParticipantsRead)).Token;

        List<string> adminTools = Names((await SendAsync(server, Era(era, admin, "tools/list"))).Body);
        List<string> workerTools = Names((await SendAsync(server, Era(era, worker, "tools/list"))).Body);
        List<string> readerTools = Names((await SendAsync(server, Era(era, reader, "tools/list"))).Body);

        Assert.Contains("write_probe", adminTools);
        Assert.DoesNotContain("write_probe", workerTools);
        Assert.DoesNotContain("write_probe", readerTools);
        Assert.Contains("archive_participant", adminTools);
        Assert.DoesNotContain("archive_participant", workerTools);
        Assert.True(readerTools.Count < workerTools.Count, "a key with only participants:read lists fewer tools than a support worker");
    }

    [Fact]
    public async Task ACachedToolsList_CarriesTheRequestsOwnId()
    {
        await using McpTestServer server = Start(azurite, null);
        TestTenant tenant = await server.CreateTenantAsync();
        string key = (await server.CreateKeyAsync(tenant)).Token;
        JsonNode first = JsonNode.Parse((await SendAsync(server, LegacyCall(key, "tools/list", id: 1))).Body)!;

        JsonNode byString = JsonNode.Parse((await SendAsync(server, Post(key, """{"jsonrpc":"2.0","id":"list-\"2\"","method":"tools/list"}"""))).Body)!;
        JsonNode byNumber = JsonNode.Parse((await SendAsync(server, LegacyCall(key, "tools/list", id: 3))).Body)!;

        Assert.Equal("list-\"2\"", byString["id"]!.GetValue<string>());
        Assert.Equal(3, byNumber["id"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(first["result"], byString["result"]));
        Assert.True(JsonNode.DeepEquals(first["result"], byNumber["result"]));
    }

    [Fact]
    public async Task AToolsListWithACursor_IsAnsweredByTheSdk_AndNotKept()
    {
        await using McpTestServer server = Start(azurite, null);
        TestTenant tenant = await server.CreateTenantAsync();
        string key = (await server.CreateKeyAsync(tenant)).Token;
        ToolListCache cache = server.Services.GetRequiredService<ToolListCache>();

        var paged = await SendAsync(server, LegacyCall(key, "tools/list", new JsonObject { ["cursor"] = "abc" }));

        Assert.Equal(HttpStatusCode.OK, paged.Status);
        Assert.Equal(0, cache.Count);
    }
}
