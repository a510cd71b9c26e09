using System.Diagnostics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunctionsMcp.OAuth.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FunctionsMcp.Functions.Telemetry;

/// <summary>
/// Telemetry to Application Insights through OpenTelemetry, set up as Microsoft's "Use OpenTelemetry with Azure Functions"
/// has it for the isolated worker (<c>UseFunctionsWorkerDefaults</c> and <c>UseAzureMonitorExporter</c>; host.json's
/// <c>telemetryMode</c> does the host's half): traces of the worker's function invocations, the Azure SDK's calls to
/// Table Storage, Key Vault and managed identity, and HttpClient calls (Entra, client metadata documents); the app's
/// own metrics (<see cref="FunctionsMcpMetrics"/>); and the logs. Only when <see cref="ConnectionStringSetting"/> is
/// set: without it no OpenTelemetry is registered at all, and the app's instruments record into nothing.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The setting (an app setting in Azure) that turns telemetry on and says where it goes.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// How the Functions host signs in to Application Insights when its local auth is off (infra sets
    /// <c>Authorization=AAD;ClientId=…</c>). The exporter does not read it, so the worker does, to send with the same identity.
    /// </summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The Azure SDK emits its spans on <c>Azure.*</c> activity sources only with this switch on (its ActivitySource support is still called experimental).</summary>
    public const string AzureSdkActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>The Azure SDK's span around each HTTP request it sends.</summary>
    private const string AzureSdkHttpSource = "Azure.Core.Http";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFunctionsMcpMetrics();
        string? connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
            return services;

        // Azure.Core reads the switch once, when its first client is created: composition comes before that.
        AppContext.SetSwitch(AzureSdkActivitySourceSwitch, true);
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource("Azure.*")
                // The Azure SDK already has a span for each of its requests: skip HttpClient's second one under it.
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => Activity.Current?.Parent?.Source.Name != AzureSdkHttpSource)
                // Before the exporters (added after it): no entity key leaves in a URL.
                .AddProcessor(new TableKeyRedaction()))
            .WithMetrics(metrics => metrics.AddMeter(FunctionsMcpMetrics.MeterName))
            .UseAzureMonitorExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;
                exporter.Credential = EntraCredential(configuration[AuthenticationStringSetting]);
            });

        // ASP.NET Core's information lines name each request's URL, query string included (/signin/callback carries
        // Entra's code), and the MCP SDK's repeat per call what the audit trail and the metrics hold: only their
        // warnings and errors are exported.
        services.AddLogging(logging => logging
            .AddFilter<OpenTelemetryLoggerProvider>("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter<OpenTelemetryLoggerProvider>("ModelContextProtocol", LogLevel.Warning));
        return services;
    }

    /// <summary>
    /// The managed identity <paramref name="authentication"/> names (<c>Authorization=AAD;ClientId=…</c>; without a
    /// client id, the system-assigned one), or null to send with the connection string's key alone.
    /// </summary>
    public static TokenCredential? EntraCredential(string? authentication)
    {
        Dictionary<string, string> parts = (authentication ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
            return null;
        return parts.GetValueOrDefault("ClientId") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
