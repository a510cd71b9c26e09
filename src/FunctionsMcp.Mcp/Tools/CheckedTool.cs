using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// A tool whose arguments are checked against its published input schema before it runs (see <see cref="ArgumentCheck"/>):
/// every tool is wrapped once in <see cref="ToolCatalog"/>, so no tool checks its own arguments by hand, and none
/// answers with a serializer's message.
/// </summary>
internal sealed class CheckedTool(McpServerTool inner, ArgumentHints hints) : McpServerTool
{
    public override Tool ProtocolTool => inner.ProtocolTool;

    public override IReadOnlyList<object> Metadata => inner.Metadata;

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        JsonElement arguments = JsonSerializer.SerializeToElement(request.Params?.Arguments ?? new Dictionary<string, JsonElement>());
        IReadOnlyList<string> problems = ArgumentCheck.Problems(ProtocolTool.InputSchema, arguments, hints, ProtocolTool.Name);
        return problems.Count > 0
            ? ValueTask.FromResult(ToolErrors.Result(string.Join(" ", problems)))
            : inner.InvokeAsync(request, cancellationToken);
    }
}
