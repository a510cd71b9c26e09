using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Medications;

public sealed record ListMedicationsParameters(
    [property: Description("The participant whose medications to list (pt_…, from list_participants).")][property: StringLength(40)] string ParticipantId,
    [property: Description("How many per page, 1 to 100 (default 25).")][property: Range(1, 100)] int? PageSize = null,
    [property: Description("The next_cursor of the previous page, to get the next one.")][property: StringLength(2000)] string? Cursor = null);

public sealed record MedicationIdParameters(
    [property: Description("The medication's id, as returned by list_medications (md_…).")][property: StringLength(40)] string Id);

/// <summary>The medication model (read only): one definition behind list_medications, get_medication and the generic tools.</summary>
public static class MedicationModel
{
    public const string Name = "medication";

    public static ModelDefinition Create() => new(Name, "A participant's medications as charted by the prescriber: name, dose, route, frequency, dates. Read only.",
    [
        new(Name, "list", "list_medications", "List a participant's medications",
            "Lists the medications of one participant of your organization, a page at a time. The participant must be in your organization.",
            Scopes.MedicationsRead, typeof(ListMedicationsParameters), typeof(RecordPage<Medication>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_medication", "Get a medication",
            "Gets one medication by its id: name, dose, route, frequency, prescriber, start and end dates, notes.",
            Scopes.MedicationsRead, typeof(MedicationIdParameters), typeof(Medication), ReadOnly: true, Destructive: false, Idempotent: true,
            async (call, p, ct) => OperationResult.From(await Service(call).GetAsync(call.Principal.OrganizationId, ((MedicationIdParameters)p).Id, ct))),
    ]);

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListMedicationsParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        return OperationResult.From(await Service(call).ListAsync(call.Principal.OrganizationId, list.ParticipantId, list.PageSize, list.Cursor, cancellationToken));
    }

    private static MedicationService Service(ModelCall call) => call.Services.GetRequiredService<MedicationService>();
}
