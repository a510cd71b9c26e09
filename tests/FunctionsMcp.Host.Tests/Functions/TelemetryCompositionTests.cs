using System.Reflection;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunctionsMcp.Functions;
using FunctionsMcp.Functions.Telemetry;
using FunctionsMcp.Tests.Common;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FunctionsMcp.Host.Tests.Functions;

/// <summary>
/// Telemetry in the worker's composition (what <c>Program.cs</c> builds) and the local host's: on with
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>, exported by the Azure Monitor exporter with the Functions worker's
/// defaults; without it, no OpenTelemetry at all.
/// </summary>
public sealed partial class TelemetryCompositionTests(AzuriteFixture azurite)
{
    /// <summary>Ingestion and Live Metrics on a closed loopback port: nothing leaves the machine.</summary>
    private const string LoopbackConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

    private static readonly string[] s_telemetryAssemblies = ["OpenTelemetry", "Azure.Monitor.OpenTelemetry.Exporter", "Microsoft.Azure.Functions.Worker.OpenTelemetry"];

    [Fact]
    public void WithoutAConnectionString_TheWorkerRegistersNoOpenTelemetry()
    {
        FunctionsApplicationBuilder builder = Worker(connectionString: "");

        Assert.DoesNotContain(builder.Services, IsTelemetry);
        using IHost worker = builder.Build();
        Assert.Null(worker.Services.GetService<TracerProvider>());
        Assert.Null(worker.Services.GetService<MeterProvider>());
        Assert.Null(worker.Services.GetService<LoggerProvider>());
        Assert.False(worker.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities.ContainsKey("WorkerOpenTelemetryEnabled"));
    }

    [Fact]
    public void WithAConnectionString_TheWorkerExportsToAzureMonitor_WithTheFunctionsWorkerDefaults()
    {
        FunctionsApplicationBuilder builder = Worker(LoopbackConnectionString);

        Assert.Contains(builder.Services, d => Implementation(d)?.Assembly == typeof(AzureMonitorExporterOptions).Assembly && d.ServiceType == typeof(IHostedService));
        using IHost worker = builder.Build();
        Assert.NotNull(worker.Services.GetService<TracerProvider>());
        Assert.NotNull(worker.Services.GetService<MeterProvider>());
        Assert.NotNull(worker.Services.GetService<LoggerProvider>());
        Assert.Equal(LoopbackConnectionString, worker.Services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName).ConnectionString);
        // What UseFunctionsWorkerDefaults tells the Functions host: the worker sends its own telemetry.
        Assert.Equal(bool.TrueString, worker.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities["WorkerOpenTelemetryEnabled"]);
        Assert.True(AppContext.TryGetSwitch(TelemetryExtensions.AzureSdkActivitySourceSwitch, out bool azureSpans) && azureSpans);
    }

    [Fact]
    public void WithAConnectionString_TheWorkerExportsItsOwnLogs_ButNotAspNetCoresRequestLines()
    {
        var exported = new List<LogRecord>();
        FunctionsApplicationBuilder builder = Worker(LoopbackConnectionString);
        // The worker ships no appsettings.json; this test's output has the local host's, which quiets ASP.NET Core itself.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Information"), new("Logging:LogLevel:Microsoft.AspNetCore", "Information")]);
        builder.Services.ConfigureOpenTelemetryLoggerProvider(b => b.AddInMemoryExporter(exported));
        using IHost worker = builder.Build();
        ILoggerFactory loggers = worker.Services.GetRequiredService<ILoggerFactory>();
        ILogger aspNetCore = loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics"), sdk = loggers.CreateLogger("ModelContextProtocol.Server.McpServer");
        ILogger ours = loggers.CreateLogger("FunctionsMcp.Mcp.Protection.AuditWriter"), kestrel = loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");

        Write(aspNetCore, LogLevel.Information, "Request starting GET /signin/callback?code=entra-code");
        Write(sdk, LogLevel.Information, "tools/call request handler called.");
        Write(ours, LogLevel.Information, "An identifiers-only line.");
        Write(kestrel, LogLevel.Warning, "A warning.");

        Assert.Equal(["A warning.", "An identifiers-only line."], exported.Select(r => r.FormattedMessage ?? r.Body).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555", true)]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    public void WithTheFunctionsHostsEntraSetting_TheExporterSendsAsTheManagedIdentity(string authentication, bool entra)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new(TelemetryExtensions.ConnectionStringSetting, LoopbackConnectionString), new(TelemetryExtensions.AuthenticationStringSetting, authentication)]).Build();
        // Only the options are built: a provider would ask the instance metadata service for a token when it flushes.
        using ServiceProvider services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddTelemetry(configuration).BuildServiceProvider();

        AzureMonitorExporterOptions options = services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);

        Assert.Equal(entra, options.Credential is Azure.Identity.ManagedIdentityCredential);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(LoopbackConnectionString, true)]
    public void TheLocalHost_TurnsTelemetryOnFromItsSettings(string? connectionString, bool on)
    {
        Dictionary<string, string?> settings = HostFactory.Settings(azurite.ConnectionString);
        settings[TelemetryExtensions.ConnectionStringSetting] = connectionString ?? "";
        using var host = new HostFactory(settings);

        Assert.Equal(on, host.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(on, host.Services.GetService<MeterProvider>() is not null);
    }

    /// <summary>The worker's composition, as <c>Program.cs</c> builds it, with <paramref name="connectionString"/> as the app setting.</summary>
    private FunctionsApplicationBuilder Worker(string connectionString)
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(HostFactory.Settings(azurite.ConnectionString));
        builder.Configuration.AddInMemoryCollection([new(TelemetryExtensions.ConnectionStringSetting, connectionString)]);
        builder.Services.AddFunctionsMcp();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.Configure<AzureMonitorExporterOptions>(o => (o.DisableOfflineStorage, o.EnableLiveMetrics) = (true, false));
        return builder;
    }

    [LoggerMessage(Message = "{Text}")]
    private static partial void Write(ILogger logger, LogLevel level, string text);

    private static bool IsTelemetry(ServiceDescriptor descriptor) =>
        new[] { descriptor.ServiceType, Implementation(descriptor) }.Any(t => t is not null && s_telemetryAssemblies.Contains(t.Assembly.GetName().Name));

    /// <summary>The type a descriptor makes: its implementation type, its instance's type, or the type that declares its factory.</summary>
    private static Type? Implementation(ServiceDescriptor d) => d.IsKeyedService
        ? d.KeyedImplementationType ?? d.KeyedImplementationInstance?.GetType() ?? d.KeyedImplementationFactory?.GetMethodInfo().DeclaringType
        : d.ImplementationType ?? d.ImplementationInstance?.GetType() ?? d.ImplementationFactory?.GetMethodInfo().DeclaringType;
}
