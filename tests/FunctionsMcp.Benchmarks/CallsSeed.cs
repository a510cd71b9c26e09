using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// The <c>calls</c> mode's data, written straight to Azurite (not through either side's proxy: seeding is nobody's
/// call): the demo organizations and users, the first demo organization's demo participants as a local run loads
/// them (same ids), and an access key for its coordinator.
/// </summary>
internal static class CallsSeed
{
    // As many as the local run's demo data service loads per organization, so its load at start finds them all present.
    private const int Participants = 30;

    public static async Task<CallsTarget> SeedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using ServiceProvider provider = BenchKey.StorageServices(connectionString);

        // Every table, as infra/ creates them in Azure, so our side can run as deployed (Storage:CreateTables false).
        var tables = provider.GetRequiredService<Azure.Data.Tables.TableServiceClient>();
        foreach (string table in TableNames.All)
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);

        string token = await BenchKey.CreateAsync(provider, cancellationToken);
        IParticipantStore store = provider.GetRequiredService<IParticipantStore>();
        IReadOnlyList<Participant> people = DemoParticipants.For(DemoIdentities.Sunrise, Participants, DateOnly.FromDateTime(DateTime.UtcNow));
        foreach (Participant participant in people)
            await store.AddAsync(DemoIdentities.Sunrise, participant, cancellationToken); // a second load refuses duplicates: fine
        return new CallsTarget(token, DemoIdentities.Sunrise, people[0].Id);
    }
}
