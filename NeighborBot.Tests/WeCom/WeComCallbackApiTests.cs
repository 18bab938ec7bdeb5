using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Directory;
using NeighborBot.Groups;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using NeighborBot.Wording;

namespace NeighborBot.Tests.WeCom;

/// <summary>
/// A WeCom smart robot's callback through the real host on real Redis: WeCom's side played by
/// <see cref="WeComSide"/> (its own crypto), WeChat's API and the groups' robot webhook by fakes on loopback.
/// </summary>
public sealed class WeComCallbackApiTests : IClassFixture<WeComCallbackApiTests.Host>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Host _host;
    private readonly WeComSide _wecom;

    public WeComCallbackApiTests(Host host)
    {
        _host = host;
        _wecom = host.Factory.Side();
    }

    /// <summary>One host for the class: the fakes, the robot, and the community with its mapped group.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public FakeWeChatApi Api { get; private set; } = null!;

        public FakeWeComRobot Robot { get; private set; } = null!;

        public NeighborBotFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Api = await FakeWeChatApi.StartAsync();
            Robot = await FakeWeComRobot.StartAsync();
            Factory = new NeighborBotFactory().With("WeChat:ApiBaseUrl", Api.BaseUrl).WithWeCom(Robot);
            await Factory.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(WeComTestHost.Directory(), default);
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Robot.DisposeAsync();
            await Api.DisposeAsync();
        }
    }

    private static string NewUser() => "u_" + Guid.NewGuid().ToString("N")[..10];

    private ITicketStore Tickets => _host.Factory.Services.GetRequiredService<ITicketStore>();

    private Task<IReadOnlyList<Ticket>> ReportedBy(PersonKey who) => Tickets.ListByReporterAsync(who.ToString(), 10, default);

    private static PersonKey Member(string chatId, string userId) => GroupAddress.Member(WeComTestHost.Source, chatId, userId);

    [Fact]
    public async Task Url_verification_answers_the_decrypted_echostr_as_plain_text()
    {
        var response = await _host.Factory.CreateClient().GetAsync(_wecom.VerificationUrl("7465018921376491329"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("7465018921376491329", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Url_verification_of_the_documented_vector_answers_its_plaintext()
    {
        // The vector's timestamp is long past: this host checks the skew, so the vector is refused as stale,
        // and a host without the check (MaxClockSkew 0) answers it.
        var url = $"/wecom/aibot/{WeComTestHost.Bot}?msg_signature={WeComVectors.EchoSignature}&timestamp={WeComVectors.Timestamp}" +
                  $"&nonce={WeComVectors.Nonce}&echostr={Uri.EscapeDataString(WeComVectors.EchoStr)}";
        await using var lenient = new NeighborBotFactory(useRedis: false).WithWeCom().With("WeCom:MaxClockSkew", "00:00:00");

        var stale = await _host.Factory.CreateClient().GetAsync(url);
        var answered = await lenient.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(WeComVectors.EchoPlain, await answered.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("msg_signature=", "msg_signature=0")]
    [InlineData("nonce=", "nonce=1")]
    public async Task Url_verification_with_a_wrong_signature_is_unauthorized(string part, string tampered)
    {
        var url = _wecom.VerificationUrl("echo-8837").Replace(part, tampered, StringComparison.Ordinal);

        var response = await _host.Factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("echo-8837", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_robot_is_not_found()
    {
        var stranger = new WeComSide(_host.Factory.CreateClient(), "nobody", WeComVectors.Token, WeComVectors.EncodingAesKey);

        var get = await _host.Factory.CreateClient().GetAsync(stranger.VerificationUrl("echo"));
        var post = await stranger.PostAsync(WeComSide.SingleText(NewUser(), "你好"));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task A_post_with_a_bad_signature_is_unauthorized_and_handles_nothing()
    {
        var user = NewUser();
        var message = WeComSide.GroupText(WeComTestHost.MappedGroup, user, "@社区小助手 3号楼2单元楼道灯坏了");

        var response = await _wecom.PostAsync(message, signature: new string('0', 40));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await ReportedBy(Member(WeComTestHost.MappedGroup, user)));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_post_whose_timestamp_is_more_than_five_minutes_off_is_unauthorized(int seconds)
    {
        var user = NewUser();

        var response = await _wecom.PostAsync(WeComSide.GroupText(WeComTestHost.MappedGroup, user, "@社区小助手 3号楼楼道灯坏了"), timestamp: WeComSide.Now + seconds);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await ReportedBy(Member(WeComTestHost.MappedGroup, user)));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var response = await _wecom.PostRawAsync("x", body: "{\"encrypt\": \"" + new string('A', 70_000) + "\"}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    public static TheoryData<string, string?, string> Malformed => new()
    {
        { "AAAA", "not json at all", "not valid JSON" },
        { "AAAA", "{\"echo\": 1}", "no encrypt field" },
        { "not base64!", null, "encrypt does not decrypt" },
        { "AAAAAAAAAAAAAAAAAAAAAA==", null, "encrypt does not decrypt" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_body_is_refused_with_400_and_a_plain_reason(string encrypt, string? body, string reason)
    {
        var response = await _wecom.PostRawAsync(encrypt, body: body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json inside", "not valid JSON")]
    [InlineData("""{"msgid": "m", "chattype": "group", "from": {"userid": "u"}, "msgtype": "text"}""", "chatid is missing")]
    public async Task A_sealed_message_that_cannot_be_read_is_refused_with_400_and_says_why(string plain, string reason)
    {
        var response = await _wecom.PostRawAsync(_wecom.Seal(plain));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_sealed_for_another_receive_id_is_refused_with_400()
    {
        var response = await _wecom.PostRawAsync(_wecom.Seal(WeComSide.SingleText(NewUser(), "你好").ToJsonString(), receiveId: "ww1234567890abcdef"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("receive id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_in_a_mapped_group_is_ticketed_and_answered_without_the_phone_or_the_room()
    {
        var user = NewUser();
        var message = WeComSide.GroupText(WeComTestHost.MappedGroup, user, "@社区小助手 3号楼2单元501楼道灯坏了，我电话13912345678");

        var reply = await _wecom.SendAsync(message);

        var ticket = Assert.Single(await ReportedBy(Member(WeComTestHost.MappedGroup, user)));
        Assert.NotNull(reply);
        Assert.Equal("stream", reply.Msgtype);
        Assert.Equal((string)message["msgid"]!, (string)reply.Plain["stream"]!["id"]!);
        Assert.True((bool)reply.Plain["stream"]!["finish"]!);
        Assert.Contains(ticket.ShortNumber, reply.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", reply.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("501", reply.Content, StringComparison.Ordinal);
        Assert.Equal("g1", ticket.Grid);
    }

    [Fact]
    public async Task A_repeated_msgid_gets_the_first_answer_and_is_handled_once()
    {
        var chat = "wrk-repeat-" + Guid.NewGuid().ToString("N")[..8];
        var user = NewUser();
        var mapped = WeComTestHost.Directory() with
        {
            Groups = [.. WeComTestHost.Directory().Groups, new ChatGroup { Bridge = WeComTestHost.Source, Id = chat, Name = "6号楼住户群", Grid = "g2" }],
        };
        await _host.Factory.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(mapped, default);
        var message = WeComSide.GroupText(chat, user, "@社区小助手 6号楼1单元楼道灯坏了");

        var first = await _wecom.SendAsync(message);
        var again = await _wecom.SendAsync(message);

        Assert.Equal(first!.Content, again!.Content);
        Assert.Single(await ReportedBy(Member(chat, user)));
        var today = DateOnly.FromDateTime(ChinaTime.ToChina(DateTimeOffset.UtcNow).DateTime);
        var counts = await _host.Factory.Services.GetRequiredService<IGroupStore>().CountsAsync(today.AddDays(-1), today.AddDays(1), default);
        Assert.Equal(1, counts.Where(c => c.Source == WeComTestHost.Source && c.Id == chat).Sum(c => c.Messages));
    }

    [Fact]
    public async Task A_report_intake_cannot_place_in_one_kind_both_handled_by_the_wuye_is_ticketed_in_the_group_at_once()
    {
        var user = NewUser();

        // Sanitation or the 物业's service: either way the 物业 handles it, so the group is not asked which.
        var answered = await _wecom.SendAsync(WeComSide.GroupText(WeComTestHost.MappedGroup, user, "@社区小助手 6号楼1单元楼下那块脏得很"));

        var ticket = Assert.Single(await ReportedBy(Member(WeComTestHost.MappedGroup, user)));
        Assert.Contains(ticket.ShortNumber, answered!.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("请问是", answered.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_nobody_mapped_is_recorded_for_admins_and_nothing_is_ticketed()
    {
        var chat = "wrk-unknown-" + Guid.NewGuid().ToString("N")[..8];
        var user = NewUser();

        var reply = await _wecom.SendAsync(WeComSide.GroupText(chat, user, "@社区小助手 3号楼2单元楼道灯坏了"));

        Assert.Equal(GroupTexts.UnknownGroup, reply!.Content);
        Assert.Empty(await ReportedBy(Member(chat, user)));
        var admin = _host.Factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        var groups = JsonNode.Parse(await admin.GetStringAsync("/api/admin/groups"))!;
        Assert.Contains(groups["unknown"]!.AsArray(), g => (string)g!["source"]! == WeComTestHost.Source && (string)g["id"]! == chat);
    }

    [Fact]
    public async Task A_refresh_of_an_answered_stream_gets_the_finished_answer_again()
    {
        var user = NewUser();
        var message = WeComSide.GroupText(WeComTestHost.MappedGroup, user, "@社区小助手 4号楼3单元电梯不动了");
        var answered = await _wecom.SendAsync(message);

        var refreshed = await _wecom.SendAsync(WeComSide.StreamRefresh(WeComTestHost.MappedGroup, user, (string)message["msgid"]!));
        var unknown = await _wecom.SendAsync(WeComSide.StreamRefresh(WeComTestHost.MappedGroup, user, "never-ours"));

        Assert.Equal(answered!.Content, refreshed!.Content);
        Assert.True((bool)refreshed.Plain["stream"]!["finish"]!);
        Assert.Equal(("never-ours", string.Empty, true), ((string)unknown!.Plain["stream"]!["id"]!, unknown.Content, (bool)unknown.Plain["stream"]!["finish"]!));
        Assert.Single(await ReportedBy(Member(WeComTestHost.MappedGroup, user)));
    }

    [Fact]
    public async Task A_worker_accepts_from_the_group_and_the_reporter_is_told_there_through_the_robot()
    {
        var resident = NewUser();
        await _wecom.SendAsync(WeComSide.GroupText(WeComTestHost.MappedGroup, resident, "@社区小助手 2号楼1单元消防通道堆满了杂物，电话13912345678"));
        var ticket = Assert.Single(await ReportedBy(Member(WeComTestHost.MappedGroup, resident)));
        // A hazard goes to the grid's worker, who may accept it.
        await UntilAsync(ticket.Number, t => t.Status == TicketStatus.Assigned && t.Assignee == WeComTestHost.WorkerId);

        var reply = await _wecom.SendAsync(WeComSide.GroupText(WeComTestHost.MappedGroup, WeComTestHost.WorkerUser, $"@社区小助手 接单 {ticket.Number}"));

        Assert.Equal($"已接单：{ticket.ShortNumber}。", reply!.Content);
        var accepted = await UntilAsync(ticket.Number, t => t.Status == TicketStatus.Accepted);
        Assert.Equal(WeComTestHost.WorkerId, accepted.Assignee);
        var told = await UntilPostedAsync(c => c.Mentioned.Contains(resident));
        Assert.Equal(WeComTestHost.RobotKey, told.Key);
        Assert.Equal("text", told.Msgtype);
        Assert.Contains(ticket.ShortNumber, told.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", told.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("张伟", told.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_visit_to_the_one_to_one_chat_is_greeted_with_a_text()
    {
        var reply = await _wecom.SendAsync(WeComSide.EnterChat(NewUser()));

        Assert.Equal("text", reply!.Msgtype);
        Assert.Equal(ResidentTexts.Help, reply.Content);
    }

    [Fact]
    public async Task An_event_that_takes_no_answer_gets_an_empty_200()
    {
        var feedback = WeComSide.EnterChat(NewUser());
        feedback["event"] = new JsonObject { ["eventtype"] = "feedback_event", ["feedback_event"] = new JsonObject { ["id"] = "f1", ["type"] = 1 } };

        Assert.Null(await _wecom.SendAsync(feedback));
    }

    [Fact]
    public async Task A_one_to_one_chat_is_the_persons_own_conversation_answered_as_a_resident()
    {
        var user = NewUser();

        var reply = await _wecom.SendAsync(WeComSide.SingleText(user, "7号楼2单元楼道灯坏了"));

        var ticket = Assert.Single(await ReportedBy(new PersonKey(PersonKey.WeComChannel, WeComTestHost.Bot, user)));
        Assert.Contains(ticket.ShortNumber, reply!.Content, StringComparison.Ordinal);
        Assert.Equal("g2", ticket.Grid);
    }

    [Fact]
    public async Task Neither_the_token_nor_the_aes_key_nor_the_robot_key_is_ever_logged()
    {
        await _wecom.SendAsync(WeComSide.GroupText(WeComTestHost.MappedGroup, NewUser(), "@社区小助手 1号楼漏水了"));
        await _wecom.PostAsync(WeComSide.SingleText(NewUser(), "你好"), signature: new string('1', 40));

        Assert.DoesNotContain(_host.Factory.Logs, l =>
            l.Message.Contains(WeComVectors.Token, StringComparison.Ordinal)
            || l.Message.Contains(WeComVectors.EncodingAesKey, StringComparison.Ordinal)
            || l.Message.Contains(WeComTestHost.RobotKey, StringComparison.Ordinal));
    }

    private async Task<Ticket> UntilAsync(string number, Func<Ticket, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await Tickets.GetAsync(number, default) is { } ticket && condition(ticket))
            {
                return ticket;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Ticket {number} did not reach the expected state in time.");
        return null!;
    }

    private async Task<RobotCall> UntilPostedAsync(Func<RobotCall, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_host.Robot.Calls.FirstOrDefault(match) is { } call)
            {
                return call;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The group robot was not posted to in time.");
        return null!;
    }
}
