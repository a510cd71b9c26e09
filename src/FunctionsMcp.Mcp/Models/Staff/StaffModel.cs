using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Staff;
using FunctionsMcp.OAuth.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsMcp.Mcp.Models.Staff;

public sealed record ListStaffParameters(
    [property: Description("A name prefix.")][property: StringLength(100)] string? Search = null,
    [property: DefaultValue(Paging.DefaultSize)][property: Range(1, Paging.MaxSize)] int? PageSize = null,
    string? Cursor = null);

public sealed record StaffIdParameters(
    string Id);

/// <summary>The staff model (read only): one definition behind list_staff, get_staff_member and the generic tools.</summary>
public static class StaffModel
{
    public const string Name = "staff";

    public static ModelDefinition Create() => new(Name, "Your organization's staff: names, role, contact, qualifications and whether they are active. Read only.",
    [
        new(Name, "list", "list_staff", "List staff",
            "Lists your organization's staff by family name, or finds them by name prefix. Returns a page of staff.",
            Scopes.StaffRead, typeof(ListStaffParameters), typeof(RecordPage<StaffMember>), ReadOnly: true, Destructive: false, Idempotent: true, ListAsync),
        new(Name, "view", "get_staff_member", "Get a staff member",
            "Gets one staff member: names, role, contact, qualifications and whether active.",
            Scopes.StaffRead, typeof(StaffIdParameters), typeof(StaffMember), ReadOnly: true, Destructive: false, Idempotent: true,
            async (call, p, ct) => OperationResult.From(await Service(call).GetAsync(call.Principal.OrganizationId, ((StaffIdParameters)p).Id, ct))),
    ], Noun: "staff member");

    private static async Task<OperationResult> ListAsync(ModelCall call, object parameters, CancellationToken cancellationToken)
    {
        var list = (ListStaffParameters)parameters;
        if (list.PageSize is < 1 or > Paging.MaxSize)
            return new OperationResult(null, RecordFailure.Invalid, $"page_size {list.PageSize} must be between 1 and {Paging.MaxSize}");
        var query = new StaffQuery(list.Search, list.PageSize ?? Paging.DefaultSize, list.Cursor);
        return OperationResult.From(await Service(call).ListAsync(call.Principal.OrganizationId, query, cancellationToken));
    }

    private static StaffService Service(ModelCall call) => call.Services.GetRequiredService<StaffService>();
}
