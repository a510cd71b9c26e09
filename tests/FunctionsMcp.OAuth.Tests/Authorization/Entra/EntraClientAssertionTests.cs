using System.Net;
using FunctionsMcp.LocalDev;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;

namespace FunctionsMcp.OAuth.Tests.Authorization.Entra;

/// <summary>The app's credential towards Entra in Azure: the managed identity's token for the token exchange audience, through Microsoft.Identity.Web.</summary>
public sealed class EntraClientAssertionTests
{
    private const string ManagedIdentity = "99999999-8888-7777-6666-555555555555";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheRegisteredAssertion_IsTheUserAssignedIdentitysTokenForTheTokenExchangeAudience()
    {
        // The identity endpoint exists only in Azure; a loopback one answers as App Service's does, found by MSAL through the
        // same two environment variables the platform sets (this is the only test in the assembly that asks for a managed identity).
        var requests = new List<(IQueryCollection Query, string Header)>();
        int port = AzuriteProcess.FreePort();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using WebApplication endpoint = builder.Build();
        endpoint.MapGet("/msi/token", (HttpContext context) =>
        {
            requests.Add((context.Request.Query, context.Request.Headers["X-IDENTITY-HEADER"].ToString()));
            return Results.Json(new { access_token = "managed-identity-token", expires_on = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), resource = "api://AzureADTokenExchange", token_type = "Bearer" });
        });
        await endpoint.StartAsync(Cancel);
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", $"http://127.0.0.1:{port}/msi/token");
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", "platform-secret");
        try
        {
            var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Entra:ManagedIdentityClientId"] = ManagedIdentity }).Build());
            services.AddAuthorizationServer();
            await using ServiceProvider provider = services.BuildServiceProvider();
            ClientAssertionProviderBase assertion = provider.GetRequiredService<ClientAssertionProviderBase>();

            string signed = await assertion.GetSignedAssertionAsync(null);

            Assert.IsType<ManagedIdentityClientAssertion>(assertion);
            Assert.Equal("managed-identity-token", signed);
            (IQueryCollection query, string header) = Assert.Single(requests);
            Assert.Equal(("api://AzureADTokenExchange", ManagedIdentity, "platform-secret"), (query["resource"].ToString(), query["client_id"].ToString(), header));
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        }
    }
}
