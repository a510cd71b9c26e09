using System.Net;
using FunctionsMcp.LocalDev;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Cli.Tests.Doctor;

/// <summary>
/// A small server on a loopback port that answers every request with one handler: the things that end up at an MCP URL
/// by mistake (a web page, a redirect loop, a proxy that drops some paths), for <c>doctor</c> to meet.
/// </summary>
public sealed class LoopbackSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable? _owned;

    private LoopbackSite(WebApplication app, int port, IDisposable? owned)
    {
        (_app, _owned) = (app, owned);
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    public static async Task<LoopbackSite> StartAsync(RequestDelegate handler, int? port = null, IDisposable? owned = null)
    {
        int chosen = port ?? AzuriteProcess.FreePort();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, chosen));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.Run(handler);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new LoopbackSite(app, chosen, owned);
    }

    /// <summary>
    /// A reverse proxy on <paramref name="port"/> in front of <paramref name="target"/> that answers 404 for every path
    /// <paramref name="drops"/> says, as a gateway route that forwards only some paths does.
    /// </summary>
    public static Task<LoopbackSite> ProxyAsync(int port, string target, Func<PathString, bool> drops)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        return StartAsync(async context =>
        {
            if (drops(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target + context.Request.Path + context.Request.QueryString);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length > 0)
                request.Content = new ByteArrayContent(body.ToArray());
            foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in context.Request.Headers)
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                    request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }

            using HttpResponseMessage response = await client.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach ((string name, IEnumerable<string> values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                    context.Response.Headers[name] = values.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }, port, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _owned?.Dispose();
    }
}
