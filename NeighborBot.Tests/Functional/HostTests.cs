using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Hangfire;
using Moq;
using NeighborBot.Api.Admin;
using NeighborBot.Api.Health;
using NeighborBot.Jobs;
using NeighborBot.Simulator;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace NeighborBot.Tests.Functional;

/// <summary>Start-up, configuration, health, the job dashboard and the job server of the real host.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task Health_and_readiness_answer_and_readiness_pings_redis()
    {
        using var host = new NeighborBotFactory();
        var http = host.CreateClient();

        var live = await http.GetAsync("/healthz");
        var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(host.Services.GetRequiredService<StoreChoice>().UsesRedis);
    }

    [Fact]
    public async Task Readiness_fails_when_redis_cannot_be_reached()
    {
        using var host = new NeighborBotFactory().With("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=200");

        var ready = await host.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Readiness_answers_503_within_a_second_while_redis_is_down()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { IPAddress.Loopback, ClosedPort() } },
            AbortOnConnectFail = false,
            ConnectTimeout = 500,
        });
        using var host = new NeighborBotFactory()
            .With("Jobs:RunServer", "false")
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<IConnectionMultiplexer>(redis)));
        var http = host.CreateClient();
        await http.GetAsync("/healthz");

        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var ready = await http.GetAsync("/readyz");
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"/readyz took {elapsed.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task Readiness_gives_up_on_a_ping_that_does_not_come_back_within_a_second()
    {
        var database = new Mock<IDatabase>();
        database.Setup(d => d.PingAsync(It.IsAny<CommandFlags>())).Returns(new TaskCompletionSource<TimeSpan>().Task);
        var redis = new Mock<IConnectionMultiplexer>();
        redis.SetupGet(r => r.IsConnected).Returns(true);
        redis.Setup(r => r.GetDatabase(It.IsAny<int>(), It.IsAny<object?>())).Returns(database.Object);
        await using var services = new ServiceCollection().AddSingleton(redis.Object).BuildServiceProvider();
        var check = new RedisHealthCheck(new StoreChoice(UsesRedis: true), services, TimeProvider.System);

        var started = Stopwatch.GetTimestamp();
        var result = await check.CheckHealthAsync(new HealthCheckContext()).WaitAsync(TimeSpan.FromSeconds(10));
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the check took {elapsed.TotalMilliseconds:F0} ms");
        database.Verify(d => d.PingAsync(It.IsAny<CommandFlags>()), Times.Once);
    }

    /// <summary>A loopback port nothing listens on: taken from the system, then let go.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void Production_without_redis_refuses_to_start_and_names_the_key()
    {
        using var host = new NeighborBotFactory(useRedis: false, environment: "Production");

        Assert.Contains(StartUpFailures(host), f => f.Contains("ConnectionStrings:Redis", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Admin:ApiKey", null, "Admin:ApiKey is missing")]
    [InlineData("Admin:ApiKey", "short", "Admin:ApiKey must be at least 16")]
    [InlineData("WeChat:Accounts:test:Token", null, "WeChat:Accounts:test:Token")]
    [InlineData("WeChat:Accounts:test:AppId", null, "WeChat:Accounts:test:AppId is missing")]
    [InlineData("WeChat:Accounts:test:EncodingAESKey", "tooshort", "WeChat:Accounts:test:EncodingAESKey")]
    [InlineData("Conversations:IdleExpiry", "00:00:00", "IdleExpiry")]
    [InlineData("Conversations:FileUnansweredAfter", "05:00:00", "Conversations:FileUnansweredAfter must be shorter than Conversations:DraftExpiry")]
    [InlineData("Directory:MaxRemovalShare", "1.5", "Directory:MaxRemovalShare must be between 0 and 1")]
    [InlineData("Directory:KeepRevisions", "1", "Directory:KeepRevisions must be between 2 and 1000")]
    [InlineData("Admin:MaxFailedKeys", "0", "Admin:MaxFailedKeys")]
    [InlineData("Admin:FailedKeyWindow", "00:00:00", "Admin:FailedKeyWindow")]
    [InlineData("Broadcasts:WeeklyAntiFraud:Cron", "every tuesday", "Broadcasts:WeeklyAntiFraud:Cron")]
    [InlineData("Broadcasts:Rates:grp:Permits", "0", "Broadcasts:Rates:grp")]
    [InlineData("Broadcasts:Slice", "01:00:00", "Broadcasts:Slice")]
    [InlineData("Festivals:RemindDaysBefore", "20", "Festivals:RemindDaysBefore must be between 0 and 14")]
    [InlineData("Festivals:Names:0", "国庆", "Festivals:Names: '国庆' is not one of")]
    [InlineData("Festivals:Extra:0:Date", "13-40", "Festivals:Extra:0:Date: '13-40' is neither MM-dd")]
    [InlineData("Festivals:Tags:0", "Elderly 60", "Festivals:Tags: 'Elderly 60'")]
    public void A_missing_or_invalid_setting_stops_start_up_and_names_itself(string key, string? value, string expected)
    {
        using var host = new NeighborBotFactory().With(key, value);

        Assert.Contains(StartUpFailures(host), f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_settings_are_a_working_configuration()
    {
        var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "appsettings.sample.json")));
        using var host = new NeighborBotFactory(environment: "Production");
        foreach (var (key, value) in Flatten(sample.RootElement, prefix: null))
        {
            host.With(key, value);
        }

        host.With("ConnectionStrings:Redis", TestRedis.ConnectionString).With("Redis:KeyPrefix", host.KeyPrefix);

        var ready = await host.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task The_sample_asks_every_account_for_safe_mode_and_sets_the_admin_lockout()
    {
        var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "appsettings.sample.json")));
        using var host = new NeighborBotFactory(environment: "Production");
        foreach (var (key, value) in Flatten(sample.RootElement, prefix: null))
        {
            host.With(key, value);
        }

        host.With("ConnectionStrings:Redis", TestRedis.ConnectionString).With("Redis:KeyPrefix", host.KeyPrefix)
            .With($"WeChat:Accounts:{NeighborBotFactory.Account}:RequireEncryption", "true")
            .With($"WeChat:Accounts:{NeighborBotFactory.SafeOnlyAccount}:RequireEncryption", "true");
        await host.CreateClient().GetAsync("/healthz");

        var accounts = sample.RootElement.GetProperty("WeChat").GetProperty("Accounts").EnumerateObject().ToList();
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.True(a.Value.GetProperty("RequireEncryption").GetBoolean(), a.Name));
        var admin = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NeighborBot.Api.Admin.AdminOptions>>().Value;
        var section = sample.RootElement.GetProperty("Admin");
        Assert.Equal(section.GetProperty("MaxFailedKeys").GetInt32(), admin.MaxFailedKeys);
        Assert.Equal(TimeSpan.Parse(section.GetProperty("FailedKeyWindow").GetString()!, System.Globalization.CultureInfo.InvariantCulture), admin.FailedKeyWindow);
        Assert.DoesNotContain(host.Logs, l => l.Message.Contains("accepts plaintext callbacks", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Key, string? Value)> Flatten(System.Text.Json.JsonElement element, string? prefix) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Flatten(p.Value, prefix is null ? p.Name : $"{prefix}:{p.Name}")),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => Flatten(e, $"{prefix}:{i}")),
        _ => [(prefix!, element.ValueKind == System.Text.Json.JsonValueKind.Null ? null : element.ToString())],
    };

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NeighborBot.sln not found above the test output.");
    }

    [Fact]
    public async Task The_first_run_works_on_the_in_process_store_and_warns_about_it()
    {
        using var host = new NeighborBotFactory(useRedis: false);
        var client = new CallbackClient(host.CreateClient(), host.WeChat);

        var reply = await client.SayAsync("o_first_run", "你好", DeliveryMode.Safe);

        Assert.False(host.Services.GetRequiredService<StoreChoice>().UsesRedis);
        Assert.Contains("社区服务台", reply, StringComparison.Ordinal);
        Assert.Contains(host.Logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("in-process store", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_job_dashboard_needs_the_admin_key()
    {
        using var host = new NeighborBotFactory();
        var http = host.CreateClient();

        var anonymous = await http.GetAsync("/hangfire");
        var wrong = await Get(http, "/hangfire", new AuthenticationHeaderValue("Bearer", "not-the-key-000000"));
        var bearer = await Get(http, "/hangfire", new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey));
        var basic = await Get(http, "/hangfire", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + NeighborBotFactory.AdminKey))));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Fact]
    public async Task A_service_that_leaves_the_jobs_to_workers_still_creates_them_and_serves_the_dashboard()
    {
        using var host = new NeighborBotFactory().With("Jobs:RunServer", "false");
        var http = host.CreateClient();
        var id = Guid.NewGuid().ToString("N");
        var ran = ProbeJob.Expect(id);

        var job = host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ProbeJob>(j => j.Run(id));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var queue = await Get(http, "/hangfire/jobs/enqueued/default", new AuthenticationHeaderValue("Bearer", NeighborBotFactory.AdminKey));

        Assert.Empty(monitoring.Servers());
        Assert.Equal("Enqueued", monitoring.JobDetails(job).History[0].StateName);
        Assert.False(ran.IsCompleted);
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains(job, await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(host.Logs, l => l.Message.StartsWith("Jobs:RunServer is false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jobs_run_on_the_hangfire_server_with_redis_storage_under_the_key_prefix()
    {
        using var host = new NeighborBotFactory();
        host.CreateClient();
        var id = Guid.NewGuid().ToString("N");
        var ran = ProbeJob.Expect(id);

        host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ProbeJob>(job => job.Run(id));

        Assert.Same(ran, await Task.WhenAny(ran, Task.Delay(TimeSpan.FromSeconds(30))));
        var server = TestRedis.Connection.GetServers()[0];
        Assert.NotEmpty(server.Keys(pattern: $"{{{host.KeyPrefix}:hangfire}}:*").Take(1));
    }

    /// <summary>Starts the host, which must fail, and returns the configuration problems it reported.</summary>
    private static List<string> StartUpFailures(NeighborBotFactory host)
    {
        Assert.ThrowsAny<Exception>(() => host.CreateClient());
        var failed = Assert.Single(host.Logs, l => l.Message == "Hosting failed to start");
        return StartupProblems.ConfigurationFailures(failed.Exception!);
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, AuthenticationHeaderValue authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return http.SendAsync(request);
    }
}

/// <summary>A job the tests enqueue to see that the job server runs jobs.</summary>
public sealed class ProbeJob
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Runs = new();

    public static Task Expect(string id) => Runs.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Run(string id) => Runs.GetOrAdd(id, _ => new TaskCompletionSource()).TrySetResult();
}
