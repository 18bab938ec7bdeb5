using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Conversations;
using NeighborBot.Groups;
using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.Bridges;

/// <summary>How a bridge's post was taken.</summary>
public enum BridgeRefusal
{
    None,
    UnknownBridge,
    BadSignature,
    BadBody,
}

public sealed record BridgeResult(BridgeAnswer? Answer, BridgeRefusal Refusal = BridgeRefusal.None, string? Problem = null);

/// <summary>
/// A group message from a bridge, free of HTTP: checks the signature and the timestamp, reads the
/// message, and handles each message id once (a repeat gets the first answer). Every message is
/// counted for its group; a message for the bot from a mapped group goes into the conversation as
/// its member (keyed by bridge, group and member) and is answered in the group's words.
/// </summary>
public sealed partial class BridgeCallback(
    IOptionsMonitor<BridgeOptions> options,
    DeliveryOnce once,
    GroupGate gate,
    ConversationEngine conversations,
    TimeProvider time,
    ILogger<BridgeCallback> logger)
{
    public const int MaxBodyBytes = 64 * 1024;
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public async Task<BridgeResult> ReceiveAsync(string bridge, string? timestamp, string? signature, byte[] body, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Bridges.TryGetValue(bridge, out var settings))
        {
            return new BridgeResult(null, BridgeRefusal.UnknownBridge);
        }

        if (!BridgeSignature.Verify(settings.Secret, timestamp, signature, body, time.GetUtcNow(), MaxClockSkew))
        {
            Log.BadSignature(logger, bridge);
            return new BridgeResult(null, BridgeRefusal.BadSignature);
        }

        if (BridgeMessage.Read(body, out var problem) is not { } message)
        {
            Log.BadBody(logger, bridge, problem!);
            return new BridgeResult(null, BridgeRefusal.BadBody, problem);
        }

        // Each message id once: a bridge that did not get the answer posts it again, and gets the same answer.
        var answer = await once.HandleAsync(
            "bridge:" + bridge, message.Id!, BridgeJson.Default.BridgeAnswer, ct => AnswerAsync(bridge, message, ct), cancellationToken).ConfigureAwait(false);
        return new BridgeResult(answer);
    }

    private async Task<BridgeAnswer> AnswerAsync(string bridge, BridgeMessage message, CancellationToken cancellationToken)
    {
        var group = message.Group!;
        var sender = message.Sender!;
        var decision = await gate.ExamineAsync(
            new GroupMessage(bridge, group.Id!, group.Name ?? string.Empty, sender.Id!, sender.Name ?? string.Empty, message.Mentioned, message.Text ?? string.Empty),
            cancellationToken).ConfigureAwait(false);
        switch (decision.Verdict)
        {
            case GroupVerdict.Chatter:
                return new BridgeAnswer(null, null);
            case GroupVerdict.UnknownGroup:
                Log.UnknownGroup(logger, bridge, group.Id!);
                return new BridgeAnswer(GroupTexts.UnknownGroup, null);
        }

        var who = GroupAddress.Member(bridge, group.Id!, sender.Id!);
        var attachment = message.Attachments?.FirstOrDefault();
        Inbound inbound = message.Kind switch
        {
            "image" => new MediaIn("image", attachment?.MediaId, attachment?.Url) { DedupeId = "b" + message.Id, Group = decision.Context },
            "voice" when decision.Text.Length == 0 => new MediaIn("voice", attachment?.MediaId, attachment?.Url) { DedupeId = "b" + message.Id, Group = decision.Context },
            "voice" => new TextIn(decision.Text) { DedupeId = "b" + message.Id, Group = decision.Context, Spoken = true, MediaId = attachment?.MediaId },
            "other" => new OtherIn("other", decision.Text) { DedupeId = "b" + message.Id, Group = decision.Context, FromPerson = true },
            _ => new TextIn(decision.Text) { DedupeId = "b" + message.Id, Group = decision.Context },
        };
        var reply = await conversations.HandleAsync(who, inbound, cancellationToken).ConfigureAwait(false) as TextReply;
        return new BridgeAnswer(reply?.Text, reply?.Ticket);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Bridge {Bridge}: a post with a bad signature or a stale timestamp was refused")]
        public static partial void BadSignature(ILogger logger, string bridge);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Bridge {Bridge}: a post was refused: {Problem}")]
        public static partial void BadBody(ILogger logger, string bridge, string problem);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Bridge {Bridge}: group {Group} wrote to the bot but is not mapped; recorded for an admin")]
        public static partial void UnknownGroup(ILogger logger, string bridge, string group);
    }
}
