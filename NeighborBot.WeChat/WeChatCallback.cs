using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Wording;

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
/// envelopes, parses the message, checks that the URL is not replayed with another body and that its
/// <c>openid</c> is the sender, lets the conversation answer it, and writes (and seals) the reply.
/// </summary>
public sealed class WeChatCallback(
    ConversationEngine conversations,
    INonceStore nonces,
    IOptions<WeChatOptions> options,
    TimeProvider time,
    ILogger<WeChatCallback> logger)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string NoReply = "success";

    /// <summary>Kept beyond the timestamp's last accepted second, so the mark outlives the URL.</summary>
    private static readonly TimeSpan NonceMargin = TimeSpan.FromSeconds(1);

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
        var message = Open(account, query, body, out var document);
        CheckSender(query, message);
        BotReply? reply;
        try
        {
            // Started, not awaited: the URL's mark goes out with the turn's first commands (one round trip).
            var admission = CheckReplayAsync(account, query, document, cancellationToken);
            reply = await AnswerAsync(account, message, admission, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not WeChatProtocolException)
        {
            // The store failed (the URL's mark or the turn): the person is asked to send again; a claim
            // that was taken has been released, so a resend is handled.
            Log.AnswerFailed(logger, ex, account.Name, message.DedupeId);
            reply = new TextReply(ResidentTexts.Busy);
        }

        if (reply is null)
        {
            return NoReply;
        }

        var xml = Render(reply, message, time.GetUtcNow().ToUnixTimeSeconds());
        return query.IsEncrypted ? Seal(account, xml) : xml;
    }

    /// <summary>
    /// The conversation's answer. A position with numbers nobody can use (NaN, an infinity) is not
    /// handed on: a LOCATION event is answered <c>success</c> and not stored, a location message gets
    /// a polite request for the place in words.
    /// </summary>
    private async Task<BotReply?> AnswerAsync(WeChatAccount account, InboundMessage message, Task admission, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case LocationEvent { BadNumber: { } field }:
                await admission.ConfigureAwait(false);
                Log.UnusableNumber(logger, account.Name, "LOCATION event", field);
                return null;
            case LocationMessage { BadNumber: { } field }:
                await admission.ConfigureAwait(false);
                Log.UnusableNumber(logger, account.Name, "location message", field);
                return new TextReply(ResidentTexts.PlaceUnreadable);
        }

        var who = PersonKey.OfficialAccount(account.Name, message.FromUserName);
        return await conversations.HandleAsync(who, OfficialAccountAdapter.ToInbound(message), admission, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// WeChat puts the sender's openid on the URL; a body that names someone else was not written by
    /// WeChat (the URL's signature does not cover the body in plaintext mode).
    /// </summary>
    public static void CheckSender(CallbackQuery query, InboundMessage message)
    {
        if (query.OpenId is { Length: > 0 } openId && !string.Equals(openId, message.FromUserName, StringComparison.Ordinal))
        {
            throw new WeChatProtocolException(WeChatRefusal.WrongSender, "The openid of the URL is not the message's FromUserName.");
        }
    }

    /// <summary>
    /// Remembers the signed URL with a fingerprint of the message it brought, for as long as its
    /// timestamp would be accepted. The same URL with the same message is WeChat's retry and goes on
    /// (the conversation answers it as the first delivery); with another message it is refused.
    /// </summary>
    private async Task CheckReplayAsync(WeChatAccount account, CallbackQuery query, ReadOnlyMemory<byte> document, CancellationToken cancellationToken)
    {
        var use = await nonces.UseAsync(
            NonceScope(account), NonceId(query), Fingerprint(document.Span), NonceWindow(query, _maxClockSkew, time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
        if (use == NonceUse.OtherBody)
        {
            throw new WeChatProtocolException(WeChatRefusal.Replayed, "The signed URL was used before with another message.");
        }
    }

    internal static string NonceScope(WeChatAccount account) => "mp:" + account.Name;

    /// <summary>
    /// Timestamp, nonce and signature; in the encrypted modes also msg_signature, which covers the
    /// ciphertext, so that two sealed messages never share a mark.
    /// </summary>
    internal static string NonceId(CallbackQuery query) => query.IsEncrypted
        ? $"{query.Timestamp}:{query.Nonce}:{query.Signature}:{query.MsgSignature}"
        : $"{query.Timestamp}:{query.Nonce}:{query.Signature}";

    /// <summary>SHA-256 of the document that is acted on: the body in plaintext mode, the decrypted one otherwise.</summary>
    internal static string Fingerprint(ReadOnlySpan<byte> document) => Convert.ToHexStringLower(SHA256.HashData(document));

    /// <summary>
    /// Until the last second the timestamp check would accept the URL (its timestamp plus the skew),
    /// whatever our clock says now. With the check switched off (zero), the default window.
    /// </summary>
    internal static TimeSpan NonceWindow(CallbackQuery query, TimeSpan maxClockSkew, DateTimeOffset now)
    {
        if (maxClockSkew <= TimeSpan.Zero
            || !long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var stamp))
        {
            return WeChatOptions.DefaultMaxClockSkew + NonceMargin;
        }

        var until = DateTimeOffset.FromUnixTimeSeconds(stamp) + maxClockSkew + NonceMargin;
        return until > now ? until - now : NonceMargin;
    }

    /// <summary>Checks msg_signature and decrypts (safe and compatible modes), then parses; <see cref="CheckSignature(WeChatAccount, CallbackQuery)"/> comes first.</summary>
    public static InboundMessage Open(WeChatAccount account, CallbackQuery query, ReadOnlyMemory<byte> body) =>
        Open(account, query, body, out _);

    /// <summary>The same, and the document that was parsed: the body, or what its Encrypt element held.</summary>
    public static InboundMessage Open(WeChatAccount account, CallbackQuery query, ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> document)
    {
        if (!query.IsEncrypted)
        {
            if (account.RequireEncryption)
            {
                throw new WeChatProtocolException(WeChatRefusal.EncryptionRequired, "The account accepts only encrypted callbacks.");
            }

            document = body;
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

        document = account.Crypto.DecryptToUtf8(encrypt);
        return InboundMessageParser.Parse(document);
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
        CardReply cards => ReplyXml.News(to.FromUserName, to.ToUserName, createTime, cards.Articles),
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
