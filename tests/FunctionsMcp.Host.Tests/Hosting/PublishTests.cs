using System.Diagnostics;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Hosting;

/// <summary>What Azure receives: <c>dotnet publish</c> output must hold host.json beside the DLL and never local.settings.json.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_HasHostJsonBesideTheDll_AndNoLocalSettings()
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        string localSettings = Path.Combine(root, "local.settings.json");
        bool createdLocalSettings = !File.Exists(localSettings);
        if (createdLocalSettings)
            File.Copy(Path.Combine(root, "local.settings.sample.json"), localSettings);
        string output = Directory.CreateTempSubdirectory("functionsmcp-publish-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "FunctionsMcp.Host"), "-c", "Release", "-o", output, "--nologo", "-v", "q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process publish = Process.Start(start)!;
            Task<string> log = publish.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            string errors = await publish.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await publish.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await log}\n{errors}");

            Assert.True(File.Exists(Path.Combine(output, "FunctionsMcp.Host.dll")));
            Assert.True(File.Exists(Path.Combine(output, "host.json")));
            Assert.Equal(File.ReadAllText(Path.Combine(root, "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must never be published");
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
