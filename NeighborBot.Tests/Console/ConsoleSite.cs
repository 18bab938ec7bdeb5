using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NeighborBot.Api.Console;
using NeighborBot.Directory;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.Tickets;

namespace NeighborBot.Tests.Console;

/// <summary>Skips a browser test, saying why, when Debian's chromium is not installed (scripts/test.sh installs it).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (ConsoleSite.Chromium is null)
        {
            Skip = "chromium is not installed (apt-get install chromium fonts-noto-cjk; scripts/test.sh does it): the console's browser tests cannot run.";
        }
    }
}

/// <summary>
/// The real host on a loopback port (a browser needs a real socket) on real Redis, WeChat's API played by
/// <see cref="FakeWeChatApi"/>, a community of two grids with staff accounts, and Debian's chromium driven by
/// Playwright at a phone's size.
/// </summary>
public sealed class ConsoleSite : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-1";
    public const string WorkerPassword = "worker-password-1";

    private ConsoleSite(NeighborBotFactory host, FakeWeChatApi api, IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        Host = host;
        Api = api;
        Playwright = playwright;
        Browser = browser;
        BaseUrl = baseUrl;
    }

    public static string? Chromium { get; } = new[] { Environment.GetEnvironmentVariable("NEIGHBORBOT_CHROMIUM"), "/usr/bin/chromium" }
        .FirstOrDefault(path => path is { Length: > 0 } && File.Exists(path));

    public NeighborBotFactory Host { get; }
    public FakeWeChatApi Api { get; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }
    public string BaseUrl { get; }

    public ITicketStore Tickets => Host.Services.GetRequiredService<ITicketStore>();

    /// <param name="environment">The host's environment: <c>Development</c> adds what only it has (the simulator page).</param>
    public static async Task<ConsoleSite> StartAsync(int maxFailedSignIns = 5, string environment = "Testing")
    {
        var api = await FakeWeChatApi.StartAsync();
        var host = new ConsoleFactory(environment)
            .With("WeChat:ApiBaseUrl", api.BaseUrl)
            .With("Notifications:RetryBaseDelay", "00:00:00.001")
            .With("Notifications:RetryMaxDelay", "00:00:00.001")
            .With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:assignment:Id", "tpl_assignment")
            .With($"WeChat:Accounts:{NeighborBotFactory.Account}:Templates:assignment:Fields:character_string1", "{number}")
            .With($"WeChat:Accounts:{NeighborBotFactory.SafeOnlyAccount}:Templates:notice:Id", "tpl_notice")
            .With($"WeChat:Accounts:{NeighborBotFactory.SafeOnlyAccount}:Templates:notice:Fields:thing1", "{title}")
            .With("Console:MaxFailedSignIns", maxFailedSignIns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (environment == "Development")
        {
            // appsettings.Development.json seeds a demo admin of the name the tests use.
            host.With("Console:SeedAdmin:UserName", "seed-admin");
        }

        host.UseKestrel(0);
        host.StartServer();
        var baseUrl = host.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await host.Services.GetRequiredService<DirectoryCache>().ReplaceAsync(Community(), default);
        var accounts = host.Services.GetRequiredService<StaffAccounts>();
        await accounts.AddAsync("admin", "社区管理员", AdminPassword, ["admin"], [], default);
        await accounts.AddAsync("zhou", "周敏", WorkerPassword, ["grid-worker"], ["g1"], default);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--lang=zh-CN"] });
        return new ConsoleSite(host, api, playwright, browser, baseUrl);
    }

    /// <summary>A new phone-sized page (390x844) in Chinese, with its own cookies.</summary>
    public async Task<IPage> PhoneAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        // Generous: on a 2-core CI machine the first pages render while the rest of the suite starts its hosts.
        context.SetDefaultTimeout(45_000);
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInAsync(string user, string password)
    {
        var page = await PhoneAsync();
        var response = await SignInAsync(page, user, password);
        Assert.True(!page.Url.Contains("/signin", StringComparison.Ordinal), $"Sign-in of {user} answered {response.Status}, the page is {page.Url}: {await page.TextContentAsync("body")}");
        return page;
    }

    public async Task<IResponse> SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync(BaseUrl + "/signin");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync();
        return response;
    }

    /// <summary>A ticket opened by a resident, as the chat would store it.</summary>
    public async Task<Ticket> TicketAsync(string number, string category, string grid, string? assignee, bool urgent, string text, int building)
    {
        var now = DateTimeOffset.UtcNow;
        var ticket = new Ticket
        {
            Category = category,
            Urgent = urgent,
            Grid = grid,
            Location = new TicketLocation(building, 2, "501", null),
            Reporter = $"mp:{NeighborBotFactory.Account}:o_res_{number[^4..]}",
            Channel = "mp",
            Text = text,
            SourceId = "src-" + number,
            Status = assignee is null ? TicketStatus.Submitted : TicketStatus.Assigned,
            Assignee = assignee,
            CreatedAt = now.AddHours(-3),
            UpdatedAt = now.AddHours(-3),
            Events = [new TicketEvent(now.AddHours(-3), "system", TicketActions.Created)],
        };
        return await Tickets.CreateAsync(ticket, number, null, default);
    }

    /// <summary>docs/console/NAME.png in the repository.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "docs", "console");
        System.IO.Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    /// <summary>The host with its static web assets (blazor.web.js, MudBlazor's files), which only Development serves by itself.</summary>
    private sealed class ConsoleFactory(string environment) : NeighborBotFactory(environment: environment)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.WebHostBuilderExtensions.UseStaticWebAssets(builder);
        }
    }

    internal static DirectoryDocument Community() => new()
    {
        Communities = [new Community { Id = "gaoyang", Name = "高阳社区" }],
        Grids =
        [
            new Grid { Id = "g1", Community = "gaoyang", Name = "第一网格", Buildings = [1, 2, 3] },
            new Grid { Id = "g2", Community = "gaoyang", Name = "第二网格", Buildings = [5, 6, 7] },
        ],
        Households = [new Household { Id = "3-2-501", Building = 3, Unit = 2, Room = "501" }],
        People =
        [
            new Person { Id = "w1", Name = "张伟", OpenId = "o_w1", Roles = ["grid-worker"], Grids = ["g1"] },
            new Person { Id = "w2", Name = "周敏", OpenId = "o_w2", Roles = ["grid-worker"], Grids = ["g1"] },
            new Person { Id = "w3", Name = "刘强", OpenId = "o_w3", Roles = ["grid-worker"], Grids = ["g2"] },
            new Person { Id = "l1", Name = "李娜", OpenId = "o_l1", Roles = ["grid-leader"], Grids = ["g1"] },
        ],
    };

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Host.DisposeAsync();
        await Api.DisposeAsync();
    }
}
