using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Hangfire;
using Hangfire.Redis.StackExchange;
using NeighborBot.Conversations;
using NeighborBot.Jobs.Outbox;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Storage;
using NeighborBot.Tests.Infrastructure;
using NeighborBot.WeChat.Api;
using StackExchange.Redis;

namespace NeighborBot.Tests.Outbox;

/// <summary>
/// The real host (real Redis, real Hangfire server) with the notification services added the way
/// Program.cs adds them, WeChat's API played by <see cref="FakeWeChatApi"/> on loopback, short
/// timeouts and retry waits, and the <c>assignment</c> template of the test account configured.
/// </summary>
public static class NotificationTestHost
{
    public const string Account = NeighborBotFactory.Account;
    public const string AppId = NeighborBotFactory.AppId;
    public const string Secret = "test-secret";
    public const string TemplateId = "tpl-assignment-0001";

    /// <summary>When the tests' clock starts (China time 2026-07-12 09:00).</summary>
    public static readonly DateTimeOffset Start = new(2026, 7, 12, 1, 0, 0, TimeSpan.Zero);

    public static NeighborBotFactory Create(FakeWeChatApi api, bool useRedis = true, FakeTimeProvider? time = null, string? keyPrefix = null)
    {
        var factory = new NeighborBotFactory(useRedis)
            .With("WeChat:ApiBaseUrl", api.BaseUrl)
            .With("WeChat:Api:AttemptTimeout", "00:00:01")
            .With("WeChat:Api:Retries", "2")
            .With("WeChat:Api:RetryBaseDelay", "00:00:00.010")
            .With("WeChat:Api:RetryMaxDelay", "00:00:00.040")
            .With("WeChat:Api:BreakAfter", "100")
            // A message that failed for now may run again at once: tests play the runs one by one.
            .With("Notifications:RetryBaseDelay", "00:00:00.001")
            .With("Notifications:RetryMaxDelay", "00:00:00.001")
            // The clock is the test's: a send put off by the rate is rescheduled, never waited for.
            .With("Notifications:RateWaitBudget", "00:00:00")
            .With($"WeChat:Accounts:{Account}:Templates:assignment:Id", TemplateId)
            .With($"WeChat:Accounts:{Account}:Templates:assignment:Url", "https://example.invalid/tickets/{number}")
            .With($"WeChat:Accounts:{Account}:Templates:assignment:Fields:character_string1", "{number}")
            .With($"WeChat:Accounts:{Account}:Templates:assignment:Fields:thing2", "{category}")
            .With($"WeChat:Accounts:{Account}:Templates:assignment:Fields:thing3", "{location}")
            .With($"WeChat:Accounts:{Account}:Templates:assignment:Fields:time4", "{deadline}");
        if (useRedis)
        {
            // Hangfire's Redis storage wakes its workers by pub/sub; a notice that arrives while a worker
            // is between looking at the queue and waiting is lost, and the job then waits FetchTimeout
            // (3 minutes by default). A short FetchTimeout bounds that wait (reported for JobsExtensions).
            factory.WithServices(services => services.AddSingleton<JobStorage>(sp => new RedisStorage(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                new RedisStorageOptions { Prefix = sp.GetRequiredService<RedisKeys>().HangfirePrefix, FetchTimeout = TimeSpan.FromSeconds(1) })));
        }

        if (keyPrefix is not null)
        {
            factory.With("Redis:KeyPrefix", keyPrefix);
        }

        if (time is not null)
        {
            factory.WithServices(services => services.AddSingleton<TimeProvider>(time));
        }

        return factory;
    }

    public static FakeTimeProvider NewClock() => new(Start);

    public static WeChatApiClient Client(this NeighborBotFactory host) => host.Services.GetRequiredService<WeChatApiClient>();

    public static PersonKey Someone() => PersonKey.OfficialAccount(Account, "o_" + Guid.NewGuid().ToString("N")[..16]);

    public static string NewId(string prefix = "20260712-0042") => $"{prefix}:e{Guid.NewGuid().ToString("N")[..8]}:w1";

    public static OutboundMessage Assignment(PersonKey to, string? id = null) => new(
        id ?? NewId(),
        to,
        MessageKinds.Assignment,
        "新工单 20260712-0042：3号楼2单元楼道灯不亮，请在 2026-07-12 21:00 前处理。",
        new Dictionary<string, string>
        {
            ["number"] = "20260712-0042",
            ["category"] = "设施报修",
            ["location"] = "3号楼2单元",
            ["deadline"] = "2026-07-12 21:00",
        });

    /// <summary>Records that the person last wrote at <paramref name="at"/> (customer-service messages are allowed for 48 h after).</summary>
    public static Task WroteAtAsync(this NeighborBotFactory host, PersonKey who, DateTimeOffset at) =>
        host.Services.GetRequiredService<IConversationStore>().SaveProfileAsync(who, new PersonProfile { LastMessageAt = at }, default);

    /// <summary>Stores a message in the outbox without queuing its job, so a test can run the job itself.</summary>
    public static async Task<string> StoreAsync(this NeighborBotFactory host, OutboundMessage message)
    {
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await host.Services.GetRequiredService<IMessageStore>().AddAsync(message, now, TimeSpan.FromDays(1), default);
        return message.Id;
    }

    /// <summary>Runs the send job for a message once, as Hangfire would.</summary>
    public static async Task RunJobAsync(this NeighborBotFactory host, string id)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SendMessageJob>().RunAsync(id, CancellationToken.None);
    }

    public static Task<MessageRecord?> RecordAsync(this NeighborBotFactory host, string id) =>
        host.Services.GetRequiredService<ISendLog>().GetAsync(id, default);

    /// <summary>Waits until the message reaches a final status (sent by the real Hangfire server).</summary>
    public static async Task<MessageRecord> WaitUntilFinalAsync(this NeighborBotFactory host, string id, TimeSpan? timeout = null)
    {
        var log = host.Services.GetRequiredService<ISendLog>();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await log.GetAsync(id, default) is { IsFinal: true } record)
            {
                return record;
            }

            await Task.Delay(50, cancel.Token);
        }
    }
}
