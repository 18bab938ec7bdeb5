using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Broadcasts;
using NeighborBot.Conversations;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Broadcasts;

/// <summary>
/// Broadcasts through the admin API, sent by the real Hangfire server on Redis to the fake WeChat API and
/// a fake bridge: audiences, approval, opting out, the reply of a resident, the OpenAPI document.
/// </summary>
public sealed class BroadcastApiTests : IAsyncLifetime
{
    private BroadcastTestHost _test = null!;

    public async Task InitializeAsync() => _test = await BroadcastTestHost.StartAsync();

    public async Task DisposeAsync() => await _test.DisposeAsync();

    private static string Run(JsonObject view) => $"{view["id"]}:r1";

    [Fact]
    public async Task A_broadcast_to_one_grid_goes_now_to_its_groups_and_residents_once_each()
    {
        var created = await _test.CreateAsync(new
        {
            title = "停水通知",
            text = "7月13日9点到12点，3号楼停水，请提前储水。",
            audience = new { groups = new[] { "g1" }, residents = new { grids = new[] { "g1" } } },
        });
        Assert.Equal("scheduled", (string?)created["status"]);
        var id = (string)created["id"]!;

        await _test.WaitUntilDoneAsync(new RunId(id, 1));
        var view = await _test.GetAsync(id);

        Assert.Equal("sent", (string?)view["status"]);
        Assert.Equal(5, (int)view["figures"]!["recipients"]!);
        Assert.Equal(5, (int)view["figures"]!["sent"]!);
        Assert.Equal(0, (int)view["figures"]!["pending"]!);
        Assert.Equal(["R:1", "R:2"], _test.FakeBridge.Posts.Select(p => p.Group).Order());
        var residents = _test.Api.Deliveries.Select(d => d.OpenId).Order().ToList();
        Assert.Equal(["o_r_501a", "o_r_501b", "o_r_502"], residents);
        Assert.All(_test.Api.Deliveries, d => Assert.Contains("回复“退订”", d.Text, StringComparison.Ordinal));
        Assert.All(_test.FakeBridge.Posts, p => Assert.StartsWith("【停水通知】", p.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"groups": "all"}""", 3, 0)]
    [InlineData("""{"groups": ["g1"]}""", 2, 0)]
    [InlineData("""{"groups": ["R:3"]}""", 1, 0)]
    [InlineData("""{"residents": "all"}""", 0, 4)]
    [InlineData("""{"residents": {"grids": ["g2"]}}""", 0, 1)]
    [InlineData("""{"residents": {"tags": ["elderly60"]}}""", 0, 3)]
    [InlineData("""{"residents": {"grids": ["g1"], "tags": ["elderly60"]}}""", 0, 2)]
    [InlineData("""{"residents": {"tags": ["low-lying", "living-alone"]}}""", 0, 3)]
    [InlineData("""{"roles": ["grid-worker"]}""", 0, 2)]
    [InlineData("""{"roles": ["volunteer"]}""", 0, 1)]
    [InlineData("""{"people": ["p_wuye"]}""", 0, 1)]
    [InlineData("""{"households": ["3-2-502"]}""", 0, 1)]
    [InlineData("""{"residents": {"tags": ["elderly60"]}, "households": ["3-2-501"], "groups": ["g2"]}""", 1, 3)]
    public async Task Each_audience_is_resolved_from_the_directory_and_the_bound_residents(string audience, int groups, int people)
    {
        var response = await _test.Admin.PostAsync("/api/admin/broadcasts/preview",
            new StringContent($$"""{"audience": {{audience}}}""", System.Text.Encoding.UTF8, "application/json"));
        var preview = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(groups + people, (int)preview["recipients"]!);
        Assert.Equal(groups, (int?)preview["channels"]!["grp"] ?? 0);
        Assert.Equal(people, (int?)preview["channels"]!["mp"] ?? 0);
    }

    [Fact]
    public async Task An_audience_naming_what_the_directory_lacks_is_refused_with_every_problem()
    {
        var response = await _test.Admin.PostAsJsonAsync("/api/admin/broadcasts", new
        {
            title = "通知",
            text = "内容",
            audience = new { groups = new[] { "g9" }, roles = new[] { "boss" }, households = new[] { "9-9-999" } },
        });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("g9", body, StringComparison.Ordinal);
        Assert.Contains("boss", body, StringComparison.Ordinal);
        Assert.Contains("9-9-999", body, StringComparison.Ordinal);
        Assert.Empty(await _test.Store.ListAsync(10, default));
    }

    [Fact]
    public async Task A_broadcast_to_every_resident_waits_for_approval_and_then_goes()
    {
        var created = await _test.CreateAsync(new { title = "社区通知", text = "周六上午社区义诊。", audience = new { residents = "all" } });
        var id = (string)created["id"]!;
        Assert.Equal("awaiting-approval", (string?)created["status"]);
        Assert.True((bool)created["needsApproval"]!);

        var approved = await _test.PostAsync($"/api/admin/broadcasts/{id}/approve", new { by = "王强" });
        Assert.Equal("王强", (string?)approved["approvedBy"]);
        Assert.NotNull(approved["approvedAt"]);

        await _test.WaitUntilDoneAsync(new RunId(id, 1));
        Assert.Equal(4, _test.Api.Deliveries.Count);
        Assert.Equal("sent", (string?)(await _test.GetAsync(id))["status"]);
    }

    [Fact]
    public async Task A_broadcast_to_more_than_one_grid_waits_for_approval_and_one_grid_does_not()
    {
        var two = await _test.CreateAsync(new { title = "通知", text = "内容", audience = new { groups = "all" }, draft = true });
        Assert.Equal("draft", (string?)two["status"]);
        var preview = JsonNode.Parse(await _test.Admin.GetStringAsync($"/api/admin/broadcasts/{two["id"]}/preview"))!;
        Assert.True((bool)preview["needsApproval"]!);
        Assert.Equal(["g1", "g2"], preview["grids"]!.AsArray().Select(g => (string)g!));

        var scheduled = await _test.PostAsync($"/api/admin/broadcasts/{two["id"]}/schedule");
        Assert.Equal("awaiting-approval", (string?)scheduled["status"]);

        var one = await _test.CreateAsync(new { title = "通知", text = "内容", audience = new { groups = new[] { "g2" } }, schedule = new { at = BroadcastTestHost.Start.AddDays(1) } });
        Assert.Equal("scheduled", (string?)one["status"]);
        Assert.Empty(_test.FakeBridge.Posts);
    }

    [Fact]
    public async Task A_draft_can_be_changed_and_a_scheduled_one_cannot()
    {
        var draft = await _test.CreateAsync(new { title = "通知", text = "旧内容", audience = new { groups = new[] { "g2" } }, draft = true });
        var id = (string)draft["id"]!;

        var changed = await _test.Admin.PutAsJsonAsync($"/api/admin/broadcasts/{id}", new { title = "通知", text = "新内容", audience = new { groups = new[] { "g2" } } });
        Assert.Equal("新内容", (string?)JsonNode.Parse(await changed.Content.ReadAsStringAsync())!["text"]);

        await _test.PostAsync($"/api/admin/broadcasts/{id}/schedule");
        var again = await _test.Admin.PutAsJsonAsync($"/api/admin/broadcasts/{id}", new { title = "通知", text = "再改", audience = new { groups = new[] { "g2" } } });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_resident_who_wrote_退订_is_skipped_until_订阅_but_an_urgent_warning_still_reaches_them()
    {
        var client = new CallbackClient(_test.Host.CreateClient(), _test.Host.WeChat);
        Assert.Contains("不再给您发社区通知", await client.SayAsync("o_r_502", "退订"), StringComparison.Ordinal);

        var plain = await _test.CreateAsync(new { title = "社区通知", text = "周六上午社区义诊。", audience = new { households = new[] { "3-2-501", "3-2-502" } } });
        var figures = await _test.WaitUntilDoneAsync(new RunId((string)plain["id"]!, 1));
        Assert.Equal((3, 1, 2), (figures.Recipients, figures.Skipped, figures.Sent));
        Assert.DoesNotContain(_test.Api.Deliveries, d => d.OpenId == "o_r_502");

        var urgent = await _test.CreateAsync(new { title = "暴雨预警", text = "今晚有暴雨，低洼住户请转移。", urgent = true, audience = new { households = new[] { "3-2-502" } } });
        await _test.WaitUntilDoneAsync(new RunId((string)urgent["id"]!, 1));
        var warned = Assert.Single(_test.Api.Deliveries, d => d.OpenId == "o_r_502");
        Assert.Contains("【紧急】暴雨预警", warned.Text, StringComparison.Ordinal);

        Assert.Contains("照常发给您", await client.SayAsync("o_r_502", "订阅"), StringComparison.Ordinal);
        var again = await _test.CreateAsync(new { title = "社区通知", text = "下周一打疫苗。", audience = new { households = new[] { "3-2-502" } } });
        await _test.WaitUntilDoneAsync(new RunId((string)again["id"]!, 1));
        Assert.Equal(2, _test.Api.Deliveries.Count(d => d.OpenId == "o_r_502"));
    }

    [Fact]
    public async Task A_resident_answering_an_anti_fraud_tip_with_a_suspicious_call_gets_a_fraud_ticket()
    {
        var tip = await _test.CreateAsync(new { tip = "fake-police", audience = new { households = new[] { "3-2-502" } } });
        await _test.WaitUntilDoneAsync(new RunId((string)tip["id"]!, 1));
        Assert.Contains("安全账户", Assert.Single(_test.Api.Deliveries).Text, StringComparison.Ordinal);

        var client = new CallbackClient(_test.Host.CreateClient(), _test.Host.WeChat);
        var reply = await client.SayAsync("o_r_502", "刚才有人打电话说是公安局的，说我的银行卡涉嫌洗钱，让我把钱转到安全账户，是不是骗子？");

        var ticket = Assert.Single(await _test.Host.Services.GetRequiredService<ITicketStore>()
            .ListByReporterAsync(BroadcastTestHost.Resident("o_r_502").ToString(), 5, default));
        Assert.Equal("fraud", ticket.Category);
        Assert.Contains(ticket.Number, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_makes_a_news_card_within_the_48_hour_window_and_a_notice_template_outside_it()
    {
        await _test.Host.Services.GetRequiredService<IConversationStore>().SaveProfileAsync(
            BroadcastTestHost.Resident("o_r_501a"), new PersonProfile { HouseholdId = "3-2-501", LastMessageAt = BroadcastTestHost.Start.AddDays(-5) }, default);
        var created = await _test.CreateAsync(new
        {
            title = "防汛知识",
            text = "请看防汛知识。",
            link = "https://example.invalid/flood",
            audience = new { households = new[] { "3-2-501" } },
        });
        await _test.WaitUntilDoneAsync(new RunId((string)created["id"]!, 1));

        var card = Assert.Single(_test.Api.Deliveries, d => d.OpenId == "o_r_501b");
        Assert.Equal(("custom", "https://example.invalid/flood"), (card.Channel, card.Url));
        Assert.StartsWith("防汛知识", card.Text, StringComparison.Ordinal);
        var notice = Assert.Single(_test.Api.Deliveries, d => d.OpenId == "o_r_501a");
        Assert.Equal(("template", "tpl_notice", "防汛知识"), (notice.Channel, notice.TemplateId, notice.Data["thing1"]));
    }

    [Fact]
    public async Task The_recipients_of_a_run_are_listed_page_by_page_with_where_each_stands()
    {
        var created = await _test.CreateAsync(new { title = "通知", text = "内容", audience = new { groups = new[] { "g1" }, households = new[] { "3-2-502" } } });
        var id = (string)created["id"]!;
        await _test.WaitUntilDoneAsync(new RunId(id, 1));

        var first = JsonNode.Parse(await _test.Admin.GetStringAsync($"/api/admin/broadcasts/{id}/recipients?limit=2"))!;
        var rest = JsonNode.Parse(await _test.Admin.GetStringAsync($"/api/admin/broadcasts/{id}/recipients?offset=2&limit=2"))!;

        var all = first["recipients"]!.AsArray().Concat(rest["recipients"]!.AsArray()).ToList();
        Assert.Equal(3, all.Count);
        Assert.All(all, r => Assert.Equal("sent", (string?)r!["state"]));
        Assert.Equal(["3-2-502", "3号楼住户群", "4号楼住户群"], all.Select(r => (string)r!["recipient"]!["name"]!).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _test.Admin.GetAsync("/api/admin/broadcasts/nope/recipients")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_broadcast_routes_behind_the_admin_key()
    {
        var anonymous = await _test.Host.CreateClient().GetAsync("/openapi/v1.json");
        var document = JsonNode.Parse(await _test.Admin.GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/admin/broadcasts", paths);
        Assert.Contains("/api/admin/broadcasts/{id}/approve", paths);
        Assert.Contains("/api/admin/broadcasts/{id}/cancel", paths);
        Assert.Contains("/api/admin/broadcasts/{id}/recipients", paths);
        Assert.Equal(2, document["components"]!["schemas"]!["GroupChoice"]!["oneOf"]!.AsArray().Count);
        Assert.Equal(2, document["components"]!["schemas"]!["ResidentChoice"]!["oneOf"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_library_lists_ready_anti_fraud_messages()
    {
        var tips = JsonNode.Parse(await _test.Admin.GetStringAsync("/api/admin/broadcasts/library"))!.AsArray();

        Assert.Contains(tips, t => (string?)t!["id"] == "fake-police");
        Assert.Contains(tips, t => (string?)t!["scam"] == "保健品、免费讲座");
    }
}
