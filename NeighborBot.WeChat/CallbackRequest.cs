using Microsoft.AspNetCore.Http;

namespace NeighborBot.WeChat;

/// <summary>Reads a callback request as WeChat sends it: its query.</summary>
public static class CallbackRequest
{
    public static CallbackQuery ReadQuery(HttpRequest request)
    {
        var q = request.Query;
        return new CallbackQuery(
            q["signature"], q["timestamp"], q["nonce"], q["echostr"], q["encrypt_type"], q["msg_signature"], q["openid"]);
    }
}
