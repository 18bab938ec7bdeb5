using System.Text;
using System.Xml.Linq;
using NeighborBot.Conversations;
using NeighborBot.WeChat;

namespace NeighborBot.Tests.WeChat;

public sealed class ReplyXmlTests
{
    [Fact]
    public void A_text_reply_addresses_the_sender_from_our_account()
    {
        var xml = XElement.Parse(ReplyXml.Text("o_user", "gh_ours", 1700000000, "已收到"));

        Assert.Equal("o_user", xml.Element("ToUserName")!.Value);
        Assert.Equal("gh_ours", xml.Element("FromUserName")!.Value);
        Assert.Equal("1700000000", xml.Element("CreateTime")!.Value);
        Assert.Equal("text", xml.Element("MsgType")!.Value);
        Assert.Equal("已收到", xml.Element("Content")!.Value);
    }

    [Fact]
    public void Content_holding_the_cdata_terminator_survives()
    {
        var xml = XElement.Parse(ReplyXml.Text("o", "gh", 1, "a]]>b"));

        Assert.Equal("a]]>b", xml.Element("Content")!.Value);
    }

    [Fact]
    public void A_text_over_2048_bytes_is_cut_on_a_character_boundary()
    {
        var content = XElement.Parse(ReplyXml.Text("o", "gh", 1, new string('灯', 1000))).Element("Content")!.Value;

        Assert.True(Encoding.UTF8.GetByteCount(content) <= ReplyXml.MaxTextBytes);
        Assert.EndsWith("…", content, StringComparison.Ordinal);
        Assert.All(content.TrimEnd('…'), c => Assert.Equal('灯', c));
    }

    [Fact]
    public void A_news_reply_lists_its_articles()
    {
        var xml = XElement.Parse(ReplyXml.News("o", "gh", 1, [new Card("防诈骗提醒", "公检法没有安全账户", "https://p/1.jpg", "https://a/1")]));

        Assert.Equal("news", xml.Element("MsgType")!.Value);
        Assert.Equal("1", xml.Element("ArticleCount")!.Value);
        var item = xml.Element("Articles")!.Element("item")!;
        Assert.Equal("防诈骗提醒", item.Element("Title")!.Value);
        Assert.Equal("公检法没有安全账户", item.Element("Description")!.Value);
        Assert.Equal("https://p/1.jpg", item.Element("PicUrl")!.Value);
        Assert.Equal("https://a/1", item.Element("Url")!.Value);
    }

    [Fact]
    public void The_encrypted_envelope_is_signed_over_its_own_timestamp_and_nonce()
    {
        var xml = XElement.Parse(ReplyXml.Encrypted("ENCRYPTED", "token", "1700000000", "42"));

        Assert.Equal("ENCRYPTED", xml.Element("Encrypt")!.Value);
        Assert.Equal("1700000000", xml.Element("TimeStamp")!.Value);
        Assert.Equal("42", xml.Element("Nonce")!.Value);
        Assert.True(WeChatSignature.Verify(xml.Element("MsgSignature")!.Value, "token", "1700000000", "42", "ENCRYPTED"));
    }
}
