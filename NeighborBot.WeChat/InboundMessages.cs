using NeighborBot.Tickets;

namespace NeighborBot.WeChat;

/// <summary>One message or event pushed by WeChat to the callback, after decryption.</summary>
public abstract record InboundMessage
{
    /// <summary>Our account's original id (gh_…).</summary>
    public required string ToUserName { get; init; }

    /// <summary>The sender's openid.</summary>
    public required string FromUserName { get; init; }

    /// <summary>Unix seconds, as WeChat stamped it.</summary>
    public required long CreateTime { get; init; }

    /// <summary>
    /// What makes this delivery unique for its sender: the MsgId for messages, and
    /// CreateTime + Event + EventKey for events. WeChat's retries carry the same value.
    /// </summary>
    public abstract string DedupeId { get; }
}

/// <summary>A message a person sent (not an event). WeChat numbers each one with a MsgId.</summary>
public abstract record UserMessage : InboundMessage
{
    public string? MsgId { get; init; }

    public abstract string MsgType { get; }

    public override string DedupeId => MsgId is { Length: > 0 } id ? "m" + id : $"t{CreateTime}:{MsgType}";
}

public sealed record TextMessage : UserMessage
{
    public required string Content { get; init; }

    /// <summary>Set when the person tapped an option of a customer-service menu.</summary>
    public string? BizMsgMenuId { get; init; }

    public override string MsgType => "text";
}

public sealed record ImageMessage : UserMessage
{
    public string? PicUrl { get; init; }
    public string? MediaId { get; init; }
    public override string MsgType => "image";
}

public sealed record VoiceMessage : UserMessage
{
    public string? MediaId { get; init; }
    public string? Format { get; init; }

    /// <summary>WeChat's speech-to-text result, when recognition is switched on for the account.</summary>
    public string? Recognition { get; init; }

    public override string MsgType => "voice";
}

/// <summary>A video or a short video (<c>shortvideo</c>).</summary>
public sealed record VideoMessage : UserMessage
{
    public string? MediaId { get; init; }
    public string? ThumbMediaId { get; init; }
    public bool IsShort { get; init; }
    public override string MsgType => IsShort ? "shortvideo" : "video";
}

/// <summary>A location the person chose and sent in the chat.</summary>
public sealed record LocationMessage : UserMessage
{
    public double Latitude { get; init; }
    public double Longitude { get; init; }
    public int Scale { get; init; }
    public string? Label { get; init; }

    /// <summary>
    /// The first of Location_X, Location_Y and Scale that is not a usable number (NaN, an infinity,
    /// out of range, not a number at all), or null. The numbers are then 0, never NaN.
    /// </summary>
    public string? BadNumber { get; init; }

    public override string MsgType => "location";
}

public sealed record LinkMessage : UserMessage
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public override string MsgType => "link";
}

/// <summary>An event (<c>MsgType=event</c>).</summary>
public abstract record EventMessage : InboundMessage
{
    /// <summary>The event name as WeChat sent it (case varies; match case-insensitively).</summary>
    public required string Event { get; init; }

    public string? EventKey { get; init; }

    public override string DedupeId => $"e{CreateTime}:{Event.ToLowerInvariant()}:{EventKey}";
}

/// <summary>A follow. Through a QR code with a scene, EventKey is <c>qrscene_{scene}</c>.</summary>
public sealed record SubscribeEvent : EventMessage
{
    public string? Ticket { get; init; }

    /// <summary>The QR scene without the <c>qrscene_</c> prefix, or null for a plain follow.</summary>
    public string? Scene => EventKey is { } key && key.StartsWith("qrscene_", StringComparison.Ordinal)
        ? key["qrscene_".Length..]
        : null;
}

public sealed record UnsubscribeEvent : EventMessage;

/// <summary>A follower scanned a QR code with a scene; EventKey is the scene itself.</summary>
public sealed record ScanEvent : EventMessage
{
    public string? Ticket { get; init; }
    public string? Scene => EventKey;
}

/// <summary>The phone's position, pushed on entering the chat or as often as every 5 s.</summary>
public sealed record LocationEvent : EventMessage
{
    public double Latitude { get; init; }
    public double Longitude { get; init; }
    public double Precision { get; init; }

    /// <summary>
    /// The first of Latitude, Longitude and Precision that is not a usable number (NaN, an infinity,
    /// out of range, not a number at all), or null. The numbers are then 0, never NaN.
    /// </summary>
    public string? BadNumber { get; init; }
}

/// <summary>A menu button of type click; EventKey is the button's key.</summary>
public sealed record ClickEvent : EventMessage;

/// <summary>A menu link; EventKey is the URL. The person has left the chat.</summary>
public sealed record ViewEvent : EventMessage
{
    public string? MenuId { get; init; }
}

/// <summary>The delivery result of a template message we sent.</summary>
public sealed record TemplateSendJobFinishEvent : EventMessage
{
    public string? MsgId { get; init; }

    /// <summary><c>success</c>, <c>failed:user block</c> or <c>failed: system failed</c>.</summary>
    public string? Status { get; init; }
}

/// <summary>A kind this service does not model; kept whole so nothing is lost.</summary>
public sealed record UnknownMessage : InboundMessage
{
    public required string MsgType { get; init; }
    public string? Event { get; init; }
    public string? MsgId { get; init; }
    public required string RawXml { get; init; }

    public override string DedupeId => MsgId is { Length: > 0 } id ? "m" + id : $"u{CreateTime}:{MsgType}:{Event}";
}
