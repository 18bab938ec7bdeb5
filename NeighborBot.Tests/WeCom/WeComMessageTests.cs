using System.Text;
using NeighborBot.WeChat.WeCom;

namespace NeighborBot.Tests.WeCom;

/// <summary>Reading the smart robot's callbacks, in the shapes of WeCom's documentation (接收消息, 接收事件).</summary>
public sealed class WeComMessageTests
{
    private static WeComMessage Read(string json)
    {
        var message = WeComMessage.Read(Encoding.UTF8.GetBytes(json), out var problem);
        Assert.Null(problem);
        return message!;
    }

    [Fact]
    public void A_group_text_that_quotes_a_message_is_read_with_its_own_words_only()
    {
        var message = Read("""
            {"msgid": "CAIQ16HMjQYY\/NGagIOAgAMgq4KM0AI=", "aibotid": "AIBOTID", "chatid": "CHATID", "chattype": "group",
             "from": {"userid": "USERID"}, "response_url": "RESPONSEURL", "msgtype": "text",
             "text": {"content": "@RobotA hello robot"}, "quote": {"msgtype": "text", "text": {"content": "这是今日的测试情况"}}}
            """);

        Assert.Equal(("CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=", "CHATID", "USERID", "RESPONSEURL"), (message.Msgid, message.Chatid, message.From!.Userid, message.ResponseUrl));
        Assert.True(message.IsGroup);
        Assert.Equal("@RobotA hello robot", message.Words);
        Assert.NotNull(message.Quote);
    }

    [Fact]
    public void A_mixed_message_gives_its_text_parts_and_its_first_picture()
    {
        var message = Read("""
            {"msgid": "m1", "aibotid": "AIBOTID", "chatid": "CHATID", "chattype": "group", "from": {"userid": "USERID"},
             "response_url": "RESPONSEURL", "msgtype": "mixed",
             "mixed": {"msg_item": [{"msgtype": "text", "text": {"content": "@机器人 这是今日的测试情况"}},
                                    {"msgtype": "image", "image": {"url": "https://example.invalid/a.jpg"}}]}}
            """);

        Assert.Equal("@机器人 这是今日的测试情况", message.Words);
        Assert.Equal("https://example.invalid/a.jpg", message.ImageUrl);
    }

    [Theory]
    [InlineData("""{"msgid": "m2", "aibotid": "A", "chattype": "single", "from": {"userid": "U"}, "msgtype": "voice", "voice": {"content": "这是语音转成文本的内容"}}""", "voice", "这是语音转成文本的内容")]
    [InlineData("""{"msgid": "m3", "aibotid": "A", "chattype": "single", "from": {"userid": "U"}, "msgtype": "image", "image": {"url": "https://example.invalid/b"}}""", "image", "")]
    [InlineData("""{"msgid": "m4", "aibotid": "A", "chattype": "single", "from": {"userid": "U"}, "msgtype": "file", "file": {"url": "https://example.invalid/c"}}""", "file", "")]
    public void One_to_one_kinds_are_read(string json, string kind, string words)
    {
        var message = Read(json);

        Assert.Equal((kind, words, false), (message.Msgtype, message.Words, message.IsGroup));
    }

    [Fact]
    public void A_stream_refresh_names_the_stream()
    {
        var message = Read("""
            {"msgid": "CAIQz7/MjQYY/NGagIOAgAMgl8jK/gI=", "aibotid": "AIBOTID", "chatid": "CHATID", "chattype": "group",
             "from": {"userid": "USERID"}, "msgtype": "stream", "stream": {"id": "STREAMID"}}
            """);

        Assert.Equal("STREAMID", message.Stream!.Id);
    }

    [Fact]
    public void The_enter_chat_event_is_read_without_a_chat_type()
    {
        var message = Read("""
            {"msgid": "e1", "create_time": 1700000000, "aibotid": "AIBOTID", "from": {"corpid": "wpxxxx", "userid": "USERID"},
             "msgtype": "event", "event": {"eventtype": "enter_chat"}}
            """);

        Assert.Equal("enter_chat", message.Event!.Eventtype);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("null", "empty")]
    [InlineData("""{"aibotid": "A", "chattype": "single", "from": {"userid": "U"}, "msgtype": "text"}""", "msgid is missing")]
    [InlineData("""{"msgid": "m", "chattype": "single", "from": {}, "msgtype": "text"}""", "from.userid is missing")]
    [InlineData("""{"msgid": "m", "chattype": "group", "from": {"userid": "U"}, "msgtype": "text"}""", "chatid is missing")]
    [InlineData("""{"msgid": "m", "chattype": "channel", "from": {"userid": "U"}, "msgtype": "text"}""", "chattype must be group or single")]
    [InlineData("""{"msgid": "m", "chattype": "single", "from": {"userid": "U"}, "msgtype": "stream"}""", "stream.id is missing")]
    [InlineData("""{"msgid": "m", "from": {"userid": "U"}, "msgtype": "event", "event": {}}""", "event.eventtype is missing")]
    public void A_callback_that_cannot_be_read_says_why(string json, string expected)
    {
        Assert.Null(WeComMessage.Read(Encoding.UTF8.GetBytes(json), out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@社区小助手 3号楼2单元楼道灯坏了", "社区小助手", "3号楼2单元楼道灯坏了")]
    [InlineData("3号楼楼道灯坏了 @社区小助手", "社区小助手", "3号楼楼道灯坏了")]
    [InlineData("@小助手\u20053号楼楼道灯坏了", null, "3号楼楼道灯坏了")]
    [InlineData("@小助手", null, "")]
    [InlineData("3号楼楼道灯坏了", null, "3号楼楼道灯坏了")]
    public void The_mention_that_addressed_the_robot_is_taken_off(string text, string? name, string expected)
    {
        Assert.Equal(expected, WeComCallback.WithoutMention(text, name));
    }
}
