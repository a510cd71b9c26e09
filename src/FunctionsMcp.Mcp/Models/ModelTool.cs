using System.Text.Json;
using FunctionsMcp.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Models;

/// <summary>The typed tool of one model operation (e.g. <c>create_participant</c>): its schemas come from the operation.</summary>
internal sealed class ModelTool(ModelOperation operation) : McpServerTool
{
    public override Tool ProtocolTool { get; } = new()
    {
        Name = operation.ToolName,
        Title = operation.Title,
        Description = operation.Description,
        InputSchema = operation.ParametersSchema,
        OutputSchema = operation.ResultSchema,
        Annotations = new ToolAnnotations
        {
            Title = operation.Title,
            ReadOnlyHint = operation.ReadOnly,
            DestructiveHint = operation.Destructive,
            IdempotentHint = operation.Idempotent,
            OpenWorldHint = false,
        },
    };

    public override IReadOnlyList<object> Metadata { get; } = [];

    public ModelOperation Operation => operation;

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        IServiceProvider services = request.Services!;
        JsonElement arguments = JsonSerializer.SerializeToElement(request.Params?.Arguments ?? new Dictionary<string, JsonElement>());
        return ModelInvoker.InvokeAsync(operation, arguments, path: null, services.GetRequiredService<McpCallContext>().Principal, services, cancellationToken);
    }
}
