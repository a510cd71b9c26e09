using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using FunctionsMcp.LocalDev;

namespace FunctionsMcp.Host.Tests.Functions;

/// <summary>
/// What Azure receives: <c>dotnet publish src/FunctionsMcp.Functions</c> holds the worker, its generated
/// <c>functions.metadata</c> (the host's routing table), <c>worker.config.json</c> and <c>host.json</c>, and never
/// <c>local.settings.json</c>; the assemblies are precompiled (ReadyToRun); and the metadata lists exactly the intended functions.
/// </summary>
public sealed class PublishedFunctionsTests
{
    /// <summary>The intended public surface: function name → route and methods. All anonymous.</summary>
    private static readonly Dictionary<string, (string Route, string[] Methods)> s_routes = new()
    {
        ["mcp"] = ("mcp", ["post", "get", "delete", "put", "patch"]),
        ["oauth-protected-resource-mcp"] = (".well-known/oauth-protected-resource/mcp", ["get"]),
        ["oauth-protected-resource"] = (".well-known/oauth-protected-resource", ["get"]),
        ["oauth-authorization-server"] = (".well-known/oauth-authorization-server", ["get", "options"]),
        ["openid-configuration"] = (".well-known/openid-configuration", ["get", "options"]),
        ["jwks"] = (".well-known/jwks.json", ["get", "options"]),
        ["register"] = ("register", ["post", "options"]),
        ["authorize"] = ("authorize", ["get"]),
        ["signin"] = ("signin", ["get", "post"]),
        ["signin-callback"] = ("signin/callback", ["get"]),
        ["consent"] = ("consent", ["get", "post"]),
        ["token"] = ("token", ["post", "options"]),
        ["revoke"] = ("revoke", ["post", "options"]),
        ["healthz"] = ("healthz", ["get"]),
        ["root"] = ("{page:regex(^$)?}", ["get"]),
        ["settings"] = ("settings", ["get"]),
        ["settings-mcp"] = ("settings/mcp", ["get"]),
        ["settings-activity"] = ("settings/mcp/activity", ["get"]),
        ["settings-signout"] = ("settings/signout", ["post"]),
        ["settings-key-create"] = ("settings/mcp/keys/create", ["post"]),
        ["settings-key-revoke"] = ("settings/mcp/keys/revoke", ["post"]),
        ["settings-app-disconnect"] = ("settings/mcp/apps/disconnect", ["post"]),
        ["settings-client-create"] = ("settings/mcp/clients/create", ["post"]),
        ["settings-client-delete"] = ("settings/mcp/clients/delete", ["post"]),
    };

    [Fact]
    public async Task Publish_HoldsTheWorkerAndItsMetadata_ListingExactlyTheIntendedFunctions()
    {
        string root = Repository.GetRoot(AppContext.BaseDirectory);
        string project = Path.Combine(root, "src", "FunctionsMcp.Functions");
        string localSettings = Path.Combine(project, "local.settings.json");
        bool createdLocalSettings = !File.Exists(localSettings);
        if (createdLocalSettings)
            await File.WriteAllTextAsync(localSettings, """{ "IsEncrypted": false, "Values": {} }""", TestContext.Current.CancellationToken);
        string output = Directory.CreateTempSubdirectory("functionsmcp-publish-").FullName;
        try
        {
            await PublishAsync(project, output);

            foreach (string file in new[] { "FunctionsMcp.Functions.dll", "functions.metadata", "worker.config.json", "host.json" })
                Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing from the published output");
            Assert.Equal(File.ReadAllText(Path.Combine(project, "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must never be published");
            // Precompiled (ReadyToRun) for Linux x64, ours and the libraries': a cold instance compiles less before answering.
            foreach (string assembly in new[] { "FunctionsMcp.Functions.dll", "FunctionsMcp.Mcp.dll", "FunctionsMcp.OAuth.dll", "Azure.Data.Tables.dll", "ModelContextProtocol.Core.dll" })
                Assert.True(IsReadyToRun(Path.Combine(output, assembly)), $"{assembly} was published without ReadyToRun code");

            using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "functions.metadata")));
            var http = new Dictionary<string, (string Route, string[] Methods)>();
            var timers = new Dictionary<string, string>();
            foreach (JsonElement function in metadata.RootElement.EnumerateArray())
            {
                string name = function.GetProperty("name").GetString()!;
                JsonElement trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");
                if (trigger.GetProperty("type").GetString() == "timerTrigger")
                {
                    timers[name] = trigger.GetProperty("schedule").GetString()!;
                    continue;
                }

                Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                Assert.True(trigger.GetProperty("authLevel").GetString() == "Anonymous", $"{name} must be anonymous: it authenticates requests itself");
                http[name] = (trigger.GetProperty("route").GetString()!, [.. trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!)]);
            }

            Assert.Equal(s_routes.Keys.Order(), http.Keys.Order());
            foreach ((string name, (string route, string[] methods)) in s_routes)
            {
                Assert.Equal(route, http[name].Route);
                Assert.Equal(methods.Order(), http[name].Methods.Order());
            }

            Assert.Equal("0 */15 * * * *", Assert.Single(timers, t => t.Key == "prune-state").Value);
        }
        finally
        {
            if (createdLocalSettings)
                File.Delete(localSettings);
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>A ReadyToRun image carries a managed native header (ECMA-335 CLI header, ManagedNativeHeader directory).</summary>
    private static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static async Task PublishAsync(string project, string output)
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
    }
}
