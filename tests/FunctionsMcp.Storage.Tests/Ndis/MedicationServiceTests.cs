using Azure.Data.Tables;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>Reading medications through the service and the table store, against Azurite.</summary>
public sealed class MedicationServiceTests(AzuriteFixture azurite)
{
    private static readonly DateOnly s_today = new(2026, 11, 22);
    private readonly string _org = "med" + Guid.NewGuid().ToString("N")[..10];
    private TableProvider? _tables;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TableProvider Tables => _tables ??= new TableProvider(new TableServiceClient(azurite.ConnectionString));

    private MedicationService Service => new(new TableMedicationStore(Tables), new TableParticipantStore(Tables));

    private async Task<Participant> AddParticipantAsync(string org, int index = 0)
    {
        Participant participant = DemoParticipants.For(org, index + 1, s_today)[index];
        Assert.True((await new TableParticipantStore(Tables).AddAsync(org, participant, Cancel)).Succeeded);
        return participant;
    }

    private static Medication NewMedication(string participantId, string name, DateOnly? end = null) => new(
        RecordIds.New(Medication.IdPrefix), participantId, name, "500 mg", MedicationRoute.Oral, "Twice daily", "Dr A Shah", new DateOnly(2025, 3, 1), end, null);

    private async Task<Medication> AddAsync(string org, Medication medication)
    {
        RecordOutcome<Medication> added = await new TableMedicationStore(Tables).AddAsync(org, medication, Cancel);
        Assert.True(added.Succeeded, added.Message);
        return medication;
    }

    [Fact]
    public async Task List_ReturnsOnlyThatParticipantsMedications_AndGetReadsOneById()
    {
        Participant ava = await AddParticipantAsync(_org, 0);
        Participant other = await AddParticipantAsync(_org, 1);
        Medication first = await AddAsync(_org, NewMedication(ava.Id, "Baclofen", new DateOnly(2027, 1, 1)));
        Medication second = await AddAsync(_org, NewMedication(ava.Id, "Melatonin"));
        await AddAsync(_org, NewMedication(other.Id, "Sertraline"));

        RecordOutcome<RecordPage<Medication>> list = await Service.ListAsync(_org, ava.Id, null, null, Cancel);
        RecordOutcome<Medication> got = await Service.GetAsync(_org, first.Id, Cancel);

        Assert.True(list.Succeeded, list.Message);
        Assert.Equal(new[] { first, second }.OrderBy(m => m.Id, StringComparer.Ordinal), list.Value!.Items);
        Assert.Null(list.Value.NextCursor);
        Assert.Equal(first, got.Value);
    }

    [Fact]
    public async Task List_PagesWithACursor_WithoutRepeats()
    {
        Participant ava = await AddParticipantAsync(_org);
        for (int i = 0; i < 5; i++)
            await AddAsync(_org, NewMedication(ava.Id, "Medication " + i));

        var seen = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            RecordOutcome<RecordPage<Medication>> page = await Service.ListAsync(_org, ava.Id, 2, cursor, Cancel);
            Assert.True(page.Succeeded, page.Message);
            seen.AddRange(page.Value!.Items.Select(m => m.Id));
            cursor = page.Value.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Distinct().Count());
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task AnotherOrganizationsParticipantOrMedication_IsNotFound()
    {
        Participant ava = await AddParticipantAsync(_org);
        Medication mine = await AddAsync(_org, NewMedication(ava.Id, "Baclofen"));
        string otherOrg = _org + "x";

        RecordOutcome<RecordPage<Medication>> list = await Service.ListAsync(otherOrg, ava.Id, null, null, Cancel);
        RecordOutcome<Medication> get = await Service.GetAsync(otherOrg, mine.Id, Cancel);

        Assert.Equal((RecordFailure.NotFound, $"participant {ava.Id} was not found"), (list.Failure!.Value, list.Message));
        Assert.Equal((RecordFailure.NotFound, $"medication {mine.Id} was not found"), (get.Failure!.Value, get.Message));
    }

    [Theory]
    [InlineData("md_aaaaaaaaaaaa")]
    [InlineData("not-an-id")]
    [InlineData("pt_aaaaaaaaaaaa")]
    public async Task UnknownOrMalformedIds_AreNotFound(string id)
    {
        Assert.Equal(RecordFailure.NotFound, (await Service.GetAsync(_org, id, Cancel)).Failure);
        Assert.Equal(RecordFailure.NotFound, (await Service.ListAsync(_org, id, null, null, Cancel)).Failure);
    }

    [Fact]
    public async Task AForeignCursor_IsInvalid()
    {
        Participant ava = await AddParticipantAsync(_org);

        RecordOutcome<RecordPage<Medication>> page = await Service.ListAsync(_org, ava.Id, null, "made-up", Cancel);

        Assert.Equal("cursor", Assert.Single(page.Errors).Field);
    }

    [Fact]
    public async Task DemoMedications_AreTheSameEachTime_AndLoadingTwiceChangesNothing()
    {
        IReadOnlyList<Participant> participants = DemoParticipants.For(_org, 10, s_today);
        IReadOnlyList<Medication> demo = DemoMedications.For(_org, participants, s_today);
        Assert.Equal(demo, DemoMedications.For(_org, participants, s_today));
        Assert.NotEmpty(demo);
        Assert.All(demo, m => Assert.True(RecordIds.IsWellFormed(m.Id, Medication.IdPrefix), m.Id));
        foreach (Participant p in participants)
            await new TableParticipantStore(Tables).AddAsync(_org, p, Cancel);

        var store = new TableMedicationStore(Tables);
        int first = 0, second = 0;
        foreach (Medication m in demo)
            first += (await store.AddAsync(_org, m, Cancel)).Succeeded ? 1 : 0;
        foreach (Medication m in demo)
            second += (await store.AddAsync(_org, m, Cancel)).Succeeded ? 1 : 0;

        Assert.Equal((demo.Count, 0), (first, second));
        int listed = 0;
        foreach (Participant p in participants)
            listed += (await Service.ListAsync(_org, p.Id, 100, null, Cancel)).Value!.Items.Count;
        Assert.Equal(demo.Count, listed);
    }
}
