using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Groups;
using NeighborBot.Wording;

namespace NeighborBot.WeChat.WeCom;

/// <summary>The query WeCom puts on a smart robot's callback (URL-decoded by the host).</summary>
public sealed record WeComQuery(string? MsgSignature, string? Timestamp, string? Nonce, string? EchoStr = null);

/// <summary>How a callback was taken.</summary>
public enum WeComRefusal
{
    None,
    UnknownBot,
    BadSignature,
    BadBody,
}

/// <param name="Body">What to answer: the echo string, the sealed reply's JSON, or null for an empty 200.</param>
/// <param name="Problem">Why the body was refused, in words a developer can act on (never a secret).</param>
public sealed record WeComResult(string? Body, WeComRefusal Refusal = WeComRefusal.None, string? Problem = null);

/// <summary>
/// A WeCom smart robot's callback, free of HTTP. Checks <c>msg_signature</c> (over the token, timestamp,
/// nonce and sealed text) and the timestamp, opens the envelope (receive id <c>""</c>), reads the JSON,
/// and handles each <c>msgid</c> once: a repeat gets the first answer. WeCom calls for a group message only
/// when the robot is mentioned, so every group message is for the bot: it passes the group gate as the
/// group's member (an unknown group is recorded for an admin and answered that it is not registered) and
/// is answered in the group's words. A one-to-one chat with the robot is private: it is the person's own
/// conversation (keyed by robot and userid), answered as on the Official Account. The answer goes back as
/// a sealed passive reply, a stream finished at once; a refresh of that stream gets the same words.
/// </summary>
/// <remarks>
/// NeighborBot does not use <c>response_url</c>: the turn answers within the callback, and what comes later
/// (ticket news) goes to a group through its group robot (<see cref="WeComRobotSender"/>). A <c>response_url</c>
/// takes one post within an hour and has no idempotency key, so it could not carry the outbox's retries.
/// </remarks>
public sealed partial class WeComCallback(
    WeComBots bots,
    DeliveryOnce once,
    GroupGate gate,
    ConversationEngine conversations,
    IOptions<WeComOptions> options,
    TimeProvider time,
    ILogger<WeComCallback> logger)
{
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>WeCom's limit on a stream's content.</summary>
    public const int MaxContentBytes = 20480;

    private readonly TimeSpan _maxClockSkew = options.Value.MaxClockSkew;

    /// <summary>URL verification (the GET when the robot's API settings are saved): the decrypted <c>echostr</c>.</summary>
    public WeComResult VerifyUrl(string botName, WeComQuery query)
    {
        if (bots.Find(botName) is not { } bot)
        {
            Log.UnknownBot(logger, botName);
            return new WeComResult(null, WeComRefusal.UnknownBot);
        }

        // Base64 never holds a space: one here is a '+' that the query's decoding turned into a space.
        var echo = query.EchoStr?.Replace(' ', '+');
        if (echo is null || !SignatureHolds(bot, query, echo))
        {
            Log.BadSignature(logger, bot.Name);
            return new WeComResult(null, WeComRefusal.BadSignature);
        }

        try
        {
            return new WeComResult(bot.Crypto.Decrypt(echo));
        }
        catch (WeChatProtocolException ex)
        {
            Log.BadBody(logger, bot.Name, ex.Message);
            return new WeComResult(null, WeComRefusal.BadBody, "echostr does not decrypt: " + ex.Message);
        }
    }

    /// <summary>One pushed callback: the sealed reply's JSON, or null when there is nothing to say.</summary>
    public async Task<WeComResult> ReceiveAsync(string botName, WeComQuery query, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (bots.Find(botName) is not { } bot)
        {
            Log.UnknownBot(logger, botName);
            return new WeComResult(null, WeComRefusal.UnknownBot);
        }

        WeComEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body.Span, WeComJson.Wire.WeComEnvelope);
        }
        catch (JsonException)
        {
            return Refuse(bot, "The body is not valid JSON: WeCom posts {\"encrypt\": \"...\"}.");
        }

        if (envelope?.Encrypt is not { Length: > 0 } encrypt)
        {
            return Refuse(bot, "The body has no encrypt field.");
        }

        if (!SignatureHolds(bot, query, encrypt))
        {
            Log.BadSignature(logger, bot.Name);
            return new WeComResult(null, WeComRefusal.BadSignature);
        }

        byte[] plain;
        try
        {
            plain = bot.Crypto.DecryptToUtf8(encrypt);
        }
        catch (WeChatProtocolException ex)
        {
            return Refuse(bot, "encrypt does not decrypt: " + ex.Message);
        }

        if (WeComMessage.Read(plain, out var problem) is not { } message)
        {
            return Refuse(bot, problem!);
        }

        var reply = message.Msgtype switch
        {
            "stream" => await RefreshAsync(bot, message.Stream!.Id!, cancellationToken).ConfigureAwait(false),
            "event" => Event(message),
            _ => await AnswerOnceAsync(bot, message, cancellationToken).ConfigureAwait(false),
        };
        return new WeComResult(reply is null ? null : Seal(bot, reply, query.Nonce!));
    }

    /// <summary>The scope of a robot's <c>msgid</c>s in the dedupe store.</summary>
    internal static string Scope(WeComBot bot) => "wecom:" + bot.Name;

    private WeComResult Refuse(WeComBot bot, string problem)
    {
        Log.BadBody(logger, bot.Name, problem);
        return new WeComResult(null, WeComRefusal.BadBody, problem);
    }

    /// <summary><c>msg_signature</c> over the token, timestamp, nonce and sealed text, and a timestamp close to our clock.</summary>
    private bool SignatureHolds(WeComBot bot, WeComQuery query, string sealedText)
    {
        if (query.Timestamp is null || query.Nonce is null
            || !WeChatSignature.Verify(query.MsgSignature, bot.Token, query.Timestamp, query.Nonce, sealedText))
        {
            return false;
        }

        return _maxClockSkew <= TimeSpan.Zero
            || (long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var stamp)
                && Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - stamp) <= (long)_maxClockSkew.TotalSeconds);
    }

    /// <summary>
    /// A message, once per <c>msgid</c>. Its stream is named after the <c>msgid</c>, so a refresh of the
    /// stream finds the remembered answer where WeCom's retries do.
    /// </summary>
    private async Task<WeComPlainReply?> AnswerOnceAsync(WeComBot bot, WeComMessage message, CancellationToken cancellationToken)
    {
        var answer = await once.HandleAsync(
            Scope(bot), message.Msgid!, WeComJson.Wire.WeComAnswer, ct => AnswerAsync(bot, message, ct), cancellationToken).ConfigureAwait(false);
        return answer.Text is { Length: > 0 } text ? WeComPlainReply.Finished(message.Msgid!, text) : null;
    }

    private async Task<WeComAnswer> AnswerAsync(WeComBot bot, WeComMessage message, CancellationToken cancellationToken)
    {
        var userId = message.From!.Userid!;
        var words = message.Words;
        PersonKey who;
        GroupContext? group = null;
        if (message.IsGroup)
        {
            var chatId = message.Chatid!;
            var decision = await gate.ExamineAsync(
                new GroupMessage(bot.Source, chatId, string.Empty, userId, string.Empty, Mentioned: true, WithoutMention(words, bot.MentionName)),
                cancellationToken).ConfigureAwait(false);
            switch (decision.Verdict)
            {
                case GroupVerdict.Chatter:
                    return new WeComAnswer(null, null);
                case GroupVerdict.UnknownGroup:
                    Log.UnknownGroup(logger, bot.Name, chatId);
                    return new WeComAnswer(GroupTexts.UnknownGroup, null);
            }

            who = GroupAddress.Member(bot.Source, chatId, userId);
            group = decision.Context;
            words = decision.Text;
        }
        else
        {
            who = new PersonKey(PersonKey.WeComChannel, bot.Name, userId);
        }

        var reply = await conversations.HandleAsync(who, ToInbound(message, words, group), cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            TextReply text => new WeComAnswer(Utf8Text.Cut(text.Text, MaxContentBytes), text.Ticket),
            CardReply cards => new WeComAnswer(Utf8Text.Cut(Markdown(cards), MaxContentBytes), null),
            _ => new WeComAnswer(null, null),
        };
    }

    /// <summary>The neutral message: words are text (a voice note's transcript is spoken text); a picture or file without words is media.</summary>
    private static Inbound ToInbound(WeComMessage message, string words, GroupContext? group)
    {
        var id = "w" + message.Msgid;
        return message.Msgtype switch
        {
            "text" or "mixed" when words.Length > 0 => new TextIn(words) { DedupeId = id, Group = group },
            "voice" when words.Length > 0 => new TextIn(words) { DedupeId = id, Group = group, Spoken = true },
            "voice" => new MediaIn("voice", null, null) { DedupeId = id, Group = group },
            "image" or "mixed" => new MediaIn("image", null, message.ImageUrl) { DedupeId = id, Group = group },
            "file" => new MediaIn("file", null, message.File?.Url) { DedupeId = id, Group = group },
            "video" => new MediaIn("video", null, message.Video?.Url) { DedupeId = id, Group = group },
            "text" => new TextIn(string.Empty) { DedupeId = id, Group = group },
            var kind => new OtherIn("wecom:" + kind, words) { DedupeId = id, Group = group, FromPerson = true },
        };
    }

    /// <summary>
    /// A refresh of a stream we answered: the same words, finished. A stream we do not know (forgotten,
    /// or never ours) is finished empty, so that WeCom stops asking.
    /// </summary>
    private async Task<WeComPlainReply> RefreshAsync(WeComBot bot, string streamId, CancellationToken cancellationToken)
    {
        var answer = await once.FindAsync(Scope(bot), streamId, WeComJson.Wire.WeComAnswer, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            Log.UnknownStream(logger, bot.Name);
        }

        return WeComPlainReply.Finished(streamId, answer?.Text ?? string.Empty);
    }

    /// <summary>
    /// <c>enter_chat</c> (the first time today someone opens the one-to-one chat) is greeted with what the
    /// bot can do; other events (card clicks, feedback) take no answer.
    /// </summary>
    private static WeComPlainReply? Event(WeComMessage message) =>
        message.Event!.Eventtype == "enter_chat" ? WeComPlainReply.Welcome(ResidentTexts.Help) : null;

    /// <summary>The reply sealed as WeCom expects it: encrypted, signed, with our timestamp and the callback's nonce.</summary>
    internal string Seal(WeComBot bot, WeComPlainReply reply, string nonce)
    {
        var encrypt = bot.Crypto.Encrypt(JsonSerializer.Serialize(reply, WeComJson.Wire.WeComPlainReply));
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var signature = WeChatSignature.Compute(bot.Token, timestamp.ToString(CultureInfo.InvariantCulture), nonce, encrypt);
        return JsonSerializer.Serialize(new WeComSealedReply(encrypt, signature, timestamp, nonce), WeComJson.Wire.WeComSealedReply);
    }

    /// <summary>
    /// The text without the mention that addressed the robot: every <c>@name</c> when the robot's name is
    /// configured, else a mention at the start (WeCom puts the robot's there when someone picks it).
    /// </summary>
    internal static string WithoutMention(string text, string? name)
    {
        var words = text.Replace('\u2005', ' ').Replace('\u00a0', ' ').Trim();
        if (name is not null)
        {
            return words.Replace("@" + name, " ", StringComparison.Ordinal).Trim();
        }

        if (!words.StartsWith('@'))
        {
            return words;
        }

        var end = words.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? string.Empty : words[(end + 1)..].Trim();
    }

    private static string Markdown(CardReply cards) => string.Join("\n\n", cards.Articles.Select(c =>
        $"**{c.Title}**" + (c.Description is { Length: > 0 } d ? "\n" + d : string.Empty) + (c.Url is { Length: > 0 } u ? $"\n[{u}]({u})" : string.Empty)));
}
