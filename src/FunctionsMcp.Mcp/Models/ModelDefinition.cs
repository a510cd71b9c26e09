using System.Text.Json;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.OAuth.Identity;

namespace FunctionsMcp.Mcp.Models;

/// <summary>What an operation handler receives: the caller (the only source of the organization) and the request's services.</summary>
public sealed record ModelCall(McpPrincipal Principal, IServiceProvider Services);

/// <summary>An operation's outcome: a value to return, or a failure a model can act on.</summary>
public sealed record OperationResult(object? Value, RecordFailure? Failure, string? Message)
{
    public static OperationResult From<T>(RecordOutcome<T> outcome) where T : class =>
        outcome.Succeeded ? new(outcome.Value, null, null) : new(null, outcome.Failure, outcome.Message);
}

/// <summary>
/// One operation of a model (list, view, create, update, archive, restore). The typed tool and
/// <c>perform_operation</c> both run it: same parameters, same schema, same scope, same handler.
/// </summary>
public sealed record ModelOperation(
    string Model,
    string Operation,
    string ToolName,
    string Title,
    string Description,
    string RequiredScope,
    Type ParametersType,
    Type ResultType,
    bool ReadOnly,
    bool Destructive,
    bool Idempotent,
    Func<ModelCall, object, CancellationToken, Task<OperationResult>> Handler)
{
    private JsonElement? _parametersSchema;
    private JsonElement? _resultSchema;

    /// <summary>The schema of the parameters: the typed tool's input schema, and what get_model_schema returns.</summary>
    public JsonElement ParametersSchema => _parametersSchema ??= ToolSchemas.Input(ModelJson.Schema(ParametersType));

    /// <summary>The full schema of the result (get_model_schema returns it; tools/list may refer to it, see ModelRegistry).</summary>
    public JsonElement ResultSchema => _resultSchema ??= ToolSchemas.Output(ModelJson.Schema(ResultType));
}

/// <summary>A model (participant, goal, …) and the operations it offers; <paramref name="Noun"/> names one record in a sentence.</summary>
public sealed record ModelDefinition(string Name, string Description, IReadOnlyList<ModelOperation> Operations, string? Noun = null)
{
    public string RecordNoun => Noun ?? Name.Replace('_', ' ');

    public ModelOperation? Find(string operation) =>
        Operations.FirstOrDefault(o => string.Equals(o.Operation, operation, StringComparison.OrdinalIgnoreCase));
}
