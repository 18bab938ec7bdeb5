using System.Globalization;
using NeighborBot.WeChat;

namespace NeighborBot.Conversations;

/// <summary>Short descriptions of messages and answers for the conversation history.</summary>
internal static class Describe
{
    private const int MaxText = 500;

    public static string Kind(InboundMessage message) => message switch
    {
        UserMessage m => m.MsgType,
        EventMessage e => "event:" + e.Event.ToLowerInvariant(),
        UnknownMessage u => u.Event is null ? u.MsgType : $"{u.MsgType}:{u.Event}",
        _ => "unknown",
    };

    /// <summary>The text of a message, clipped; an unknown kind is kept whole (raw XML), so nothing of it is lost.</summary>
    public static string Text(InboundMessage message) => message is UnknownMessage unknown ? unknown.RawXml : Clip(message switch
    {
        TextMessage t => t.Content,
        VoiceMessage v => v.Recognition ?? string.Empty,
        ImageMessage i => i.PicUrl ?? i.MediaId ?? string.Empty,
        VideoMessage v => v.MediaId ?? string.Empty,
        LocationMessage l => string.Create(CultureInfo.InvariantCulture, $"{l.Label} ({l.Latitude:F5},{l.Longitude:F5})"),
        LinkMessage l => $"{l.Title} {l.Url}",
        EventMessage e => e.EventKey ?? string.Empty,
        _ => string.Empty,
    });

    public static string Kind(BotReply reply) => reply switch
    {
        TextReply => "text",
        NewsReply => "news",
        _ => "unknown",
    };

    public static string Text(BotReply reply) => Clip(reply switch
    {
        TextReply t => t.Text,
        NewsReply n => string.Join(" | ", n.Articles.Select(a => a.Title)),
        _ => string.Empty,
    });

    private static string Clip(string text) => text.Length <= MaxText ? text : text[..MaxText] + "…";
}
