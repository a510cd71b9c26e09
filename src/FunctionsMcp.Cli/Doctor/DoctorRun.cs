namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// The chain in the order a client walks it. A step that cannot get an answer at all (no DNS, nothing listening, TLS
/// refused) ends the run, since every later step would fail the same way; any other failure is reported and the walk
/// goes on, so one run shows every fault.
/// </summary>
internal static class DoctorRun
{
    public static async Task<IReadOnlyList<DoctorStep>> RunAsync(DoctorSession session, Action<DoctorStep> done)
    {
        var steps = new List<DoctorStep>();
        void Add(DoctorStep step)
        {
            steps.Add(step);
            done(step);
        }

        Add(await ReachabilityChecks.DnsAsync(session));
        if (!steps[^1].Ok)
            return steps;
        Add(await ReachabilityChecks.ReachAsync(session));
        if (session.Unauthenticated is null)
            return steps;

        Add(ReachabilityChecks.Challenge(session));
        Add(await ResourceMetadataChecks.MetadataAsync(session, pathInserted: true));
        Add(await ResourceMetadataChecks.MetadataAsync(session, pathInserted: false));
        Add(ResourceMetadataChecks.BaseUrl(session));
        Add(await AuthorizationServerChecks.MetadataAsync(session));
        Add(await AuthorizationServerChecks.EndpointsAsync(session));
        Add(await AuthorizationServerChecks.JwksAsync(session));
        foreach (DoctorStep step in await McpChecks.RunAsync(session))
            Add(step);
        Add(ClockCheck.Check(session));
        return steps;
    }
}
