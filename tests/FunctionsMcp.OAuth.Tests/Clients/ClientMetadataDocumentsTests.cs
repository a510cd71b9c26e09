using System.Net;
using FunctionsMcp.OAuth.Clients;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.OAuth.Tests.Clients;

/// <summary>Client metadata documents fetched over real https from a loopback server (allowed here only because the test lets loopback through).</summary>
public sealed class ClientMetadataDocumentsTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private HttpsDocumentHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Url(string path) => _host.Url(path);

    public async ValueTask InitializeAsync() => _host = await HttpsDocumentHost.StartAsync(Cancel);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private ClientMetadataDocuments Documents(Func<IPAddress, bool>? allowed = null) =>
        new(_host.Fetcher(_time, allowed), new RedirectUriPolicy(Options.Create(new OAuthClientOptions())), _time);

    private void Serve(string path, string json, string? cacheControl = null) => _host.Serve(path, json, cacheControl);

    private string Document(string path, string redirect = "https://app.example.org/callback") =>
        $$"""{"client_id":"{{Url(path)}}","client_name":"Example App","client_uri":"https://app.example.org","redirect_uris":["{{redirect}}"],"token_endpoint_auth_method":"none"}""";

    [Fact]
    public async Task AValidDocument_DescribesAPublicClient()
    {
        Serve("/client.json", Document("/client.json"));

        (OAuthClient? client, string? error) = await Documents().GetAsync(Url("/client.json"), Cancel);

        Assert.Null(error);
        Assert.Equal((Url("/client.json"), ClientKind.MetadataDocument, "Example App", "https://app.example.org/callback", true),
            (client!.Id, client.Kind, client.Name, client.RedirectUris.Single(), client.IsPublic));
    }

    [Theory]
    [InlineData("other-id", "names a different client_id")]
    [InlineData("secret", "asks for 'client_secret_basic'; documents describe public clients ('none')")]
    [InlineData("http-redirect", "uses http: only https, or http on 127.0.0.1, localhost or [::1], is allowed")]
    [InlineData("no-redirects", "needs redirect_uris: 1 to 10 URIs")]
    [InlineData("not-json", "is not a JSON object")]
    [InlineData("too-big", "is larger than 16384 bytes")]
    [InlineData("missing", "gave HTTP 404")]
    public async Task ADocumentThatBreaksARule_IsRefusedSayingWhich(string how, string reason)
    {
        string path = "/" + how;
        switch (how)
        {
            case "other-id": Serve(path, Document("/someone-else")); break;
            case "secret": Serve(path, Document(path).Replace("\"none\"", "\"client_secret_basic\"", StringComparison.Ordinal)); break;
            case "http-redirect": Serve(path, Document(path, "http://app.example.org/callback")); break;
            case "no-redirects": Serve(path, $$"""{"client_id":"{{Url(path)}}","client_name":"X","redirect_uris":[]}"""); break;
            case "not-json": Serve(path, "<html>hello</html>"); break;
            case "too-big": Serve(path, Document(path).Replace("Example App", new string('x', 20_000), StringComparison.Ordinal)); break;
        }

        (OAuthClient? client, string? error) = await Documents().GetAsync(Url(path), Cancel);

        Assert.Null(client);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_AreFollowedAtMostThreeTimes_AndOnlyToHttps()
    {
        Serve("/final", Document("/start"));
        for (int i = 0; i < 4; i++)
        {
            string next = i == 3 ? "/final" : $"/hop{i + 1}";
            _host.Route($"/hop{i}", context => { context.Response.Redirect(next); return Task.CompletedTask; });
        }

        _host.Route("/start", context => { context.Response.Redirect("/hop1"); return Task.CompletedTask; });
        _host.Route("/insecure", context => { context.Response.Redirect($"http://localhost:{_host.Port}/final"); return Task.CompletedTask; });

        (_, string? tooMany) = await Documents().GetAsync(Url("/start"), Cancel);
        (_, string? insecure) = await Documents().GetAsync(Url("/insecure"), Cancel);

        Assert.Contains("redirects more than 3 times", tooMany, StringComparison.Ordinal);
        Assert.Contains("must be served over https", insecure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostResolvingToAPrivateAddress_IsNeverConnectedTo()
    {
        Serve("/client.json", Document("/client.json"));
        ClientMetadataDocuments strict = Documents(AddressRules.IsPublic);

        (OAuthClient? loopback, string? loopbackError) = await strict.GetAsync(Url("/client.json"), Cancel);
        (_, string? metadataError) = await strict.GetAsync("https://169.254.169.254/metadata/client.json", Cancel);
        (_, string? privateError) = await strict.GetAsync("https://10.0.0.1/client.json", Cancel);

        Assert.Null(loopback);
        Assert.Contains("resolves to an address that is not public", loopbackError, StringComparison.Ordinal);
        Assert.Contains("resolves to an address that is not public", metadataError, StringComparison.Ordinal);
        Assert.Contains("resolves to an address that is not public", privateError, StringComparison.Ordinal);
        Assert.Equal(0, _host.Requests);
    }

    [Fact]
    public async Task ADocument_IsCachedForItsMaxAge_AndUsedForADayWhenItsHostIsDown()
    {
        Serve("/client.json", Document("/client.json"), cacheControl: "max-age=600");
        ClientMetadataDocuments documents = Documents();

        await documents.GetAsync(Url("/client.json"), Cancel);
        await documents.GetAsync(Url("/client.json"), Cancel);
        int fetchedWhileFresh = _host.Requests;
        _host.Remove("/client.json");
        _time.Advance(TimeSpan.FromMinutes(11));
        (OAuthClient? stale, _) = await documents.GetAsync(Url("/client.json"), Cancel);
        _time.Advance(TimeSpan.FromDays(1));
        (OAuthClient? gone, string? error) = await documents.GetAsync(Url("/client.json"), Cancel);

        Assert.Equal(1, fetchedWhileFresh);
        Assert.Equal("Example App", stale?.Name);
        Assert.Null(gone);
        Assert.Contains("gave HTTP 404", error, StringComparison.Ordinal);
    }
}
