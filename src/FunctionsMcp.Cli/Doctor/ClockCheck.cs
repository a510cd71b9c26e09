namespace FunctionsMcp.Cli.Doctor;

/// <summary>
/// This machine's clock against the server's <c>Date</c> header (one-second resolution). Optional: a skew does not stop a
/// client, but it makes the expiry times an admin reads wrong and can fail time-bound client assertions.
/// </summary>
internal static class ClockCheck
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(60);

    public static DoctorStep Check(DoctorSession session)
    {
        const string Name = "clock", Title = "Clock";
        if (session.Unauthenticated?.Date is not { } date)
            return DoctorStep.Skip(Name, Title, "skipped: the server sent no Date header", required: false);

        TimeSpan skew = date - session.UnauthenticatedAt;
        double seconds = Math.Abs(Math.Round(skew.TotalSeconds));
        if (skew.Duration() <= MaxSkew)
            return DoctorStep.Pass(Name, Title, $"the server's Date is within {seconds:0} s of this machine's clock", 0, required: false);

        return DoctorStep.Fail(Name, Title, new Finding(
            $"the server's Date ({date.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC) is {seconds:0} s {(skew > TimeSpan.Zero ? "ahead of" : "behind")} this machine's clock",
            "Set this machine's clock from network time (App Service keeps the app's right): a skew makes expiry times read wrong and can make a client assertion look expired."),
            0, required: false);
    }
}
