using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// Protected resource metadata (RFC 9728) at both places clients look: the path-inserted
/// <c>/.well-known/oauth-protected-resource/mcp</c> first, then the root <c>/.well-known/oauth-protected-resource</c>;
/// each must name the MCP URL exactly as <c>resource</c> (§3.3) and list an authorization server. Then whether every
/// URL the server gave for itself is on the host actually reached: <see cref="DoctorSession.BaseUrlSetting"/> decides them all.
/// </summary>
internal static class ResourceMetadataChecks
{
    public const string WellKnownPath = "/.well-known/oauth-protected-resource";

    public static async Task<DoctorStep> MetadataAsync(DoctorSession session, bool pathInserted)
    {
        string path = WellKnownPath + (pathInserted ? session.McpUrl.AbsolutePath.TrimEnd('/') : "");
        string name = pathInserted ? "resource-metadata" : "resource-metadata-root";
        string title = $"Resource metadata at {path}";
        (HttpAnswer? answer, Finding? failure) = await session.Probe.SendAsync(HttpMethod.Get, new Uri(session.McpUrl, path), cancellationToken: session.CancellationToken);
        if (answer is null)
            return DoctorStep.Fail(name, title, failure!, 0);

        (JsonObject? json, Finding? problem) = AnswerProblems.Document(session.Probe, answer, $"Let {path} through to the app (FunctionsMcp serves it): a proxy or gateway route in front of the app must pass /.well-known/* on.");
        if (json is null)
            return DoctorStep.Fail(name, title, problem!, answer.Ms);

        string? resource = HttpAnswer.Text(json, "resource");
        string? server = (json["authorization_servers"] as JsonArray)?.Select(s => s is JsonValue v && v.TryGetValue(out string? text) ? text : null).FirstOrDefault(s => s is not null);
        if (resource is not null)
            session.NamedUrls.Add(("the metadata's resource", resource));
        if (server is not null)
        {
            session.NamedUrls.Add(("its authorization server", server));
            session.AuthorizationServer ??= server;
        }

        Finding? wrong = resource is null
            ? new Finding("the document has no resource", $"Let {path} through to FunctionsMcp, which names the resource.")
            : resource != session.Resource
                ? new Finding($"resource is \"{resource}\", not \"{session.Resource}\", the URL checked",
                    session.IsHome(resource) ? "The MCP URL is exactly <base URL>/mcp: give clients the resource URL, with no trailing slash." : session.BaseUrlFix(DoctorSession.OriginOf(resource)))
                : server is null
                    ? new Finding("the document lists no authorization_servers", $"Let {path} through to FunctionsMcp, which lists itself.")
                    : null;
        return DoctorStep.From(name, title, wrong, $"resource {resource}, authorization server {server}", answer.Ms);
    }

    public static DoctorStep BaseUrl(DoctorSession session)
    {
        const string Name = "base-url", Title = "Public base URL";
        if (session.NamedUrls.Count == 0)
            return DoctorStep.Skip(Name, Title, "nothing to compare: neither the 401 nor the resource metadata named a URL");

        var elsewhere = session.NamedUrls.Where(n => !session.IsHome(n.Url)).ToList();
        if (elsewhere.Count == 0)
            return DoctorStep.Pass(Name, Title, $"the server names {session.Origin}, the address reached", 0);

        string named = DoctorSession.OriginOf(elsewhere[0].Url);
        string where = string.Join(", ", elsewhere.Select(e => e.Where).Distinct());
        return DoctorStep.Fail(Name, Title, new Finding($"the server names {named} ({where}) but was reached at {session.Origin}", session.BaseUrlFix(named)), 0);
    }
}
