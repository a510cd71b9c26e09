using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Transport;

/// <summary>The Streamable HTTP rules of both protocol eras, over real HTTP to a loopback Kestrel.</summary>
public sealed class TransportRulesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private McpTestServer _server = null!;
    private string _key = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["Mcp:MaxRequestBytes"] = "4096" });
        TestTenant tenant = await _server.CreateTenantAsync();
        _key = (await _server.CreateKeyAsync(tenant)).Token;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _server.Http.SendAsync(request, Cancel);

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        Assert.Equal(status, response.StatusCode);
        JsonNode body = await response.JsonAsync();
        Assert.Equal(code, body["error"]!["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!["message"]!.GetValue<string>()));
        Assert.DoesNotContain("   at ", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_Initialize_NegotiatesAndDescribesTheServer()
    {
        JsonObject parameters = new() { ["protocolVersion"] = Legacy, ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" } };

        using HttpResponseMessage response = await SendAsync(Post(_key, Body("initialize", parameters), protocolVersion: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        JsonNode result = (await response.JsonAsync())["result"]!;
        Assert.Equal(Legacy, result["protocolVersion"]!.GetValue<string>());
        Assert.Equal("FunctionsMcp", result["serverInfo"]!["name"]!.GetValue<string>());
        Assert.Contains("version", result["instructions"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(result["capabilities"]!["tools"]);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}")]
    public async Task Legacy_NotificationsAndClientResponses_Get202WithNoBody(string body)
    {
        using HttpResponseMessage response = await SendAsync(Post(_key, body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Legacy_Ping_AnswersEmptyResult()
    {
        using HttpResponseMessage response = await SendAsync(LegacyCall(_key, "ping"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", (await response.JsonAsync())["result"]!.ToJsonString());
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task BothEras_ListAndCallTools(string era)
    {
        using HttpResponseMessage list = await SendAsync(Era(era, _key, "tools/list"));
        using HttpResponseMessage call = await SendAsync(Era(era, _key, "tools/call", Call("whoami"), id: 2));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        JsonArray tools = (await list.JsonAsync())["result"]!["tools"]!.AsArray();
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "whoami");
        Assert.All(tools, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t!["description"]?.GetValue<string>()));
            Assert.NotNull(t["inputSchema"]);
            Assert.NotNull(t["annotations"]);
        });
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.NotNull((await call.JsonAsync())["result"]!["structuredContent"]!["organization_id"]);
    }

    [Fact]
    public async Task Modern_ServerDiscover_ListsVersionsAndCapabilities()
    {
        using HttpResponseMessage response = await SendAsync(ModernCall(_key, "server/discover"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonNode result = (await response.JsonAsync())["result"]!;
        Assert.Contains(Modern, result["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.NotNull(result["capabilities"]!["tools"]);
        Assert.False(string.IsNullOrWhiteSpace(result["instructions"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Modern_MethodHeaderDifferentFromBody_Is400HeaderMismatch()
    {
        using HttpResponseMessage response = await SendAsync(ModernCall(_key, "tools/list", methodHeader: "tools/call"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32020);
    }

    [Theory]
    [InlineData("write_probe")]
    [InlineData("=?base64?d3JpdGVfcHJvYmU=?=")]
    public async Task Modern_NameHeaderDifferentFromBody_Is400HeaderMismatch(string header)
    {
        using HttpResponseMessage response = await SendAsync(ModernCall(_key, "tools/call", Call("whoami"), nameHeader: header));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32020);
    }

    [Fact]
    public async Task Modern_Base64NameHeaderMatchingTheBody_IsAccepted()
    {
        using HttpResponseMessage response = await SendAsync(ModernCall(_key, "tools/call", Call("whoami"), nameHeader: "=?base64?d2hvYW1p?="));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Modern_WithoutMeta_Is400InvalidParams()
    {
        HttpRequestMessage request = Post(_key, Body("tools/list", new JsonObject()), Modern);
        request.Headers.Add("Mcp-Method", "tools/list");

        using HttpResponseMessage response = await SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32602);
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("no/such/method")]
    public async Task Modern_RemovedOrUnknownMethods_Are404MethodNotFound(string method)
    {
        using HttpResponseMessage response = await SendAsync(ModernCall(_key, method));

        await AssertErrorAsync(response, HttpStatusCode.NotFound, -32601);
    }

    [Theory]
    [InlineData("2099-01-01")]
    [InlineData("not-a-version")]
    public async Task UnsupportedProtocolVersionHeader_Is400NamingTheSupportedOnes(string version)
    {
        using HttpResponseMessage response = await SendAsync(Post(_key, Body("tools/list", null), version));

        JsonNode data = (await response.JsonAsync())["error"]!["data"]!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32022, (await response.JsonAsync())["error"]!["code"]!.GetValue<int>());
        Assert.Equal([Modern], data["supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("2025-11-25", (await response.JsonAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version, data["requested"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2024-01-01", null)]
    [InlineData("1999-01-01", null)]
    [InlineData("2099-01-01", null)]
    [InlineData(Modern, null)]
    [InlineData("1999-01-01", Legacy)]
    public async Task Initialize_AskingForAVersionWeDoNotSpeak_IsAnsweredWithOurNewestInitializeVersion(string requested, string? header)
    {
        JsonObject parameters = new() { ["protocolVersion"] = requested, ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" } };

        using HttpResponseMessage response = await SendAsync(Post(_key, Body("initialize", parameters), protocolVersion: header));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2025-11-25", (await response.JsonAsync())["result"]!["protocolVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task InitializeWithHeaderAndBodyVersionsDiffering_Is400()
    {
        JsonObject parameters = new() { ["protocolVersion"] = "2025-06-18", ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" } };

        using HttpResponseMessage response = await SendAsync(Post(_key, Body("initialize", parameters), Legacy));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32020);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    public async Task AcceptWithoutBothJsonAndSse_Is406(string accept)
    {
        using HttpResponseMessage response = await SendAsync(Post(_key, Body("tools/list", null), accept: accept));

        await AssertErrorAsync(response, HttpStatusCode.NotAcceptable, -32000);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task MalformedJson_Is400ParseError(string body)
    {
        using HttpResponseMessage response = await SendAsync(Post(_key, body));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32700);
    }

    [Theory]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", Legacy)]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "2025-06-18")]
    [InlineData("[]", "2025-03-26")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", Legacy)]
    [InlineData("{\"hello\":1}", Legacy)]
    public async Task BatchesAndNonJsonRpcBodies_Are400InvalidRequest(string body, string version)
    {
        using HttpResponseMessage response = await SendAsync(Post(_key, body, version));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32600);
    }

    [Theory]
    [InlineData("2025-03-26")]
    [InlineData(null)]
    public async Task Batch_In2025_03_26_IsAnsweredAsAnArrayOfReplies(string? version)
    {
        string batch = "[" + Body("ping", null, 1) + "," + Body("notifications/initialized", null, null) + "," + Body("tools/call", Call("whoami"), 2) + "," + Body("tools/call", Call("no_such_tool"), 3) + "]";

        using HttpResponseMessage response = await SendAsync(Post(_key, batch, version));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray replies = (await response.JsonAsync()).AsArray();
        Assert.Equal([1, 2, 3], replies.Select(r => r!["id"]!.GetValue<int>()));
        Assert.Equal("{}", replies[0]!["result"]!.ToJsonString());
        // Structured output arrived in 2025-06-18, so a 2025-03-26 client gets the text rendering.
        Assert.Contains("organization_id", replies[1]!["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(-32602, replies[2]!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batch_OfNotificationsOnly_Gets202()
    {
        string batch = "[" + Body("notifications/initialized", null, null) + "]";

        using HttpResponseMessage response = await SendAsync(Post(_key, batch, "2025-03-26"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Batch_ItemsThatAreInvalidOrBeyondScope_GetTheirOwnErrors_OthersAreServed()
    {
        await using McpTestServer server = McpTestServer.Start(azurite);
        TestTenant tenant = await server.CreateTenantAsync();
        string reader = (await server.CreateKeyAsync(tenant, TestTenant.Coordinator, OAuth.Identity.Scopes.ParticipantsRead)).Token;
        string batch = "[{\"hello\":1}," + Body("tools/call", Call("write_probe"), 5) + "," + Body("ping", null, 6) + "]";

        using HttpResponseMessage response = await server.Http.SendAsync(Post(reader, batch, "2025-03-26"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray replies = (await response.JsonAsync()).AsArray();
        Assert.Equal(-32600, replies[0]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(5, replies[1]!["id"]!.GetValue<int>());
        Assert.Contains("participants:write", replies[1]!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(6, replies[2]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task OversizedBody_Is413AndNotParsed()
    {
        string big = Body("tools/call", Call("whoami", new JsonObject { ["padding"] = new string('x', 5000) }));

        using HttpResponseMessage response = await SendAsync(Post(_key, big));

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, -32600);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task GetAndDelete_Are405AllowingOnlyPost(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/mcp");
        request.Headers.TryAddWithoutValidation("Accept", "text/event-stream");

        using HttpResponseMessage response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task SessionIdHeader_IsRefusedBecauseTheServerIsStateless()
    {
        HttpRequestMessage request = LegacyCall(_key, "tools/list");
        request.Headers.Add("Mcp-Session-Id", "abc");

        using HttpResponseMessage response = await SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, -32000);
    }

    [Theory]
    [InlineData("http://evil.example.com", HttpStatusCode.Forbidden)]
    [InlineData("https://127.0.0.1.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:5173", HttpStatusCode.OK)]
    public async Task Origin_IsCheckedAgainstTheAllowList(string origin, HttpStatusCode expected)
    {
        HttpRequestMessage request = LegacyCall(_key, "ping");
        request.Headers.Add("Origin", origin);

        using HttpResponseMessage response = await SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Legacy_UnknownTool_IsAJsonRpcErrorNotA500()
    {
        using HttpResponseMessage response = await SendAsync(LegacyCall(_key, "tools/call", Call("no_such_tool")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(-32602, (await response.JsonAsync())["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task StreamResponsesOption_AnswersWithServerSentEvents()
    {
        await using McpTestServer streaming = McpTestServer.Start(azurite, new Dictionary<string, string?> { ["Mcp:StreamResponses"] = "true" });
        TestTenant tenant = await streaming.CreateTenantAsync();
        string key = (await streaming.CreateKeyAsync(tenant)).Token;

        using HttpResponseMessage response = await streaming.Http.SendAsync(LegacyCall(key, "tools/list"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("event: message", body, StringComparison.Ordinal);
        Assert.Contains("whoami", body, StringComparison.Ordinal);
    }
}
