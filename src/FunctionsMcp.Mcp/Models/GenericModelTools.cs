using System.ComponentModel;
using System.Text.Json;
using FunctionsMcp.Mcp.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Models;

/// <summary>
/// The generic face of the models, as Planhat's MCP server offers it: discover the models and operations this
/// caller may use, fetch an operation's parameter schema, and perform it. Every operation runs exactly as its
/// typed tool does (same schema, validation, scope, concurrency and audit).
/// </summary>
internal sealed class GenericModelTools(ModelRegistry registry, McpCallContext call)
{
    private const string Parameters = "parameters";

    public sealed record OperationInfo(
        string Operation,
        [property: Description("The typed tool that does the same.")] string Tool,
        string Scope,
        bool ReadOnly,
        string Description);

    public sealed record ModelInfo(string Model, string Description, IReadOnlyList<OperationInfo> Operations);

    public sealed record DiscoverResult(IReadOnlyList<ModelInfo> Models);

    public sealed record SchemaResult(
        string Model,
        string Operation,
        string Scope,
        [property: Description("The schema of perform_operation's parameters.")] JsonElement ParametersSchema,
        JsonElement ResultSchema);

    [McpServerTool(Name = "discover_models", Title = "Discover models", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the models and the operations this connection may use on each; start here for get_model_schema and perform_operation.")]
    public DiscoverResult DiscoverModels() => new(registry.For(call.Principal)
        .Select(m => new ModelInfo(m.Model.Name, m.Model.Description, m.Operations
            .Select(o => new OperationInfo(o.Operation, o.ToolName, o.RequiredScope, o.ReadOnly, o.Description)).ToList()))
        .ToList());

    [McpServerTool(Name = "get_model_schema", Title = "Get an operation schema", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the schemas of one operation's parameters and result, to build perform_operation's parameters.")]
    public SchemaResult GetModelSchema(
        [Description("From discover_models.")] string model,
        [Description("From discover_models.")] string operation)
    {
        ModelOperation op = Resolve(model, operation);
        return new SchemaResult(op.Model, op.Operation, op.RequiredScope, op.ParametersSchema, op.ResultSchema);
    }

    [McpServerTool(Name = "perform_operation", Title = "Perform an operation", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Runs one operation on one model with its parameters (see get_model_schema), as its typed tool does. Returns the record or page.")]
    public async Task<CallToolResult> PerformOperation(
        RequestContext<CallToolRequestParams> request,
        [Description("From discover_models.")] string model,
        [Description("From discover_models.")] string operation,
        [Description("An object (or a string holding one) of the operation's parameters.")] JsonElement parameters,
        CancellationToken cancellationToken)
    {
        ModelOperation op;
        try
        {
            op = Resolve(model, operation);
        }
        catch (McpException ex)
        {
            return ModelInvoker.Error(ex.Message);
        }

        if (parameters.ValueKind == JsonValueKind.String)
        {
            try
            {
                parameters = JsonDocument.Parse(parameters.GetString()!).RootElement;
            }
            catch (JsonException)
            {
                return ModelInvoker.Error($"`{Parameters}` must be an object of the operation's parameters (see get_model_schema); the string sent does not hold one.");
            }
        }

        // The same check, schema and hints as the typed tool, with each parameter named where it sits: parameters.version.
        IReadOnlyList<string> problems = ArgumentCheck.Problems(op.ParametersSchema, parameters, registry.HintsFor(op), $"the {op.Model} {op.Operation} operation", Parameters);
        if (problems.Count > 0)
            return ModelInvoker.Error(string.Join(" ", problems));
        return await ModelInvoker.InvokeAsync(op, parameters, Parameters, call.Principal, request.Services!, cancellationToken);
    }

    private ModelOperation Resolve(string model, string operation)
    {
        ModelDefinition definition = registry.Find(model)
            ?? throw new McpException($"Unknown model '{model}'. Models: {registry.Names} (see discover_models).");
        return definition.Find(operation)
            ?? throw new McpException($"The {definition.Name} model has no '{operation}' operation. Operations: {string.Join(", ", definition.Operations.Select(o => o.Operation))}.");
    }
}
