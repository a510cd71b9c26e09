using System.Text;
using System.Text.Json.Nodes;
using FunctionsMcp.OAuth.Authorization;
using FunctionsMcp.OAuth.Clients;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// The authorization server as a client discovers it: its metadata (RFC 8414, or OpenID Connect discovery) at the
/// issuer the resource metadata names, with the checks clients make (issuer equal to the URL it was fetched from,
/// §3.3; PKCE S256; a way to register), then whether its endpoints answer, then its JWKS.
/// </summary>
internal static class AuthorizationServerChecks
{
    private const string MetadataTitle = "Authorization server metadata";
    private const string PassThrough = "a proxy or gateway route in front of the app must pass /.well-known/* on.";

    public static async Task<DoctorStep> MetadataAsync(DoctorSession session)
    {
        const string Name = "authorization-server-metadata";
        // With no resource metadata, 2025-03-26 clients take the MCP URL's origin as the authorization server.
        string issuer = session.AuthorizationServer ?? session.Origin;
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out Uri? issuerUri))
            return DoctorStep.Fail(Name, MetadataTitle, new Finding($"the authorization server \"{issuer}\" is not a URL", session.BaseUrlFix(issuer)), 0);

        var misses = new List<Finding>();
        long ms = 0;
        foreach (Uri url in DiscoveryUrls(issuerUri))
        {
            (HttpAnswer? answer, Finding? failure) = await session.Probe.SendAsync(HttpMethod.Get, url, cancellationToken: session.CancellationToken);
            if (answer is null)
                return DoctorStep.Fail(Name, MetadataTitle, session.IsHome(issuer) ? failure! : failure! with { Fix = session.BaseUrlFix(DoctorSession.OriginOf(issuer)) }, ms);

            ms += answer.Ms;
            (JsonObject? json, Finding? problem) = AnswerProblems.Document(session.Probe, answer, $"Let {url.AbsolutePath} through to the app (FunctionsMcp serves it): {PassThrough}");
            if (json is null)
            {
                misses.Add(problem!);
                continue;
            }

            session.AuthorizationServerMetadata = json;
            return DoctorStep.From(Name, MetadataTitle, Problem(session, json, issuer), Describe(session, url, json), ms);
        }

        return DoctorStep.Fail(Name, MetadataTitle, new Finding(string.Join("; ", misses.Select(m => m.Seen)), misses[0].Fix), ms);
    }

    public static async Task<DoctorStep> EndpointsAsync(DoctorSession session)
    {
        const string Name = "authorization-endpoints", Title = "Authorization server endpoints";
        if (session.AuthorizationServerMetadata is not { } metadata)
            return DoctorStep.Skip(Name, Title, "skipped: there is no authorization server metadata to name them");

        // Requests with nothing in them: each endpoint refuses them (400/401), which shows it is there and working.
        (string Label, string Member, HttpMethod Method, Func<HttpContent>? Body)[] endpoints =
        [
            ("authorize", "authorization_endpoint", HttpMethod.Get, null),
            ("token", "token_endpoint", HttpMethod.Post, () => new FormUrlEncodedContent([])),
            ("register", "registration_endpoint", HttpMethod.Post, () => new StringContent("{}", Encoding.UTF8, "application/json")),
        ];
        var seen = new List<string>();
        long ms = 0;
        foreach ((string label, string member, HttpMethod method, Func<HttpContent>? body) in endpoints)
        {
            string? url = HttpAnswer.Text(metadata, member);
            if (url is null && label == "register")
                continue;
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
                return DoctorStep.Fail(Name, Title, new Finding($"{member} is missing or not a URL", $"Let the metadata through from FunctionsMcp, which names its {label} endpoint."), ms);

            (HttpAnswer? answer, Finding? failure) = await session.Probe.SendAsync(method, uri, body, cancellationToken: session.CancellationToken);
            if (answer is null)
                return DoctorStep.Fail(Name, Title, session.IsHome(url) ? failure! with { Seen = $"{label}: {failure!.Seen}" } : new Finding($"{label}: {failure!.Seen}", session.BaseUrlFix(DoctorSession.OriginOf(url))), ms);

            ms += answer.Ms;
            string at = $"{label} ({method} {session.Probe.Show(uri)})";
            if (answer.Status is 404 or 405)
                return DoctorStep.Fail(Name, Title, new Finding($"{at} answered {answer.Status}", $"Let {uri.AbsolutePath} through to the app: clients are sent there to sign in."), ms);
            if (answer.Status >= 500)
                return DoctorStep.Fail(Name, Title, new Finding($"{at} answered {answer.Described}", AnswerProblems.AppFailed), ms);
            seen.Add($"{label} {answer.Status}");
        }

        return DoctorStep.Pass(Name, Title, $"{string.Join(", ", seen)} (each answered; an empty request is refused)", ms);
    }

    public static async Task<DoctorStep> JwksAsync(DoctorSession session)
    {
        const string Name = "jwks", Title = "JWKS";
        if (session.AuthorizationServerMetadata is not { } metadata)
            return DoctorStep.Skip(Name, Title, "skipped: there is no authorization server metadata to name it");
        if (HttpAnswer.Text(metadata, "jwks_uri") is not { } jwks || !Uri.TryCreate(jwks, UriKind.Absolute, out Uri? uri))
            return DoctorStep.Fail(Name, Title, new Finding("the metadata names no jwks_uri", "Let the metadata through from FunctionsMcp, which names its key set."), 0);

        (HttpAnswer? answer, Finding? failure) = await session.Probe.SendAsync(HttpMethod.Get, uri, cancellationToken: session.CancellationToken);
        if (answer is null)
            return DoctorStep.Fail(Name, Title, failure!, 0);
        (JsonObject? json, Finding? problem) = AnswerProblems.Document(session.Probe, answer, $"Let {uri.AbsolutePath} through to the app (FunctionsMcp serves it): {PassThrough}");
        if (json is null)
            return DoctorStep.Fail(Name, Title, problem!, answer.Ms);

        JsonObject[] keys = (json["keys"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? [];
        if (keys.Length == 0)
            return DoctorStep.Fail(Name, Title, new Finding($"{session.Probe.Show(uri)} lists no keys", "The app publishes its signing key once it has one: /healthz shows whether it can read its signing keys."), answer.Ms);
        if (keys.FirstOrDefault(k => HttpAnswer.Text(k, "kid") is null || HttpAnswer.Text(k, "kty") is null) is not null)
            return DoctorStep.Fail(Name, Title, new Finding($"{session.Probe.Show(uri)} has a key without kid or kty", "Let the key set through from FunctionsMcp unchanged: every key names its kid and kty."), answer.Ms);

        string listed = string.Join(", ", keys.Select(k => $"{HttpAnswer.Text(k, "kid")} ({HttpAnswer.Text(k, "kty")})"));
        return DoctorStep.Pass(Name, Title, $"{keys.Length} key{(keys.Length == 1 ? "" : "s")}: {listed}", answer.Ms);
    }

    /// <summary>Where clients look for the metadata of <paramref name="issuer"/> (MCP authorization, "Authorization Server Metadata Discovery").</summary>
    private static IEnumerable<Uri> DiscoveryUrls(Uri issuer)
    {
        string path = issuer.AbsolutePath.TrimEnd('/');
        yield return new Uri(issuer, AuthorizationServerMetadata.MetadataPath + path);
        yield return new Uri(issuer, AuthorizationServerMetadata.OpenIdConfigurationPath + path);
        if (path.Length > 0)
            yield return new Uri(issuer, path + AuthorizationServerMetadata.OpenIdConfigurationPath);
    }

    private static Finding? Problem(DoctorSession session, JsonObject json, string issuer)
    {
        string? named = HttpAnswer.Text(json, "issuer");
        if (named != issuer)
        {
            return new Finding($"issuer is \"{named}\", not \"{issuer}\", the URL it was fetched from; clients refuse it",
                named is not null && !session.IsHome(named) ? session.BaseUrlFix(DoctorSession.OriginOf(named))
                    : $"Set {DoctorSession.BaseUrlSetting} to the app's public URL, without a trailing slash or path, and restart the app.");
        }

        if ((json["code_challenge_methods_supported"] as JsonArray)?.Any(m => m?.ToString() == "S256") != true)
            return new Finding("code_challenge_methods_supported does not list S256; clients refuse to sign in without it", "Let the metadata through from FunctionsMcp, which supports PKCE S256.");

        bool registration = HttpAnswer.Text(json, "registration_endpoint") is not null;
        bool documents = json["client_id_metadata_document_supported"] is JsonValue v && v.TryGetValue(out bool supported) && supported;
        if (!registration && !documents)
        {
            return new Finding("neither registration_endpoint nor client_id_metadata_document_supported: Claude and ChatGPT cannot register",
                $"Set {OAuthClientOptions.Section}__{nameof(OAuthClientOptions.DynamicRegistration)} or {OAuthClientOptions.Section}__{nameof(OAuthClientOptions.MetadataDocuments)} to true, or give each client one made with 'clients create'.");
        }

        return null;
    }

    private static string Describe(DoctorSession session, Uri url, JsonObject json)
    {
        var ways = new List<string>();
        if (HttpAnswer.Text(json, "registration_endpoint") is not null)
            ways.Add("dynamic registration");
        if (json["client_id_metadata_document_supported"] is JsonValue v && v.TryGetValue(out bool documents) && documents)
            ways.Add("client metadata documents");
        return $"{session.Probe.Show(url)}: issuer {HttpAnswer.Text(json, "issuer")}, PKCE S256, {string.Join(" and ", ways)}";
    }
}
