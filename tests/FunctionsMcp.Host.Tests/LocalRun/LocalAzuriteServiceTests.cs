using System.Net;
using FunctionsMcp.LocalDev;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Host.Tests.LocalRun;

public sealed class LocalAzuriteServiceTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> LocalRunSettings(int port, string dataFolder) => new()
    {
        ["Server:BaseUrl"] = "http://localhost:7071",
        ["Storage:ConnectionString"] = AzuriteProcess.ConnectionStringFor(port),
        ["LocalRun:StartAzurite"] = "true",
        ["LocalRun:AzuriteDataFolder"] = dataFolder,
    };

    [Fact]
    public async Task InDevelopment_WithNothingListening_StartsAzuriteWithDataOnDisk_AndStopsItWithTheApp()
    {
        int port = AzuriteProcess.FreePort();
        string data = Directory.CreateTempSubdirectory("functionsmcp-azurite-").FullName;
        try
        {
            await using (var factory = new HostFactory(LocalRunSettings(port, data), environment: "Development"))
            {
                using HttpClient client = factory.CreateClient();
                using HttpResponseMessage health = await client.GetAsync("/healthz", Cancel);

                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.True(await AzuriteProcess.IsListeningAsync(port, Cancel));
                Assert.True(File.Exists(Path.Combine(data, "__azurite_db_table__.json")));
            }

            Assert.False(await AzuriteProcess.IsListeningAsync(port, Cancel), "Azurite should stop when the app stops");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DataWrittenJustBeforeTheAppStops_IsThereAfterARestart()
    {
        int port = AzuriteProcess.FreePort();
        string data = Directory.CreateTempSubdirectory("functionsmcp-azurite-").FullName;
        var organization = new FunctionsMcp.OAuth.Identity.Organization("persisted", "Written just before stopping");
        try
        {
            await using (var first = new HostFactory(LocalRunSettings(port, data), environment: "Development"))
            {
                using HttpClient client = first.CreateClient();
                await first.Services.GetRequiredService<FunctionsMcp.OAuth.Identity.IIdentityStore>().SaveOrganizationAsync(organization, Cancel);
            }

            await using var second = new HostFactory(LocalRunSettings(port, data), environment: "Development");
            using HttpClient again = second.CreateClient();

            Assert.Equal(organization, await second.Services.GetRequiredService<FunctionsMcp.OAuth.Identity.IIdentityStore>().GetOrganizationAsync("persisted", Cancel));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task WithAzuriteAlreadyListening_UsesItAndLeavesItRunning()
    {
        string data = Directory.CreateTempSubdirectory("functionsmcp-azurite-").FullName;
        await using (var factory = new HostFactory(LocalRunSettings(azurite.Azurite.TablePort, data), environment: "Development"))
        {
            using HttpClient client = factory.CreateClient();
            using HttpResponseMessage health = await client.GetAsync("/healthz", Cancel);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.True(await AzuriteProcess.IsListeningAsync(azurite.Azurite.TablePort, Cancel));
        Assert.Empty(Directory.GetFileSystemEntries(data));
        Directory.Delete(data);
    }

    [Fact]
    public async Task OutsideDevelopment_NeverStartsAzurite()
    {
        int port = AzuriteProcess.FreePort();
        string data = Directory.CreateTempSubdirectory("functionsmcp-azurite-").FullName;
        await using (var factory = new HostFactory(LocalRunSettings(port, data), environment: "Production"))
        {
            using HttpClient client = factory.CreateClient();
            using HttpResponseMessage health = await client.GetAsync("/healthz", Cancel);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.False(await AzuriteProcess.IsListeningAsync(port, Cancel));
        }

        Directory.Delete(data, recursive: true);
    }
}
