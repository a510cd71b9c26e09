namespace FunctionsMcp.OAuth.Http;

/// <summary>Reads a body up to a limit, so an oversized one costs at most the limit in memory (requests and fetched documents alike).</summary>
public static class CappedBody
{
    /// <summary>The bytes of <paramref name="body"/>, or null when it (or its declared length) is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, int maxBytes, CancellationToken cancellationToken)
    {
        if (declaredLength > maxBytes)
            return null;

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
