using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NeighborBot.Api.Directory;
using NeighborBot.Directory;
using NeighborBot.Tests.Directory;

namespace NeighborBot.Tests.Console;

/// <summary>The directory page (名册) in Debian's chromium at a phone's size, against the real host on Redis.</summary>
public sealed class DirectoryBrowserTests
{
    [BrowserFact]
    public async Task An_admin_sees_the_bad_row_of_a_workbook_and_no_change_then_imports_the_fixed_one_and_the_household_appears()
    {
        await using var site = await ConsoleSite.StartAsync();
        var store = site.Host.Services.GetRequiredService<IDirectoryStore>();
        var before = await store.GetAsync(default);
        var page = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);
        await page.GotoAsync(site.BaseUrl + "/directory");
        await page.WaitForSelectorAsync("[data-test=households]");
        await page.Locator(".mud-tab", new() { HasText = "导入" }).ClickAsync();

        await UploadAsync(page, Workbook("二"));

        await page.WaitForSelectorAsync("[data-test=problems]");
        Assert.StartsWith("第 4 行 (2-1-102)", await page.Locator("[data-test=problem]").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-test=confirm]").CountAsync());
        Assert.Equal(before.Revision, (await store.GetAsync(default)).Revision);

        await UploadAsync(page, Workbook("2"));

        await page.WaitForSelectorAsync("[data-test=changes]");
        Assert.Contains("将新增 2 户，修改 0 户，删除 0 户", await page.TextContentAsync("[data-test=changes]"), StringComparison.Ordinal);
        Assert.Equal(before.Revision, (await store.GetAsync(default)).Revision);
        await page.ClickAsync("[data-test=confirm]");
        await page.WaitForSelectorAsync("[data-test=outcome]:has-text('已导入')");

        var after = await store.GetAsync(default);
        Assert.Equal(3, after.Document.Households.Count);
        Assert.Equal("王秀英", after.Household("2-1-102")!.Contact);
        await page.Locator(".mud-tab", new() { HasText = "住户" }).ClickAsync();
        await page.WaitForSelectorAsync("[data-test=address]:has-text('2号楼1单元102')");
        await page.GotoAsync(site.BaseUrl + "/audit");
        await page.WaitForSelectorAsync("text=directory.import");
        Assert.Contains("Excel 导入住户：新增 2，修改 0，删除 0", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_grid_worker_sees_only_their_grid_s_households_and_cannot_import()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Community(), default);
        var page = await site.SignedInAsync("zhou", ConsoleSite.WorkerPassword);

        await page.GotoAsync(site.BaseUrl + "/directory");
        await page.WaitForSelectorAsync("[data-test=households]");

        Assert.Equal(["3号楼2单元501", "3号楼2单元502"], await page.Locator("[data-test=address]").AllTextContentsAsync());
        Assert.Equal(0, await page.GetByText("6号楼1单元101").CountAsync());
        Assert.Equal(0, await page.Locator(".mud-tab", new() { HasText = "导入" }).CountAsync());
        Assert.Equal(0, await page.Locator("input[type=file]").CountAsync());
        var csv = await (await page.APIRequest.GetAsync(site.BaseUrl + "/console/directory/households.csv")).TextAsync();
        Assert.Contains("3-2-501", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("6-1-101", csv, StringComparison.Ordinal);
        await page.GotoAsync(site.BaseUrl + "/directory/qr/6");
        await page.WaitForSelectorAsync("[data-test=none]");
    }

    [BrowserFact]
    public async Task A_building_s_qr_sheet_shows_one_code_per_household_with_its_address_and_the_page_is_photographed_on_a_phone()
    {
        await using var site = await ConsoleSite.StartAsync();
        await site.Host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Community(), default);
        var page = await site.SignedInAsync("admin", ConsoleSite.AdminPassword);

        await page.GotoAsync(site.BaseUrl + "/directory");
        await page.WaitForSelectorAsync("[data-test=households]");
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = ConsoleSite.ScreenshotPath("directory"), FullPage = true });

        await page.GotoAsync(site.BaseUrl + "/directory/qr/3");
        await page.WaitForSelectorAsync("[data-test=codes]");

        var codes = page.Locator("[data-test=code]");
        Assert.Equal(2, await codes.CountAsync());
        Assert.Equal(["3号楼2单元501", "3号楼2单元502"], await page.Locator("[data-test=address]").AllTextContentsAsync());
        Assert.Equal("hh:3-2-501", await codes.Nth(0).GetAttributeAsync("data-scene"));
        Assert.Equal("hh:3-2-502", await codes.Nth(1).GetAttributeAsync("data-scene"));
        for (var i = 0; i < 2; i++)
        {
            var image = codes.Nth(i).Locator("img");
            Assert.StartsWith("data:image/png;base64,", await image.GetAttributeAsync("src"), StringComparison.Ordinal);
            Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the code's image is not shown");
        }
    }

    /// <summary>The households sheet: the one household there is, a new one, and one whose building is written <paramref name="building"/>.</summary>
    private static byte[] Workbook(string building) => DirectoryXlsxTests.Workbook(
        ["编号", "楼号", "单元", "房号", "标签", "联系人", "电话", "备注"],
        ["3-2-501", 3, 2, "501", "", "", "", ""],
        ["2-1-101", 2, 1, "101", "", "", "", ""],
        ["2-1-102", building, 1, "102", "elderly60;living-alone", "王秀英", "13800138000", "耳背，敲门要用力"]).ToArray();

    private static Task UploadAsync(IPage page, byte[] workbook) => page.SetInputFilesAsync("input[type=file]", new FilePayload
    {
        Name = "households.xlsx",
        MimeType = DirectoryXlsx.ContentType,
        Buffer = workbook,
    });

    private static DirectoryDocument Community() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7] },
        ],
        Households =
        [
            new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501", Tags = ["elderly60", "living-alone"], Contact = "王秀英", Phone = "13800138000", Note = "耳背，敲门要用力" },
            new Household { Id = "3-2-502", Building = 3, Unit = 2, Room = "502", Contact = "李建国" },
            new Household { Id = "6-1-101", Building = 6, Unit = 1, Room = "101", Tags = ["low-lying"], Contact = "赵丽" },
        ],
        People =
        [
            new Person { Id = "w1", Name = "张伟", OpenId = "o_w1", Roles = ["grid-worker"], Grids = ["g1"] },
            new Person { Id = "w2", Name = "周敏", OpenId = "o_w2", Roles = ["grid-worker"], Grids = ["g1"] },
            new Person { Id = "w3", Name = "刘强", OpenId = "o_w3", Roles = ["grid-worker"], Grids = ["g2"] },
            new Person { Id = "l1", Name = "李娜", OpenId = "o_l1", Roles = ["grid-leader"], Grids = ["g1"] },
            new Person { Id = "v1", Name = "陈静", Roles = ["volunteer"], Households = ["3-2-501"] },
        ],
    };
}
