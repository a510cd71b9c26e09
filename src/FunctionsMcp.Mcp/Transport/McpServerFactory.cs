using System.Reflection;
using FunctionsMcp.Mcp.Tools;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Transport;

/// <summary>Builds the per-request server: our identity, instructions for the model, and only the caller's tools.</summary>
internal sealed class McpServerFactory(ToolCatalog tools, ILoggerFactory loggerFactory)
{
    public const string Instructions =
        "FunctionsMcp holds the care records of one disability-support provider (NDIS): participants, their goals and " +
        "goal activities, care plans, funding lines and budgets, medications, staff, and the NDIS support catalogue. " +
        "Every call acts for one signed-in staff member inside their own organization; you cannot name or change the " +
        "organization, and records of other organizations do not exist for you. Tools appear only when this connection " +
        "has the scope they need; call whoami to see the organization, role and scopes. Ids are opaque strings: pass " +
        "them back exactly as returned. Records carry a version: send it with an update, and if the update is refused " +
        "as stale, read the record again and retry with the new version. Lists return a page of items, a next_cursor and " +
        "more (how many items follow, counted up to 100); pass next_cursor as cursor to get the next page, and stop when " +
        "it is null. Dates are yyyy-MM-dd and amounts AUD. Deleting archives a record; it can be restored. A call with a " +
        "missing, mistyped or unknown argument is refused with a sentence naming the argument and the fix.";

    private static readonly Implementation s_info = new()
    {
        Name = "FunctionsMcp",
        Title = "FunctionsMcp care records",
        Version = typeof(McpServerFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
    };

    public McpServer Create(StreamableHttpServerTransport transport, McpPrincipal principal, IServiceProvider requestServices)
    {
        var options = new McpServerOptions
        {
            ServerInfo = s_info,
            ServerInstructions = Instructions,
            // Stateless: one server per request, living in the request's own DI scope.
            ScopeRequests = false,
            ToolCollection = [.. tools.For(principal)],
        };
        return McpServer.Create(transport, options, loggerFactory, requestServices);
    }
}
