using System.Text.Json.Nodes;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>perform_operation, as the read-only model tests call it.</summary>
public static class ToolCallsGeneric
{
    public static Task<ToolReply> PerformAsync(this McpTestServer server, string era, string key, string model, string operation, JsonNode parameters) =>
        server.CallAsync(era, key, "perform_operation", new JsonObject { ["model"] = model, ["operation"] = operation, ["parameters"] = parameters });
}
