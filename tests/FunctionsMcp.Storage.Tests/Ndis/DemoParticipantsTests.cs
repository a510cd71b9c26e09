using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

public sealed class DemoParticipantsTests(AzuriteFixture azurite)
{
    private static readonly DateOnly s_today = new(2026, 11, 22);

    [Fact]
    public void DemoParticipants_AreTheSameEachTime_AndPassEveryRule()
    {
        IReadOnlyList<Participant> first = DemoParticipants.For("sunrise", 30, s_today);
        IReadOnlyList<Participant> second = DemoParticipants.For("sunrise", 30, s_today);

        Assert.Equal(first, second);
        Assert.Equal(30, first.Select(p => p.Id).Distinct().Count());
        Assert.Equal(30, first.Select(p => p.NdisNumber).Distinct().Count());
        Assert.All(first, p =>
        {
            Assert.True(RecordIds.IsWellFormed(p.Id, Participant.IdPrefix), p.Id);
            Assert.Empty(ParticipantRules.Validate(p.ToFields(), s_today));
        });
        Assert.Empty(DemoParticipants.For("sunrise", 30, s_today).Select(p => p.NdisNumber).Intersect(DemoParticipants.For("coastal", 30, s_today).Select(p => p.NdisNumber)));
    }

    [Fact]
    public async Task LoadingTwice_ChangesNothing()
    {
        var store = new TableParticipantStore(new TableProvider(new TableServiceClient(azurite.ConnectionString)));
        string org = "demo" + Guid.NewGuid().ToString("N")[..8];
        IReadOnlyList<Participant> demo = DemoParticipants.For(org, 12, s_today);

        int firstLoad = 0, secondLoad = 0;
        foreach (Participant p in demo)
            firstLoad += (await store.AddAsync(org, p, TestContext.Current.CancellationToken)).Succeeded ? 1 : 0;
        string versionBefore = (await store.GetAsync(org, demo[0].Id, TestContext.Current.CancellationToken))!.Version;
        foreach (Participant p in demo)
            secondLoad += (await store.AddAsync(org, p, TestContext.Current.CancellationToken)).Succeeded ? 1 : 0;

        Assert.Equal((12, 0), (firstLoad, secondLoad));
        Assert.Equal(versionBefore, (await store.GetAsync(org, demo[0].Id, TestContext.Current.CancellationToken))!.Version);
        RecordOutcome<RecordPage<ParticipantSummary>> all = await store.ListAsync(org, new ParticipantQuery(null, ParticipantStatusFilter.All, null, 100, null), TestContext.Current.CancellationToken);
        Assert.Equal(12, all.Value!.Items.Count);
    }
}
