using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Medications;

public sealed record ListMedicationsParameters(
    string ParticipantId,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record MedicationIdParameters(
    string Id);

/// <summary>The medication model (read only): one definition behind list_medications, get_medication and the generic tools.</summary>
public static class MedicationModel
{
    public const string Name = "medication";

    public static ModelDefinition Create() => new(Name, "A participant's medications as charted by the prescriber: name, dose, route, frequency, dates. Read only.",
    [
        new(Name, "list", "list_medications", "List medications",
            "Lists a participant's medications as charted by the prescriber. Returns a page of medications.",
            Scopes.MedicationsRead, typeof(ListMedicationsParameters), typeof(RecordPage<Medication>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_medication", "Get a medication",
            "Gets one medication: name, dose, route, frequency, prescriber, dates and notes.",
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
