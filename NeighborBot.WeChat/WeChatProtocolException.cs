namespace NeighborBot.WeChat;

/// <summary>Why a callback request was refused. The endpoint maps each to a status code.</summary>
public enum WeChatRefusal
{
    /// <summary><c>signature</c> or <c>msg_signature</c> does not hold, or the timestamp is stale.</summary>
    BadSignature,

    /// <summary>The body is not well-formed XML, carries a DTD, or lacks the fields WeChat always sends.</summary>
    BadXml,

    /// <summary>The <c>Encrypt</c> text does not decrypt to a well-formed frame.</summary>
    BadCiphertext,

    /// <summary>The frame decrypted, but was sealed for another AppId.</summary>
    WrongAppId,

    /// <summary>The account requires safe mode and the request came in plaintext.</summary>
    EncryptionRequired,

    /// <summary>The signed URL was used before with another body: a captured URL replayed (a security event).</summary>
    Replayed,

    /// <summary>The <c>openid</c> of the URL is not the message's sender: a forged body (a security event).</summary>
    WrongSender,
}

/// <summary>A callback request that cannot be accepted. The message never carries secrets.</summary>
public sealed class WeChatProtocolException(WeChatRefusal refusal, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public WeChatRefusal Refusal { get; } = refusal;

    /// <summary>The request is not WeChat's own (answered 401), rather than malformed (400).</summary>
    public bool IsUnauthorized => Refusal is WeChatRefusal.BadSignature or WeChatRefusal.Replayed or WeChatRefusal.WrongSender;

    /// <summary>Someone holds a signed URL and sends what WeChat did not: worth an operator's look.</summary>
    public bool IsSecurityEvent => Refusal is WeChatRefusal.Replayed or WeChatRefusal.WrongSender;
}
