using System.Text.Json.Nodes;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>What is wrong with an answer in ways every step shares: a redirect, a failure, a web page, or a body that is not JSON.</summary>
internal static class AnswerProblems
{
    public const string AppFailed =
        "The app failed: its log (Application Insights in Azure) says why, and /healthz shows whether storage and signing keys work.";

    public const string NotOurServer =
        "Something other than FunctionsMcp answers here (a default page, a sign-in wall or a proxy): check the host in the URL and what sits in front of the app.";

    private static readonly string[] s_signInHosts = ["login.microsoftonline.com", "login.windows.net", "login.live.com"];

    /// <summary>Why a redirect is a problem and what to do, or null when the answer came without one.</summary>
    public static Finding? Redirect(HttpProbe probe, HttpAnswer answer)
    {
        if (!answer.IsRedirect)
            return null;

        string chain = string.Join(" → ", answer.Redirects.Prepend(answer.Requested).Select(probe.Show));
        string path = answer.Requested.AbsolutePath;
        if (answer.Loop)
        {
            return new Finding($"redirects in a loop: {chain}",
                $"Something in front of the app (a proxy rule, a trailing-slash rewrite, or HTTPS or authentication settings) redirects in a loop: make it pass {path} to the app unchanged.");
        }

        if (answer.Status is < 300 or >= 400)
            return new Finding($"was redirected: {chain}", $"Clients do not follow redirects here: make {path} answer without one.");
        if (answer.Location is not { } location)
            return new Finding($"answered {answer.Status} without a Location", $"Make {path} answer without a redirect.");

        string seen = $"answered {answer.Status} redirecting to {probe.Show(location)}{(answer.Redirects.Count == 0 ? "" : $" after {chain}")}";
        if (s_signInHosts.Contains(location.Host, StringComparer.OrdinalIgnoreCase) || location.AbsolutePath.StartsWith("/.auth/", StringComparison.OrdinalIgnoreCase))
        {
            return new Finding(seen,
                "App Service Authentication sends requests to a sign-in page before they reach the app: let unauthenticated requests through (FunctionsMcp checks its own tokens).");
        }

        if (answer.Url.Scheme == Uri.UriSchemeHttp && location.Scheme == Uri.UriSchemeHttps && location.AbsolutePath == answer.Url.AbsolutePath)
            return new Finding(seen, $"Use the https address, {location.AbsoluteUri}: clients do not follow redirects on the MCP URL or its metadata.");
        return new Finding(seen, $"Clients do not follow this redirect: use {location.AbsoluteUri} directly, or make {path} answer without a redirect.");
    }

    /// <summary>
    /// The JSON object a public document answered with (200, application/json), or what is wrong with the answer.
    /// <paramref name="notFoundFix"/> is the fix for a 404, which only the caller can name.
    /// </summary>
    public static (JsonObject? Json, Finding? Problem) Document(HttpProbe probe, HttpAnswer answer, string notFoundFix)
    {
        if (Redirect(probe, answer) is { } redirected)
            return (null, redirected);

        string at = probe.Show(answer.Url);
        if (answer.Status == 404)
            return (null, new Finding($"{at} answered 404", notFoundFix));
        if (answer.Status >= 500)
            return (null, new Finding($"{at} answered {answer.Described}", AppFailed));
        if (answer.IsHtml)
            return (null, new Finding($"{at} answered {answer.Described}, not JSON", NotOurServer));
        if (answer.Status is 401 or 403)
            return (null, new Finding($"{at} answered {answer.Status}", "Let it through without a credential: clients read it before they have a token."));
        if (answer.Status != 200)
            return (null, new Finding($"{at} answered {answer.Described}, not 200", notFoundFix));
        if (!answer.IsJson)
            return (null, new Finding($"{at} answered {answer.Described}, not application/json", NotOurServer));

        (JsonObject? json, string? problem) = answer.JsonObject();
        return json is null ? (null, new Finding($"{at} answered {problem}", NotOurServer)) : (json, null);
    }
}
