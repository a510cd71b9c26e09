using System.ComponentModel;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FunctionsMcp.Mcp.Tests.Clients;

/// <summary>
/// The diagnostic tools the MCP conformance suite's 2026-07-28 <c>server-stateless</c> scenario calls by name.
/// Registered only in the conformance test's server, never in the product. The suite still probes sampling and
/// logging, which 2026-07-28 deprecates, hence the suppressions.
/// </summary>
#pragma warning disable MCP9005 // deprecated sampling and logging APIs are exactly what the fixtures probe
#pragma warning disable CA1848 // one fixture log line; LoggerMessage adds nothing here
internal sealed class ConformanceFixtureTools
{
    [McpServerTool(Name = "test_missing_capability", ReadOnly = true, OpenWorld = false)]
    [Description("Conformance fixture: needs the client's sampling capability and says so with -32021 when it is missing.")]
    public static string MissingCapability(McpServer server)
    {
        if (server.ClientCapabilities?.Sampling is null)
            throw new MissingRequiredClientCapabilityException(new ClientCapabilities { Sampling = new SamplingCapability() }, "This tool needs the sampling capability.");
        return "sampling is available";
    }

    [McpServerTool(Name = "test_logging_tool", ReadOnly = true, OpenWorld = false)]
    [Description("Conformance fixture: logs through MCP logging, which must stay silent unless the request set a log level.")]
    public static string Logging(McpServer server)
    {
        ILogger logger = server.AsClientLoggerProvider().CreateLogger("conformance");
        logger.LogInformation("fixture log message");
        return "logged";
    }
}
