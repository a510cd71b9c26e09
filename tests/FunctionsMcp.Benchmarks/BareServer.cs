using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using FunctionsMcp.Storage;
using FunctionsMcp.Storage.Ndis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunctionsMcp.Benchmarks;

/// <summary>
/// The floor the <c>calls</c> mode compares our server with, run as its own process
/// (<c>dotnet FunctionsMcp.Benchmarks.dll bare-server --urls …</c>, storage in <c>Storage__ConnectionString</c>): a plain
/// ASP.NET Core endpoint that reads the JSON-RPC body, does the same one point read of the participant row our
/// store does (<see cref="TableClient.GetEntityAsync{T}"/> on PK organization, RK <c>p_&lt;id&gt;</c>), and answers a
/// JSON-RPC result shaped like a tool's: the record once as text and once as structured content. No authentication,
/// no limits, no audit: that is the point.
/// </summary>
internal static class BareServer
{
    public const string Mode = "bare-server";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder([.. args.Where(a => a != Mode)]);
        string connectionString = builder.Configuration["Storage:ConnectionString"]
            ?? throw new InvalidOperationException("Storage__ConnectionString is required.");
        string organization = builder.Configuration["Bare:Organization"] ?? throw new InvalidOperationException("Bare__Organization is required.");
        // One client for the table, created once, as our store keeps one; the table exists already, so no create call.
        var table = new TableClient(connectionString, TableNames.Participants);
        // With Bare__KeyId (--bare-reads-key), the access key's row is read first, as our credential check reads it.
        string? keyId = builder.Configuration["Bare:KeyId"];
        TableClient? keys = keyId is null ? null : new TableClient(connectionString, TableNames.AccessKeys);
        WebApplication app = builder.Build();
        app.MapGet("/", () => "ready");
        app.MapPost("/mcp", async (HttpContext context) =>
        {
            if (keys is not null)
                await keys.GetEntityAsync<TableEntity>(keyId!, "key", cancellationToken: context.RequestAborted);
            await AnswerAsync(context, table, organization);
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context, TableClient table, string organization)
    {
        using JsonDocument request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        JsonElement id = request.RootElement.GetProperty("id");
        string participantId = request.RootElement.GetProperty("params").GetProperty("arguments").GetProperty("id").GetString() ?? "";
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WritePropertyName("id");
        id.WriteTo(writer);
        try
        {
            Response<TableEntity> entity = await table.GetEntityAsync<TableEntity>(organization, ParticipantKeys.Record(participantId), cancellationToken: context.RequestAborted);
            string record = Record(entity.Value);
            writer.WriteStartObject("result");
            writer.WriteStartArray("content");
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", record);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WritePropertyName("structuredContent");
            writer.WriteRawValue(record, skipInputValidation: true);
            writer.WriteEndObject();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", -32602);
            writer.WriteString("message", $"participant {participantId} was not found");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The row's own properties and its ETag as the version: about what our tool returns for a participant.</summary>
    private static string Record(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach ((string name, object value) in entity)
            {
                if (name is "PartitionKey" or "RowKey" or "odata.etag")
                    continue;
                writer.WritePropertyName(name);
                JsonSerializer.Serialize(writer, value, value.GetType());
            }

            writer.WriteString("version", entity.ETag.ToString());
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
