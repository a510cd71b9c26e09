using System.Text.Json.Serialization;

namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// One step of <c>doctor</c>, as printed and as <c>--json</c> writes it: what was checked, whether it passed, whether the
/// exit code depends on it, what was seen, the fix in one sentence (null when it passed), and how long it took.
/// A skipped step did not run (no credential given, or what it needed failed before it); it is never <see cref="Ok"/>.
/// </summary>
internal sealed record DoctorStep(string Name, string Title, bool Ok, bool Required, bool Skipped, string Seen, string? Fix, long Ms)
{
    public static DoctorStep Pass(string name, string title, string seen, long ms, bool required = true) =>
        new(name, title, Ok: true, required, Skipped: false, seen, Fix: null, ms);

    public static DoctorStep Fail(string name, string title, Finding finding, long ms, bool required = true) =>
        new(name, title, Ok: false, required, Skipped: false, finding.Seen, finding.Fix, ms);

    public static DoctorStep Skip(string name, string title, string reason, bool required = true) =>
        new(name, title, Ok: false, required, Skipped: true, reason, Fix: null, Ms: 0);

    /// <summary>Passes or fails on <paramref name="finding"/>: null means nothing was wrong.</summary>
    public static DoctorStep From(string name, string title, Finding? finding, string seen, long ms, bool required = true) =>
        finding is null ? Pass(name, title, seen, ms, required) : Fail(name, title, finding, ms, required);

    /// <summary>True when this step makes the run fail.</summary>
    [JsonIgnore]
    public bool Blocks => Required && !Ok;
}

/// <summary>Something wrong that a step saw, and the one sentence that fixes it.</summary>
internal sealed record Finding(string Seen, string Fix);
