using System.Text.Json;
using FunctionsMcp.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Models;

/// <summary>
/// The typed tool of one model operation (e.g. <c>create_participant</c>): its input schema is the operation's, its
/// output schema the one <see cref="ModelRegistry.OutputSchemaFor"/> publishes for it.
/// </summary>
internal sealed class ModelTool(ModelOperation operation, JsonElement outputSchema) : McpServerTool
{
    public override Tool ProtocolTool { get; } = new()
    {
        Name = operation.ToolName,
        Title = operation.Title,
        Description = operation.Description,
        InputSchema = operation.ParametersSchema,
        OutputSchema = outputSchema,
        Annotations = new ToolAnnotations
        {
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
