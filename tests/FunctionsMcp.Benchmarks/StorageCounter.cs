using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsMcp.Benchmarks;

/// <summary>Counts storage requests and the entities their responses carry: the work a call asks of storage.</summary>
internal sealed class StorageCounter : HttpPipelineSynchronousPolicy
{
    private long _requests;
    private long _entities;

    public (long Requests, long Entities) Read() => (Interlocked.Read(ref _requests), Interlocked.Read(ref _entities));

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);

    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || message.Response.Status != 200)
            return;
        using JsonDocument body = JsonDocument.Parse(message.Response.Content.ToMemory());
        long entities = body.RootElement.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
        Interlocked.Add(ref _entities, entities);
    }
}
