using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Api.Admin;
using NeighborBot.Bridges;
using NeighborBot.Directory;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;
using StackExchange.Redis;

using Role = NeighborBot.Directory.Role;

namespace NeighborBot.Tests.Groups;

/// <summary>
/// A group bridge through <c>POST /bridge/{bridge}/messages</c> against the real host on real Redis with
/// the real Hangfire server, and the bridge's SendUrl played by a fake on loopback: the contract's
/// refusals, dedupe, groups to map, what reaches the bot, privacy of what is said in a group, and a
/// ticket's life reported and handled in a group.
/// </summary>
public sealed class BridgeApiTests : IAsyncLifetime
{
    private const string Bridge = "wechaty";
    private const string Secret = "bridge-secret-for-tests-0123456789";
    private const string GroupId = "R:10696051";
    private const string GroupName = "3号楼住户群";
    private const string WorkerMember = "wxid_worker";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private FakeBridge _bridge = null!;
    private NeighborBotFactory _host = null!;
    private HttpClient _http = null!;
    private readonly SimulatedBridge _sim = new(Bridge, Secret);

    public static DirectoryDocument Directory(bool mapped = true) => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids = [new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3, 4] }],
        Households = [new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501" }],
        People =
        [
            new Person { Id = "w1", Name = "张伟", Phone = "13800000001", OpenId = "o_w1", Roles = [Role.GridWorker], Grids = ["g1"], Identities = [$"grp:{Bridge}:{WorkerMember}"] },
            new Person { Id = "s1", Name = "王强", Phone = "13800000003", OpenId = "o_s1", Roles = [Role.Secretary] },
            new Person { Id = "p1", Name = "赵敏", Phone = "13800000004", OpenId = "o_p1", Roles = [Role.Department], Department = "物业" },
        ],
        Groups = mapped ? [new ChatGroup { Bridge = Bridge, Id = GroupId, Name = GroupName, Grid = "g1" }] : [],
    };

    public async Task InitializeAsync()
    {
        _bridge = await FakeBridge.StartAsync(Secret);
        _host = new NeighborBotFactory()
            .With($"Bridges:{Bridge}:Secret", Secret)
            .With($"Bridges:{Bridge}:SendUrl", _bridge.SendUrl)
            .With("Notifications:RetryBaseDelay", "00:00:01");
        _http = _host.CreateClient();
        await _host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Directory(), default);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _bridge.DisposeAsync();
    }

    private Task<BridgeResponse> Say(string member, string text, bool mentioned = true, string? id = null, string group = GroupId, string name = GroupName) =>
        _sim.PostAsync(_http, _sim.Message(group, name, member, "王阿姨", text, mentioned, id: id));

    private Task<IReadOnlyList<Ticket>> TicketsOf(string member, string group = GroupId) =>
        _host.Services.GetRequiredService<ITicketStore>().ListByReporterAsync($"grp:{Bridge}/{Uri.EscapeDataString(group)}:{member}", 10, default);

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);

    private static object Contract(string id = "msg-1") => new
    {
        id,
        group = new { id = GroupId, name = GroupName },
        sender = new { id = "wxid_abc", name = "王阿姨" },
        mentioned = true,
        kind = "text",
        text = "@社区小助手 3号楼2单元楼道灯坏了",
        attachments = Array.Empty<object>(),
        sentAt = "2026-11-29T08:00:00+08:00",
    };

    [Fact]
    public async Task The_contracts_example_is_taken_and_answered_with_reply_and_ticket()
    {
        var response = await _sim.PostRawAsync(_http, Json(Contract()));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        using var json = JsonDocument.Parse(response.Body);
        var ticket = json.RootElement.GetProperty("ticket").GetString();
        Assert.Matches(@"^\d{8}-\d{4}$", ticket);
        Assert.Contains(ticket![^4..], json.RootElement.GetProperty("reply").GetString(), StringComparison.Ordinal);
        var opened = Assert.Single(await TicketsOf("wxid_abc"));
        Assert.Equal((ticket, "repair", 3, 2), (opened.Number, opened.Category, opened.Location?.Building, opened.Location?.Unit));
        Assert.Equal("g1", opened.Grid);
    }

    [Fact]
    public async Task A_bad_signature_a_stale_or_missing_timestamp_and_an_unknown_bridge_are_refused()
    {
        var body = Json(Contract());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        Assert.Equal(HttpStatusCode.Unauthorized, (await _sim.PostRawAsync(_http, body, signWith: "another-secret-0123456789")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sim.PostRawAsync(_http, body, timestamp: now - 310)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _sim.PostRawAsync(_http, body, timestamp: now + 310)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _sim.PostRawAsync(_http, body, timestamp: now - 240)).Status);

        using var unsigned = new HttpRequestMessage(HttpMethod.Post, _sim.Path) { Content = new ByteArrayContent(body) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(unsigned)).StatusCode);

        var other = await new SimulatedBridge("nobody", Secret).PostRawAsync(_http, body);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Single(await TicketsOf("wxid_abc"));
    }

    [Fact]
    public async Task A_body_signed_for_another_body_is_refused()
    {
        var signed = Json(Contract());
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, _sim.Path) { Content = new ByteArrayContent(Json(Contract("msg-forged"))) };
        request.Headers.Add(BridgeSignature.TimestampHeader, at);
        request.Headers.Add(BridgeSignature.SignatureHeader, BridgeSignature.Compute(Secret, at, signed));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(request)).StatusCode);
        Assert.Empty(await TicketsOf("wxid_abc"));
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_announced_or_not()
    {
        var big = Encoding.UTF8.GetBytes(new string('x', BridgeCallback.MaxBodyBytes + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _sim.PostRawAsync(_http, big)).Status);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, _sim.Path) { Content = new StreamContent(new MemoryStream(big)) };
        chunked.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _http.SendAsync(chunked)).StatusCode);
    }

    [Theory]
    [InlineData("{\"id\": \"x\", ", "not valid JSON")]
    [InlineData("[]", "not valid JSON")]
    [InlineData("{\"id\": \"m\", \"group\": {\"id\": \"R:1\"}, \"sender\": {}, \"kind\": \"text\"}", "sender.id is missing")]
    [InlineData("{\"group\": {\"id\": \"R:1\"}, \"sender\": {\"id\": \"a\"}, \"kind\": \"sticker\"}", "id is missing; kind must be one of text, image, voice, other")]
    public async Task Malformed_json_gets_400_with_the_reason(string body, string reason)
    {
        var response = await _sim.PostRawAsync(_http, Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(reason, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_message_id_is_answered_as_the_first_time_and_handled_once()
    {
        var first = await Say("wxid_abc", "@社区小助手 3号楼2单元楼道灯坏了", id: "repeat-1");
        var again = await Say("wxid_abc", "@社区小助手 3号楼2单元楼道灯坏了", id: "repeat-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Say("wxid_abc", "@社区小助手 3号楼2单元楼道灯坏了", id: "repeat-2")));

        Assert.Equal(first.Body, again.Body);
        Assert.NotNull(first.Answer?.Ticket);
        Assert.Single(concurrent.Select(r => r.Body).Distinct());
        Assert.Equal(2, (await TicketsOf("wxid_abc")).Count);
    }

    [Fact]
    public async Task Chatter_is_counted_never_stored_and_gets_no_answer()
    {
        var answer = await Say("wxid_chat", "今天菜市场的白菜好便宜啊，我家电话13912345678", mentioned: false);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Null(answer.Answer!.Reply);
        Assert.Null(answer.Answer.Ticket);
        var redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.ConnectionString);
        await using (redis)
        {
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            var keys = server.Keys(pattern: _host.KeyPrefix + "*").Select(k => (string)k!).ToList();
            Assert.DoesNotContain(keys, k => k.Contains("wxid_chat", StringComparison.Ordinal));
            foreach (var key in keys.Where(k => redis.GetDatabase().KeyType(k) == RedisType.String))
            {
                Assert.DoesNotContain("13912345678", (string?)await redis.GetDatabase().StringGetAsync(key) ?? string.Empty, StringComparison.Ordinal);
            }
        }

        var groups = await Admin().GetFromJsonAsync<JsonElement>("/api/admin/groups");
        var counts = groups.GetProperty("groups")[0].GetProperty("messages");
        Assert.Equal(1, counts.EnumerateObject().Sum(day => day.Value.GetInt64()));
    }

    [Theory]
    [InlineData("#报修 3号楼2单元楼道灯坏了", false)]
    [InlineData("#求助 3号楼2单元楼道灯坏了", false)]
    [InlineData("@社区小助手\u20053号楼2单元楼道灯坏了", true)]
    public async Task A_mention_or_a_prefix_brings_a_message_to_the_bot_without_its_address(string text, bool mentioned)
    {
        var answer = await Say("wxid_abc", text, mentioned);

        Assert.NotNull(answer.Answer!.Ticket);
        var ticket = Assert.Single(await TicketsOf("wxid_abc"));
        Assert.Equal("3号楼2单元楼道灯坏了", ticket.Text);
    }

    [Fact]
    public async Task An_unknown_group_is_recorded_for_an_admin_and_ticketed_only_once_mapped()
    {
        const string stranger = "R:999", strangerName = "9号楼业主群";
        var before = await Say("wxid_abc", "@社区小助手 3号楼2单元楼道灯坏了", group: stranger, name: strangerName);

        Assert.Contains("还没在社区登记", before.Answer!.Reply, StringComparison.Ordinal);
        Assert.Null(before.Answer.Ticket);
        Assert.Empty(await TicketsOf("wxid_abc", stranger));
        var listed = await Admin().GetFromJsonAsync<JsonElement>("/api/admin/groups");
        var unknown = Assert.Single(listed.GetProperty("unknown").EnumerateArray());
        Assert.Equal((Bridge, stranger, strangerName), (unknown.GetProperty("source").GetString(), unknown.GetProperty("id").GetString(), unknown.GetProperty("name").GetString()));
        Assert.True(unknown.GetProperty("firstSeen").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));

        var map = await Admin().PutAsJsonAsync($"/api/admin/groups/{Bridge}/{Uri.EscapeDataString(stranger)}", new { name = strangerName, grid = "g1" });
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        listed = await Admin().GetFromJsonAsync<JsonElement>("/api/admin/groups");
        Assert.Empty(listed.GetProperty("unknown").EnumerateArray());
        Assert.Contains(listed.GetProperty("groups").EnumerateArray(), g => g.GetProperty("id").GetString() == stranger && g.GetProperty("grid").GetString() == "g1");

        var after = await Say("wxid_abc", "@社区小助手 3号楼2单元楼道灯坏了", group: stranger, name: strangerName);
        Assert.NotNull(after.Answer!.Ticket);
        Assert.Single(await TicketsOf("wxid_abc", stranger));
    }

    [Fact]
    public async Task Mapping_a_group_to_a_grid_that_does_not_exist_is_refused_and_changes_nothing()
    {
        var refused = await Admin().PutAsJsonAsync($"/api/admin/groups/{Bridge}/R%3A5", new { name = "5号楼", grid = "g9" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("grid 'g9' is not in grids", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await Admin().GetFromJsonAsync<JsonElement>("/api/admin/groups")).GetProperty("groups").EnumerateArray());
    }

    [Fact]
    public async Task A_report_with_phone_name_and_room_is_answered_in_the_group_without_them()
    {
        var answer = await Say("wxid_abc", "@社区小助手 我是王秀英，3号楼2单元501厨房水管漏水了，电话13912345678，快来人");

        var ticket = Assert.Single(await TicketsOf("wxid_abc"));
        Assert.Equal("501", ticket.Location?.Room);   // kept on the ticket for the worker...
        var reply = answer.Answer!.Reply!;
        Assert.Contains(ticket.ShortNumber, reply, StringComparison.Ordinal);
        foreach (var secret in new[] { "13912345678", "501", "王秀英", "王阿姨", ticket.Number })
        {
            Assert.DoesNotContain(secret, reply, StringComparison.Ordinal);   // ...never said in the group
        }
    }

    [Fact]
    public async Task A_group_report_without_a_place_asks_for_the_building_and_gets_it()
    {
        var asked = await Say("wxid_abc", "@社区小助手 楼道灯坏了，晚上黑漆漆的");

        Assert.Null(asked.Answer!.Ticket);
        Assert.Contains("几号楼几单元", asked.Answer.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("门牌号和电话", asked.Answer.Reply!.Replace("门牌号和电话不用在群里说", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var answered = await Say("wxid_abc", "@社区小助手 3号楼2单元");
        var ticket = Assert.Single(await TicketsOf("wxid_abc"));
        Assert.Equal(ticket.Number, answered.Answer!.Ticket);
        Assert.Equal((3, 2), (ticket.Location?.Building, ticket.Location?.Unit));
        Assert.Contains("楼道灯", ticket.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_report_whose_place_names_no_building_goes_to_the_groups_grid()
    {
        await Say("wxid_abc", "@社区小助手 楼道里堆满了纸箱，消防通道都堵了");
        await Say("wxid_abc", "@社区小助手 2单元");

        var ticket = await AssignedAsync("wxid_abc");
        Assert.Equal((null, 2, "g1", "w1"), (ticket.Location?.Building, ticket.Location?.Unit, ticket.Grid, ticket.Assignee));
    }

    [Fact]
    public async Task A_worker_accepts_and_resolves_from_the_group_and_the_reporter_hears_of_it_in_the_group()
    {
        var reported = await Say("wxid_abc", "@社区小助手 3号楼2单元楼道里堆满了纸箱，消防通道都堵了");
        var ticket = await AssignedAsync("wxid_abc");
        Assert.Equal(("hazard", "w1"), (ticket.Category, ticket.Assignee));
        Assert.Equal(ticket.Number, reported.Answer!.Ticket);

        var accepted = await Say(WorkerMember, $"@社区小助手 接单 {ticket.ShortNumber}");
        Assert.Equal($"已接单：{ticket.ShortNumber}。", accepted.Answer!.Reply);
        var stored = (await _host.Services.GetRequiredService<ITicketStore>().GetAsync(ticket.Number, default))!;
        Assert.Equal((TicketStatus.Accepted, "w1"), (stored.Status, stored.Events[^1].Actor));

        var told = await PostedAsync(p => p.Text.Contains("已有工作人员接单", StringComparison.Ordinal));
        Assert.Equal(GroupId, told.Group);
        Assert.Equal(["wxid_abc"], told.Mentions);
        Assert.Contains(ticket.ShortNumber, told.Text, StringComparison.Ordinal);
        Assert.StartsWith(ticket.Number + ":", told.MessageId, StringComparison.Ordinal);

        await Say(WorkerMember, $"@社区小助手 办结 {ticket.ShortNumber} 纸箱已清走");
        var resolved = await PostedAsync(p => p.Text.Contains("已办结", StringComparison.Ordinal));
        Assert.Equal(["wxid_abc"], resolved.Mentions);

        var rated = await Say("wxid_abc", $"@社区小助手 满意 {ticket.ShortNumber}");
        Assert.Contains("谢谢评价", rated.Answer!.Reply, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Closed, (await _host.Services.GetRequiredService<ITicketStore>().GetAsync(ticket.Number, default))!.Status);
        Assert.All(_bridge.Posts, p => Assert.DoesNotContain("纸箱已清走", p.Text.Replace("纸箱已清走", string.Empty, StringComparison.Ordinal) + "", StringComparison.Ordinal));
        Assert.Equal(_bridge.Posts.Count, _bridge.Posts.Select(p => p.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_post_the_bridge_fails_is_retried_under_the_same_message_id_and_said_once()
    {
        await Say("wxid_abc", "@社区小助手 3号楼2单元楼道里堆满了纸箱，消防通道都堵了");
        var ticket = await AssignedAsync("wxid_abc");

        _bridge.FailNext(503, times: 1);
        await Say(WorkerMember, $"@社区小助手 接单 {ticket.ShortNumber}");

        // The retry is a scheduled job: Hangfire looks for due ones every 15 s.
        var told = await PostedAsync(p => p.Text.Contains("接单", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        Assert.Single(_bridge.Posts, p => p.MessageId == told.MessageId);
        var record = await Admin().GetFromJsonAsync<JsonElement>($"/api/admin/messages/{Uri.EscapeDataString(told.MessageId!)}");
        for (var deadline = DateTime.UtcNow + Patience; record.GetProperty("status").GetString() == "Sending" && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            record = await Admin().GetFromJsonAsync<JsonElement>($"/api/admin/messages/{Uri.EscapeDataString(told.MessageId!)}");
        }

        Assert.Equal("Delivered", record.GetProperty("status").GetString());
        Assert.Contains(record.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("reason").GetString()!.Contains("503", StringComparison.Ordinal));
    }

    private HttpClient Admin()
    {
        var admin = _host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey);
        return admin;
    }

    /// <summary>The member's one ticket once the job has assigned it.</summary>
    private async Task<Ticket> AssignedAsync(string member)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if ((await TicketsOf(member)).SingleOrDefault() is { Assignee: not null } ticket)
            {
                return ticket;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No ticket of {member} was assigned in time.");
        return null!;
    }

    private async Task<BridgePost> PostedAsync(Func<BridgePost, bool> match, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (_bridge.Posts.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Nothing matching was posted to the bridge. Posted: {string.Join(" | ", _bridge.Posts.Select(p => p.Text))}");
        return null!;
    }
}
