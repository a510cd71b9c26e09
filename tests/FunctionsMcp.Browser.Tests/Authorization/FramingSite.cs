using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsMcp.Browser.Tests.Authorization;

/// <summary>
/// Another origin on the same machine (127.0.0.1, another port: same site, other origin) with one page whose only
/// content is an iframe of <c>?src=</c>: what a clickjacking page would do. It really listens: a page the test answers
/// itself would not be in the loopback address space, and Chromium's Local Network Access would then refuse the frame's
/// request to the app before any header of ours could matter.
/// </summary>
public sealed class FramingSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FramingSite(WebApplication app, string origin) => (_app, Origin) = (app, origin);

    public string Origin { get; }

    public string PageFor(string url) => $"{Origin}/?src={Uri.EscapeDataString(url)}";

    public static async Task<FramingSite> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.MapGet("/", (string src) => Results.Content(
            $"""<!doctype html><html lang="en"><title>Another origin</title><iframe src="{WebUtility.HtmlEncode(src)}" title="framed" width="800" height="600"></iframe></html>""",
            "text/html; charset=utf-8"));
        await app.StartAsync();
        string origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FramingSite(app, origin);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
