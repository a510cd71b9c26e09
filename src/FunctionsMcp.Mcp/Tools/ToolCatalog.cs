using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionsMcp.Mcp.Models;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
                _tools.Add(operation.ToolName, new CatalogTool(new CheckedTool(new ModelTool(operation), models.HintsFor(operation)), [operation.RequiredScope]));
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
                McpServerTool tool = new CheckedTool(Closed(created), ArgumentHints.None);
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
    /// Says in the input schema what <see cref="CheckedTool"/> does: an argument the tool does not take is refused
    /// (the model tools' schemas say so already).
    /// </summary>
    private static McpServerTool Closed(McpServerTool tool)
    {
        var schema = (JsonObject)JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!;
        schema["additionalProperties"] ??= false;
        tool.ProtocolTool.InputSchema = JsonSerializer.SerializeToElement(schema);
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
