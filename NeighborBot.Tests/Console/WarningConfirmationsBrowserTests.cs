using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Directory;
using NeighborBot.Tests.Infrastructure;

namespace NeighborBot.Tests.Console;

/// <summary>The flood warnings page (防汛) following a warning's confirmations as volunteers and workers write them in the chat.</summary>
public sealed class WarningConfirmationsBrowserTests
{
    [BrowserFact]
    public async Task A_warning_issued_on_the_page_reaches_the_volunteer_and_the_confirmations_written_in_the_chat_show_on_the_page()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(OperationsBrowserTests.FloodCommunity(), default);
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/warnings");
        var form = admin.Locator("[data-test=issue-form]");
        await form.WaitForAsync();
        await form.Locator(".mud-input-control", new() { HasText = "标题" }).Locator("input").First.FillAsync("暴雨橙色预警");
        await form.Locator(".mud-input-control", new() { HasText = "内容" }).Locator("textarea").First.FillAsync("今晚有大暴雨，低洼住户请做好转移准备。");
        await form.Locator(".mud-radio", new() { HasText = "橙色" }).ClickAsync();
        await admin.ClickAsync("[data-test=issue]");
        await admin.WaitForSelectorAsync("[data-test=state-3-2-501]");
        Assert.Contains("待确认 2", await admin.TextContentAsync("[data-test=count-pending]"), StringComparison.Ordinal);

        // The volunteer paired with 3-2-501 is sent their transfer list; the grid worker of 6-1-101 (nobody is paired with it) theirs.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(Listed(site, "o_v1") && Listed(site, "o_w3")) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(Listed(site, "o_v1") && Listed(site, "o_w3"), string.Join(", ", site.Api.Deliveries.Select(d => $"{d.OpenId} {d.ClientMsgId}")));
        Assert.DoesNotContain(site.Api.Deliveries, d => d.OpenId == "o_w1" && d.ClientMsgId?.Contains(":list:", StringComparison.Ordinal) == true);

        var chat = new CallbackClient(site.Host.CreateClient(), site.Host.WeChat);
        Assert.Contains("已记录：3号楼2单元501 已转移", await chat.SayAsync("o_v1", "已转移 3-2-501 去女儿家了"), StringComparison.Ordinal);
        Assert.Contains("6号楼1单元101", await chat.SayAsync("o_w3", "联系不上 6-1-101 电话没人接"), StringComparison.Ordinal);

        await admin.ReloadAsync();
        await admin.WaitForSelectorAsync("[data-test=state-3-2-501]:has-text('已转移')");
        Assert.Equal("联系不上", (await admin.TextContentAsync("[data-test=state-6-1-101]"))!.Trim());
        Assert.Contains("待确认 0", await admin.TextContentAsync("[data-test=count-pending]"), StringComparison.Ordinal);
        Assert.Contains("已转移 1", await admin.TextContentAsync("[data-test=count-moved]"), StringComparison.Ordinal);
        Assert.Contains("联系不上 1", await admin.TextContentAsync("[data-test=count-unreachable]"), StringComparison.Ordinal);
        var households = await admin.TextContentAsync("[data-test=households]");
        Assert.Contains("陈志愿", households, StringComparison.Ordinal);
        Assert.Contains("去女儿家了", households, StringComparison.Ordinal);
        Assert.Contains("电话没人接", households, StringComparison.Ordinal);

        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        await worker.GotoAsync(site.BaseUrl + "/warnings");
        await worker.WaitForSelectorAsync("[data-test=state-3-2-501]:has-text('已转移')");
        Assert.Equal(0, await worker.Locator("[data-test=state-6-1-101]").CountAsync());
    }

    /// <summary>Whether the person was sent a transfer list (message id <c>warn:{id}:list:{person}</c>).</summary>
    private static bool Listed(ConsoleSite site, string openId) =>
        site.Api.Deliveries.Any(d => d.OpenId == openId && d.ClientMsgId is { } id && id.StartsWith("warn:", StringComparison.Ordinal) && id.Contains(":list:", StringComparison.Ordinal));
}
