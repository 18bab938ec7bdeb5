using System.Buffers;

using Microsoft.AspNetCore.Http;

namespace NeighborBot.WeChat;

/// <summary>Reads a request's body whole, up to a limit, without trusting Content-Length (every callback and admin upload).</summary>
public static class RequestBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        var result = await reader.ReadAtLeastAsync(maxBytes + 1, cancellationToken).ConfigureAwait(false);
        try
        {
            return result.Buffer.Length > maxBytes ? null : result.Buffer.ToArray();
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }
}
