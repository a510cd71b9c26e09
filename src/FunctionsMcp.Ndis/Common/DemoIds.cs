namespace FunctionsMcp.Ndis.Common;

/// <summary>Demo data's fixed ids: the same seed gives the same ids, so loading demo data again finds them taken.</summary>
public static class DemoIds
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A record id of the usual shape (see <see cref="RecordIds"/>) drawn from <paramref name="random"/>.</summary>
    public static string Next(Random random, string prefix) =>
        $"{prefix}_{new string([.. Enumerable.Range(0, 12).Select(_ => Alphabet[random.Next(Alphabet.Length)])])}";

    /// <summary>A random generator seeded from the organization id and a per-kind salt.</summary>
    public static Random For(string organizationId, int salt) => new(organizationId.Aggregate(salt, (hash, c) => (hash * 31) + c));
}
