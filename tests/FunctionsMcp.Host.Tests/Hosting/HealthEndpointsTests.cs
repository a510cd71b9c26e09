using System.Net;
using System.Text.Json;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Host.Tests.Hosting;

public sealed class HealthEndpointsTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_AnswersTheReadinessProbe_WithTheConfiguredBaseUrlNotTheRequestHost()
    {
        await using var factory = new HostFactory(HostFactory.Settings(azurite.ConnectionString));
        using HttpClient client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "attacker.example";

        using HttpResponseMessage response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("https://mcp.example.org", body.RootElement.GetProperty("baseUrl").GetString());
    }

    [Fact]
    public async Task Healthz_WithStorageAnswering_Returns200AndReportsStorageHealthy()
    {
        await using var factory = new HostFactory(HostFactory.Settings(azurite.ConnectionString));
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/healthz", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("signing-keys").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("sign-in").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_WithEntraNotSetUp_IsDegradedSayingWhatIsMissing()
    {
        Dictionary<string, string?> settings = HostFactory.Settings(azurite.ConnectionString);
        settings["Entra:ClientId"] = null;
        await using var factory = new HostFactory(settings);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/healthz", Cancel);

        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        JsonElement signIn = body.RootElement.GetProperty("checks").GetProperty("sign-in");
        Assert.Equal(("Degraded", "Degraded"), (body.RootElement.GetProperty("status").GetString(), signIn.GetProperty("status").GetString()));
        Assert.Contains("Entra:ClientId is not set", signIn.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WithSigningKeysThatCannotBeWritten_Returns503NamingTheSetting()
    {
        string file = Path.Combine(Path.GetTempPath(), "fmcp-host-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "not a folder", Cancel);
        Dictionary<string, string?> settings = HostFactory.Settings(azurite.ConnectionString);
        settings["OAuth:SigningKeyFile"] = Path.Combine(file, "signing-keys.json");
        await using var factory = new HostFactory(settings);
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/healthz", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Contains("OAuth:SigningKeyFile", body.RootElement.GetProperty("checks").GetProperty("signing-keys").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WithStorageUnreachable_Returns503NamingTheSettingAndTheFix()
    {
        int nothingThere = AzuriteProcess.FreePort();
        await using var factory = new HostFactory(HostFactory.Settings(AzuriteProcess.ConnectionStringFor(nothingThere)));
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/healthz", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        string description = body.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString()!;
        Assert.Contains($"127.0.0.1:{nothingThere}", description, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", description, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WithWrongAccountKey_Returns503SayingTheCredentialWasRefused()
    {
        string wrongKey = azurite.ConnectionString.Replace("Eby8", "AAAA", StringComparison.Ordinal);
        await using var factory = new HostFactory(HostFactory.Settings(wrongKey));
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync("/healthz", Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("credential was refused", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
