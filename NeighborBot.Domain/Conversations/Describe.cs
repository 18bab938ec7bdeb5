using System.Globalization;

namespace NeighborBot.Conversations;

/// <summary>Short descriptions of messages and answers for the conversation history.</summary>
internal static class Describe
{
    private const int MaxText = 500;

    public static string Kind(Inbound message) => message switch
    {
        TextIn { Spoken: true } => "voice",
        TextIn => "text",
        MediaIn m => m.Kind,
        PlaceIn => "location",
        PositionIn => "event:location",
        FollowIn => "event:subscribe",
        UnfollowIn => "event:unsubscribe",
        ScanIn => "event:scan",
        TapIn => "event:click",
        OtherIn o => o.Kind,
        UnansweredIn => "event:unanswered",
        _ => "unknown",
    };

    /// <summary>The text of a message, clipped; a kind nobody handles is kept whole, so nothing of it is lost.</summary>
    public static string Text(Inbound message) => message is OtherIn other ? other.Raw : Clip(message switch
    {
        TextIn t => t.Text,
        MediaIn m => m.Url ?? m.MediaId ?? string.Empty,
        PlaceIn p => string.Create(CultureInfo.InvariantCulture, $"{p.Label} ({p.Latitude:F5},{p.Longitude:F5})"),
        FollowIn f => f.Scene ?? string.Empty,
        ScanIn s => s.Scene ?? string.Empty,
        TapIn t => t.Key,
        _ => string.Empty,
    });

    public static string Kind(BotReply reply) => reply switch
    {
        TextReply => "text",
        CardReply => "news",
        _ => "unknown",
    };

    public static string Text(BotReply reply) => Clip(reply switch
    {
        TextReply t => t.Text,
        CardReply n => string.Join(" | ", n.Articles.Select(a => a.Title)),
        _ => string.Empty,
    });

    private static string Clip(string text) => text.Length <= MaxText ? text : text[..MaxText] + "…";
}
