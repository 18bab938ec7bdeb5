using NeighborBot.Tickets;
using NeighborBot.WeChat;

namespace NeighborBot.Tests.WeChat;

/// <summary>Every kind the callback receives, in the shape WeChat sends it.</summary>
public sealed class InboundMessageParserTests
{
    private const string Head = """
        <xml>
        <ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
        <FromUserName><![CDATA[oia2TjjewbmiOUlr6X-1crbLOvLw]]></FromUserName>
        <CreateTime>1700000000</CreateTime>
        """;

    private static InboundMessage Parse(string body) => InboundMessageParser.Parse(Head + body + "</xml>");

    [Fact]
    public void A_text_message_is_read_with_its_header_and_msg_id()
    {
        var text = Assert.IsType<TextMessage>(Parse("""
            <MsgType><![CDATA[text]]></MsgType>
            <Content><![CDATA[3号楼楼道灯坏了]]></Content>
            <MsgId>24312345678901234</MsgId>
            """));

        Assert.Equal("gh_7f083739789a", text.ToUserName);
        Assert.Equal("oia2TjjewbmiOUlr6X-1crbLOvLw", text.FromUserName);
        Assert.Equal(1700000000, text.CreateTime);
        Assert.Equal("3号楼楼道灯坏了", text.Content);
        Assert.Equal("24312345678901234", text.MsgId);
        Assert.Equal("m24312345678901234", text.DedupeId);
    }

    [Fact]
    public void A_text_from_a_customer_service_menu_keeps_the_menu_id()
    {
        var text = Assert.IsType<TextMessage>(Parse("""
            <MsgType><![CDATA[text]]></MsgType><Content><![CDATA[满意]]></Content><MsgId>1</MsgId><bizmsgmenuid>101</bizmsgmenuid>
            """));

        Assert.Equal("101", text.BizMsgMenuId);
    }

    [Fact]
    public void An_image_message_has_its_picture_url_and_media_id()
    {
        var image = Assert.IsType<ImageMessage>(Parse("""
            <MsgType><![CDATA[image]]></MsgType>
            <PicUrl><![CDATA[http://mmbiz.qpic.cn/abc/0]]></PicUrl>
            <MediaId><![CDATA[media_1]]></MediaId>
            <MsgId>2</MsgId>
            """));

        Assert.Equal("http://mmbiz.qpic.cn/abc/0", image.PicUrl);
        Assert.Equal("media_1", image.MediaId);
    }

    [Fact]
    public void A_voice_message_carries_the_recognised_text()
    {
        var voice = Assert.IsType<VoiceMessage>(Parse("""
            <MsgType><![CDATA[voice]]></MsgType>
            <MediaId><![CDATA[media_2]]></MediaId>
            <Format><![CDATA[amr]]></Format>
            <Recognition><![CDATA[俺家厨房有然气味儿]]></Recognition>
            <MsgId>3</MsgId>
            """));

        Assert.Equal("amr", voice.Format);
        Assert.Equal("俺家厨房有然气味儿", voice.Recognition);
    }

    [Fact]
    public void A_voice_message_without_recognition_has_none()
    {
        var voice = Assert.IsType<VoiceMessage>(Parse("""
            <MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m]]></MediaId><Format><![CDATA[speex]]></Format><MsgId>4</MsgId>
            """));

        Assert.Null(voice.Recognition);
    }

    [Theory]
    [InlineData("video", false)]
    [InlineData("shortvideo", true)]
    public void Videos_and_short_videos_are_told_apart(string msgType, bool isShort)
    {
        var video = Assert.IsType<VideoMessage>(Parse($"""
            <MsgType><![CDATA[{msgType}]]></MsgType>
            <MediaId><![CDATA[media_v]]></MediaId>
            <ThumbMediaId><![CDATA[thumb_v]]></ThumbMediaId>
            <MsgId>5</MsgId>
            """));

        Assert.Equal(isShort, video.IsShort);
        Assert.Equal("thumb_v", video.ThumbMediaId);
        Assert.Equal(msgType, video.MsgType);
    }

    [Fact]
    public void A_location_message_has_coordinates_scale_and_label()
    {
        var location = Assert.IsType<LocationMessage>(Parse("""
            <MsgType><![CDATA[location]]></MsgType>
            <Location_X>34.746600</Location_X>
            <Location_Y>113.625400</Location_Y>
            <Scale>15</Scale>
            <Label><![CDATA[郑州市金水区高阳社区东门]]></Label>
            <MsgId>6</MsgId>
            """));

        Assert.Equal(34.7466, location.Latitude, 6);
        Assert.Equal(113.6254, location.Longitude, 6);
        Assert.Equal(15, location.Scale);
        Assert.Equal("郑州市金水区高阳社区东门", location.Label);
    }

    [Fact]
    public void A_link_message_has_title_description_and_url()
    {
        var link = Assert.IsType<LinkMessage>(Parse("""
            <MsgType><![CDATA[link]]></MsgType>
            <Title><![CDATA[停水通知]]></Title>
            <Description><![CDATA[明天停水]]></Description>
            <Url><![CDATA[https://example.com/a]]></Url>
            <MsgId>7</MsgId>
            """));

        Assert.Equal("停水通知", link.Title);
        Assert.Equal("明天停水", link.Description);
        Assert.Equal("https://example.com/a", link.Url);
    }

    [Fact]
    public void A_follow_through_a_household_qr_code_exposes_the_scene()
    {
        var follow = Assert.IsType<SubscribeEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[subscribe]]></Event>
            <EventKey><![CDATA[qrscene_hh:3-2-501]]></EventKey>
            <Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8v]]></Ticket>
            """));

        Assert.Equal("hh:3-2-501", follow.Scene);
        Assert.Equal("gQH47joAAAAAAAAAASxodHRwOi8v", follow.Ticket);
    }

    [Fact]
    public void A_plain_follow_has_no_scene()
    {
        var follow = Assert.IsType<SubscribeEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey>
            """));

        Assert.Null(follow.Scene);
    }

    [Fact]
    public void An_unfollow_is_read()
    {
        Assert.IsType<UnsubscribeEvent>(Parse("""<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>"""));
    }

    [Fact]
    public void A_scan_by_a_follower_carries_the_scene_without_prefix()
    {
        var scan = Assert.IsType<ScanEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[SCAN]]></Event>
            <EventKey><![CDATA[hh:3-2-501]]></EventKey>
            <Ticket><![CDATA[t]]></Ticket>
            """));

        Assert.Equal("hh:3-2-501", scan.Scene);
    }

    [Fact]
    public void A_location_event_has_latitude_longitude_and_precision()
    {
        var position = Assert.IsType<LocationEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[LOCATION]]></Event>
            <Latitude>23.137466</Latitude>
            <Longitude>113.352425</Longitude>
            <Precision>119.385040</Precision>
            """));

        Assert.Equal(23.137466, position.Latitude, 6);
        Assert.Equal(113.352425, position.Longitude, 6);
        Assert.Equal(119.38504, position.Precision, 5);
    }

    [Theory]
    [InlineData("Latitude", "NaN")]
    [InlineData("Latitude", "Infinity")]
    [InlineData("Longitude", "-Infinity")]
    [InlineData("Longitude", "1e309")]
    [InlineData("Precision", "1e309")]
    [InlineData("Precision", "NaN")]
    [InlineData("Latitude", "91")]
    [InlineData("Longitude", "north")]
    public void A_location_event_with_an_unusable_number_names_it_and_carries_no_nan(string field, string value)
    {
        var numbers = new Dictionary<string, string> { ["Latitude"] = "23.137466", ["Longitude"] = "113.352425", ["Precision"] = "119.385040" };
        numbers[field] = value;

        var position = Assert.IsType<LocationEvent>(Parse(
            "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event>" + string.Concat(numbers.Select(n => $"<{n.Key}>{n.Value}</{n.Key}>"))));

        Assert.Equal(field, position.BadNumber);
        Assert.Equal((0d, 0d, 0d), (position.Latitude, position.Longitude, position.Precision));
    }

    [Theory]
    [InlineData("Location_X", "NaN")]
    [InlineData("Location_Y", "Infinity")]
    [InlineData("Scale", "1e309")]
    [InlineData("Scale", "NaN")]
    public void A_location_message_with_an_unusable_number_names_it(string field, string value)
    {
        var numbers = new Dictionary<string, string> { ["Location_X"] = "34.7466", ["Location_Y"] = "113.6254", ["Scale"] = "15" };
        numbers[field] = value;

        var place = Assert.IsType<LocationMessage>(Parse(
            "<MsgType><![CDATA[location]]></MsgType><MsgId>6</MsgId>" + string.Concat(numbers.Select(n => $"<{n.Key}>{n.Value}</{n.Key}>"))));

        Assert.Equal(field, place.BadNumber);
        Assert.Equal((0d, 0d, 0), (place.Latitude, place.Longitude, place.Scale));
    }

    [Fact]
    public void A_usable_position_has_no_bad_number()
    {
        var position = Assert.IsType<LocationEvent>(Parse(
            "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event><Latitude>-33.9</Latitude><Longitude>-180</Longitude><Precision>0</Precision>"));

        Assert.Null(position.BadNumber);
        Assert.Equal(-33.9, position.Latitude, 6);
    }

    [Fact]
    public void Menu_clicks_and_views_keep_their_key()
    {
        var click = Assert.IsType<ClickEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[REPORT_PROBLEM]]></EventKey>
            """));
        var view = Assert.IsType<ViewEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[https://example.com/]]></EventKey><MenuId>42</MenuId>
            """));

        Assert.Equal("REPORT_PROBLEM", click.EventKey);
        Assert.Equal("https://example.com/", view.EventKey);
        Assert.Equal("42", view.MenuId);
    }

    [Fact]
    public void A_template_delivery_report_reads_the_capitalised_msg_id()
    {
        var done = Assert.IsType<TemplateSendJobFinishEvent>(Parse("""
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>
            <MsgID>200163836</MsgID>
            <Status><![CDATA[failed:user block]]></Status>
            """));

        Assert.Equal("200163836", done.MsgId);
        Assert.Equal("failed:user block", done.Status);
    }

    [Theory]
    [InlineData("Subscribe")]
    [InlineData("SUBSCRIBE")]
    [InlineData("subscribe")]
    public void Event_names_match_whatever_their_case(string name)
    {
        Assert.IsType<SubscribeEvent>(Parse($"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event>"));
    }

    [Fact]
    public void An_unknown_kind_is_kept_as_raw_xml()
    {
        var unknown = Assert.IsType<UnknownMessage>(Parse("""
            <MsgType><![CDATA[miniprogrampage]]></MsgType><Title><![CDATA[x]]></Title><MsgId>9</MsgId>
            """));

        Assert.Equal("miniprogrampage", unknown.MsgType);
        Assert.Contains("miniprogrampage", unknown.RawXml, StringComparison.Ordinal);
        Assert.Equal("m9", unknown.DedupeId);
    }

    [Fact]
    public void An_unknown_event_is_kept_with_its_name_and_nested_elements()
    {
        var unknown = Assert.IsType<UnknownMessage>(Parse("""
            <MsgType><![CDATA[event]]></MsgType>
            <Event><![CDATA[scancode_waitmsg]]></Event>
            <EventKey><![CDATA[scan1]]></EventKey>
            <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>
            """));

        Assert.Equal("scancode_waitmsg", unknown.Event);
        Assert.Contains("<ScanResult>", unknown.RawXml, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_of_an_event_share_a_dedupe_id_and_other_events_do_not()
    {
        const string Click = "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[A]]></EventKey>";
        const string Other = "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[B]]></EventKey>";

        Assert.Equal(Parse(Click).DedupeId, Parse(Click).DedupeId);
        Assert.NotEqual(Parse(Click).DedupeId, Parse(Other).DedupeId);
    }

    [Fact]
    public void A_document_with_a_dtd_is_refused()
    {
        const string Xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content></xml>
            """;

        var ex = Assert.Throws<WeChatProtocolException>(() => InboundMessageParser.Parse(Xxe));
        Assert.Equal(WeChatRefusal.BadXml, ex.Refusal);
    }

    [Theory]
    [InlineData("<xml><ToUserName>a</ToUserName>")]
    [InlineData("not xml at all")]
    [InlineData("")]
    [InlineData("<xml></xml><xml></xml>")]
    [InlineData("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>a</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")]
    public void Malformed_or_incomplete_documents_are_refused(string xml)
    {
        var ex = Assert.Throws<WeChatProtocolException>(() => InboundMessageParser.Parse(xml));
        Assert.Equal(WeChatRefusal.BadXml, ex.Refusal);
    }
}
