using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Transport;

/// <summary>Client input that used to reach the SDK unchecked and came back as a 500: now a 400 with the right code and a sentence.</summary>
public sealed class MalformedInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ClientInfo = "{\"name\":\"t\",\"version\":\"1\"}";
    private McpTestServer _server = null!;
    private string _key = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = McpTestServer.Start(azurite);
        TestTenant tenant = await _server.CreateTenantAsync();
        _key = (await _server.CreateKeyAsync(tenant)).Token;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string Request(string method, string parameters, string id = "1") =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parameters}}}";

    private static string Initialize(string version = "\"2025-11-25\"", string capabilities = "{}", string clientInfo = ClientInfo) =>
        Request("initialize", $"{{\"protocolVersion\":{version},\"capabilities\":{capabilities},\"clientInfo\":{clientInfo}}}");

    private async Task<JsonNode> AssertRefusedAsync(HttpRequestMessage request, int code)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(request, Cancel);
        JsonNode body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal(code, body["error"]!["code"]!.GetValue<int>());
        string message = body["error"]!["message"]!.GetValue<string>();
        Assert.DoesNotContain("An error occurred", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.EndsWith(".", message, StringComparison.Ordinal);
        return body;
    }

    public static TheoryData<string, string> MetaOfEveryOtherType() => new()
    {
        { "tools/list", "\"text\"" },
        { "tools/list", "5" },
        { "tools/list", "[1]" },
        { "tools/list", "true" },
        { "tools/call", "\"text\"" },
        { "ping", "[]" },
    };

    [Theory]
    [MemberData(nameof(MetaOfEveryOtherType))]
    public async Task Legacy_MetaThatIsNotAnObject_Is400InvalidParams(string method, string meta)
    {
        string body = Request(method, $"{{\"name\":\"whoami\",\"_meta\":{meta}}}");

        JsonNode error = await AssertRefusedAsync(Post(_key, body), -32602);

        Assert.Contains("_meta", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"text\"")]
    [InlineData("5")]
    [InlineData("[]")]
    [InlineData("false")]
    public async Task Modern_MetaThatIsNotAnObject_Is400InvalidParams(string meta)
    {
        HttpRequestMessage request = Post(_key, Request("tools/list", $"{{\"_meta\":{meta}}}"), Modern);
        request.Headers.Add("Mcp-Method", "tools/list");

        await AssertRefusedAsync(request, -32602);
    }

    [Fact]
    public async Task Legacy_NullMeta_IsTreatedAsAbsent()
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(Post(_key, Request("tools/list", "{\"_meta\":null}")), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string> BrokenInitializeParams() => new()
    {
        { Request("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}"), "clientInfo" },
        { Initialize(clientInfo: "5"), "clientInfo" },
        { Initialize(clientInfo: "[]"), "clientInfo" },
        { Initialize(clientInfo: "{\"name\":5,\"version\":\"1\"}"), "clientInfo" },
        { Request("initialize", "{\"protocolVersion\":\"2025-11-25\",\"clientInfo\":" + ClientInfo + "}"), "capabilities" },
        { Initialize(capabilities: "\"all\""), "capabilities" },
        { Initialize(version: "5"), "protocolVersion" },
        { Request("initialize", "[]"), "object" },
    };

    [Theory]
    [MemberData(nameof(BrokenInitializeParams))]
    public async Task Initialize_WithMissingOrMistypedParams_Is400InvalidParamsNamingTheField(string body, string field)
    {
        JsonNode error = await AssertRefusedAsync(Post(_key, body, protocolVersion: null), -32602);

        Assert.Contains(field, error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, error["id"]!.GetValue<int>());
    }

    public static TheoryData<string> LoneSurrogates() =>
    [
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\\ud800\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"\\udc00\",\"method\":\"ping\"}",
        Request("tools/call", "{\"name\":\"\\ud800\"}"),
        Request("tools/call", "{\"name\":\"whoami\",\"arguments\":{\"note\":\"x\\udfff\\ud800\"}}"),
        Request("tools/list", "{\"\\ud800\":1}"),
        Initialize(version: "\"\\ud800\""),
        Initialize(clientInfo: "{\"name\":\"\\ud800\",\"version\":\"1\"}"),
        "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"result\":5}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/\\ud800\"}",
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\\ud800\"}]",
    ];

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task LoneSurrogateEscapes_AnywhereInTheBody_Are400ParseError(string body)
    {
        JsonNode error = await AssertRefusedAsync(Post(_key, body, body.StartsWith('[') ? "2025-03-26" : Legacy), -32700);

        Assert.Contains("surrogate", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"name\":\"write_probe\"}}")]
    public async Task DuplicateKeys_Are400ParseErrorNamingTheKey(string body)
    {
        JsonNode error = await AssertRefusedAsync(Post(_key, body), -32700);

        Assert.Contains("appears twice", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(70)]
    [InlineData(5000)]
    public async Task DeepNesting_Is400ParseErrorNamingTheLimit(int depth)
    {
        string body = Request("tools/call", "{\"name\":\"whoami\",\"arguments\":{\"a\":" + new string('[', depth) + new string(']', depth) + "}}");

        JsonNode error = await AssertRefusedAsync(Post(_key, body), -32700);

        Assert.Contains("64 levels", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1.5")]
    [InlineData("{}")]
    [InlineData("true")]
    [InlineData("[1]")]
    public async Task IdsOfOddTypes_Are400InvalidRequest(string id)
    {
        JsonNode error = await AssertRefusedAsync(Post(_key, $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"ping\"}}"), -32600);

        Assert.Contains("id", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tools/list", "\"text\"")]
    [InlineData("tools/call", "[]")]
    [InlineData("tools/call", "{\"name\":5}")]
    [InlineData("tools/call", "{\"name\":\"whoami\",\"arguments\":\"text\"}")]
    [InlineData("tools/list", "{\"cursor\":5}")]
    public async Task MistypedParams_Are400InvalidParams(string method, string parameters)
    {
        await AssertRefusedAsync(Post(_key, Request(method, parameters)), -32602);
    }

    [Fact]
    public async Task HugeNumberInToolArguments_IsAToolErrorNotA500()
    {
        string body = Request("tools/call", "{\"name\":\"list_participants\",\"arguments\":{\"limit\":1e400}}");

        using HttpResponseMessage response = await _server.Http.SendAsync(Post(_key, body), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.JsonAsync())["result"]!["isError"]!.GetValue<bool>());
    }
}
