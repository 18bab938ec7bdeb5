using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeighborBot.WeChat;

namespace NeighborBot.Simulator;

/// <summary>How WeChat delivers callbacks for an account (the console's 消息加解密方式).</summary>
public enum DeliveryMode
{
    Plaintext,
    Compatible,
    Safe,
}

/// <summary>One callback request as WeChat would send it: path with query, and body.</summary>
public sealed record SignedCallback(string PathAndQuery, string Body);

/// <summary>
/// WeChat's side of the callback for one account: signs requests, encrypts bodies in the
/// compatible and safe modes, and opens (checks and decrypts) the replies.
/// </summary>
public sealed class SimulatedWeChat(string account, string token, string appId, string? encodingAesKey)
{
    private readonly WeChatMessageCrypto? _crypto = string.IsNullOrEmpty(encodingAesKey) ? null : new WeChatMessageCrypto(encodingAesKey, appId);

    public string Account { get; } = account;
    public string Token { get; } = token;

    public string CallbackPath => "/wechat/mp/" + Account;

    /// <summary>The GET that WeChat sends when the server URL is saved in the console.</summary>
    public string VerificationUrl(long timestamp, string echo)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        var nonce = NewNonce();
        return $"{CallbackPath}?signature={WeChatSignature.Compute(Token, ts, nonce)}&timestamp={ts}&nonce={nonce}&echostr={Uri.EscapeDataString(echo)}";
    }

    /// <summary>Signs (and in compatible and safe mode encrypts) one message for the callback.</summary>
    public SignedCallback Sign(string xml, DeliveryMode mode, long timestamp, string? nonce = null)
    {
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        nonce ??= NewNonce();
        var openId = Field(xml, "FromUserName");
        var query = $"{CallbackPath}?signature={WeChatSignature.Compute(Token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid={Uri.EscapeDataString(openId)}";
        if (mode == DeliveryMode.Plaintext)
        {
            return new SignedCallback(query, xml);
        }

        var crypto = _crypto ?? throw new InvalidOperationException("This account has no EncodingAESKey; use plaintext mode.");
        var encrypt = crypto.Encrypt(xml);
        var msgSignature = WeChatSignature.Compute(Token, ts, nonce, encrypt);
        var body = mode == DeliveryMode.Safe
            ? $"<xml>\n<ToUserName><![CDATA[{Field(xml, "ToUserName")}]]></ToUserName>\n<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n</xml>"
            : xml.Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt>\n</xml>", StringComparison.Ordinal);
        return new SignedCallback($"{query}&encrypt_type=aes&msg_signature={msgSignature}", body);
    }

    /// <summary>
    /// The reply as the person's phone would show it: <c>success</c> and empty bodies are returned as
    /// they are; an encrypted reply is checked (signature, AppId) and decrypted.
    /// </summary>
    public string OpenReply(string body)
    {
        if (!body.Contains("<Encrypt>", StringComparison.Ordinal))
        {
            return body;
        }

        var root = XElement.Parse(body);
        var encrypt = root.Element("Encrypt")!.Value;
        var signature = root.Element("MsgSignature")!.Value;
        var timestamp = root.Element("TimeStamp")!.Value;
        var nonce = root.Element("Nonce")!.Value;
        if (!WeChatSignature.Verify(signature, Token, timestamp, nonce, encrypt))
        {
            throw new InvalidOperationException("The encrypted reply's MsgSignature does not match.");
        }

        return (_crypto ?? throw new InvalidOperationException("No EncodingAESKey to open an encrypted reply."))
            .Decrypt(encrypt);
    }

    /// <summary>The text of a text reply, or null when the body is not one.</summary>
    public static string? ReplyText(string plainReply)
    {
        if (!plainReply.StartsWith("<xml>", StringComparison.Ordinal))
        {
            return null;
        }

        var root = XElement.Parse(plainReply);
        return root.Element("MsgType")?.Value == "text" ? root.Element("Content")?.Value : null;
    }

    /// <summary>One element's text, read leniently: tests also sign documents that are not well-formed.</summary>
    private static string Field(string xml, string name)
    {
        var match = Regex.Match(xml, $"<{name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</{name}>", RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    private static string NewNonce() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Hands out message ids the way WeChat does: large, increasing, unique.</summary>
public sealed class MsgIdSource(long start)
{
    private long _next = start;

    public static MsgIdSource FromClock(DateTimeOffset now) => new(now.ToUnixTimeMilliseconds() * 1000);

    public long Next() => Interlocked.Increment(ref _next);

}
