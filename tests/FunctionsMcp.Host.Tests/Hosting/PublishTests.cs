using System.Diagnostics;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>
/// What Azure receives: <c>dotnet publish</c> of the isolated worker (what azd deploys) holds the worker, its function
/// metadata and host.json, and never local.settings.json, even when one sits in the project for <c>func start</c>.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_HasTheWorkerFunctionMetadataAndHostJson_AndNoLocalSettings()
    {
        string project = Path.Combine(Repository.GetRoot(AppContext.BaseDirectory), "src", "FunctionsMcp.Functions");
        string localSettings = Path.Combine(project, "local.settings.json");
        bool createdLocalSettings = !File.Exists(localSettings);
        if (createdLocalSettings)
            File.Copy(Path.Combine(project, "local.settings.sample.json"), localSettings);
        string output = Directory.CreateTempSubdirectory("functionsmcp-publish-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process publish = Process.Start(start)!;
            Task<string> log = publish.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            string errors = await publish.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await publish.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await log}\n{errors}");

            Assert.True(File.Exists(Path.Combine(output, "FunctionsMcp.Functions.dll")));
            Assert.True(File.Exists(Path.Combine(output, "functions.metadata")));
            Assert.True(File.Exists(Path.Combine(output, "worker.config.json")));
            Assert.Equal(File.ReadAllText(Path.Combine(project, "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must never be published");
            Assert.False(File.Exists(Path.Combine(output, "local.settings.sample.json")));
            Assert.False(File.Exists(Path.Combine(output, "web.config")));
        }
        finally
        {
            if (createdLocalSettings)
                File.Delete(localSettings);
            Directory.Delete(output, recursive: true);
        }
    }
}
