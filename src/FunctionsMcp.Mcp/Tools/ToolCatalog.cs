using System.Reflection;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Tools;

/// <summary>One tool and the scopes it needs.</summary>
internal sealed record CatalogTool(McpServerTool Tool, IReadOnlyList<string> RequiredScopes)
{
    public string Name => Tool.ProtocolTool.Name;
}

/// <summary>
/// Every tool, built once at start-up from the <c>[McpServerTool]</c> methods of the registered tool types
/// (schema generation is reflection-heavy), each created per call from the request's services.
/// </summary>
internal sealed class ToolCatalog
{
    private readonly Dictionary<string, CatalogTool> _tools = new(StringComparer.Ordinal);

    public ToolCatalog(IEnumerable<ToolType> types, IServiceProvider services)
    {
        foreach (ToolType registration in types)
        {
            foreach (MethodInfo method in registration.Type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<McpServerToolAttribute>() is null)
                    continue;
                Type type = registration.Type;
                var options = new McpServerToolCreateOptions { Services = services };
                McpServerTool tool = method.IsStatic
                    ? McpServerTool.Create(method, target: null, options)
                    : McpServerTool.Create(method, request => ActivatorUtilities.CreateInstance(request.Services!, type), options);
                IReadOnlyList<string> scopes = method.GetCustomAttribute<RequiresScopeAttribute>()?.Scopes ?? [];
                if (scopes.Any(s => !Scopes.IsKnown(s)))
                    throw new InvalidOperationException($"Tool {tool.ProtocolTool.Name} requires an unknown scope.");
                _tools.Add(tool.ProtocolTool.Name, new CatalogTool(tool, scopes));
            }
        }
    }

    public IEnumerable<CatalogTool> All => _tools.Values;

    public CatalogTool? Find(string name) => _tools.GetValueOrDefault(name);

    /// <summary>The tools <paramref name="principal"/> may call.</summary>
    public IEnumerable<McpServerTool> For(McpPrincipal principal) =>
        _tools.Values.Where(t => principal.HasAll(t.RequiredScopes)).Select(t => t.Tool);
}

/// <summary>A class whose <c>[McpServerTool]</c> methods are tools.</summary>
internal sealed record ToolType(Type Type);
