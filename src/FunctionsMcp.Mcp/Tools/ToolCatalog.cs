using System.Reflection;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Models;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>
/// One tool and the scopes it needs: always <paramref name="RequiredScopes"/>, plus, for a tool that acts on a model
/// named in its arguments (perform_operation), what <paramref name="ScopesForArguments"/> says that operation needs.
/// </summary>
internal sealed record CatalogTool(McpServerTool Tool, IReadOnlyList<string> RequiredScopes, Func<JsonObject?, IReadOnlyList<string>>? ScopesForArguments = null)
{
    public string Name => Tool.ProtocolTool.Name;

    public IReadOnlyList<string> ScopesFor(JsonObject? arguments) =>
        ScopesForArguments is null ? RequiredScopes : [.. RequiredScopes, .. ScopesForArguments(arguments)];
}

/// <summary>
/// Every tool, built once at start-up from the <c>[McpServerTool]</c> methods of the registered tool types
/// (schema generation is reflection-heavy), each created per call from the request's services.
/// </summary>
internal sealed class ToolCatalog
{
    private readonly Dictionary<string, CatalogTool> _tools = new(StringComparer.Ordinal);

    public ToolCatalog(IEnumerable<ToolType> types, ModelRegistry models, IOptions<McpEndpointOptions> options, IServiceProvider services)
    {
        ToolProfile profile = options.Value.ToolProfile;
        if (profile != ToolProfile.Generic)
        {
            foreach (ModelOperation operation in models.All.SelectMany(m => m.Operations))
            {
                var tool = new CheckedTool(Compact(new ModelTool(operation, models.OutputSchemaFor(operation))), models.HintsFor(operation));
                _tools.Add(operation.ToolName, new CatalogTool(tool, [operation.RequiredScope]));
            }
        }

        foreach (ToolType registration in types)
        {
            foreach (MethodInfo method in registration.Type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<McpServerToolAttribute>() is null)
                    continue;
                Type type = registration.Type;
                if (type == typeof(GenericModelTools) && profile == ToolProfile.Typed)
                    continue;
                // Every tool speaks the models' JSON: snake_case names and values, characters written as themselves.
                var createOptions = new McpServerToolCreateOptions { Services = services, SerializerOptions = ModelJson.Options };
                McpServerTool created = method.IsStatic
                    ? McpServerTool.Create(method, target: null, createOptions)
                    : McpServerTool.Create(method, request => ActivatorUtilities.CreateInstance(request.Services!, type), createOptions);
                McpServerTool tool = new CheckedTool(Compact(created), ArgumentHints.None);
                IReadOnlyList<string> scopes = method.GetCustomAttribute<RequiresScopeAttribute>()?.Scopes ?? [];
                if (scopes.Any(s => !Scopes.IsKnown(s)))
                    throw new InvalidOperationException($"Tool {tool.ProtocolTool.Name} requires an unknown scope.");
                _tools.Add(tool.ProtocolTool.Name, tool.ProtocolTool.Name == PerformOperation
                    ? new CatalogTool(tool, scopes, arguments => ScopeOfOperation(models, arguments))
                    : new CatalogTool(tool, scopes));
            }
        }
    }

    private const string PerformOperation = "perform_operation";

    /// <summary>
    /// A tool as <c>tools/list</c> shows it, compact (a client pays for it in context every time it loads the server):
    /// compact schemas (see <see cref="ToolSchemas"/>; the model tools' are already), the title once (annotations.title
    /// repeats it for pre-2025-06-18 clients), and no destructive or idempotent hint on a read-only tool (the spec
    /// gives them meaning only when readOnlyHint is false).
    /// </summary>
    private static McpServerTool Compact(McpServerTool tool)
    {
        Tool definition = tool.ProtocolTool;
        definition.InputSchema = ToolSchemas.Input(definition.InputSchema);
        if (definition.OutputSchema is { } output)
            definition.OutputSchema = ToolSchemas.Output(output);
        if (definition.Annotations is { } annotations)
        {
            annotations.Title = null;
            if (annotations.ReadOnlyHint == true)
                (annotations.DestructiveHint, annotations.IdempotentHint) = (null, null);
        }

        return tool;
    }

    public IEnumerable<CatalogTool> All => _tools.Values;

    private static IReadOnlyList<string> ScopeOfOperation(ModelRegistry models, JsonObject? arguments)
    {
        string? model = arguments?["model"] is JsonValue m && m.TryGetValue(out string? name) ? name : null;
        string? operation = arguments?["operation"] is JsonValue o && o.TryGetValue(out string? op) ? op : null;
        return operation is not null && models.Find(model)?.Find(operation) is { } found ? [found.RequiredScope] : [];
    }

    public CatalogTool? Find(string name) => _tools.GetValueOrDefault(name);

    /// <summary>The tools <paramref name="principal"/> may call.</summary>
    public IEnumerable<McpServerTool> For(McpPrincipal principal) =>
        _tools.Values.Where(t => principal.HasAll(t.RequiredScopes)).Select(t => t.Tool);
}

/// <summary>A class whose <c>[McpServerTool]</c> methods are tools.</summary>
internal sealed record ToolType(Type Type);
