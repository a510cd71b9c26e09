using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// The first three steps a client takes: resolve the host, reach it (TLS included), and <c>POST /mcp</c> without a
/// credential, which must answer 401 with a <c>WWW-Authenticate: Bearer resource_metadata="…"</c> challenge
/// (RFC 9728 §5.1; required by MCP 2025-06-18 authorization).
/// </summary>
internal static partial class ReachabilityChecks
{
    private const string DnsFix = "Check the host name: a deployment's MCP URL is the MCP_ENDPOINT value 'azd env get-values' prints.";
    private const string WrongUrlFix =
        "The MCP URL is the app's address followed by exactly /mcp (no /api): use the MCP_ENDPOINT value of azd up, or http://localhost:7071/mcp locally.";

    public static async Task<DoctorStep> DnsAsync(DoctorSession session)
    {
        const string Name = "dns", Title = "DNS";
        string host = session.McpUrl.IdnHost;
        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
            return DoctorStep.Pass(Name, Title, $"{host} is an IP address: nothing to resolve", 0);

        long started = session.Time.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(session.CancellationToken);
        limit.CancelAfter(session.Probe.Timeout);
        try
        {
            IPAddress[] addresses = await Dns.GetHostAddressesAsync(host, limit.Token);
            string shown = string.Join(", ", addresses.Take(3).Select(a => a.ToString())) + (addresses.Length > 3 ? ", …" : "");
            return addresses.Length == 0
                ? DoctorStep.Fail(Name, Title, new Finding($"{host} resolves to no address", DnsFix), Ms(session, started))
                : DoctorStep.Pass(Name, Title, $"{host} resolves to {shown}", Ms(session, started));
        }
        catch (SocketException ex)
        {
            return DoctorStep.Fail(Name, Title, new Finding($"could not resolve {host} ({ex.Message.TrimEnd('.')})", DnsFix), Ms(session, started));
        }
        catch (OperationCanceledException) when (!session.CancellationToken.IsCancellationRequested)
        {
            return DoctorStep.Fail(Name, Title, new Finding($"{host} did not resolve within {session.Probe.Timeout.TotalSeconds:0} s", DnsFix), Ms(session, started));
        }
    }

    /// <summary>Sends the unauthenticated <c>POST /mcp</c> the challenge step reads; passes when anything answered over a usable connection.</summary>
    public static async Task<DoctorStep> ReachAsync(DoctorSession session)
    {
        const string Name = "reach", Title = "Reach the server";
        long started = session.Time.GetTimestamp();
        (HttpAnswer? answer, Finding? failure) = await session.Probe.SendAsync(
            HttpMethod.Post, session.McpUrl, McpWire.Content(McpWire.InitializeBody(1)), McpWire.Headers(bearer: null, version: null), session.CancellationToken);
        if (answer is null)
            return DoctorStep.Fail(Name, Title, failure!, Ms(session, started));

        session.Unauthenticated = answer;
        session.UnauthenticatedAt = session.Time.GetUtcNow();
        if (session.McpUrl.Scheme == Uri.UriSchemeHttp && !IsLoopback(session.McpUrl))
        {
            return DoctorStep.Fail(Name, Title, new Finding(
                $"{session.Origin} answered over plain http",
                "Use the https:// address: Claude, ChatGPT and other hosted clients connect only over https."), answer.Ms);
        }

        string connection = session.Probe.LastCertificate is { } tls && session.McpUrl.Scheme == Uri.UriSchemeHttps
            ? $"over TLS, certificate for {tls.Subject} valid until {tls.NotAfter:yyyy-MM-dd}"
            : "over plain http (loopback)";
        return DoctorStep.Pass(Name, Title, $"{session.Origin} answered {connection}", answer.Ms);
    }

    public static DoctorStep Challenge(DoctorSession session)
    {
        const string Name = "challenge", Title = "POST /mcp without a credential";
        HttpAnswer answer = session.Unauthenticated!;
        // The answer to the request the reach step timed: its time is shown there.
        return DoctorStep.From(Name, Title, ChallengeProblem(session, answer), $"401 with WWW-Authenticate: Bearer resource_metadata=\"{ResourceMetadata(answer)}\"", 0);
    }

    private static Finding? ChallengeProblem(DoctorSession session, HttpAnswer answer)
    {
        if (AnswerProblems.Redirect(session.Probe, answer) is { } redirected)
            return redirected;
        if (answer.Status == 404)
            return new Finding("answered 404: there is no MCP endpoint at this URL", WrongUrlFix);
        if (answer.Status >= 500)
            return new Finding($"answered {answer.Described}", AnswerProblems.AppFailed);
        if (answer.IsHtml)
            return new Finding($"answered {answer.Described}, not an MCP endpoint's 401", AnswerProblems.NotOurServer);
        if (answer.Status != 401)
        {
            return new Finding($"answered {answer.Described} instead of 401",
                answer.Status < 300 ? "Put FunctionsMcp's own /mcp at this URL: it refuses requests without a credential and points clients at its sign-in." : WrongUrlFix);
        }

        if (answer.WwwAuthenticate is null)
        {
            return new Finding("answered 401 without WWW-Authenticate, so clients cannot find where to sign in",
                "Make sure nothing in front of the app drops the WWW-Authenticate header: FunctionsMcp sends Bearer resource_metadata=\"…\".");
        }

        if (!BearerPattern().IsMatch(answer.WwwAuthenticate))
            return new Finding($"answered 401 with WWW-Authenticate: {answer.WwwAuthenticate}, not a Bearer challenge", AnswerProblems.NotOurServer);
        string? metadata = ResourceMetadata(answer);
        if (metadata is null)
        {
            return new Finding("the Bearer challenge has no resource_metadata, which 2025-06-18 clients need to find the sign-in",
                "Put FunctionsMcp's own /mcp at this URL: its challenge names the resource metadata.");
        }

        if (!Uri.TryCreate(metadata, UriKind.Absolute, out _))
            return new Finding($"resource_metadata \"{metadata}\" is not an absolute URL", $"Set {DoctorSession.BaseUrlSetting} to the app's full public URL, such as https://<app>.azurewebsites.net.");

        session.NamedUrls.Add(("the 401's resource_metadata", metadata));
        return null;
    }

    private static string? ResourceMetadata(HttpAnswer answer) =>
        answer.WwwAuthenticate is { } header && ResourceMetadataPattern().Match(header) is { Success: true } match ? match.Groups[1].Value : null;

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));

    private static long Ms(DoctorSession session, long started) => (long)session.Time.GetElapsedTime(started).TotalMilliseconds;

    [GeneratedRegex(@"(^|,)\s*Bearer(\s|$)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BearerPattern();

    [GeneratedRegex("resource_metadata=\"([^\"]*)\"", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ResourceMetadataPattern();
}
