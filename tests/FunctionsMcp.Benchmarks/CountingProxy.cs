using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// A loopback reverse proxy in front of Azurite's table endpoint that counts the requests passing through. Each app
/// under test gets its own proxy in its connection string, so storage work is counted per process without touching
/// the app. Forwarding verbatim keeps Shared Key signatures valid: they cover the account and path, not the host.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    // Per connection, not end to end: the proxy must not pass these on (RFC 9110 §7.6.1).
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private long _requests;

    private CountingProxy(WebApplication app, HttpClient upstream, Uri target)
    {
        _app = app;
        _upstream = upstream;
        _target = target;
    }

    /// <summary>Requests forwarded so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public int Port { get; private set; }

    /// <summary>A development-account connection string whose table endpoint is this proxy.</summary>
    public string ConnectionString => LocalDev.AzuriteProcess.ConnectionStringFor(Port);

    /// <summary>Starts a proxy on a free 127.0.0.1 port forwarding to <paramref name="target"/> (scheme, host and port are used).</summary>
    public static async Task<CountingProxy> StartAsync(Uri target, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var proxy = new CountingProxy(app, upstream, target);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync(cancellationToken);
        proxy.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Port;
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        // The raw target, not the decoded path: entity keys are percent-encoded and must reach Azurite as they were signed.
        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(_target, rawTarget));
        // Any content header means a body (possibly empty) whose headers, such as a signed Content-Type, must arrive as sent.
        if (context.Request.ContentLength is not null || context.Request.ContentType is not null || context.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(context.Request.Body);
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in context.Request.Headers)
        {
            if (!s_hopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        using HttpResponseMessage response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach ((string name, IEnumerable<string> values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!s_hopByHop.Contains(name))
                context.Response.Headers[name] = values.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
