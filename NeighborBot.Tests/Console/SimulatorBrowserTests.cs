using System.Text.RegularExpressions;

namespace NeighborBot.Tests.Console;

/// <summary>The simulator page (模拟器): a chat with the bot through the Official Account callback, in Development only.</summary>
public sealed partial class SimulatorBrowserTests
{
    [BrowserFact]
    public async Task In_development_a_resident_reports_through_the_simulator_and_gets_a_ticket_number_and_a_worker_gets_the_commands()
    {
        await using var site = await ConsoleSite.StartAsync(environment: "Development");
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await admin.GotoAsync(site.BaseUrl + "/simulator");
        await admin.Locator("input[data-test=openid]").FillAsync("o_res_sim");
        await Say(admin, "3号楼2单元501楼道灯坏了");
        var reply = admin.Locator("[data-test=bot]").Last;
        await reply.WaitForAsync();
        var number = TicketNumber().Match((await reply.TextContentAsync())!).Value;
        Assert.NotEmpty(number);
        Assert.NotNull(await site.Tickets.GetAsync(number, default));

        await admin.Locator("input[data-test=openid]").FillAsync("o_w1");
        await Say(admin, "帮助");
        await admin.WaitForSelectorAsync("[data-test=bot]:has-text('接单')");
        await admin.WaitForTimeoutAsync(300);
        await admin.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("simulator"), FullPage = true });
    }

    [BrowserFact]
    public async Task Outside_development_the_simulator_is_not_there()
    {
        await using var site = await ConsoleSite.StartAsync();
        var admin = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        var response = await admin.GotoAsync(site.BaseUrl + "/simulator");
        Assert.Equal(404, response!.Status);
        await admin.GotoAsync(site.BaseUrl + "/");
        await admin.WaitForSelectorAsync("a[href='/broadcasts']", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        Assert.Equal(0, await admin.Locator("a[href='/simulator']").CountAsync());
    }

    private static async Task Say(Microsoft.Playwright.IPage page, string text)
    {
        var before = await page.Locator("[data-test=bot]").CountAsync();
        await page.Locator("input[data-test=text]").FillAsync(text);
        await page.ClickAsync("[data-test=send]");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('[data-test=bot]').length > n", before);
    }

    [GeneratedRegex(@"\d{8}-\d{4}")]
    private static partial Regex TicketNumber();
}
