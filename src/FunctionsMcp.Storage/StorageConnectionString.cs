using System.Diagnostics.CodeAnalysis;
using Azure.Data.Tables;

namespace FunctionsMcp.Storage;

/// <summary>Reads a <c>Storage:ConnectionString</c> the way Azure.Data.Tables will, without sending anything.</summary>
public static class StorageConnectionString
{
    /// <summary>
    /// The table endpoint <paramref name="connectionString"/> names (<c>UseDevelopmentStorage=true</c> is Azurite's
    /// <c>http://127.0.0.1:10002/devstoreaccount1</c>), or false with a reason that never repeats the string: a key pasted
    /// into the wrong setting must not end up in a log.
    /// </summary>
    public static bool TryGetTableEndpoint(string? connectionString, [NotNullWhen(true)] out Uri? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = "it is empty";
            return false;
        }

        try
        {
            // The client parses and checks the string in its constructor; nothing is sent until it is used.
            endpoint = new TableServiceClient(connectionString).Uri;
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            // The library's messages quote the offending part, which may be a key, so they are not passed on.
            error = ex is FormatException
                ? "AccountKey is not valid base64"
                : "it is not of the form UseDevelopmentStorage=true or DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…";
            return false;
        }
    }
}
