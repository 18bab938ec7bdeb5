using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NeighborBot.Care;
using NeighborBot.Directory;
using NeighborBot.Warnings;

namespace NeighborBot.Tests.Console;

/// <summary>The accounts, warnings and volunteers pages in Debian's chromium at a phone's size, against the real host on Redis.</summary>
public sealed class OperationsBrowserTests
{
    [BrowserFact]
    public async Task An_admin_adds_a_grid_worker_who_signs_in_and_sees_only_their_grid_and_both_are_in_the_audit_log()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.TicketAsync("20261129-0011", "repair", "g1", "w1", urgent: false, "3号楼2单元楼道灯坏了", 3);
        await site.TicketAsync("20261129-0012", "hazard", "g2", "w3", urgent: true, "6号楼有煤气味", 6);
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/accounts");
        await admin.WaitForSelectorAsync("[data-test=edit-zhou]");
        var form = admin.Locator("[data-test=add]");
        await Field(form, "用户名").FillAsync("wu");
        await Field(form, "姓名").FillAsync("吴刚");
        await Field(form, "初始密码").FillAsync("wu-password-1");
        await CheckBox(form, "网格员").ClickAsync();
        await CheckBox(form, "第二网格").ClickAsync();
        await admin.ClickAsync("[data-test=add-account]");
        await admin.WaitForSelectorAsync("[data-test=edit-wu]");

        var worker = await site.SignedInAsync("wu", "wu-password-1");
        await worker.GotoAsync(site.BaseUrl + "/tickets");
        await worker.WaitForSelectorAsync("[data-test=total]");
        Assert.Contains("共 1 条", await worker.TextContentAsync("[data-test=total]"), StringComparison.Ordinal);
        Assert.Equal(1, await worker.GetByText("20261129-0012").CountAsync());
        Assert.Equal(0, await worker.GetByText("20261129-0011").CountAsync());
        Assert.Equal(0, await worker.Locator("a[href='/accounts']").CountAsync());
        await worker.GotoAsync(site.BaseUrl + "/accounts");
        Assert.Contains("/denied", worker.Url, StringComparison.Ordinal);

        await admin.GotoAsync(site.BaseUrl + "/audit");
        await admin.WaitForSelectorAsync("text=account.add");
        var log = await admin.ContentAsync();
        Assert.Contains("吴刚 角色 grid-worker，网格 g2", log, StringComparison.Ordinal);
        Assert.Contains("signin", log, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_disabled_account_cannot_sign_in_its_open_session_ends_and_the_refusal_is_in_the_audit_log()
    {
        await using var site = await ConsoleSite.StartAsync();
        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/accounts");
        await admin.ClickAsync("[data-test=edit-zhou]");
        await admin.ClickAsync("[data-test=disable]");
        await admin.WaitForSelectorAsync("[data-test=enable]");

        await worker.GotoAsync(site.BaseUrl + "/tickets");
        Assert.StartsWith(site.BaseUrl + "/signin", worker.Url, StringComparison.Ordinal);
        var refused = await site.SignInAsync(worker, "zhou", ConsoleSite.WorkerPassword);
        Assert.Equal(401, refused.Status);
        Assert.Contains("用户名或密码不正确", await worker.TextContentAsync("[role=alert]"), StringComparison.Ordinal);

        await admin.GotoAsync(site.BaseUrl + "/audit");
        await admin.WaitForSelectorAsync("text=account.disable");
        Assert.Contains("账号已停用", await admin.ContentAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task An_admin_issues_a_red_warning_the_households_show_pending_and_a_volunteer_s_confirmation_shows_as_moved()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(FloodCommunity(), default);
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/warnings");
        await admin.WaitForSelectorAsync("[data-test=issue-form]");
        var form = admin.Locator("[data-test=issue-form]");
        await Field(form, "标题").FillAsync("暴雨红色预警");
        await form.Locator(".mud-input-control", new() { HasText = "内容" }).Locator("textarea").First.FillAsync("今晚有特大暴雨，低洼住户请做好转移准备。");
        await form.Locator(".mud-radio", new() { HasText = "红色" }).ClickAsync();
        await admin.ClickAsync("[data-test=issue]");

        await admin.WaitForSelectorAsync("[data-test=state-3-2-501]");
        Assert.Equal("待确认", (await admin.TextContentAsync("[data-test=state-3-2-501]"))!.Trim());
        Assert.Equal("待确认", (await admin.TextContentAsync("[data-test=state-6-1-101]"))!.Trim());
        Assert.Contains("待确认 2", await admin.TextContentAsync("[data-test=count-pending]"), StringComparison.Ordinal);

        var snapshot = await site.Host.Services.GetRequiredService<DirectoryCache>().GetAsync(default);
        var (result, _) = await site.Host.Services.GetRequiredService<WarningDesk>().ConfirmAsync(snapshot.Person("v1")!, "3-2-501", CheckState.Moved, "去女儿家了", default);
        Assert.Equal(ConfirmResult.Recorded, result);
        await admin.ReloadAsync();
        await admin.WaitForSelectorAsync("[data-test=state-3-2-501]:has-text('已转移')");
        Assert.Contains("已转移 1", await admin.TextContentAsync("[data-test=count-moved]"), StringComparison.Ordinal);
        Assert.Contains("去女儿家了", await admin.TextContentAsync("[data-test=households]"), StringComparison.Ordinal);
        await admin.WaitForTimeoutAsync(300);
        await admin.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("warnings"), FullPage = true });

        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        await worker.GotoAsync(site.BaseUrl + "/warnings");
        await worker.WaitForSelectorAsync("[data-test=state-3-2-501]");
        Assert.Equal(0, await worker.Locator("[data-test=state-6-1-101]").CountAsync());
        Assert.Equal(0, await worker.Locator("[data-test=issue-form]").CountAsync());
        Assert.Equal(0, await worker.Locator("[data-test=lift]").CountAsync());

        await admin.ClickAsync("[data-test=lift]");
        await admin.WaitForSelectorAsync("[data-test=status]:has-text('已解除')");
        await admin.GotoAsync(site.BaseUrl + "/audit");
        await admin.WaitForSelectorAsync("text=warning.lift");
        Assert.Contains("warning.issue", await admin.ContentAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_volunteers_page_lists_paired_households_and_hours_and_the_hours_download_as_csv()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(FloodCommunity(), default);
        var now = DateTimeOffset.UtcNow;
        await site.Host.Services.GetRequiredService<ICareStore>().SaveAsync(
            new CareEntry("visit:v1:3-2-501:test", CareKinds.Visit, "v1", "3-2-501", now.AddMinutes(-30), 90, "老人身体不错", null), default);
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/volunteers");
        await admin.WaitForSelectorAsync("[data-test=month-hours]");
        Assert.Equal("1.5", (await admin.TextContentAsync("[data-test=month-hours]"))!.Trim());
        var volunteers = await admin.TextContentAsync("[data-test=volunteers]");
        Assert.Contains("陈志愿", volunteers, StringComparison.Ordinal);
        Assert.Contains("3号楼2单元501 王秀英", volunteers, StringComparison.Ordinal);

        var href = await admin.GetAttributeAsync("[data-test=hours-csv]", "href");
        var csv = await admin.APIRequest.GetAsync(site.BaseUrl + href);
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.Contains("id,name,month,visits,hours", text, StringComparison.Ordinal);
        Assert.Contains($"v1,陈志愿,{NeighborBot.ChinaTime.ToChina(now.AddMinutes(-30)):yyyy-MM},1,1.5", text, StringComparison.Ordinal);

        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        await worker.GotoAsync(site.BaseUrl + "/volunteers");
        await worker.WaitForSelectorAsync("[data-test=month-hours]");
        Assert.Equal(0, await worker.Locator("[data-test=hours-csv]").CountAsync());
        var refused = await worker.APIRequest.GetAsync(site.BaseUrl + href, new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);
    }

    [BrowserFact]
    public async Task The_wishes_page_shows_the_board_and_figures_of_the_staff_s_grids_and_prints_the_done_wishes_without_personal_data()
    {
        await using var site = await ConsoleSite.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var wishes = site.Host.Services.GetRequiredService<NeighborBot.Wishes.IWishStore>();
        var open = NeighborBot.Wishes.Wish.Approve("20261129-0021", "g1", 3, "想请人帮忙修收音机", "w1", now.AddHours(-3));
        Assert.True(await wishes.SaveAsync(open, default));
        var claimed = NeighborBot.Wishes.Wish.Approve("20261129-0022", "g2", 6, "想装一个轮椅坡道", "w3", now.AddHours(-2)).Claim("v1", now.AddDays(7), now.AddHours(-1))!
            .Fulfil("v1", "给王秀英家装好了坡道", 120, now.AddMinutes(-10))!;
        Assert.True(await wishes.SaveAsync(claimed, default));
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/wishes");
        await admin.WaitForSelectorAsync("[data-test=totals]");
        var board = await admin.TextContentAsync("[data-test=wishes]");
        Assert.Contains("3号楼 想请人帮忙修收音机", board, StringComparison.Ordinal);
        Assert.Contains("6号楼 想装一个轮椅坡道", board, StringComparison.Ordinal);
        Assert.Contains("上墙 2，认领 1 次，完成 1", await admin.TextContentAsync("[data-test=totals]"), StringComparison.Ordinal);
        await admin.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("wishes"), FullPage = true });

        var href = await admin.GetAttributeAsync("[data-test=print]", "href");
        var page = await admin.APIRequest.GetAsync(site.BaseUrl + href);
        Assert.Equal(200, page.Status);
        var html = await page.TextAsync();
        Assert.Contains("想装一个轮椅坡道", html, StringComparison.Ordinal);
        Assert.DoesNotContain("修收音机", html, StringComparison.Ordinal);
        Assert.DoesNotContain("王秀英", html, StringComparison.Ordinal);

        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        await worker.GotoAsync(site.BaseUrl + "/wishes");
        await worker.WaitForSelectorAsync("[data-test=totals]");
        var seen = await worker.TextContentAsync("[data-test=wishes]");
        Assert.Contains("修收音机", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("轮椅坡道", seen, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_mediations_page_shows_bookings_and_figures_and_grid_workers_never_see_family_matters()
    {
        await using var site = await ConsoleSite.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var store = site.Host.Services.GetRequiredService<NeighborBot.Mediation.IMediationStore>();
        NeighborBot.Mediation.MediationBooking Booking(string id, string specialty, bool online, int days) => new()
        {
            Id = id, Mediator = "m" + id, Specialty = specialty, Start = now.AddDays(days), Minutes = 60, Room = "调解室", Online = online,
            BookedBy = "admin", BookedAt = now.AddDays(-1), TimeSetAt = now.AddDays(-1), ResidentName = specialty == "family" ? "秘密当事人" : "张大爷",
        };
        await store.CreateAsync(Booking("M0001", "noise", online: true, 1), default);
        await store.CreateAsync(Booking("M0002", "family", online: false, 2), default);

        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);
        await admin.GotoAsync(site.BaseUrl + "/mediations");
        await admin.WaitForSelectorAsync("[data-test=booked]");
        Assert.Equal("2", (await admin.TextContentAsync("[data-test=booked]"))!.Trim());
        Assert.Equal("50%", (await admin.TextContentAsync("[data-test=online-share]"))!.Trim());
        var all = await admin.TextContentAsync("[data-test=mediations]");
        Assert.Contains("M0001", all, StringComparison.Ordinal);
        Assert.Contains("秘密当事人", all, StringComparison.Ordinal);
        await admin.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("mediations"), FullPage = true });

        var worker = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);
        await worker.GotoAsync(site.BaseUrl + "/mediations");
        await worker.WaitForSelectorAsync("text=M0001");
        var seen = await worker.TextContentAsync("[data-test=mediations]");
        Assert.DoesNotContain("M0002", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("秘密当事人", seen, StringComparison.Ordinal);
        Assert.Equal(0, await worker.Locator("[data-test=mediation-figures]").CountAsync());
    }

    private static ILocator Field(ILocator scope, string label) =>
        scope.Locator(".mud-input-control", new() { HasText = label }).Locator("input").First;

    private static ILocator CheckBox(ILocator scope, string label) =>
        scope.Locator(".mud-checkbox", new() { HasText = label }).First;

    /// <summary>The console's community with two low-lying households, one per grid, and a volunteer paired with the first.</summary>
    internal static DirectoryDocument FloodCommunity()
    {
        var community = ConsoleSite.Community();
        return community with
        {
            Households =
            [
                new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["low-lying", "elderly80"], Contact = "王秀英", Phone = "13800000001", Note = "耳背" },
                new Household { Id = "6-1-101", Building = 6, Unit = 1, Room = "101", Tags = ["low-lying"], Contact = "赵大爷" },
            ],
            People =
            [
                .. community.People,
                new Person { Id = "v1", Name = "陈志愿", OpenId = "o_v1", Phone = "13900000009", Roles = ["volunteer"], Households = ["3-2-501"] },
            ],
        };
    }
}
