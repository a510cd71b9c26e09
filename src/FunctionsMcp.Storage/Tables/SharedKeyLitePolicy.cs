using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsMcp.Storage.Tables;

/// <summary>
/// Signs each try with Shared Key Lite for the Table service:
/// <c>StringToSign = x-ms-date + "\n" + "/" + account + path [+ "?comp=…"]</c>
/// (learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key, "Shared Key Lite and Table service").
/// Runs per retry so every try carries a fresh date.
/// </summary>
internal sealed class SharedKeyLitePolicy(TableSharedKeyCredential credential, TimeProvider timeProvider)
    : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        string date = timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);

        Uri uri = message.Request.Uri.ToUri();
        string resource = "/" + credential.AccountName + uri.AbsolutePath;
        string? comp = CompParameter(uri.Query);
        if (comp is not null)
            resource += "?comp=" + comp;

        string signature = credential.Sign(date + "\n" + resource);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKeyLite {credential.AccountName}:{signature}");
    }

    private static string? CompParameter(string query)
    {
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
                return Uri.UnescapeDataString(pair[5..]);
        }

        return null;
    }
}
