namespace CasPortal.Infrastructure.Http;

/// <summary>
/// Reads a stream someone else controls (a CAS server's answer, an inflating logout request) without ever buffering
/// more than a cap: the read stops as soon as the stream holds more.
/// </summary>
internal static class BoundedRead
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>Every byte of <paramref name="stream"/>, or null as soon as there are more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ToArrayAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(ChunkBytes, maxBytes + 1)];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (!Append(buffer, chunk, read, maxBytes))
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    /// <inheritdoc cref="ToArrayAsync"/>
    public static byte[]? ToArray(Stream stream, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(ChunkBytes, maxBytes + 1)];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (!Append(buffer, chunk, read, maxBytes))
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static bool Append(MemoryStream buffer, byte[] chunk, int read, int maxBytes)
    {
        if (buffer.Length + read > maxBytes)
        {
            return false;
        }

        buffer.Write(chunk, 0, read);
        return true;
    }
}
