using FunctionsMcp.Ndis.Common;

namespace FunctionsMcp.Ndis.Participants;

/// <summary>
/// Demo participants for the local run: the same people every time (fixed seed, fixed ids and NDIS numbers),
/// so loading them again changes nothing. Names and places are invented.
/// </summary>
public static class DemoParticipants
{
    private static readonly string[] s_given = ["Ava", "Liam", "Mia", "Noah", "Aroha", "Jack", "Isla", "Kai", "Zara", "Oliver", "Leilani", "Ethan", "Amelia", "Hamish", "Priya", "Tane", "Grace", "Mateo", "Ruby", "Sione"];
    private static readonly string[] s_family = ["Nguyen", "O'Brien", "Smith", "Tupou", "Williams", "Chen", "Patel", "Müller", "Kelly", "Singh", "Brown", "Walker", "Taylor", "Ngata", "Rossi", "Jones", "Ali", "Martin", "Cooper", "Davies"];
    private static readonly string[] s_suburbs = ["Parramatta", "Penrith", "Newcastle", "Wollongong", "Geelong", "Ballarat", "Townsville", "Cairns", "Bunbury", "Launceston"];
    private static readonly string[] s_disabilities = ["Autism", "Intellectual disability", "Cerebral palsy", "Acquired brain injury", "Psychosocial disability", "Multiple sclerosis", "Hearing impairment", "Vision impairment", "Spinal cord injury", "Down syndrome"];
    private static readonly AustralianState[] s_states = [AustralianState.NSW, AustralianState.NSW, AustralianState.NSW, AustralianState.NSW, AustralianState.VIC, AustralianState.VIC, AustralianState.QLD, AustralianState.QLD, AustralianState.WA, AustralianState.TAS];
    private static readonly string[] s_postcodes = ["2150", "2750", "2300", "2500", "3220", "3350", "4810", "4870", "6230", "7250"];

    /// <summary><paramref name="count"/> participants of one organization, with plans ending over the year after <paramref name="today"/>.</summary>
    public static IReadOnlyList<Participant> For(string organizationId, int count, DateOnly today)
    {
        Random random = DemoIds.For(organizationId, 17);
        var stamp = new Stamp(new DateTimeOffset(today.AddYears(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "demo", new DateTimeOffset(today.AddYears(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "demo");
        int orgNumber = Math.Abs(organizationId.Aggregate(0, (hash, c) => (hash * 7) + c)) % 90 + 10;
        var participants = new List<Participant>();
        for (int i = 0; i < count; i++)
        {
            string given = s_given[random.Next(s_given.Length)];
            string family = s_family[random.Next(s_family.Length)];
            int place = random.Next(s_suburbs.Length);
            DateOnly planEnd = today.AddDays(random.Next(20, 365));
            participants.Add(new Participant(
                DemoIds.Next(random, Participant.IdPrefix),
                $"43{orgNumber:D2}{i:D5}",
                given,
                family,
                random.Next(4) == 0 ? given[..Math.Min(3, given.Length)] : null,
                new DateOnly(1950 + random.Next(60), 1 + random.Next(12), 1 + random.Next(28)),
                $"{SimpleName(given)}.{SimpleName(family)}{i}@example.org",
                $"04{random.Next(10_000_000, 99_999_999)}",
                new Address($"{1 + random.Next(200)} {s_family[random.Next(s_family.Length)].Replace("'", string.Empty, StringComparison.Ordinal)} St", s_suburbs[place], s_states[place], s_postcodes[place]),
                planEnd.AddYears(-1).AddDays(1),
                planEnd,
                (PlanManagement)random.Next(3),
                s_disabilities[random.Next(s_disabilities.Length)],
                ParticipantStatus.Active,
                stamp,
                Version: string.Empty));
        }

        return participants;
    }

    private static string SimpleName(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetter)]);
}
