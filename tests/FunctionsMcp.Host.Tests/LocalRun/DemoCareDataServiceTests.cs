using Azure.Data.Tables;
using FunctionsMcp.Host.LocalRun;
using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Ndis;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.Tests.LocalRun;

/// <summary>The local run's demo staff, medications, goals, activities, care plans, funding lines and sample catalogue: loaded in Development, and loading again changes nothing.</summary>
public sealed class DemoCareDataServiceTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static DemoCareDataService Service(TableProvider tables, string environment, bool seed = true, DemoDataMarker? marker = null) => new(
        Options.Create(new LocalRunOptions { SeedDemoData = seed }),
        new HostingEnvironment { EnvironmentName = environment },
        new TableCatalogueStore(tables),
        new TableStaffStore(tables),
        new TableMedicationStore(tables),
        new TableGoalStore(tables),
        new TableCarePlanStore(tables),
        new TableFundingStore(tables),
        marker ?? new DemoDataMarker(tables),
        NullLogger<DemoCareDataService>.Instance);

    [Fact]
    public async Task InDevelopment_LoadsTheCareDataAndTheCatalogue_AndLoadingAgainRewritesNothing()
    {
        var tables = new TableProvider(new TableServiceClient(azurite.ConnectionString));
        StaffMember member = DemoStaff.For("sunrise", DemoCareDataService.DemoStaffPerOrganization)[0];
        IReadOnlyList<Participant> participants = DemoParticipants.For("coastal", DemoDataService.DemoParticipantsPerOrganization, DateOnly.FromDateTime(DateTime.UtcNow));
        Medication medication = DemoMedications.For("coastal", participants, DateOnly.FromDateTime(DateTime.UtcNow))[0];
        CarePlan plan = DemoCarePlans.For("coastal", participants)[0];
        Goal goal = DemoGoals.For("coastal", participants, ["x"], DateOnly.FromDateTime(DateTime.UtcNow)).Goals[0];
        FundingLine line = DemoFunding.For("coastal", participants, DateOnly.FromDateTime(DateTime.UtcNow))[0];

        await ForgetMarkerAsync(tables);
        await Service(tables, "Development").StartAsync(Cancel);
        TableClient staffTable = await tables.GetAsync(TableNames.Staff, Cancel);
        TableClient catalogueTable = await tables.GetAsync(TableNames.Catalogue, Cancel);
        string staffVersion = (await staffTable.GetEntityAsync<TableEntity>("sunrise", "s_" + member.Id, cancellationToken: Cancel)).Value.ETag.ToString();
        string itemVersion = (await catalogueTable.GetEntityAsync<TableEntity>("catalogue", "i_01_011_0107_1_1", cancellationToken: Cancel)).Value.ETag.ToString();
        string planVersion = (await new TableCarePlanStore(tables).GetAsync("coastal", plan.Id, Cancel))!.Version;
        FundingLine? loaded = await new TableFundingStore(tables).GetAsync("coastal", line.Id, Cancel);
        await Service(tables, "Development").StartAsync(Cancel);

        Assert.Equal(goal, await new TableGoalStore(tables).GetAsync("coastal", goal.Id, Cancel) is { } stored ? stored with { Version = string.Empty } : null);
        Assert.Equal(planVersion, (await new TableCarePlanStore(tables).GetAsync("coastal", plan.Id, Cancel))!.Version);
        Assert.Equal(member, await new TableStaffStore(tables).GetAsync("sunrise", member.Id, Cancel));
        Assert.Equal(medication, await new TableMedicationStore(tables).GetAsync("coastal", medication.Id, Cancel));
        Assert.Equal(line with { Version = loaded!.Version }, loaded);
        Assert.Equal(loaded, await new TableFundingStore(tables).GetAsync("coastal", line.Id, Cancel));
        Assert.Equal(SampleCatalogue.Items.Count, (await new TableCatalogueStore(tables).SearchAsync(new CatalogueQuery(null, null, 100, null), Cancel)).Value!.Items.Count(i => SampleCatalogue.Items.Contains(i)));
        Assert.Equal(staffVersion, (await staffTable.GetEntityAsync<TableEntity>("sunrise", "s_" + member.Id, cancellationToken: Cancel)).Value.ETag.ToString());
        Assert.Equal(itemVersion, (await catalogueTable.GetEntityAsync<TableEntity>("catalogue", "i_01_011_0107_1_1", cancellationToken: Cancel)).Value.ETag.ToString());
    }

    [Fact]
    public async Task AStartAfterACompleteLoad_LoadsNothing_AndAnOlderDemoSetIsLoadedAgain()
    {
        var tables = new TableProvider(new TableServiceClient(azurite.ConnectionString));
        await ForgetMarkerAsync(tables);
        await Service(tables, "Development").StartAsync(Cancel);

        // A new start (a new marker, as a new process has) whose record stores lead nowhere: touching any would throw.
        var nowhere = new TableProvider(new TableServiceClient(FunctionsMcp.LocalDev.AzuriteProcess.ConnectionStringFor(1), new TableClientOptions()));
        Exception? thrown = await Record.ExceptionAsync(() => Service(nowhere, "Development", marker: new DemoDataMarker(tables)).StartAsync(Cancel));

        Assert.Null(thrown);

        // An older demo set's marker loads again and, once finished, records this version.
        TableClient marker = await tables.GetAsync("localrun", Cancel);
        await marker.UpsertEntityAsync(new TableEntity("demo", "loaded") { ["Version"] = "2020-01-01" }, TableUpdateMode.Replace, Cancel);
        Assert.False(await new DemoDataMarker(tables).IsLoadedAsync(Cancel));
        await Service(tables, "Development").StartAsync(Cancel);

        Assert.True(await new DemoDataMarker(tables).IsLoadedAsync(Cancel));
    }

    private static async Task ForgetMarkerAsync(TableProvider tables)
    {
        TableClient marker = await tables.GetAsync("localrun", Cancel);
        await marker.DeleteEntityAsync("demo", "loaded", cancellationToken: Cancel);
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task OutsideDevelopmentOrWithoutSeedDemoData_LoadsNothing(string environment, bool seed)
    {
        // Storage nobody listens on: any attempt to load would throw.
        var nowhere = new TableProvider(new TableServiceClient(FunctionsMcp.LocalDev.AzuriteProcess.ConnectionStringFor(1), new TableClientOptions()));

        Exception? thrown = await Record.ExceptionAsync(() => Service(nowhere, environment, seed).StartAsync(Cancel));

        Assert.Null(thrown);
    }
}
