using Microsoft.Playwright;

namespace NeighborBot.Tests.Console;

/// <summary>The console in Debian's chromium at a phone's size, against the real host on Redis.</summary>
public sealed class ConsoleBrowserTests
{
    [BrowserFact]
    public async Task A_wrong_password_is_refused_and_sign_in_is_throttled_after_several_failures()
    {
        await using var site = await ConsoleSite.StartAsync(maxFailedSignIns: 3);
        var page = await site.PhoneAsync();

        await page.GotoAsync(site.BaseUrl + "/tickets");
        Assert.StartsWith(site.BaseUrl + "/signin", page.Url, StringComparison.Ordinal);
        Assert.Equal("登录", await page.TextContentAsync("h1"));

        for (var i = 0; i < 3; i++)
        {
            var refused = await site.SignInAsync(page, "admin", "not-the-password");
            Assert.Equal(401, refused!.Status);
            Assert.Contains("用户名或密码不正确", await page.TextContentAsync("[role=alert]"), StringComparison.Ordinal);
        }

        var throttled = await site.SignInAsync(page, "admin", ConsoleSite.AdminPassword);
        Assert.Equal(429, throttled!.Status);
        Assert.Contains("请稍后再试", await page.TextContentAsync("[role=alert]"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_grid_worker_sees_only_their_grid_s_tickets_and_no_admin_pages()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.TicketAsync("20261129-0001", "repair", "g1", "w1", urgent: false, "3号楼2单元楼道灯坏了", 3);
        await site.TicketAsync("20261129-0002", "hazard", "g2", "w3", urgent: true, "6号楼有煤气味", 6);
        var page = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);

        await page.GotoAsync(site.BaseUrl + "/tickets");
        await page.WaitForSelectorAsync("[data-test=total]");

        Assert.Contains("共 1 条", await page.TextContentAsync("[data-test=total]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.GetByText("20261129-0001").CountAsync());
        Assert.Equal(0, await page.GetByText("20261129-0002").CountAsync());
        await page.GotoAsync(site.BaseUrl + "/tickets/20261129-0002");
        await page.WaitForSelectorAsync("text=没有这个工单");
        Assert.Equal(0, await page.Locator("a[href='/audit']").CountAsync());
        await page.GotoAsync(site.BaseUrl + "/audit");
        Assert.Contains("/denied", page.Url, StringComparison.Ordinal);
        var csv = await page.APIRequest.GetAsync(site.BaseUrl + "/console/tickets.csv");
        var text = await csv.TextAsync();
        Assert.Contains("20261129-0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("20261129-0002", text, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task An_admin_reassigns_a_ticket_the_new_assignee_gets_the_message_and_the_change_is_in_the_audit_log()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.TicketAsync("20261129-0003", "repair", "g1", "w1", urgent: false, "3号楼2单元楼道灯坏了", 3);
        var page = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await page.GotoAsync(site.BaseUrl + "/tickets/20261129-0003");
        await page.WaitForSelectorAsync("[data-test=words]");
        Assert.Equal("3号楼2单元楼道灯坏了", await page.TextContentAsync("[data-test=words]"));
        await page.Locator(".mud-select", new() { HasText = "改派给" }).Locator(".mud-input-slot, .mud-select-input, input").First.ClickAsync(new() { Force = true });
        await page.Locator(".mud-popover .mud-list-item", new() { HasText = "周敏" }).First.ClickAsync();
        await page.Locator(".mud-input-control", new() { HasText = "备注" }).Locator("input").FillAsync("张伟休假");
        await page.ClickAsync("[data-test=assign]");

        await page.WaitForSelectorAsync("[data-test=assignee]:has-text('周敏')");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!site.Api.Deliveries.Any(d => d.OpenId == "o_w2") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(site.Api.Deliveries, d => d.OpenId == "o_w2");
        Assert.Equal("w2", (await site.Tickets.GetAsync("20261129-0003", default))!.Assignee);
        await page.GotoAsync(site.BaseUrl + "/audit");
        await page.WaitForSelectorAsync("text=ticket.assign");
        Assert.Contains("张伟休假", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_filtered_list_exports_as_csv_and_the_overview_and_the_list_are_photographed_on_a_phone()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.TicketAsync("20261129-0004", "repair", "g1", "w1", urgent: false, "3号楼2单元楼道灯坏了", 3);
        await site.TicketAsync("20261129-0005", "hazard", "g2", "w3", urgent: true, "6号楼有煤气味", 6);
        await site.TicketAsync("20261129-0006", "environment", "g1", null, urgent: false, "1号楼门口垃圾没人清", 1);
        var page = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await page.WaitForSelectorAsync("[data-test=urgent]");
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("overview"), FullPage = true });
        await page.GotoAsync(site.BaseUrl + "/tickets");
        await page.WaitForSelectorAsync("[data-test=total]");
        await page.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("tickets"), FullPage = true });

        var csv = await page.APIRequest.GetAsync(site.BaseUrl + "/console/tickets.csv?grid=g1&category=repair");
        Assert.Equal(200, csv.Status);
        var body = await csv.BodyAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], body[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(body[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("编号,类别,紧急,状态,网格,地点,处理人,提交时间,内容", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.Contains("20261129-0004,设施报修,否,待接单,g1,3号楼2单元501,张伟", lines[1], StringComparison.Ordinal);
        var bad = await page.APIRequest.GetAsync(site.BaseUrl + "/console/tickets.csv?status=lost");
        Assert.Equal(400, bad.Status);
        var anonymous = await site.Playwright.APIRequest.NewContextAsync();
        Assert.DoesNotContain("20261129-0004", await (await anonymous.GetAsync(site.BaseUrl + "/console/tickets.csv")).TextAsync(), StringComparison.Ordinal);
    }
}
