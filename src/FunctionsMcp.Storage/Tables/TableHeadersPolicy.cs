using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsMcp.Storage.Tables;

/// <summary>Adds the protocol headers every Table service request carries.</summary>
internal sealed class TableHeadersPolicy : HttpPipelineSynchronousPolicy
{
    public const string ServiceVersion = "2020-12-06";

    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", ServiceVersion);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
    }
}
