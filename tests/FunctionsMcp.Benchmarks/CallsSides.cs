using FunctionsMcp.OAuth.AccessKeys;
using System.Text.Json;

namespace FunctionsMcp.Benchmarks;

/// <summary>The servers the <c>calls</c> mode compares, each configured only by environment variables.</summary>
internal static class CallsSides
{
    /// <summary>
    /// Our local host: the product's whole pipeline (access-key authentication, rate limits counted in storage with
    /// limits no run reaches, the audit trail). Production by default, as deployed; <paramref name="localRun"/> runs it
    /// as <c>dotnet run</c> does (Development, the demo data loaded at start, a new demo key), on the same Azurite.
    /// </summary>
    public static CallsSide Our(string name, CallsSettings settings, CountingProxy storage, CallsTarget target, bool localRun, string logLevel) =>
        new(name, settings.HostDll, [], port =>
        {
            string environment = localRun ? "Development" : "Production";
            var values = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["DOTNET_ENVIRONMENT"] = environment,
                ["Server__BaseUrl"] = $"http://127.0.0.1:{port}",
                ["Storage__ConnectionString"] = storage.ConnectionString,
                // Outside Development the default key file lives under the app's folder; keep the benchmark's out of builds.
                ["OAuth__SigningKeyFile"] = Path.Combine(settings.WorkFolder, name + "-signing-keys.json"),
                // The product's rate limiting stays on (it is part of a call's cost) with limits no run can reach.
                ["RateLimits__RequestsPerMinutePerCredential"] = "100000",
                ["RateLimits__RequestsPerMinutePerOrganization"] = "1000000",
            };
            foreach ((string key, string value) in Logging(logLevel))
                values[key] = value;
            if (!localRun)
                values["Storage__CreateTables"] = "false"; // as infra/ deploys it: the tables exist, none is created on a request
            if (localRun)
            {
                // As the launch profile sets them; the Azurite is already listening, so none is started.
                values["LocalRun__StartAzurite"] = "true";
                values["LocalRun__SeedDemoData"] = "true";
                values["SignIn__Mode"] = "Development";
            }

            foreach ((string key, string value) in settings.OurSettings)
                values[key] = value;
            return values;
        }, storage, url => McpCall.GetParticipant(url, target.Token, target.ParticipantId));

    /// <summary>
    /// The floor: <see cref="BareServer"/> doing the same point read, with our host's garbage collector settings; with
    /// <see cref="CallsSettings.BareReadsKey"/> it first reads the access key's row too, the one read per call the issue
    /// requires of us (revocation applies on the next request), so the ratio shows what our code costs beyond the reads.
    /// </summary>
    public static CallsSide Bare(CallsSettings settings, CountingProxy storage, CallsTarget target, string logLevel)
    {
        var values = new Dictionary<string, string>(GcLikeHost(settings.HostDll).Concat(Logging(logLevel)))
        {
            ["Storage__ConnectionString"] = storage.ConnectionString,
            ["Bare__Organization"] = target.OrganizationId,
        };
        if (settings.BareReadsKey && AccessKeyFormat.TryParse(target.Token, out string keyId, out _))
            values["Bare__KeyId"] = keyId;
        return new("bare", settings.BenchmarkDll, [BareServer.Mode], _ => values, storage, url => McpCall.GetParticipant(url, "none", target.ParticipantId));
    }

    /// <summary>The cold-start floor: <see cref="HelloServer"/>, a constant answer and no storage.</summary>
    public static CallsSide Hello(CallsSettings settings, string logLevel) =>
        new("hello-world", settings.BenchmarkDll, [HelloServer.Mode], _ => new Dictionary<string, string>(GcLikeHost(settings.HostDll).Concat(Logging(logLevel))), null, url => McpCall.Whoami(url, "none"));

    /// <summary>Every server logs alike: at <paramref name="level"/>, one line per entry (a timeline), "Now listening" always.</summary>
    private static Dictionary<string, string> Logging(string level) => new()
    {
        ["Logging__LogLevel__Default"] = level,
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    /// <summary>
    /// Our host is a Web SDK app, so it runs the server garbage collector; the benchmark executable is not. The floors
    /// get the host's collector settings (from its runtimeconfig.json) so memory and throughput compare like with like.
    /// </summary>
    public static IReadOnlyDictionary<string, string> GcLikeHost(string hostDll)
    {
        var values = new Dictionary<string, string>();
        string config = Path.ChangeExtension(hostDll, ".runtimeconfig.json");
        if (!File.Exists(config))
            return values;
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(config));
        if (!document.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out JsonElement properties))
            return values;
        foreach ((string property, string variable) in new[] { ("System.GC.Server", "DOTNET_gcServer"), ("System.GC.Concurrent", "DOTNET_gcConcurrent") })
        {
            if (properties.TryGetProperty(property, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                values[variable] = value.GetBoolean() ? "1" : "0";
        }

        return values;
    }
}

/// <summary>Who calls and what they read: the benchmark's access key, its organization and the demo participant every call gets.</summary>
internal sealed record CallsTarget(string Token, string OrganizationId, string ParticipantId);
