using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// The Bicep compiler from NuGet (<c>Azure.Bicep.CommandLine.linux-x64</c>, restored with this project) run over a
/// temporary copy of <c>infra/</c> whose <c>bicepconfig.json</c> maps the Microsoft Graph extension to a local package
/// packed from <c>infra/extensions/</c> (the registry that serves it is not reachable here). Every other setting of the
/// checked-in config, the linter rules included, is kept.
/// </summary>
internal sealed partial class BicepCompiler : IDisposable
{
    private const string GraphRegistryReference = "br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0";
    private readonly string _folder = Directory.CreateTempSubdirectory("fmcp-bicep-").FullName;

    public BicepCompiler()
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        Infra = Path.Combine(_folder, "infra");
        CopyFolder(Path.Combine(root, "infra"), Infra);
    }

    /// <summary>The temporary copy of <c>infra/</c>, which a test may change before compiling.</summary>
    public string Infra { get; }

    /// <summary>Packs the Graph extension, points the copy's config at it, then builds and lints <c>main.bicep</c>.</summary>
    /// <returns>Every diagnostic line (warnings included) and the compiled ARM template, if one was written.</returns>
    public async Task<(IReadOnlyList<string> Diagnostics, string? Template)> BuildAndLintAsync()
    {
        await UseLocalGraphExtensionAsync();
        string template = Path.Combine(_folder, "main.json");
        (_, string build) = await RunAsync("build", Path.Combine(Infra, "main.bicep"), "--outfile", template);
        (_, string lint) = await RunAsync("lint", Path.Combine(Infra, "main.bicep"));
        string[] diagnostics = [.. (build + "\n" + lint).Split('\n').Where(line => DiagnosticLine().IsMatch(line)).Select(line => line.Replace(Infra + "/", "", StringComparison.Ordinal).Trim()).Distinct()];
        return (diagnostics, File.Exists(template) ? await File.ReadAllTextAsync(template) : null);
    }

    /// <summary>
    /// Builds <c>main.bicep</c> without linting, for tests that read the template (<see cref="CompiledInfra"/>): warnings
    /// are <see cref="BicepBuildTests"/>' business, so a build that writes a template is enough here.
    /// </summary>
    /// <returns>The compiled ARM template (<c>main.json</c>).</returns>
    public async Task<string> BuildAsync()
    {
        await UseLocalGraphExtensionAsync();
        string template = Path.Combine(_folder, "main.json");
        (int built, string output) = await RunAsync("build", Path.Combine(Infra, "main.bicep"), "--outfile", template);
        Assert.True(built == 0 && File.Exists(template), $"bicep build failed:\n{output}");
        return await File.ReadAllTextAsync(template);
    }

    private async Task UseLocalGraphExtensionAsync()
    {
        string graph = Path.Combine(_folder, "microsoftgraph.tgz");
        (int packed, string packOutput) = await RunAsync("publish-extension", Path.Combine(Infra, "extensions", "microsoftgraph-v1.0-1.0.0", "index.json"), "--target", graph);
        Assert.True(packed == 0, $"bicep publish-extension failed:\n{packOutput}");

        string config = Path.Combine(Infra, "bicepconfig.json");
        string text = await File.ReadAllTextAsync(config);
        Assert.Contains(GraphRegistryReference, text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, text.Replace(GraphRegistryReference, graph, StringComparison.Ordinal));
    }

    // "modules/storage.bicep(16,53) : Warning use-recent-api-versions: …" or "… : Error BCP…"
    [GeneratedRegex(@"\(\d+,\d+\) : (Warning|Error|Info) ")]
    private static partial Regex DiagnosticLine();

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        string bicep = typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
        Assert.True(File.Exists(bicep), $"The Bicep compiler is missing at {bicep}: restore the test project (it downloads Azure.Bicep.CommandLine.linux-x64).");
        // NuGet does not keep the executable bit when it extracts a package (the package is Linux-only).
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);

        var start = new ProcessStartInfo(bicep, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + "\n" + errors);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string folder in Directory.GetDirectories(from))
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
