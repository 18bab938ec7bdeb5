using NeighborBot.Conversations;

namespace NeighborBot.WeChat;

/// <summary>
/// Turns what the Official Account delivers into the conversation's neutral message; the reply goes
/// back through <see cref="WeChatCallback.Render"/>. Everything about WeChat's message kinds stays here.
/// </summary>
public static class OfficialAccountAdapter
{
    public static Inbound ToInbound(InboundMessage message)
    {
        var id = message.DedupeId;
        return message switch
        {
            TextMessage t => new TextIn(t.Content) { DedupeId = id },
            VoiceMessage { Recognition: { Length: > 0 } heard } v => new TextIn(heard) { DedupeId = id, Spoken = true, MediaId = v.MediaId },
            VoiceMessage v => new TextIn(string.Empty) { DedupeId = id, Spoken = true, MediaId = v.MediaId },
            ImageMessage i => new MediaIn("image", i.MediaId, i.PicUrl) { DedupeId = id },
            VideoMessage v => new MediaIn(v.MsgType, v.MediaId, null) { DedupeId = id },
            LocationMessage l => new PlaceIn(l.Latitude, l.Longitude, l.Label) { DedupeId = id },
            LinkMessage l => new TapIn(l.Url ?? l.Title ?? "link") { DedupeId = id },
            SubscribeEvent s => new FollowIn(s.Scene) { DedupeId = id },
            UnsubscribeEvent => new UnfollowIn() { DedupeId = id },
            ScanEvent s => new ScanIn(s.Scene) { DedupeId = id },
            LocationEvent l => new PositionIn(l.Latitude, l.Longitude, l.Precision) { DedupeId = id },
            ClickEvent c => new TapIn(c.EventKey ?? string.Empty) { DedupeId = id },
            ViewEvent or TemplateSendJobFinishEvent => new OtherIn("event:" + ((EventMessage)message).Event.ToLowerInvariant(), ((EventMessage)message).EventKey ?? string.Empty) { DedupeId = id },
            UnknownMessage u => new OtherIn(u.Event is null ? u.MsgType : $"{u.MsgType}:{u.Event}", u.RawXml) { DedupeId = id, FromPerson = true },
            _ => new OtherIn("unknown", string.Empty) { DedupeId = id },
        };
    }
}
