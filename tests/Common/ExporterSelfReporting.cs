using System.Runtime.CompilerServices;

namespace FunctionsMcp.Tests.Common;

/// <summary>
/// Tests that turn telemetry on point the Azure Monitor exporter at loopback, but the exporter also reports on itself
/// (Statsbeat and SDK statistics), and to do so asks the Azure instance metadata service (169.254.169.254) where it runs.
/// Off for every test process, so no test reaches past loopback.
/// </summary>
internal static class ExporterSelfReporting
{
    [ModuleInitializer]
    internal static void TurnOff()
    {
        foreach (string name in (string[])["APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "APPLICATIONINSIGHTS_SDKSTATS_DISABLED_ALL"])
            Environment.SetEnvironmentVariable(name, "true");
    }
}
