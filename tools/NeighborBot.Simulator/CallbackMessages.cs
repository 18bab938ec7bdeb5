using System.Globalization;
using System.Security;
using System.Text;
using NeighborBot.WeChat;

namespace NeighborBot.Simulator;

/// <summary>
/// Builds callback XML the way WeChat sends it: CDATA strings, numbers bare, one element per line.
/// Used by the terminal simulator, the tests and the load generator.
/// </summary>
public static class CallbackMessages
{
    public const string DefaultOriginalId = "gh_neighborbot";

    public static string Text(string from, long createTime, long msgId, string content, string to = DefaultOriginalId) =>
        Message(to, from, createTime, "text", msgId, ("Content", content));

    public static string Voice(string from, long createTime, long msgId, string? recognition, string to = DefaultOriginalId) =>
        Message(to, from, createTime, "voice", msgId, ("MediaId", "media_" + msgId), ("Format", "amr"), ("Recognition", recognition));

    public static string Image(string from, long createTime, long msgId, string picUrl, string to = DefaultOriginalId) =>
        Message(to, from, createTime, "image", msgId, ("PicUrl", picUrl), ("MediaId", "media_" + msgId));

    public static string Video(string from, long createTime, long msgId, bool isShort, string to = DefaultOriginalId) =>
        Message(to, from, createTime, isShort ? "shortvideo" : "video", msgId, ("MediaId", "media_" + msgId), ("ThumbMediaId", "thumb_" + msgId));

    public static string Location(string from, long createTime, long msgId, double latitude, double longitude, string label, string to = DefaultOriginalId) =>
        Message(to, from, createTime, "location", msgId,
            ("Location_X", Number(latitude)), ("Location_Y", Number(longitude)), ("Scale", "15"), ("Label", label));

    public static string Link(string from, long createTime, long msgId, string title, string url, string to = DefaultOriginalId) =>
        Message(to, from, createTime, "link", msgId, ("Title", title), ("Description", title), ("Url", url));

    /// <summary>A follow; with a scene it is a follow through a QR code (EventKey <c>qrscene_{scene}</c>).</summary>
    public static string Subscribe(string from, long createTime, string? scene = null, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "subscribe",
            ("EventKey", scene is null ? null : "qrscene_" + scene), ("Ticket", scene is null ? null : "ticket_" + scene));

    public static string Unsubscribe(string from, long createTime, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "unsubscribe");

    public static string Scan(string from, long createTime, string scene, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "SCAN", ("EventKey", scene), ("Ticket", "ticket_" + scene));

    public static string LocationEvent(string from, long createTime, double latitude, double longitude, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "LOCATION", ("Latitude", Number(latitude)), ("Longitude", Number(longitude)), ("Precision", "30.0"));

    public static string Click(string from, long createTime, string key, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "CLICK", ("EventKey", key));

    public static string View(string from, long createTime, string url, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "VIEW", ("EventKey", url), ("MenuId", "1"));

    public static string TemplateSendJobFinish(string from, long createTime, long msgId, string status, string to = DefaultOriginalId) =>
        Event(to, from, createTime, "TEMPLATESENDJOBFINISH", ("MsgID", msgId.ToString(CultureInfo.InvariantCulture)), ("Status", status));

    public static string Message(string to, string from, long createTime, string msgType, long msgId, params (string Name, string? Value)[] fields)
    {
        var xml = Start(to, from, createTime, msgType);
        Append(xml, fields);
        xml.Append("<MsgId>").Append(msgId.ToString(CultureInfo.InvariantCulture)).Append("</MsgId>\n");
        return xml.Append("</xml>").ToString();
    }

    public static string Event(string to, string from, long createTime, string name, params (string Name, string? Value)[] fields)
    {
        var xml = Start(to, from, createTime, "event");
        xml.Append("<Event><![CDATA[").Append(name).Append("]]></Event>\n");
        Append(xml, fields);
        return xml.Append("</xml>").ToString();
    }

    private static StringBuilder Start(string to, string from, long createTime, string msgType) => new StringBuilder(512)
        .Append("<xml>\n")
        .Append("<ToUserName><![CDATA[").Append(to).Append("]]></ToUserName>\n")
        .Append("<FromUserName><![CDATA[").Append(from).Append("]]></FromUserName>\n")
        .Append("<CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime>\n")
        .Append("<MsgType><![CDATA[").Append(msgType).Append("]]></MsgType>\n");

    private static void Append(StringBuilder xml, (string Name, string? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            // CDATA cannot hold "]]>"; escaping the text instead keeps any content intact.
            xml.Append('<').Append(name).Append('>')
                .Append(value.Contains("]]>", StringComparison.Ordinal) ? SecurityElement.Escape(value) : "<![CDATA[" + value + "]]>")
                .Append("</").Append(name).Append(">\n");
        }
    }

    private static string Number(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);
}
