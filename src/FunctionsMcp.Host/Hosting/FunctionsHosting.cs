namespace FunctionsMcp.Host.Hosting;

/// <summary>
/// Where to listen. Azure Functions runs the app as a custom handler and proxies every route to
/// <c>http://127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT</c>; outside it the app listens on
/// <c>http://localhost:7071</c>, the port <c>func start</c> uses, so both give the same local URLs.
/// </summary>
internal static class FunctionsHosting
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string DefaultLocalUrl = "http://localhost:7071";

    public static WebApplicationBuilder UseFunctionsCustomHandlerUrls(this WebApplicationBuilder builder)
    {
        string? urls = SelectUrls(builder.Configuration);
        if (urls is not null)
            builder.WebHost.UseUrls(urls);
        return builder;
    }

    /// <summary>The URLs to listen on, or null to keep an explicit <c>urls</c> / <c>ASPNETCORE_URLS</c> setting.</summary>
    public static string? SelectUrls(IConfiguration configuration)
    {
        string? port = configuration[PortVariable];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
                throw new StartupException($"{PortVariable} is '{port}', which is not a port number: the Azure Functions host sets it, so leave it unset when running the app on its own.");
            return $"http://127.0.0.1:{number}";
        }

        return string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) ? DefaultLocalUrl : null;
    }
}
