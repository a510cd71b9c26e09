namespace FunctionsMcp.OAuth.Identity;

/// <summary>
/// The demo tenants for the local run and the tests: two organizations, a user of each role in each.
/// Loading them again changes nothing (every write is an upsert of the same values).
/// </summary>
public static class DemoIdentities
{
    public const string Sunrise = "sunrise";
    public const string Coastal = "coastal";

    public static readonly IReadOnlyList<Organization> Organizations =
    [
        new(Sunrise, "Sunrise Support Services"),
        new(Coastal, "Coastal Care Collective"),
    ];

    public static readonly IReadOnlyList<User> Users =
    [
        new(Sunrise, "sunrise-admin", "Priya Sharma", "priya.sharma@sunrise.example", Role.Admin),
        new(Sunrise, "sunrise-coordinator", "Liam O'Connor", "liam.oconnor@sunrise.example", Role.Coordinator),
        new(Sunrise, "sunrise-worker", "Mele Tupou", "mele.tupou@sunrise.example", Role.SupportWorker),
        new(Coastal, "coastal-admin", "Hannah Nguyen", "hannah.nguyen@coastal.example", Role.Admin),
        new(Coastal, "coastal-coordinator", "Jack Robinson", "jack.robinson@coastal.example", Role.Coordinator),
        new(Coastal, "coastal-worker", "Aroha Williams", "aroha.williams@coastal.example", Role.SupportWorker),
    ];

    /// <summary>Writes the demo organizations and users.</summary>
    public static async Task SeedAsync(IIdentityStore store, CancellationToken cancellationToken)
    {
        foreach (Organization organization in Organizations)
            await store.SaveOrganizationAsync(organization, cancellationToken);
        foreach (User user in Users)
            await store.SaveUserAsync(user, cancellationToken);
    }
}
