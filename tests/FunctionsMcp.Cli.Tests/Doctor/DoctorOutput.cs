namespace FunctionsMcp.Cli.Tests.Doctor;

/// <summary>Reads <c>doctor</c>'s text output: one line per step (mark, title, what was seen), the fix under a failure.</summary>
public static class DoctorOutput
{
    /// <summary>The titles of a healthy run with a credential, in the order a client walks the chain.</summary>
    public static readonly string[] HealthyTitles =
    [
        "DNS", "Reach the server", "POST /mcp without a credential",
        "Resource metadata at /.well-known/oauth-protected-resource/mcp", "Resource metadata at /.well-known/oauth-protected-resource",
        "Public base URL", "Authorization server metadata", "Authorization server endpoints", "JWKS",
        "initialize (2025-06-18)", "tools/list (2025-06-18)", "tools/call whoami (2025-06-18)",
        "server/discover (2026-07-28)", "tools/list (2026-07-28)", "tools/call whoami (2026-07-28)", "Clock",
    ];

    /// <summary>The step lines: each starts with ✓, ✗, ! or – and a space.</summary>
    public static string[] Steps(this CliResult result) =>
        result.OutputLines.Where(l => l.Length > 2 && "✓✗!–".Contains(l[0], StringComparison.Ordinal) && l[1] == ' ').ToArray();

    /// <summary>The line of the step titled <paramref name="title"/>.</summary>
    public static string Step(this CliResult result, string title) =>
        Assert.Single(result.Steps(), l => l[2..].StartsWith(title + ": ", StringComparison.Ordinal));

    /// <summary>The fix printed under the step titled <paramref name="title"/>.</summary>
    public static string Fix(this CliResult result, string title)
    {
        int at = Array.IndexOf(result.OutputLines, result.Step(title));
        string next = result.OutputLines[at + 1];
        Assert.StartsWith("    fix: ", next, StringComparison.Ordinal);
        return next["    fix: ".Length..];
    }

    /// <summary>Asserts the step titled <paramref name="title"/> has <paramref name="mark"/> and says <paramref name="seen"/>.</summary>
    public static void AssertStep(this CliResult result, string mark, string title, string seen)
    {
        string line = result.Step(title);
        Assert.True(line.StartsWith($"{mark} {title}: {seen}", StringComparison.Ordinal), $"expected '{mark} {title}: {seen}…', got '{line}'");
    }
}
