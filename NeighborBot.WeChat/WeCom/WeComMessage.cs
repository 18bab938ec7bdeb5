using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeighborBot.WeChat.WeCom;

/// <summary>The body of every smart robot callback: the sealed message.</summary>
public sealed record WeComEnvelope(string? Encrypt);

/// <summary>
/// One callback of a smart robot once opened (WeCom's 接收消息 and 接收事件): a message written to the
/// robot (a mention in a group, or a one-to-one chat), a refresh of a stream we answered with, or an event.
/// </summary>
public sealed record WeComMessage
{
    public const string Group = "group";
    public const string OneToOne = "single";

    /// <summary>Unique per callback; WeCom sends a callback again with the same id when it got no answer.</summary>
    public string? Msgid { get; init; }

    public string? Aibotid { get; init; }

    /// <summary>The group, for <c>chattype</c> <c>group</c>.</summary>
    public string? Chatid { get; init; }

    /// <summary><c>group</c> or <c>single</c>.</summary>
    public string? Chattype { get; init; }

    public WeComFrom? From { get; init; }

    /// <summary>A URL that takes one later reply, for an hour (NeighborBot answers passively and does not use it).</summary>
    public string? ResponseUrl { get; init; }

    /// <summary><c>text</c>, <c>image</c>, <c>mixed</c>, <c>voice</c>, <c>file</c>, <c>stream</c> (a refresh), <c>event</c>, or a kind added later.</summary>
    public string? Msgtype { get; init; }

    public WeComContent? Text { get; init; }

    /// <summary>A voice note, as WeCom's transcript.</summary>
    public WeComContent? Voice { get; init; }

    public WeComUrl? Image { get; init; }

    public WeComUrl? File { get; init; }

    public WeComUrl? Video { get; init; }

    public WeComMixed? Mixed { get; init; }

    /// <summary>The message the person quoted, when they quoted one (its text is not theirs: it is not read as the report).</summary>
    public JsonElement? Quote { get; init; }

    /// <summary>For a stream refresh: which of our streams WeCom asks for.</summary>
    public WeComStreamRef? Stream { get; init; }

    public WeComEvent? Event { get; init; }

    public static readonly string[] MessageKinds = ["text", "image", "mixed", "voice", "file", "video"];

    public bool IsGroup => Chattype == Group;

    /// <summary>
    /// Reads an opened callback, or says why it cannot be read. A kind this version does not know is
    /// read as long as it has the fields every callback has (WeCom adds kinds).
    /// </summary>
    public static WeComMessage? Read(ReadOnlySpan<byte> json, out string? problem)
    {
        WeComMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json, WeComJson.Wire.WeComMessage);
        }
        catch (JsonException ex)
        {
            problem = "The decrypted message is not valid JSON" + (ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})." : ".");
            return null;
        }

        var problems = new List<string>();
        if (message is null)
        {
            problems.Add("The decrypted message is empty.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(message.Msgid))
            {
                problems.Add("msgid is missing");
            }

            if (string.IsNullOrWhiteSpace(message.Msgtype))
            {
                problems.Add("msgtype is missing");
            }

            if (string.IsNullOrWhiteSpace(message.From?.Userid))
            {
                problems.Add("from.userid is missing");
            }

            if (message.Chattype is not (Group or OneToOne) && message.Msgtype != "event")
            {
                problems.Add("chattype must be group or single");
            }

            if (message.IsGroup && string.IsNullOrWhiteSpace(message.Chatid))
            {
                problems.Add("chatid is missing for a group message");
            }

            if (message.Msgtype == "stream" && string.IsNullOrWhiteSpace(message.Stream?.Id))
            {
                problems.Add("stream.id is missing for a stream refresh");
            }

            if (message.Msgtype == "event" && string.IsNullOrWhiteSpace(message.Event?.Eventtype))
            {
                problems.Add("event.eventtype is missing");
            }
        }

        problem = problems.Count == 0 ? null : string.Join("; ", problems);
        return problem is null ? message : null;
    }

    /// <summary>What the person wrote: the text, a voice note's transcript, or the text parts of a mixed message.</summary>
    public string Words => Msgtype switch
    {
        "text" => Text?.Content ?? string.Empty,
        "voice" => Voice?.Content ?? string.Empty,
        "mixed" => string.Join("\n", (Mixed?.MsgItem ?? []).Where(i => i.Msgtype == "text").Select(i => i.Text?.Content).OfType<string>()).Trim(),
        _ => string.Empty,
    };

    /// <summary>The first picture of the message (an image, or one in a mixed message).</summary>
    public string? ImageUrl => Image?.Url ?? Mixed?.MsgItem?.FirstOrDefault(i => i.Msgtype == "image")?.Image?.Url;
}

public sealed record WeComFrom(string? Userid, string? Corpid);

public sealed record WeComContent(string? Content);

/// <summary>A picture or a file: WeCom's download URL, valid for five minutes and sealed with the robot's AES key.</summary>
public sealed record WeComUrl(string? Url);

public sealed record WeComMixed(List<WeComMixedItem>? MsgItem);

public sealed record WeComMixedItem(string? Msgtype, WeComContent? Text, WeComUrl? Image);

public sealed record WeComStreamRef(string? Id);

/// <summary>An event: <c>enter_chat</c> (someone opened the one-to-one chat, first time today), <c>template_card_event</c>, <c>feedback_event</c>, ...</summary>
public sealed record WeComEvent(string? Eventtype);

/// <summary>The sealed passive reply (回调和回复的加解密方案): <c>timestamp</c> in seconds, <c>nonce</c> the callback's own.</summary>
public sealed record WeComSealedReply(string Encrypt, string Msgsignature, long Timestamp, string Nonce);

/// <summary>
/// A passive reply's plaintext. A message is answered with a stream (the only kind, besides template
/// cards, WeCom takes for a message), sent finished at once; <c>enter_chat</c> is the one callback a plain
/// text may answer.
/// </summary>
public sealed record WeComPlainReply(string Msgtype, WeComReplyStream? Stream = null, WeComContent? Text = null)
{
    public static WeComPlainReply Finished(string streamId, string content) => new("stream", new WeComReplyStream(streamId, true, content));

    public static WeComPlainReply Welcome(string content) => new("text", Text: new WeComContent(content));
}

/// <param name="Content">Markdown, at most 20480 bytes; what the person sees once the stream is finished.</param>
public sealed record WeComReplyStream(string Id, bool Finish, string Content);

/// <summary>What NeighborBot answered a message, remembered under its <c>msgid</c>: for WeCom's retries and for refreshes of its stream.</summary>
public sealed record WeComAnswer(string? Text, string? Ticket);

/// <summary>A group robot webhook post (群机器人): a text mentioning members, or markdown for what is too long for a text.</summary>
internal sealed record WeComRobotPost(string Msgtype, WeComRobotText? Text = null, WeComContent? Markdown = null);

internal sealed record WeComRobotText(string Content, IReadOnlyList<string>? MentionedList);

/// <summary>What WeCom answers an API call.</summary>
internal sealed record WeComApiReply(int Errcode, string? Errmsg);

/// <summary>WeCom's JSON: snake_case names, and Chinese written as it is (not as \u escapes, which count against length limits).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WeComEnvelope))]
[JsonSerializable(typeof(WeComMessage))]
[JsonSerializable(typeof(WeComSealedReply))]
[JsonSerializable(typeof(WeComPlainReply))]
[JsonSerializable(typeof(WeComAnswer))]
[JsonSerializable(typeof(WeComRobotPost))]
[JsonSerializable(typeof(WeComApiReply))]
internal sealed partial class WeComJson : JsonSerializerContext
{
    public static WeComJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        // Read by WeCom, never shown as HTML, so the relaxed encoder is safe here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
