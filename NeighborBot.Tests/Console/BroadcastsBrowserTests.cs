using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NeighborBot.Api.Console;
using NeighborBot.Broadcasts;

namespace NeighborBot.Tests.Console;

/// <summary>The broadcasts page (广播) in Debian's chromium at a phone's size, against the real host on Redis with its job server and the fake WeChat API.</summary>
public sealed class BroadcastsBrowserTests
{
    private const string SecretaryPassword = "secretary-password-1";

    [BrowserFact]
    public async Task An_admin_writes_an_anti_fraud_tip_to_the_grid_workers_a_secretary_approves_it_and_each_worker_gets_it_once()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.Host.Services.GetRequiredService<StaffAccounts>().AddAsync("wang", "王强", SecretaryPassword, ["secretary"], [], default);
        var tip = AntiFraudLibrary.Find("fake-police")!;
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/broadcasts");
        var compose = admin.Locator("[data-test=compose]");
        await compose.WaitForAsync();
        Assert.Contains("请选择发给谁", await admin.TextContentAsync("[data-test=count]"), StringComparison.Ordinal);
        await compose.Locator(".mud-select").First.ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = tip.Scam }).ClickAsync();
        await admin.WaitForFunctionAsync("t => [...document.querySelectorAll('[data-test=compose] input')].some(i => i.value === t)", tip.Title);
        await compose.Locator("[data-test=audience-roles] .mud-checkbox", new() { HasText = "网格员" }).ClickAsync();
        await admin.WaitForSelectorAsync("[data-test=count]:has-text('将发给 3 个')");
        var count = await admin.TextContentAsync("[data-test=count]");
        Assert.Contains("工作人员 3", count, StringComparison.Ordinal);
        Assert.Contains("需要批准", count, StringComparison.Ordinal);

        await compose.Locator("[data-test=when] .mud-radio", new() { HasText = "每周" }).ClickAsync();
        await compose.Locator("input[data-test=cron]").FillAsync("0 10 * * 2");
        await admin.WaitForSelectorAsync("[data-test=next-runs]:has-text('接下来')");
        Assert.Equal(3, (await admin.TextContentAsync("[data-test=next-runs]"))!.Split('，').Length);
        Assert.Contains("10:00", await admin.TextContentAsync("[data-test=next-runs]"), StringComparison.Ordinal);
        await compose.Locator("[data-test=when] .mud-radio", new() { HasText = "立即" }).ClickAsync();

        await admin.ClickAsync("[data-test=submit]");
        var card = admin.Locator("[data-test=broadcast]", new() { HasText = tip.Title });
        await card.Locator("[data-test=status]:has-text('待批准')").WaitForAsync();
        Assert.Empty(site.Api.Deliveries);

        await card.Locator("[data-test=approve]").ClickAsync();
        await admin.WaitForSelectorAsync("text=不能批准自己写的广播");
        Assert.Equal("待批准", (await card.Locator("[data-test=status]").TextContentAsync())!.Trim());

        var secretary = await site.SignedInAsync("wang", SecretaryPassword);
        await secretary.GotoAsync(site.BaseUrl + "/broadcasts");
        var theirs = secretary.Locator("[data-test=broadcast]", new() { HasText = tip.Title });
        await theirs.Locator("[data-test=approve]").ClickAsync();

        var delivered = await site.Api.WaitForDeliveriesAsync(3, TimeSpan.FromSeconds(30));
        Assert.Equal(["o_w1", "o_w2", "o_w3"], delivered.Select(d => d.OpenId).Order(StringComparer.Ordinal));
        Assert.All(delivered, d => Assert.Equal(("tpl_notice", tip.Title), (d.TemplateId, d.Data["thing1"])));

        await theirs.Locator("[data-test=status]:has-text('已发送')").WaitForAsync(new() { Timeout = 30_000 });
        await theirs.Locator("[data-test=sent]:has-text('已发 3')").WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains("待发 0", await theirs.Locator("[data-test=pending]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("失败 0", await theirs.Locator("[data-test=failed]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("wang 批准于", await theirs.TextContentAsync(), StringComparison.Ordinal);
        await secretary.EvaluateAsync("window.scrollTo(0, 0)");
        await secretary.WaitForTimeoutAsync(300);
        await secretary.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("broadcasts"), FullPage = true });

        await Task.Delay(500);
        Assert.Equal(3, site.Api.Deliveries.Count);
        await admin.GotoAsync(site.BaseUrl + "/audit");
        await admin.WaitForSelectorAsync("text=broadcast.approve");
        Assert.Contains("broadcast.create", await admin.ContentAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_grid_worker_may_write_only_to_their_grid_and_a_draft_they_cancel_is_never_sent()
    {
        await using var site = await ConsoleSite.StartAsync();
        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);

        await worker.GotoAsync(site.BaseUrl + "/broadcasts");
        var compose = worker.Locator("[data-test=compose]");
        await compose.WaitForAsync();
        Assert.Equal(0, await compose.Locator("[data-test=audience-roles]").CountAsync());
        Assert.Equal(0, await compose.Locator(".mud-checkbox", new() { HasText = "全部" }).CountAsync());
        Assert.Equal(0, await compose.Locator(".mud-checkbox", new() { HasText = "第二网格" }).CountAsync());
        await compose.Locator(".mud-input-control", new() { HasText = "标题" }).Locator("input").First.FillAsync("3号楼停水通知");
        await compose.Locator(".mud-input-control", new() { HasText = "内容" }).Locator("textarea").First.FillAsync("明天9点到12点停水，请提前储水。");
        await compose.Locator("[data-test=audience-groups] .mud-checkbox", new() { HasText = "第一网格" }).ClickAsync();
        await worker.WaitForSelectorAsync("[data-test=count]:has-text('将发给')");
        Assert.DoesNotContain("需要批准", await worker.TextContentAsync("[data-test=count]"), StringComparison.Ordinal);
        await worker.ClickAsync("[data-test=save-draft]");
        var card = worker.Locator("[data-test=broadcast]", new() { HasText = "3号楼停水通知" });
        await card.Locator("[data-test=status]:has-text('草稿')").WaitForAsync();
        await card.Locator("[data-test=cancel]").ClickAsync();
        await card.Locator("[data-test=status]:has-text('已取消')").WaitForAsync();

        // What the page does not offer, the service refuses too: a grid worker's broadcast to another grid or to every resident.
        using var scope = site.Host.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<BroadcastActions>();
        var zhou = new StaffUser("zhou", "周敏", ["grid-worker"], ["g1"]);
        foreach (var audience in new[]
        {
            new Audience { Groups = new GroupChoice(false, ["g2"]) },
            new Audience { Residents = ResidentChoice.Everyone },
            new Audience { Roles = ["grid-worker"] },
        })
        {
            var (outcome, created) = await actions.CreateAsync(zhou, new BroadcastForm("通知", "内容", audience, null, false, false), default);
            Assert.False(outcome.Done);
            Assert.Null(created);
            Assert.Contains("只能发给自己网格", outcome.Message, StringComparison.Ordinal);
        }

        var readOnly = new StaffUser("li", "李", ["read-only"], []);
        Assert.False((await actions.CreateAsync(readOnly, new BroadcastForm("通知", "内容", new Audience { Groups = GroupChoice.Everyone }, null, false, false), default)).Outcome.Done);
        var stored = await site.Host.Services.GetRequiredService<BroadcastDesk>().ListAsync(null, 10, default);
        var only = Assert.Single(stored);
        Assert.Equal(BroadcastStatus.Cancelled, only.Status);
        Assert.Equal("console:zhou", only.CreatedBy);
        Assert.Empty(site.Api.Deliveries);
    }
}
