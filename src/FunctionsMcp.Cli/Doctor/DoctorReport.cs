namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// Prints the steps: one line each with ✓ (passed), ✗ (a required step failed), ! (an optional step failed: a warning)
/// or – (skipped), what was seen and the time its requests took; under a failure, the fix.
/// </summary>
internal static class DoctorReport
{
    public const string Passed = "✓";
    public const string Failed = "✗";
    public const string Warning = "!";
    public const string Skipped = "–";

    public static void Header(TextWriter output, Uri mcpUrl, TimeSpan timeout) =>
        output.WriteLine($"Checking {mcpUrl.AbsoluteUri.TrimEnd('/')} as an MCP client would (each request may take up to {timeout.TotalSeconds:0} s).");

    public static void Write(TextWriter output, DoctorStep step)
    {
        string mark = step.Skipped ? Skipped : step.Ok ? Passed : step.Required ? Failed : Warning;
        // Steps that only compare what earlier ones saw take no time worth printing.
        string time = step.Skipped || step.Ms == 0 ? "" : $" ({step.Ms} ms)";
        output.WriteLine($"{mark} {step.Title}: {step.Seen}{time}");
        if (step.Fix is not null)
            output.WriteLine($"    fix: {step.Fix}");
    }

    public static void Summary(TextWriter output, IReadOnlyList<DoctorStep> steps)
    {
        int required = steps.Count(s => s.Required);
        string[] failed = steps.Where(s => s.Blocks && !s.Skipped).Select(s => s.Name).ToArray();
        int notRun = steps.Count(s => s.Blocks && s.Skipped);
        int warnings = steps.Count(s => !s.Required && !s.Ok && !s.Skipped);
        string warned = warnings == 0 ? "" : $" ({warnings} warning{(warnings == 1 ? "" : "s")})";
        output.WriteLine();
        output.WriteLine(failed.Length == 0
            ? $"All {required} required steps passed{warned}."
            : $"{failed.Length} of {required} required steps failed{(notRun == 0 ? "" : $" and {notRun} could not run")}{warned}: {string.Join(", ", failed)}.");
    }
}
