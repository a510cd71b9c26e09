using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionsMcp.Mcp.Tests;

/// <summary>Hand-made JSON-RPC requests for transport-rule tests (real clients are tested separately).</summary>
public static class McpRequests
{
    public const string Legacy = "2025-11-25";
    public const string Modern = "2026-07-28";

    public static HttpRequestMessage Post(string? bearer, string body, string? protocolVersion = Legacy, string accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (protocolVersion is not null)
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    /// <summary>A 2025-era request (after initialize: just the version header).</summary>
    public static HttpRequestMessage LegacyCall(string? bearer, string method, JsonObject? parameters = null, int id = 1) =>
        Post(bearer, Body(method, parameters, id));

    /// <summary>A 2026-07-28 request: per-request _meta plus Mcp-Method (and Mcp-Name) headers.</summary>
    public static HttpRequestMessage ModernCall(string? bearer, string method, JsonObject? parameters = null, int id = 1, string? nameHeader = null, string? methodHeader = null)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = Modern,
            ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "tests", ["version"] = "1" },
        };
        HttpRequestMessage request = Post(bearer, Body(method, parameters, id), Modern);
        request.Headers.Add("Mcp-Method", methodHeader ?? method);
        string? name = nameHeader ?? parameters["name"]?.GetValue<string>();
        if (name is not null)
            request.Headers.Add("Mcp-Name", name);
        return request;
    }

    public static HttpRequestMessage Era(string era, string? bearer, string method, JsonObject? parameters = null, int id = 1) =>
        era == Modern ? ModernCall(bearer, method, parameters, id) : LegacyCall(bearer, method, parameters, id);

    public static string Body(string method, JsonObject? parameters, int? id = 1)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (id is not null)
            message["id"] = id;
        if (parameters is not null)
            message["params"] = parameters;
        return message.ToJsonString();
    }

    public static JsonObject Call(string tool, JsonObject? arguments = null) =>
        new() { ["name"] = tool, ["arguments"] = arguments ?? [] };

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
        ?? throw new JsonException("empty body");
}
