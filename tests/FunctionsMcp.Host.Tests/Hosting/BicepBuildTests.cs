using System.Text.Json;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// <c>infra/</c> compiles and lints with no diagnostic at all, warnings included (a misspelt Microsoft Graph property
/// is only a warning), with the linter rules that are off by default turned on.
/// </summary>
public sealed class BicepBuildTests
{
    private static readonly string[] s_rulesOffByDefault = ["use-recent-api-versions", "use-user-defined-types", "what-if-short-circuiting"];
    private static readonly string[] s_reportingLevels = ["warning", "error"];

    [Fact]
    public async Task Infra_BuildsAndLints_WithoutASingleDiagnostic()
    {
        using var compiler = new BicepCompiler();

        (IReadOnlyList<string> diagnostics, string? template) = await compiler.BuildAndLintAsync();

        Assert.True(diagnostics.Count == 0, "bicep build/lint reported:\n" + string.Join('\n', diagnostics));
        Assert.NotNull(template);
        using JsonDocument arm = JsonDocument.Parse(template);
        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", arm.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public async Task AMisspeltGraphProperty_IsReported_SoTheCheckFailsOnWarnings()
    {
        using var compiler = new BicepCompiler();
        string entraApp = Path.Combine(compiler.Infra, "modules", "entra-app.bicep");
        string text = await File.ReadAllTextAsync(entraApp, TestContext.Current.CancellationToken);
        Assert.Contains("signInAudience:", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(entraApp, text.Replace("signInAudience:", "signInAudiense:", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        (IReadOnlyList<string> diagnostics, _) = await compiler.BuildAndLintAsync();

        Assert.Contains(diagnostics, d => d.StartsWith("modules/entra-app.bicep(", StringComparison.Ordinal) && d.Contains("signInAudiense", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCheckedInConfig_TurnsOnTheRulesThatAreOffByDefault()
    {
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.GetRoot(AppContext.BaseDirectory), "infra", "bicepconfig.json")));
        JsonElement rules = config.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules");

        foreach (string rule in s_rulesOffByDefault)
            Assert.Contains(rules.GetProperty(rule).GetProperty("level").GetString(), s_reportingLevels);
    }
}
