using System.Net;
using System.Text.Json.Nodes;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>What a tools/call came back with: the HTTP status, and the tool result (or JSON-RPC error).</summary>
public sealed record ToolReply(HttpStatusCode Status, JsonNode? Result, JsonNode? Error)
{
    public bool IsToolError => Result?["isError"]?.GetValue<bool>() == true;

    public JsonNode Structured => Result?["structuredContent"] ?? throw new InvalidOperationException($"No structured content: {Result?.ToJsonString() ?? Error?.ToJsonString()}");

    public string Text => Result?["content"]?[0]?["text"]?.GetValue<string>() ?? string.Empty;
}

public static class ToolCalls
{
    public static async Task<ToolReply> CallAsync(this McpTestServer server, string era, string key, string tool, JsonObject? arguments = null)
    {
        using HttpResponseMessage response = await server.Http.SendAsync(Era(era, key, "tools/call", Call(tool, arguments)), TestContext.Current.CancellationToken);
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonNode? json = body.Length == 0 ? null : JsonNode.Parse(body);
        return new ToolReply(response.StatusCode, json?["result"], json?["error"]);
    }

    /// <summary>Calls a tool that must succeed, and returns its structured content.</summary>
    public static async Task<JsonNode> OkAsync(this McpTestServer server, string era, string key, string tool, JsonObject arguments)
    {
        ToolReply reply = await server.CallAsync(era, key, tool, arguments);
        Assert.False(reply.IsToolError, reply.Text);
        return reply.Structured;
    }

    /// <summary>Creates a participant (plan 2026-07-01 to 2027-06-30) and returns its id.</summary>
    public static async Task<string> CreateParticipantAsync(this McpTestServer server, string era, string key) =>
        (await server.OkAsync(era, key, "create_participant", NewParticipant(NextNdis())))["id"]!.GetValue<string>();

    /// <summary>Calls a list tool page by page, following next_cursor, and returns one field of every item and the page count.</summary>
    public static async Task<(List<string> Values, int Pages)> ListAllAsync(this McpTestServer server, string era, string key, string tool, JsonObject arguments, string field)
    {
        var values = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = (JsonObject)arguments.DeepClone();
            if (cursor is not null)
                page["cursor"] = cursor;
            JsonNode result = (await server.CallAsync(era, key, tool, page)).Structured;
            values.AddRange(result["items"]!.AsArray().Select(i => i![field]!.GetValue<string>()));
            cursor = result["next_cursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);
        return (values, pages);
    }

    public static JsonObject NewParticipant(string ndis, string given = "Ava", string family = "Nguyen", string planEnd = "2027-06-30") => new()
    {
        ["ndis_number"] = ndis,
        ["given_name"] = given,
        ["family_name"] = family,
        ["date_of_birth"] = "1990-02-03",
        ["plan_start"] = "2026-07-01",
        ["plan_end"] = planEnd,
        ["plan_management"] = "plan",
        ["address"] = new JsonObject { ["suburb"] = "Parramatta", ["state"] = "NSW", ["postcode"] = "2150" },
    };

    private static int s_ndis = 3000000;

    public static string NextNdis() => "43" + Interlocked.Increment(ref s_ndis).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
}
