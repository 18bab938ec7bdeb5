using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeighborBot.Conversations;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using NeighborBot.WeChat;
using NeighborBot.Wording;

namespace NeighborBot.Tests.Functional;

/// <summary>The Official Account callback through the real host and the real Redis store.</summary>
public sealed class CallbackApiTests : IClassFixture<CallbackApiTests.Host>
{
    public sealed class Host : NeighborBotFactory;

    private readonly Host _host;
    private readonly CallbackClient _client;

    public CallbackApiTests(Host host)
    {
        _host = host;
        _client = new CallbackClient(host.CreateClient(), host.WeChat);
    }

    private static string NewOpenId() => "o_" + Guid.NewGuid().ToString("N")[..16];

    private IConversationStore Conversations => _host.Services.GetRequiredService<IConversationStore>();

    [Fact]
    public async Task Url_verification_echoes_the_echo_string_when_the_signature_holds()
    {
        var response = await _host.CreateClient().GetAsync(_host.WeChat.VerificationUrl(CallbackClient.Now, "echo-123"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("echo-123", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Url_verification_with_a_wrong_signature_is_unauthorized()
    {
        var url = _host.WeChat.VerificationUrl(CallbackClient.Now, "echo").Replace("signature=", "signature=0", StringComparison.Ordinal);

        var response = await _host.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("echo", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_account_is_not_found()
    {
        var stranger = new SimulatedWeChat("nobody", NeighborBotFactory.Token, NeighborBotFactory.AppId, null);

        var response = await new CallbackClient(_host.CreateClient(), stranger)
            .PostAsync(stranger.Sign(CallbackMessages.Text("o_x", CallbackClient.Now, 1, "hi"), DeliveryMode.Plaintext, CallbackClient.Now));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(DeliveryMode.Plaintext)]
    [InlineData(DeliveryMode.Compatible)]
    [InlineData(DeliveryMode.Safe)]
    public async Task A_text_is_answered_with_help_and_recorded_in_the_history(DeliveryMode mode)
    {
        var openId = NewOpenId();
        var msgId = CallbackClient.NextMsgId();

        var reply = XElement.Parse(await _client.SendAsync(CallbackMessages.Text(openId, CallbackClient.Now, msgId, "你好"), mode));

        Assert.Equal(openId, reply.Element("ToUserName")!.Value);
        Assert.Equal(CallbackMessages.DefaultOriginalId, reply.Element("FromUserName")!.Value);
        Assert.Equal("text", reply.Element("MsgType")!.Value);
        Assert.Contains("报修", reply.Element("Content")!.Value, StringComparison.Ordinal);

        var history = await Conversations.ReadHistoryAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId), 10, default);
        Assert.Collection(history,
            line => Assert.Equal(("in", "text", "你好"), (line.Direction, line.Kind, line.Text)),
            line => Assert.Equal(("out", "text"), (line.Direction, line.Kind)));
    }

    [Fact]
    public async Task A_safe_mode_reply_is_an_encrypted_signed_envelope()
    {
        var request = _host.WeChat.Sign(CallbackMessages.Text(NewOpenId(), CallbackClient.Now, CallbackClient.NextMsgId(), "你好"), DeliveryMode.Safe, CallbackClient.Now);

        using var response = await _client.PostAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        var envelope = XElement.Parse(body);
        Assert.NotNull(envelope.Element("Encrypt"));
        Assert.Null(envelope.Element("Content"));
        Assert.Contains("<Content>", _host.WeChat.OpenReply(body), StringComparison.Ordinal); // OpenReply checks MsgSignature and AppId
    }

    [Fact]
    public async Task A_voice_message_is_understood_from_its_recognised_text()
    {
        var reply = await _client.SendAsync(CallbackMessages.Voice(NewOpenId(), CallbackClient.Now, CallbackClient.NextMsgId(), "三号楼二单元的电梯坏了"));

        Assert.Contains("工单号", SimulatedWeChat.ReplyText(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_is_welcomed()
    {
        var reply = await _client.SendAsync(CallbackMessages.Subscribe(NewOpenId(), CallbackClient.Now));

        Assert.StartsWith("欢迎关注", SimulatedWeChat.ReplyText(reply), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<MsgType><![CDATA[miniprogrampage]]></MsgType><MsgId>77</MsgId>")]
    [InlineData("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>5</MsgID><Status><![CDATA[send success]]></Status>")]
    public async Task An_unknown_kind_is_answered_success_and_kept(string fields)
    {
        var openId = NewOpenId();
        var xml = $"<xml><ToUserName><![CDATA[gh_neighborbot]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>{CallbackClient.Now}</CreateTime>{fields}</xml>";

        Assert.Equal("success", await _client.SendAsync(xml));

        var history = await Conversations.ReadHistoryAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId), 10, default);
        Assert.Equal(xml, Assert.Single(history).Text);
    }

    [Fact]
    public async Task Location_events_only_keep_the_last_position()
    {
        var openId = NewOpenId();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("success", await _client.SendAsync(CallbackMessages.LocationEvent(openId, CallbackClient.Now + i, 34.70 + (i / 1000.0), 113.62)));
        }

        var who = PersonKey.OfficialAccount(NeighborBotFactory.Account, openId);
        Assert.Null((await Conversations.GetAsync(who, default)).State);
        Assert.Empty(await Conversations.ReadHistoryAsync(who, 100, default));
        Assert.Equal(34.719, (await Conversations.GetLastLocationAsync(who, default))!.Latitude, 6);
    }

    public static TheoryData<string, string> UnusablePositions => new()
    {
        { "Latitude", "NaN" },
        { "Longitude", "Infinity" },
        { "Precision", "1e309" },
        { "Latitude", "-Infinity" },
    };

    [Theory]
    [MemberData(nameof(UnusablePositions))]
    public async Task A_location_event_with_an_unusable_number_is_answered_success_stores_nothing_and_warns_once(string field, string value)
    {
        var openId = NewOpenId();
        var xml = Regex.Replace(CallbackMessages.LocationEvent(openId, CallbackClient.Now, 34.7, 113.6), $"<{field}>.*?</{field}>", $"<{field}>{value}</{field}>");
        var before = _host.Logs.Count;

        var answer = await _client.SendAsync(xml);

        Assert.Equal("success", answer);
        var who = PersonKey.OfficialAccount(NeighborBotFactory.Account, openId);
        Assert.Null(await Conversations.GetLastLocationAsync(who, default));
        Assert.Empty(await Conversations.ReadHistoryAsync(who, 10, default));
        var logs = _host.Logs.Skip(before).Where(l => l.Level >= LogLevel.Warning && !l.Category.StartsWith("Hangfire", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(logs);
        Assert.Equal((LogLevel.Warning, 1102), (warning.Level, warning.EventId.Id));
        Assert.Null(warning.Exception);
        Assert.Contains(field, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Location_X", "NaN")]
    [InlineData("Location_Y", "Infinity")]
    [InlineData("Scale", "1e309")]
    public async Task A_location_message_with_an_unusable_number_is_answered_politely_and_nothing_fails(string field, string value)
    {
        var openId = NewOpenId();
        var xml = Regex.Replace(
            CallbackMessages.Location(openId, CallbackClient.Now, CallbackClient.NextMsgId(), 34.7466, 113.6254, "高阳社区东门"),
            $"<{field}>.*?</{field}>", $"<{field}>{value}</{field}>");
        var before = _host.Logs.Count;

        var reply = SimulatedWeChat.ReplyText(await _client.SendAsync(xml, DeliveryMode.Safe));

        Assert.Equal(ResidentTexts.PlaceUnreadable, reply);
        Assert.Empty(await Conversations.ReadHistoryAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId), 10, default));
        var logs = _host.Logs.Skip(before).Where(l => l.Level >= LogLevel.Warning && !l.Category.StartsWith("Hangfire", StringComparison.Ordinal)).ToList();
        Assert.Equal(1102, Assert.Single(logs).EventId.Id);
    }

    [Fact]
    public async Task The_same_message_delivered_three_times_at_once_is_handled_once_and_answered_alike()
    {
        var openId = NewOpenId();
        var request = _host.WeChat.Sign(CallbackMessages.Text(openId, CallbackClient.Now, CallbackClient.NextMsgId(), "3号楼电梯坏了"), DeliveryMode.Safe, CallbackClient.Now);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await _client.PostAsync(request);
            return _host.WeChat.OpenReply(await response.Content.ReadAsStringAsync());
        }));

        var texts = responses.Select(SimulatedWeChat.ReplyText).ToList();
        Assert.All(texts, t => Assert.Equal(texts[0], t));
        Assert.Contains("工单号", texts[0], StringComparison.Ordinal);
        var tickets = await _host.Services.GetRequiredService<NeighborBot.Tickets.ITicketStore>()
            .ListByReporterAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId).ToString(), 10, default);
        Assert.Single(tickets);
        var history = await Conversations.ReadHistoryAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId), 10, default);
        Assert.Single(history, line => line.Direction == "in");
    }

    [Fact]
    public async Task Messages_of_different_people_with_the_same_msg_id_are_both_handled()
    {
        var msgId = CallbackClient.NextMsgId();

        var first = await _client.SendAsync(CallbackMessages.Text(NewOpenId(), CallbackClient.Now, msgId, "你好"));
        var second = await _client.SendAsync(CallbackMessages.Text(NewOpenId(), CallbackClient.Now, msgId, "你好"));

        Assert.NotEqual("success", first);
        Assert.NotEqual("success", second);
    }

    public static TheoryData<string, HttpStatusCode> BadRequests => new()
    {
        { "dtd", HttpStatusCode.BadRequest },
        { "malformed", HttpStatusCode.BadRequest },
        { "missing-fields", HttpStatusCode.BadRequest },
        { "bad-signature", HttpStatusCode.Unauthorized },
        { "stale-timestamp", HttpStatusCode.Unauthorized },
        { "bad-msg-signature", HttpStatusCode.Unauthorized },
        { "wrong-app-id", HttpStatusCode.BadRequest },
        { "garbled-ciphertext", HttpStatusCode.BadRequest },
        { "plaintext-to-safe-only-account", HttpStatusCode.BadRequest },
        { "too-large", HttpStatusCode.RequestEntityTooLarge },
        { "too-large-chunked", HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_refused_logged_once_without_secrets_and_handled_not(string kind, HttpStatusCode expected)
    {
        var openId = NewOpenId();
        var now = CallbackClient.Now;
        var text = CallbackMessages.Text(openId, now, CallbackClient.NextMsgId(), "hello");
        var wechat = _host.WeChat;
        var request = kind switch
        {
            "dtd" => wechat.Sign("<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + text.Replace("hello", "&x;", StringComparison.Ordinal), DeliveryMode.Plaintext, now),
            "malformed" => wechat.Sign(text[..^10], DeliveryMode.Plaintext, now),
            "missing-fields" => wechat.Sign("<xml><MsgType>text</MsgType></xml>", DeliveryMode.Plaintext, now),
            "bad-signature" => wechat.Sign(text, DeliveryMode.Plaintext, now) is var s ? s with { PathAndQuery = s.PathAndQuery.Replace("signature=", "signature=f", StringComparison.Ordinal) } : null!,
            "stale-timestamp" => wechat.Sign(text, DeliveryMode.Plaintext, now - 3600),
            "bad-msg-signature" => wechat.Sign(text, DeliveryMode.Safe, now) is var s ? s with { PathAndQuery = s.PathAndQuery.Replace("msg_signature=", "msg_signature=0", StringComparison.Ordinal)[..^1] } : null!,
            "wrong-app-id" => new SimulatedWeChat(NeighborBotFactory.Account, NeighborBotFactory.Token, "wxsomeoneelse0000", NeighborBotFactory.AesKey).Sign(text, DeliveryMode.Safe, now),
            "garbled-ciphertext" => Garble(wechat.Sign(text, DeliveryMode.Safe, now)),
            "plaintext-to-safe-only-account" => new SimulatedWeChat(NeighborBotFactory.SafeOnlyAccount, NeighborBotFactory.Token, NeighborBotFactory.AppId, NeighborBotFactory.AesKey).Sign(text, DeliveryMode.Plaintext, now),
            "too-large" or "too-large-chunked" => wechat.Sign(text.Replace("hello", new string('x', 70_000), StringComparison.Ordinal), DeliveryMode.Plaintext, now),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var logsBefore = _host.Logs.Count;

        using var content = kind == "too-large-chunked"
            ? (HttpContent)new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(request.Body)))
            : new StringContent(request.Body, Encoding.UTF8, "text/xml");
        if (kind == "too-large-chunked")
        {
            content.Headers.ContentLength = null;
        }

        using var response = await _host.CreateClient().PostAsync(request.PathAndQuery, content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);

        var warnings = _host.Logs.Skip(logsBefore).Where(l => l.Level >= LogLevel.Warning && !l.Category.StartsWith("Hangfire", StringComparison.Ordinal));
        var logged = Assert.Single(warnings);
        Assert.True(logged.EventId.Id is 1002 or 1003, logged.Message);
        Assert.DoesNotContain(NeighborBotFactory.Token, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NeighborBotFactory.AesKey, logged.Message, StringComparison.Ordinal);
        Assert.Empty(await Conversations.ReadHistoryAsync(PersonKey.OfficialAccount(NeighborBotFactory.Account, openId), 10, default));
    }

    private static SignedCallback Garble(SignedCallback request)
    {
        var root = XElement.Parse(request.Body);
        var encrypt = root.Element("Encrypt")!.Value;
        // Flipping the top bit of the last byte of the second-to-last block turns the padding length into
        // a value over 32, so the frame cannot be valid whatever the random prefix was.
        var bytes = Convert.FromBase64String(encrypt);
        bytes[^17] ^= 0x80;
        var garbled = Convert.ToBase64String(bytes);
        var query = request.PathAndQuery;
        var parts = System.Web.HttpUtility.ParseQueryString(query[(query.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        var signature = WeChatSignature.Compute(NeighborBotFactory.Token, parts["timestamp"]!, parts["nonce"]!, garbled);
        return new SignedCallback(
            query.Replace(parts["msg_signature"]!, signature, StringComparison.Ordinal),
            request.Body.Replace(encrypt, garbled, StringComparison.Ordinal));
    }
}
