using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Participants;

namespace FunctionsMcp.Storage.Tests.Ndis;

/// <summary>Steps the service tests share: a participant to hang records on, and a list read to its last page.</summary>
internal static class ServiceTestSteps
{
    /// <summary>Creates a participant (plan 2026-07-01 to 2027-06-30, see <see cref="ParticipantServiceTests.Fields"/>) that must succeed.</summary>
    public static async Task<Participant> CreateParticipantAsync(this ParticipantService participants, string organizationId)
    {
        RecordOutcome<Participant> created = await participants.CreateAsync(organizationId, "coordinator", ParticipantServiceTests.Fields(), TestContext.Current.CancellationToken);
        Assert.True(created.Succeeded, created.Message);
        return created.Value!;
    }

    /// <summary>Reads a list page by page, following the next cursor; every page must succeed and hold at most <paramref name="pageSize"/> items.</summary>
    public static async Task<(List<T> Items, int Pages)> ReadAllAsync<T>(int pageSize, Func<string?, Task<RecordOutcome<RecordPage<T>>>> readPage)
        where T : class
    {
        var items = new List<T>();
        string? cursor = null;
        int pages = 0;
        do
        {
            RecordOutcome<RecordPage<T>> page = await readPage(cursor);
            Assert.True(page.Succeeded, page.Message);
            Assert.True(page.Value!.Items.Count <= pageSize);
            items.AddRange(page.Value.Items);
            cursor = page.Value.NextCursor;
            pages++;
        }
        while (cursor is not null);
        return (items, pages);
    }
}
