using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;

namespace NeighborBot.WeChat;

/// <summary>The query WeChat puts on every callback request.</summary>
public sealed record CallbackQuery(
    string? Signature,
    string? Timestamp,
    string? Nonce,
    string? EchoStr = null,
    string? EncryptType = null,
    string? MsgSignature = null,
    string? OpenId = null)
{
    public bool IsEncrypted => string.Equals(EncryptType, "aes", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The Official Account callback, free of HTTP: checks signatures and the timestamp, opens safe-mode
/// envelopes, parses the message, lets the conversation answer it, and writes (and seals) the reply.
/// </summary>
public sealed class WeChatCallback(
    ConversationEngine conversations, IOptions<WeChatOptions> options, TimeProvider time, ILogger<WeChatCallback> logger)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string NoReply = "success";

    private readonly TimeSpan _maxClockSkew = options.Value.MaxClockSkew;

    /// <summary>URL verification: the echo string when the signature holds.</summary>
    public string VerifyUrl(WeChatAccount account, CallbackQuery query)
    {
        CheckSignature(account, query);
        return query.EchoStr ?? string.Empty;
    }

    /// <summary>Handles one pushed message and returns the response body.</summary>
    /// <exception cref="WeChatProtocolException">The request is refused; nothing was handled.</exception>
    public async Task<string> ReceiveAsync(WeChatAccount account, CallbackQuery query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        CheckSignature(account, query);
        var message = Open(account, query, body);
        var who = PersonKey.OfficialAccount(account.Name, message.FromUserName);
        BotReply? reply;
        try
        {
            reply = await conversations.HandleAsync(who, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The person is asked to send again; the delivery's claim was released, so a resend is handled.
            Log.AnswerFailed(logger, ex, account.Name, message.DedupeId);
            reply = new TextReply(BotTexts.Busy);
        }

        if (reply is null)
        {
            return NoReply;
        }

        var xml = Render(reply, message, time.GetUtcNow().ToUnixTimeSeconds());
        return query.IsEncrypted ? Seal(account, xml) : xml;
    }

    /// <summary>Checks signature and timestamp, then decrypts (safe and compatible modes) and parses.</summary>
    public static InboundMessage Open(WeChatAccount account, CallbackQuery query, ReadOnlyMemory<byte> body)
    {
        if (!query.IsEncrypted)
        {
            if (account.RequireEncryption)
            {
                throw new WeChatProtocolException(WeChatRefusal.EncryptionRequired, "The account accepts only encrypted callbacks.");
            }

            return InboundMessageParser.Parse(body);
        }

        if (account.Crypto is null)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadCiphertext, "The account has no EncodingAESKey for an encrypted callback.");
        }

        var fields = InboundMessageParser.ReadFields(body);
        if (!fields.TryGetValue("Encrypt", out var encrypt) || encrypt.Length == 0)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadXml, "The encrypted callback has no Encrypt element.");
        }

        if (!WeChatSignature.Verify(query.MsgSignature, account.Token, query.Timestamp!, query.Nonce!, encrypt))
        {
            throw new WeChatProtocolException(WeChatRefusal.BadSignature, "msg_signature does not match.");
        }

        return InboundMessageParser.Parse(account.Crypto.DecryptToUtf8(encrypt));
    }

    /// <summary>Checks <c>signature</c> and that the timestamp is close to our clock (replays are refused).</summary>
    public void CheckSignature(WeChatAccount account, CallbackQuery query) =>
        CheckSignature(account, query, _maxClockSkew, time.GetUtcNow());

    /// <summary>The same check for a given clock and window (zero switches the window off).</summary>
    public static void CheckSignature(WeChatAccount account, CallbackQuery query, TimeSpan maxClockSkew, DateTimeOffset now)
    {
        if (query.Timestamp is null || query.Nonce is null
            || !WeChatSignature.Verify(query.Signature, account.Token, query.Timestamp, query.Nonce))
        {
            throw new WeChatProtocolException(WeChatRefusal.BadSignature, "signature does not match.");
        }

        if (maxClockSkew > TimeSpan.Zero
            && (!long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var stamp)
                || Math.Abs(now.ToUnixTimeSeconds() - stamp) > (long)maxClockSkew.TotalSeconds))
        {
            throw new WeChatProtocolException(WeChatRefusal.BadSignature, "The timestamp is too far from our clock.");
        }
    }

    public static string Render(BotReply reply, InboundMessage to, long createTime) => reply switch
    {
        TextReply text => ReplyXml.Text(to.FromUserName, to.ToUserName, createTime, text.Text),
        NewsReply news => ReplyXml.News(to.FromUserName, to.ToUserName, createTime, news.Articles),
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "No passive reply for this kind."),
    };

    /// <summary>The safe-mode reply: encrypted, with its own timestamp and nonce, signed.</summary>
    public string Seal(WeChatAccount account, string xml)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        return ReplyXml.Encrypted(account.Crypto!.Encrypt(xml), account.Token, timestamp, nonce);
    }
}
