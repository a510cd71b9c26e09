using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FunctionsMcp.FunctionHost;
using FunctionsMcp.Functions;
using FunctionsMcp.LocalDev;
using FunctionsMcp.OAuth.Tokens;
using FunctionsMcp.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Cli.Tests;

/// <summary>
/// The app's functions (<c>/mcp</c>, <c>/token</c> and the rest, over the app's own composition,
/// <see cref="FunctionsMcpServices.AddFunctionsMcp"/>) on a loopback port, over the assembly's Azurite and a given clock,
/// so a test can use what the CLI printed against them and see what a CLI command stops or changes on the next request.
/// <c>Server:BaseUrl</c> is where it listens unless the test gives another public URL (a proxy in front, or a wrong
/// setting on purpose).
/// </summary>
public sealed class AuthorizationServer : IAsyncDisposable
{
    private const string McpProtocolVersion = "2025-11-25";

    private readonly WebApplication _app;

    private AuthorizationServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; } = new();

    public IServiceProvider Services => _app.Services;

    /// <summary>Where the app listens, which is also its <c>Server:BaseUrl</c> unless the test gave another.</summary>
    public string McpUrl => BaseUrl + "/mcp";

    public static async Task<AuthorizationServer> StartAsync(AzuriteFixture azurite, TimeProvider time, string? publicBaseUrl = null)
    {
        int port = AzuriteProcess.FreePort();
        string baseUrl = $"http://127.0.0.1:{port}";
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:BaseUrl"] = publicBaseUrl ?? baseUrl,
            ["Storage:ConnectionString"] = azurite.ConnectionString,
        });
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        // The slim builder leaves out the regex route constraint, which the root function's route uses.
        builder.Services.AddRouting();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<ISigningKeyStore>(new MemorySigningKeyStore());
        builder.Services.AddFunctionsMcp();

        WebApplication app = builder.Build();
        app.MapFunctions(typeof(FunctionsMcpServices).Assembly, HostJson.ReadRoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new AuthorizationServer(app, baseUrl);
    }

    /// <summary>Posts a form to <paramref name="url"/> and returns the status and the JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> PostFormAsync(string url, IReadOnlyDictionary<string, string> form)
    {
        using HttpResponseMessage response = await Http.PostAsync(url, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!);
    }

    /// <summary>
    /// Posts one JSON-RPC request to <c>/mcp</c> as a 2025-11-25 client does after initialize, with <paramref name="bearer"/>;
    /// returns the whole response (status, headers such as <c>Retry-After</c>, and the JSON body) for the caller to dispose.
    /// </summary>
    public async Task<HttpResponseMessage> PostMcpAsync(string bearer, string method, JsonObject? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = method };
        if (parameters is not null)
            message["params"] = parameters;
        using var request = new HttpRequestMessage(HttpMethod.Post, McpUrl)
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", McpProtocolVersion);
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The names <c>tools/list</c> shows <paramref name="bearer"/>; fails the test unless the answer is 200.</summary>
    public async Task<string[]> ToolNamesAsync(string bearer)
    {
        using HttpResponseMessage response = await PostMcpAsync(bearer, "tools/list");
        JsonNode body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return [.. body["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>())];
    }

    public static async Task<JsonNode> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
