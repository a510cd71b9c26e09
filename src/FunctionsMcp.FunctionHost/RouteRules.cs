using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;

namespace FunctionsMcp.FunctionHost;

/// <summary>
/// The route shapes the Functions host serves differently from a plain ASP.NET Core app, refused here so the local host
/// and the tests cannot pass on a route that breaks in Azure: an empty route (the host maps it to the function's name),
/// a leading <c>/</c> or <c>~</c> (breaks every function of the app), text starting with <c>admin</c> or <c>runtime</c>
/// (the host's own), an unconstrained optional parameter or a catch-all (they capture other functions' routes), and two
/// templates that can match the same path for the same method (the host picks by function name, not by specificity).
/// </summary>
public static class RouteRules
{
    private static readonly string[] s_reservedPrefixes = ["admin", "runtime"];

    /// <summary>Every problem with <paramref name="functions"/>, one sentence each naming the function; empty when all are fine.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<HttpFunction> functions, string routePrefix)
    {
        var problems = new List<string>();
        var parsed = new List<(HttpFunction Function, RoutePattern Pattern)>();
        foreach (HttpFunction function in functions)
        {
            string? problem = ShapeProblem(function, routePrefix);
            if (problem is not null)
                problems.Add($"Function '{function.Name}': {problem}");
            else
                parsed.Add((function, RoutePatternFactory.Parse(function.Template(routePrefix))));
        }

        for (int i = 0; i < parsed.Count; i++)
        {
            for (int j = i + 1; j < parsed.Count; j++)
            {
                (HttpFunction a, RoutePattern pa) = parsed[i];
                (HttpFunction b, RoutePattern pb) = parsed[j];
                if (MethodsOverlap(a, b) && Overlap(pa, pb))
                    problems.Add($"Functions '{a.Name}' and '{b.Name}': routes '{a.Template(routePrefix)}' and '{b.Template(routePrefix)}' can match the same request, and the Functions host would pick by name; make them disjoint.");
            }
        }

        return problems;
    }

    private static string? ShapeProblem(HttpFunction function, string routePrefix)
    {
        if (function.Level != Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous)
            return $"authorization level {function.Level} needs function keys, which only the Functions host checks; this app's functions are anonymous and authenticate requests themselves.";
        if (function.Route is { Length: 0 })
            return "an empty route is served at /<function name> by the Functions host but at / by the worker; use \"{page:regex(^$)?}\" for the root.";
        if (function.Route is ['/' or '~', ..])
            return $"route '{function.Route}' starts with '{function.Route[0]}', which breaks every function of the app under the Functions host; write it without the leading character.";
        string template = function.Template(routePrefix);
        if (s_reservedPrefixes.FirstOrDefault(p => template.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } reserved)
            return $"route '{template}' starts with '{reserved}', which the Functions host keeps for itself.";

        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(template);
        }
        catch (RoutePatternException ex)
        {
            return $"route '{template}' is not a valid template: {ex.Message}";
        }

        foreach (RoutePatternParameterPart parameter in pattern.Parameters)
        {
            if (parameter.IsCatchAll)
                return $"route '{template}' has the catch-all parameter '{parameter.Name}', which would capture other functions' routes.";
            if (parameter.IsOptional && parameter.ParameterPolicies.Count == 0)
                return $"route '{template}' has the unconstrained optional parameter '{parameter.Name}', which would capture other one-segment routes; constrain it.";
        }

        return null;
    }

    private static bool MethodsOverlap(HttpFunction a, HttpFunction b) =>
        a.Methods.Count == 0 || b.Methods.Count == 0 || a.Methods.Intersect(b.Methods).Any();

    /// <summary>True when some path can match both templates (conservative: a constraint other than a regex is assumed to accept).</summary>
    private static bool Overlap(RoutePattern a, RoutePattern b)
    {
        (int minA, int maxA) = Lengths(a);
        (int minB, int maxB) = Lengths(b);
        for (int length = Math.Max(minA, minB); length <= Math.Min(maxA, maxB); length++)
        {
            if (Enumerable.Range(0, length).All(i => SegmentsOverlap(a.PathSegments[i], b.PathSegments[i])))
                return true;
        }

        return false;
    }

    // A trailing run of optional parameters may be left out.
    private static (int Min, int Max) Lengths(RoutePattern pattern)
    {
        int min = pattern.PathSegments.Count;
        while (min > 0 && pattern.PathSegments[min - 1].Parts is [RoutePatternParameterPart { IsOptional: true }])
            min--;
        return (min, pattern.PathSegments.Count);
    }

    private static bool SegmentsOverlap(RoutePatternPathSegment a, RoutePatternPathSegment b) => (a.Parts, b.Parts) switch
    {
        ([RoutePatternLiteralPart x], [RoutePatternLiteralPart y]) => string.Equals(x.Content, y.Content, StringComparison.OrdinalIgnoreCase),
        ([RoutePatternLiteralPart x], [RoutePatternParameterPart p]) => Accepts(p, x.Content),
        ([RoutePatternParameterPart p], [RoutePatternLiteralPart y]) => Accepts(p, y.Content),
        _ => true,
    };

    private static bool Accepts(RoutePatternParameterPart parameter, string literal) =>
        parameter.ParameterPolicies.All(policy => policy.Content is not { } content || !content.StartsWith("regex(", StringComparison.Ordinal)
            || Regex.IsMatch(literal, content["regex(".Length..^1], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}
