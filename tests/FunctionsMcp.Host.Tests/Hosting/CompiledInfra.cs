using System.Text.Json.Nodes;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// <c>infra/main.bicep</c> compiled once for <see cref="InfrastructureTests"/> by the real Bicep compiler
/// (<see cref="BicepCompiler"/>), so the tests read what Azure would be sent, not the Bicep text. Public only because xUnit
/// hands it to a public test class.
/// </summary>
public sealed class CompiledInfra : IAsyncLifetime
{
    /// <summary>What azd passes for the parameters that have no default (main.parameters.json: AZURE_ENV_NAME, AZURE_LOCATION).</summary>
    internal const string EnvironmentName = "fmcp-test";
    internal const string Location = "swedencentral";

    private ArmTemplate? _main;

    /// <summary>main.json deployed with <see cref="EnvironmentName"/>, <see cref="Location"/> and every other default.</summary>
    internal ArmTemplate Main => _main ?? throw new InvalidOperationException("infra/ has not been compiled.");

    public async ValueTask InitializeAsync()
    {
        using var compiler = new BicepCompiler();
        string template = await compiler.BuildAsync();
        _main = ArmTemplate.Parse(template, new Dictionary<string, JsonNode?>
        {
            ["environmentName"] = EnvironmentName,
            ["location"] = Location,
        });
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
