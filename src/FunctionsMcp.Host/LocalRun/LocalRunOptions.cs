namespace FunctionsMcp.Host.LocalRun;

/// <summary>The local run (configuration section <c>LocalRun</c>); ignored outside Development.</summary>
public sealed class LocalRunOptions
{
    public const string Section = "LocalRun";

    /// <summary><c>LocalRun:StartAzurite</c>: start the repository's Azurite when storage points at a loopback port nobody listens on.</summary>
    public bool StartAzurite { get; set; }

    /// <summary><c>LocalRun:SeedDemoData</c>: load the demo organizations and users, and print a fresh demo access key.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary><c>LocalRun:AzuriteDataFolder</c>: where that Azurite keeps its data, relative to the repository root (default <c>.azurite</c>).</summary>
    public string AzuriteDataFolder { get; set; } = ".azurite";
}
