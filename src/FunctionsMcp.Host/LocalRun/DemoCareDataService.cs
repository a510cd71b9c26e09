using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.LocalRun;

/// <summary>
/// The local run's reference and care data, after <see cref="DemoDataService"/>: the sample support catalogue (shared),
/// and each demo organization's staff and its demo participants' medications and funding lines. Fixed ids: loading again
/// changes nothing.
/// </summary>
internal sealed partial class DemoCareDataService(
    IOptions<LocalRunOptions> localRun,
    IHostEnvironment environment,
    ICatalogueStore catalogue,
    IStaffStore staff,
    IMedicationStore medications,
    IFundingStore funding,
    ILogger<DemoCareDataService> logger) : IHostedService
{
    public const int DemoStaffPerOrganization = 12;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!localRun.Value.SeedDemoData || !environment.IsDevelopment())
            return;

        int items = await catalogue.LoadAsync(SampleCatalogue.Items, cancellationToken);
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        int newStaff = 0, newMedications = 0, newFundingLines = 0;
        foreach (Organization organization in DemoIdentities.Organizations)
        {
            foreach (StaffMember member in DemoStaff.For(organization.Id, DemoStaffPerOrganization))
                newStaff += (await staff.AddAsync(organization.Id, member, cancellationToken)).Succeeded ? 1 : 0;

            IReadOnlyList<Participant> participants = DemoParticipants.For(organization.Id, DemoDataService.DemoParticipantsPerOrganization, today);
            foreach (Medication medication in DemoMedications.For(organization.Id, participants, today))
                newMedications += (await medications.AddAsync(organization.Id, medication, cancellationToken)).Succeeded ? 1 : 0;
            foreach (FundingLine line in DemoFunding.For(organization.Id, participants, today))
                newFundingLines += (await funding.AddAsync(organization.Id, line, cancellationToken)).Succeeded ? 1 : 0;
        }

        LogLoaded(logger, items, newStaff, newMedications, newFundingLines);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo reference data: {Items} catalogue items, {Staff} staff members, {Medications} medications and {FundingLines} funding lines were new or changed.")]
    private static partial void LogLoaded(ILogger logger, int items, int staff, int medications, int fundingLines);
}
