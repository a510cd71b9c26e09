using FunctionsMcp.Ndis.CarePlans;
using FunctionsMcp.Ndis.Catalogue;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Funding;
using FunctionsMcp.Ndis.Goals;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.Ndis.Participants;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.Options;

namespace FunctionsMcp.Host.LocalRun;

/// <summary>
/// The local run's care data, after <see cref="DemoDataService"/>: the sample support catalogue (shared), each demo
/// organization's staff, and its demo participants' medications, goals with their activities, care plans and funding lines.
/// Fixed ids: loading again changes nothing. Skipped when <see cref="DemoDataMarker"/> says storage already has the demo
/// data; a finished load records that it has.
/// </summary>
internal sealed partial class DemoCareDataService(
    IOptions<LocalRunOptions> localRun,
    IHostEnvironment environment,
    ICatalogueStore catalogue,
    IStaffStore staff,
    IMedicationStore medications,
    IGoalStore goals,
    ICarePlanStore carePlans,
    IFundingStore funding,
    DemoDataMarker marker,
    ILogger<DemoCareDataService> logger) : IHostedService
{
    public const int DemoStaffPerOrganization = 12;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!localRun.Value.SeedDemoData || !environment.IsDevelopment() || await marker.IsLoadedAsync(cancellationToken))
            return;

        int items = await catalogue.LoadAsync(SampleCatalogue.Items, cancellationToken);
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
        int newStaff = 0, newMedications = 0, newGoals = 0, newActivities = 0, newPlans = 0, newFundingLines = 0;
        foreach (Organization organization in DemoIdentities.Organizations)
        {
            string org = organization.Id;
            IReadOnlyList<StaffMember> members = DemoStaff.For(org, DemoStaffPerOrganization);
            IReadOnlyList<Participant> participants = DemoParticipants.For(org, DemoDataService.DemoParticipantsPerOrganization, today);
            (IReadOnlyList<Goal> demoGoals, IReadOnlyList<GoalActivity> activities) =
                DemoGoals.For(org, participants, [.. members.Where(m => m.Active).Select(m => $"{m.GivenName} {m.FamilyName}")], today);

            newStaff += await AddAllAsync(members, m => staff.AddAsync(org, m, cancellationToken));
            newMedications += await AddAllAsync(DemoMedications.For(org, participants, today), m => medications.AddAsync(org, m, cancellationToken));
            newGoals += await AddAllAsync(demoGoals, g => goals.AddAsync(org, g, cancellationToken));
            newActivities += await AddAllAsync(activities, a => goals.AddActivityAsync(org, a, cancellationToken));
            newPlans += await AddAllAsync(DemoCarePlans.For(org, participants), p => carePlans.AddAsync(org, p, cancellationToken));
            newFundingLines += await AddAllAsync(DemoFunding.For(org, participants, today), f => funding.AddAsync(org, f, cancellationToken));
        }

        LogLoaded(logger, items, newStaff, newMedications, newGoals, newActivities, newPlans, newFundingLines);
        // Last, so a load stopped half-way is done again at the next start.
        await marker.MarkLoadedAsync(cancellationToken);
    }

    /// <summary>Adds each record and counts the new ones; one already there (a second load) is not an error.</summary>
    private static async Task<int> AddAllAsync<T>(IEnumerable<T> records, Func<T, Task<RecordOutcome<T>>> add)
        where T : class
    {
        int added = 0;
        foreach (T record in records)
            added += (await add(record)).Succeeded ? 1 : 0;
        return added;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo care data: {Items} catalogue items were new or changed; new: {Staff} staff members, {Medications} medications, {Goals} goals, {Activities} goal activities, {Plans} care plans, {FundingLines} funding lines.")]
    private static partial void LogLoaded(ILogger logger, int items, int staff, int medications, int goals, int activities, int plans, int fundingLines);
}
