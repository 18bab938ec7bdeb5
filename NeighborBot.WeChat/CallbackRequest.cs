using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace NeighborBot.WeChat;

/// <summary>Reads a callback request as WeChat sends it: the query, and the body up to its limit.</summary>
public static class CallbackRequest
{
    public static CallbackQuery ReadQuery(HttpRequest request)
    {
        var q = request.Query;
        return new CallbackQuery(
            q["signature"], q["timestamp"], q["nonce"], q["echostr"], q["encrypt_type"], q["msg_signature"], q["openid"]);
    }

    /// <summary>The body, or null when it is larger than <see cref="WeChatCallback.MaxBodyBytes"/> (announced or not).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > WeChatCallback.MaxBodyBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        var result = await reader.ReadAtLeastAsync(WeChatCallback.MaxBodyBytes + 1, cancellationToken).ConfigureAwait(false);
        try
        {
            return result.Buffer.Length > WeChatCallback.MaxBodyBytes ? null : result.Buffer.ToArray();
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }
}
