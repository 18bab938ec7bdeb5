using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Directory;
using NeighborBot.Groups;

namespace NeighborBot.Tests.Console;

/// <summary>The groups page (群) in Debian's chromium at a phone's size, against the real host on Redis.</summary>
public sealed class GroupsBrowserTests
{
    [BrowserFact]
    public async Task An_admin_sees_the_groups_messages_per_day_and_maps_an_unknown_group_to_a_grid_and_a_grid_worker_sees_only_their_grid_s_groups()
    {
        await using var site = await ConsoleSite.StartAsync();
        var directory = site.Host.Services.GetRequiredService<DirectoryCache>();
        await directory.ReplaceAsync(ConsoleSite.Community() with
        {
            Groups = [new ChatGroup { Bridge = "wechaty", Id = "R:1", Name = "3号楼住户群", Grid = "g1" }],
        }, default);
        var store = site.Host.Services.GetRequiredService<IGroupStore>();
        var today = ChinaTime.DayOf(DateTimeOffset.UtcNow);
        for (var i = 0; i < 4; i++)
        {
            await store.CountAsync("wechaty", "R:1", today, default);
        }

        await store.CountAsync("wechaty", "R:1", today.AddDays(-1), default);
        await store.CountAsync("wechaty", "R:1", today.AddDays(-30), default);
        await store.SeenUnknownAsync("wechaty", "R:2", "6号楼邻里群", DateTimeOffset.UtcNow.AddHours(-2), default);
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/groups");
        await admin.WaitForSelectorAsync("[data-test='total-R:1']");
        Assert.Equal("5", (await admin.TextContentAsync("[data-test='total-R:1']"))!.Trim());
        Assert.Contains($"{today:MM-dd} 4", await admin.TextContentAsync("[data-test='days-R:1']"), StringComparison.Ordinal);
        Assert.Contains("第一网格", await admin.TextContentAsync("[data-test=mapped]"), StringComparison.Ordinal);

        var unknown = admin.Locator("[data-test=unknown]", new() { HasText = "6号楼邻里群" });
        await unknown.Locator(".mud-select").First.ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "第二网格" }).ClickAsync();
        await admin.WaitForTimeoutAsync(300);
        await admin.EvaluateAsync("window.scrollTo(0, 0)");
        await admin.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("groups"), FullPage = true });
        await unknown.Locator("[data-test=map]").ClickAsync();
        await admin.WaitForSelectorAsync("[data-test=mapped] :text('6号楼邻里群')");
        Assert.Equal(0, await admin.Locator("[data-test=unknown]").CountAsync());

        var mapped = (await directory.GetAsync(default)).Group("wechaty", "R:2");
        Assert.Equal(("6号楼邻里群", "g2"), (mapped?.Name, mapped?.Grid));
        Assert.Empty(await store.ListUnknownAsync(default));

        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        await worker.GotoAsync(site.BaseUrl + "/groups");
        await worker.WaitForSelectorAsync("[data-test='total-R:1']");
        Assert.Equal(0, await worker.Locator("[data-test='total-R:2']").CountAsync());
        Assert.Equal(0, await worker.GetByText("未登记的群").CountAsync());

        await admin.GotoAsync(site.BaseUrl + "/audit");
        await admin.WaitForSelectorAsync("text=group.map");
        Assert.Contains("6号楼邻里群 归 g2", await admin.ContentAsync(), StringComparison.Ordinal);
    }
}
