using System.Net;
using System.Text.Json.Nodes;
using FunctionsMcp.Ndis.Common;
using FunctionsMcp.Ndis.Medications;
using FunctionsMcp.OAuth.Identity;
using FunctionsMcp.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static FunctionsMcp.Mcp.Tests.McpRequests;

namespace FunctionsMcp.Mcp.Tests.Models;

/// <summary>The read-only medication tools through the real /mcp endpoint against Azurite, in both protocol eras.</summary>
public sealed class MedicationToolsTests(AzuriteFixture azurite) : TenantServerTest(azurite)
{
    private async Task<string> CreateParticipantAsync(string era, string key)
    {
        ToolReply reply = await Server.CallAsync(era, key, "create_participant", ToolCalls.NewParticipant(ToolCalls.NextNdis()));
        Assert.False(reply.IsToolError, reply.Text);
        return reply.Structured["id"]!.GetValue<string>();
    }

    private async Task<List<Medication>> AddMedicationsAsync(TestTenant tenant, string participantId, params string[] names)
    {
        IMedicationStore store = Server.Services.GetRequiredService<IMedicationStore>();
        var added = new List<Medication>();
        foreach (string name in names)
        {
            var medication = new Medication(RecordIds.New(Medication.IdPrefix), participantId, name, "10 mg", MedicationRoute.Oral, "Three times daily",
                "Dr Lucy Hart", new DateOnly(2025, 5, 1), new DateOnly(2027, 5, 1), "Do not stop suddenly");
            Assert.True((await store.AddAsync(tenant.OrganizationId, medication, CancellationToken.None)).Succeeded);
            added.Add(medication);
        }

        return added;
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task ListPagesAParticipantsMedications_AndGetReadsOne(string era)
    {
        string participant = await CreateParticipantAsync(era, Key);
        List<Medication> added = await AddMedicationsAsync(Tenant, participant, "Baclofen", "Melatonin", "Sertraline");

        (List<string> seen, int pages) = await Server.ListAllAsync(era, Key, "list_medications", new JsonObject { ["participant_id"] = participant, ["page_size"] = 2 }, "id");
        JsonNode got = (await Server.CallAsync(era, Key, "get_medication", new JsonObject { ["id"] = added[0].Id })).Structured;

        Assert.Equal(added.Select(m => m.Id).Order(StringComparer.Ordinal), seen);
        Assert.Equal(2, pages);
        Assert.Equal(("Baclofen", "10 mg", "oral", "Three times daily", "Dr Lucy Hart"),
            (got["name"]!.GetValue<string>(), got["dose"]!.GetValue<string>(), got["route"]!.GetValue<string>(), got["frequency"]!.GetValue<string>(), got["prescriber"]!.GetValue<string>()));
        Assert.Equal(("2025-05-01", "2027-05-01", participant), (got["start_date"]!.GetValue<string>(), got["end_date"]!.GetValue<string>(), got["participant_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task AnotherOrganizationsParticipantAndMedications_AreNotFound(string era)
    {
        TestTenant other = await Server.CreateTenantAsync();
        string otherKey = (await Server.CreateKeyAsync(other)).Token;
        string theirParticipant = await CreateParticipantAsync(era, otherKey);
        Medication theirs = (await AddMedicationsAsync(other, theirParticipant, "Risperidone"))[0];

        ToolReply list = await Server.CallAsync(era, Key, "list_medications", new JsonObject { ["participant_id"] = theirParticipant });
        ToolReply get = await Server.CallAsync(era, Key, "get_medication", new JsonObject { ["id"] = theirs.Id });

        Assert.Equal($"Not found: participant {theirParticipant} was not found", list.Text);
        Assert.Equal($"Not found: medication {theirs.Id} was not found", get.Text);
        Assert.Equal("Risperidone", (await Server.CallAsync(era, otherKey, "get_medication", new JsonObject { ["id"] = theirs.Id })).Structured["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}", "`participant_id` is required: pass the participant's `id` as list_participants returns it.")]
    [InlineData("{\"participant_id\":5}", "`participant_id` must be a string, not the number 5.")]
    [InlineData("{\"participant_id\":\"pt_aaaaaaaaaaaa\",\"page_size\":500}", "page_size 500 must be between 1 and 100")]
    [InlineData("{\"participant_id\":\"pt_aaaaaaaaaaaa\",\"status\":\"all\"}", "`status` is not an argument of list_medications")]
    [InlineData("{\"participant_id\":\"pt_aaaaaaaaaaaa\"}", "Not found: participant pt_aaaaaaaaaaaa was not found")]
    public async Task List_WithMalformedOrUnknownParameters_IsAToolErrorSayingWhat(string arguments, string expected)
    {
        ToolReply reply = await Server.CallAsync(Legacy, Key, "list_medications", JsonNode.Parse(arguments)!.AsObject());

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.IsToolError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task WithoutTheMedicationsReadScope_TheToolsAreHiddenAndRefusedWith403(string era)
    {
        string reader = (await Server.CreateKeyAsync(Tenant, TestTenant.Worker, Scopes.ParticipantsRead)).Token;

        using HttpResponseMessage list = await Server.Http.SendAsync(Era(era, reader, "tools/list"), TestContext.Current.CancellationToken);
        List<string> names = (await list.JsonAsync())["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        ToolReply call = await Server.CallAsync(era, reader, "get_medication", new JsonObject { ["id"] = "md_aaaaaaaaaaaa" });
        ToolReply generic = await Server.CallAsync(era, reader, "perform_operation", new JsonObject { ["model"] = "medication", ["operation"] = "view", ["parameters"] = new JsonObject { ["id"] = "md_aaaaaaaaaaaa" } });

        Assert.DoesNotContain("list_medications", names);
        Assert.DoesNotContain("get_medication", names);
        Assert.Equal(HttpStatusCode.Forbidden, call.Status);
        Assert.Equal(HttpStatusCode.Forbidden, generic.Status);
    }

    [Theory]
    [InlineData(Legacy)]
    [InlineData(Modern)]
    public async Task PerformOperation_AgreesWithTheTypedTools(string era)
    {
        string participant = await CreateParticipantAsync(era, Key);
        Medication medication = (await AddMedicationsAsync(Tenant, participant, "Levetiracetam"))[0];

        JsonNode typedList = (await Server.CallAsync(era, Key, "list_medications", new JsonObject { ["participant_id"] = participant })).Structured;
        JsonNode genericList = (await Server.PerformAsync(era, Key, "medication", "list", new JsonObject { ["participant_id"] = participant })).Structured;
        JsonNode typedView = (await Server.CallAsync(era, Key, "get_medication", new JsonObject { ["id"] = medication.Id })).Structured;
        JsonNode genericView = (await Server.PerformAsync(era, Key, "medication", "view", new JsonObject { ["id"] = medication.Id })).Structured;

        Assert.True(JsonNode.DeepEquals(typedList, genericList));
        Assert.True(JsonNode.DeepEquals(typedView, genericView));
        Assert.Equal(medication.Id, typedList["items"]![0]!["id"]!.GetValue<string>());
    }
}
