using System.Globalization;
using System.Text;
using System.Xml;
using NeighborBot.Tickets;

namespace NeighborBot.WeChat;

/// <summary>
/// Reads WeChat's callback XML into typed records. DTDs are refused (no entity expansion, no
/// external entities); element names and event names are matched case-insensitively, so both
/// <c>MsgId</c> and <c>MsgID</c> work.
/// </summary>
public static class InboundMessageParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = 1 << 20,
        CloseInput = true,
    };

    /// <summary>The top-level elements of a callback document, by case-insensitive name.</summary>
    public static Dictionary<string, string> ReadFields(ReadOnlyMemory<byte> xml)
    {
        var fields = new Dictionary<string, string>(16, StringComparer.OrdinalIgnoreCase);
        try
        {
            using var stream = new ReadOnlyMemoryStream(xml);
            using var reader = XmlReader.Create(stream, Settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element)
            {
                throw new WeChatProtocolException(WeChatRefusal.BadXml, "The body has no root element.");
            }

            if (reader.IsEmptyElement)
            {
                return fields;
            }

            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                var name = reader.LocalName;
                if (reader.IsEmptyElement)
                {
                    fields[name] = string.Empty;
                    reader.Read();
                    continue;
                }

                // Nested structures (ScanCodeInfo, SendPicsInfo, ...) are kept as their inner XML.
                fields[name] = ReadValue(reader);
            }

            // Reading to the end catches trailing garbage after the root element.
            while (reader.Read())
            {
            }
        }
        catch (XmlException ex)
        {
            throw new WeChatProtocolException(WeChatRefusal.BadXml, "The body is not well-formed XML.", ex);
        }

        return fields;
    }

    private static string ReadValue(XmlReader reader)
    {
        reader.Read();
        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
        {
            var builder = new StringBuilder();
            while (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                builder.Append(reader.Value);
                reader.Read();
            }

            if (reader.NodeType == XmlNodeType.EndElement)
            {
                reader.Read();
                return builder.ToString();
            }
        }

        if (reader.NodeType == XmlNodeType.EndElement)
        {
            reader.Read();
            return string.Empty;
        }

        // Mixed or nested content: keep the elements as XML text.
        var nested = new StringBuilder();
        while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
        {
            nested.Append(reader.NodeType == XmlNodeType.Element ? reader.ReadOuterXml() : ReadTextNode(reader));
        }

        reader.Read();
        return nested.ToString();
    }

    private static string ReadTextNode(XmlReader reader)
    {
        var value = reader.Value;
        reader.Read();
        return value;
    }

    /// <summary>Parses a plaintext (or decrypted) callback document.</summary>
    /// <exception cref="WeChatProtocolException">Malformed XML, a DTD, or missing header fields.</exception>
    public static InboundMessage Parse(ReadOnlyMemory<byte> xml) => FromFields(ReadFields(xml), xml);

    public static InboundMessage Parse(string xml) => Parse(Encoding.UTF8.GetBytes(xml));

    private static InboundMessage FromFields(Dictionary<string, string> f, ReadOnlyMemory<byte> xml)
    {
        var to = Required(f, "ToUserName");
        var from = Required(f, "FromUserName");
        var msgType = Required(f, "MsgType");
        if (!long.TryParse(Required(f, "CreateTime"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var createTime))
        {
            throw new WeChatProtocolException(WeChatRefusal.BadXml, "CreateTime is not a number.");
        }

        var msgId = Optional(f, "MsgId");
        return msgType.ToLowerInvariant() switch
        {
            "text" => new TextMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = msgId,
                Content = Optional(f, "Content") ?? string.Empty,
                BizMsgMenuId = Optional(f, "bizmsgmenuid"),
            },
            "image" => new ImageMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = msgId,
                PicUrl = Optional(f, "PicUrl"), MediaId = Optional(f, "MediaId"),
            },
            "voice" => new VoiceMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = msgId,
                MediaId = Optional(f, "MediaId"), Format = Optional(f, "Format"),
                Recognition = Optional(f, "Recognition"),
            },
            "video" or "shortvideo" => new VideoMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = msgId,
                MediaId = Optional(f, "MediaId"), ThumbMediaId = Optional(f, "ThumbMediaId"),
                IsShort = msgType.Equals("shortvideo", StringComparison.OrdinalIgnoreCase),
            },
            "location" => Place(f, to, from, createTime, msgId),
            "link" => new LinkMessage
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = msgId,
                Title = Optional(f, "Title"), Description = Optional(f, "Description"), Url = Optional(f, "Url"),
            },
            "event" => ParseEvent(f, to, from, createTime, xml),
            _ => Unknown(f, to, from, createTime, msgType, xml),
        };
    }

    private static InboundMessage ParseEvent(
        Dictionary<string, string> f, string to, string from, long createTime, ReadOnlyMemory<byte> xml)
    {
        var name = Required(f, "Event");
        var key = Optional(f, "EventKey");
        return name.ToLowerInvariant() switch
        {
            "subscribe" => new SubscribeEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
                Ticket = Optional(f, "Ticket"),
            },
            "unsubscribe" => new UnsubscribeEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
            },
            "scan" => new ScanEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
                Ticket = Optional(f, "Ticket"),
            },
            "location" => Position(f, to, from, createTime, name, key),
            "click" => new ClickEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
            },
            "view" => new ViewEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
                MenuId = Optional(f, "MenuId"),
            },
            "templatesendjobfinish" => new TemplateSendJobFinishEvent
            {
                ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
                MsgId = Optional(f, "MsgId"), Status = Optional(f, "Status"),
            },
            _ => Unknown(f, to, from, createTime, "event", xml),
        };
    }

    private static LocationMessage Place(Dictionary<string, string> f, string to, string from, long createTime, string? msgId)
    {
        var (latitude, longitude, scale, bad) = ReadPosition(f, "Location_X", "Location_Y", "Scale", int.MaxValue);
        return new LocationMessage
        {
            ToUserName = to, FromUserName = from, CreateTime = createTime, MsgId = msgId,
            Latitude = latitude, Longitude = longitude, Scale = (int)scale, Label = Optional(f, "Label"), BadNumber = bad,
        };
    }

    private static LocationEvent Position(Dictionary<string, string> f, string to, string from, long createTime, string name, string? key)
    {
        var (latitude, longitude, precision, bad) = ReadPosition(f, "Latitude", "Longitude", "Precision", double.MaxValue);
        return new LocationEvent
        {
            ToUserName = to, FromUserName = from, CreateTime = createTime, Event = name, EventKey = key,
            Latitude = latitude, Longitude = longitude, Precision = precision, BadNumber = bad,
        };
    }

    private static UnknownMessage Unknown(
        Dictionary<string, string> f, string to, string from, long createTime, string msgType, ReadOnlyMemory<byte> xml) => new()
    {
        ToUserName = to,
        FromUserName = from,
        CreateTime = createTime,
        MsgType = msgType,
        Event = Optional(f, "Event"),
        MsgId = Optional(f, "MsgId"),
        RawXml = Encoding.UTF8.GetString(xml.Span),
    };

    private static string Required(Dictionary<string, string> f, string name) =>
        f.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new WeChatProtocolException(WeChatRefusal.BadXml, $"The message has no {name}.");

    private static string? Optional(Dictionary<string, string> f, string name) =>
        f.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Latitude, longitude and a third number (scale or precision, from 0 to <paramref name="thirdMax"/>).</summary>
    private readonly record struct Numbers(double Latitude, double Longitude, double Third, string? BadNumber);

    /// <summary>
    /// Reads a position. A number that is present but unusable (NaN, an infinity such as <c>1e309</c>,
    /// out of range, not a number) is named in <see cref="Numbers.BadNumber"/> and all three are then 0,
    /// so that no NaN reaches the stores; an absent one is 0.
    /// </summary>
    private static Numbers ReadPosition(Dictionary<string, string> f, string latitude, string longitude, string third, double thirdMax)
    {
        string? bad = null;
        var numbers = new Numbers(
            Number(f, latitude, -90, 90, ref bad),
            Number(f, longitude, -180, 180, ref bad),
            Number(f, third, 0, thirdMax, ref bad),
            null);
        return bad is null ? numbers : new Numbers(0, 0, 0, bad);
    }

    private static double Number(Dictionary<string, string> f, string name, double min, double max, ref string? bad)
    {
        if (!f.TryGetValue(name, out var value) || value.Length == 0)
        {
            return 0;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number >= min && number <= max)
        {
            return number;
        }

        bad ??= name;
        return 0;
    }
}
