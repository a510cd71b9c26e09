using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Staff;

/// <summary>
/// Demo staff for the local run: the same people every time (fixed seed, fixed ids), so loading them again
/// changes nothing. Names are invented.
/// </summary>
public static class DemoStaff
{
    private static readonly string[] s_given = ["Hannah", "Daniel", "Fatima", "Lachlan", "Mele", "Jordan", "Sophie", "Arjun", "Chloe", "Wiremu", "Emily", "Marcus", "Olivia", "Thanh", "Georgia", "Ben"];
    private static readonly string[] s_family = ["Anderson", "Bui", "Campbell", "D'Souza", "Edwards", "Fraser", "Gupta", "Harris", "Ivanova", "Johnson", "Khan", "Lee", "McDonald", "Nakamura", "Papadopoulos", "Wright"];

    private static readonly (StaffRole Role, string[] Qualifications)[] s_roles =
    [
        (StaffRole.SupportWorker, ["Certificate III in Individual Support (Disability)", "First Aid (HLTAID011)", "NDIS Worker Screening Check"]),
        (StaffRole.SupportWorker, ["Certificate IV in Disability", "First Aid (HLTAID011)", "Medication assistance", "NDIS Worker Screening Check"]),
        (StaffRole.Coordinator, ["Diploma of Community Services", "NDIS Worker Screening Check"]),
        (StaffRole.TeamLeader, ["Certificate IV in Disability", "Certificate IV in Leadership and Management", "NDIS Worker Screening Check"]),
        (StaffRole.Nurse, ["Registered Nurse (AHPRA)", "Complex bowel care", "Enteral feeding", "NDIS Worker Screening Check"]),
        (StaffRole.AlliedHealth, ["Occupational Therapist (AHPRA)", "NDIS Worker Screening Check"]),
        (StaffRole.AlliedHealth, ["Speech Pathologist (Speech Pathology Australia)", "NDIS Worker Screening Check"]),
    ];

    /// <summary><paramref name="count"/> staff members of one organization; about one in eight is no longer active.</summary>
    public static IReadOnlyList<StaffMember> For(string organizationId, int count)
    {
        Random random = DemoIds.For(organizationId, 41);
        var staff = new List<StaffMember>();
        for (int i = 0; i < count; i++)
        {
            string given = s_given[random.Next(s_given.Length)];
            string family = s_family[random.Next(s_family.Length)];
            (StaffRole role, string[] qualifications) = s_roles[random.Next(s_roles.Length)];
            staff.Add(new StaffMember(
                DemoIds.Next(random, StaffMember.IdPrefix),
                given,
                family,
                role,
                $"{Simple(given)}.{Simple(family)}{i}@{organizationId}.example.org",
                $"04{random.Next(10_000_000, 99_999_999)}",
                qualifications,
                Active: random.Next(8) != 0));
        }

        return staff;
    }

    private static string Simple(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetter)]);
}
