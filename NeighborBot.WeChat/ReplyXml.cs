using System.Globalization;
using System.Text;
using NeighborBot.Conversations;

namespace NeighborBot.WeChat;

/// <summary>Writes passive replies (text and news) and the safe-mode envelope.</summary>
public static class ReplyXml
{
    /// <summary>WeChat refuses passive text replies over 2048 bytes.</summary>
    public const int MaxTextBytes = 2048;

    public static string Text(string toUser, string fromUser, long createTime, string content)
    {
        var builder = Header(toUser, fromUser, createTime, "text");
        builder.Append("<Content>");
        AppendCData(builder, Truncate(content.Replace("\r\n", "\n", StringComparison.Ordinal), MaxTextBytes));
        builder.Append("</Content></xml>");
        return builder.ToString();
    }

    /// <summary>A news reply. WeChat shows one article when answering a message, so keep it to one.</summary>
    public static string News(string toUser, string fromUser, long createTime, IReadOnlyList<Card> articles)
    {
        var builder = Header(toUser, fromUser, createTime, "news");
        builder.Append("<ArticleCount>").Append(articles.Count.ToString(CultureInfo.InvariantCulture)).Append("</ArticleCount><Articles>");
        foreach (var article in articles)
        {
            builder.Append("<item><Title>");
            AppendCData(builder, article.Title);
            builder.Append("</Title><Description>");
            AppendCData(builder, article.Description ?? string.Empty);
            builder.Append("</Description><PicUrl>");
            AppendCData(builder, article.PicUrl ?? string.Empty);
            builder.Append("</PicUrl><Url>");
            AppendCData(builder, article.Url ?? string.Empty);
            builder.Append("</Url></item>");
        }

        builder.Append("</Articles></xml>");
        return builder.ToString();
    }

    /// <summary>The encrypted reply of safe mode, signed over its own timestamp and nonce.</summary>
    public static string Encrypted(string encrypt, string token, string timestamp, string nonce)
    {
        var signature = WeChatSignature.Compute(token, timestamp, nonce, encrypt);
        var builder = new StringBuilder(encrypt.Length + 200);
        builder.Append("<xml><Encrypt>");
        AppendCData(builder, encrypt);
        builder.Append("</Encrypt><MsgSignature>");
        AppendCData(builder, signature);
        builder.Append("</MsgSignature><TimeStamp>").Append(timestamp).Append("</TimeStamp><Nonce>");
        AppendCData(builder, nonce);
        builder.Append("</Nonce></xml>");
        return builder.ToString();
    }

    private static StringBuilder Header(string toUser, string fromUser, long createTime, string msgType)
    {
        var builder = new StringBuilder(256);
        builder.Append("<xml><ToUserName>");
        AppendCData(builder, toUser);
        builder.Append("</ToUserName><FromUserName>");
        AppendCData(builder, fromUser);
        builder.Append("</FromUserName><CreateTime>").Append(createTime.ToString(CultureInfo.InvariantCulture)).Append("</CreateTime><MsgType>");
        AppendCData(builder, msgType);
        builder.Append("</MsgType>");
        return builder;
    }

    /// <summary>CDATA cannot hold "]]>", so that sequence is split across two sections.</summary>
    private static void AppendCData(StringBuilder builder, string value) =>
        builder.Append("<![CDATA[").Append(value.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)).Append("]]>");

    private static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string Ellipsis = "…";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        var length = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (length + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            length += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end] + Ellipsis;
    }
}
