using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.Mcp.Transport;
using FunctionsMcp.OAuth.Telemetry;

namespace FunctionsMcp.Mcp.Telemetry;

/// <summary>
/// Counts what the audit trail records, without the who: each <c>tools/call</c> by tool and outcome (the audit's
/// outcome words: <c>ok</c>, <c>tool_error</c>, <c>error</c>, <c>rejected</c>, <c>cancelled</c>), and each 401, 403 and 429
/// by the check that refused it. Every request reaches it, unauthenticated ones too, and each message of a batch.
/// </summary>
internal sealed class McpRequestMetrics(FunctionsMcpMetrics metrics, ToolCatalog tools) : IMcpRequestObserver
{
    private const string ToolsCall = "tools/call";

    public void OnCompleted(McpRequestRecord record)
    {
        if (record.Refusal is { } reason)
            metrics.Refused(record.Status, reason, FunctionsMcpMetrics.Endpoints.Mcp);
        if (record.Method == ToolsCall)
            metrics.ToolCalled(ToolTag(record.Tool), record.Outcome);
    }

    /// <summary>The tool's name when it is one we serve; any other name is the client's text, which is never a tag.</summary>
    private string ToolTag(string? name) =>
        name is not null && tools.Find(name) is { } tool ? tool.Name : FunctionsMcpMetrics.Tags.UnknownTool;
}
