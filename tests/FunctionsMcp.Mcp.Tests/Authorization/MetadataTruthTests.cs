using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.Mcp.Tests.Authorization;

/// <summary>
/// The authorization server metadata says exactly what the server accepts under its settings (dynamic registration,
/// metadata documents), every endpoint it names answers, and a document host that answers with a web page instead of
/// JSON is named as such on the page the person sees.
/// </summary>
public sealed class MetadataTruthTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task TheMetadata_AdvertisesRegistrationAndDocumentsExactlyWhenTheServerAcceptsThem(bool registration, bool documents)
    {
        await using DocumentClientBed bed = await DocumentClientBed.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["OAuthClients:DynamicRegistration"] = registration.ToString(),
            ["OAuthClients:MetadataDocuments"] = documents.ToString(),
        });
        string documentClient = bed.Publish("truth", new JsonObject { ["token_endpoint_auth_method"] = "none" }, DocumentClientBed.ClaudeCallback);
        using HttpResponseMessage response = await bed.Server.Http.GetAsync("/.well-known/oauth-authorization-server", Cancel);
        JsonObject metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();

        using HttpResponseMessage registered = await bed.Server.Http.PostAsync("/register",
            new StringContent("""{"redirect_uris":["http://127.0.0.1:7000/cb"]}""", Encoding.UTF8, "application/json"), Cancel);
        (_, string challenge) = OAuthBrowser.Pkce();
        using HttpResponseMessage authorize = await bed.Browser.GetAsync(OAuthBrowser.AuthorizeUrl(documentClient, challenge, redirectUri: DocumentClientBed.ClaudeCallback));

        Assert.Equal(registration, metadata.ContainsKey("registration_endpoint"));
        Assert.Equal(registration, registered.StatusCode == HttpStatusCode.Created);
        Assert.Equal(documents, metadata["client_id_metadata_document_supported"]?.GetValue<bool>() == true);
        Assert.Equal(documents, authorize.StatusCode == HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task EveryEndpointTheMetadataNames_Answers()
    {
        await using DocumentClientBed bed = await DocumentClientBed.StartAsync(azurite);
        using HttpResponseMessage response = await bed.Server.Http.GetAsync("/.well-known/oauth-authorization-server", Cancel);
        JsonObject metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
        var empty = new FormUrlEncodedContent([]);

        var answers = new Dictionary<string, HttpStatusCode>
        {
            ["authorization_endpoint"] = (await bed.Server.Http.GetAsync(Path(metadata, "authorization_endpoint"), Cancel)).StatusCode,
            ["token_endpoint"] = (await bed.Server.Http.PostAsync(Path(metadata, "token_endpoint"), empty, Cancel)).StatusCode,
            ["revocation_endpoint"] = (await bed.Server.Http.PostAsync(Path(metadata, "revocation_endpoint"), empty, Cancel)).StatusCode,
            ["registration_endpoint"] = (await bed.Server.Http.PostAsync(Path(metadata, "registration_endpoint"),
                new StringContent("""{"redirect_uris":["http://127.0.0.1:7000/cb"]}""", Encoding.UTF8, "application/json"), Cancel)).StatusCode,
            ["jwks_uri"] = (await bed.Server.Http.GetAsync(Path(metadata, "jwks_uri"), Cancel)).StatusCode,
        };

        // An empty token or revocation request is the client's mistake (400/401), never an unknown route (404/405).
        Assert.Equal(HttpStatusCode.BadRequest, answers["authorization_endpoint"]);
        Assert.Contains(answers["token_endpoint"], new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Contains(answers["revocation_endpoint"], new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal(HttpStatusCode.Created, answers["registration_endpoint"]);
        Assert.Equal(HttpStatusCode.OK, answers["jwks_uri"]);
    }

    [Theory]
    [InlineData("challenge", "bot challenge")]
    [InlineData("html-403", "with a web page (HTML) instead of the document")]
    [InlineData("html-200", "it is a web page (HTML), not JSON")]
    public async Task ADocumentHostAnsweringWithAWebPage_IsNamedOnThePage_WithTheWayAround(string how, string says)
    {
        await using DocumentClientBed bed = await DocumentClientBed.StartAsync(azurite);
        string clientId = bed.Host.Url($"/{how}/client.json");
        bed.Host.Route($"/{how}/client.json", async context =>
        {
            context.Response.StatusCode = how == "html-200" ? 200 : 403;
            context.Response.ContentType = how == "html-200" ? "application/json" : "text/html";
            if (how == "challenge")
                context.Response.Headers["cf-mitigated"] = "challenge";
            await context.Response.WriteAsync("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>", Cancel);
        });
        (_, string challenge) = OAuthBrowser.Pkce();

        using HttpResponseMessage page = await bed.Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, redirectUri: DocumentClientBed.ClaudeCallback));
        string html = await page.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains(says, html, StringComparison.Ordinal);
        Assert.Contains("dynamic registration", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADocumentClaimingPrivateKeyJwtWithoutKeys_IsRefusedAtAuthorize()
    {
        await using DocumentClientBed bed = await DocumentClientBed.StartAsync(azurite);
        string clientId = bed.Publish("no-keys", new JsonObject { ["token_endpoint_auth_method"] = "private_key_jwt" }, DocumentClientBed.ChatGptCallback);
        (_, string challenge) = OAuthBrowser.Pkce();

        using HttpResponseMessage page = await bed.Browser.GetAsync(OAuthBrowser.AuthorizeUrl(clientId, challenge, redirectUri: DocumentClientBed.ChatGptCallback));
        string html = await page.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("gives no jwks_uri or jwks", html, StringComparison.Ordinal);
    }

    private static string Path(JsonObject metadata, string name) => new Uri(metadata[name]!.GetValue<string>()).PathAndQuery;
}
