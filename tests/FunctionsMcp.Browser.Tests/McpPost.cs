using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FunctionsMcp.Browser.Tests;

/// <summary>A JSON-RPC request to the app's <c>/mcp</c> with a bearer credential, as a streamable HTTP client sends it.</summary>
public static class McpPost
{
    public static HttpRequestMessage Create(string credential, string method, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method };
        if (parameters is not null)
            body["params"] = parameters;
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return request;
    }
}
