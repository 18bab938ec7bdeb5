using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using BenchmarkDotNet.Attributes;
using NeighborBot.Conversations;
using NeighborBot.Jobs;
using NeighborBot.Jobs.Outbox;
using NeighborBot.Outbox;
using NeighborBot.Simulator;
using NeighborBot.Storage;
using NeighborBot.WeChat;

namespace NeighborBot.Benchmarks;

/// <summary>
/// The whole callback without HTTP and without Redis: <see cref="WeChatCallback.ReceiveAsync"/> as
/// the API composes it (stores, WeChat, conversations, notifications, jobs without a job server),
/// over the in-process store, with an outbox that drops what it is given. What is left is the CPU
/// price of one message in the pipeline itself. Keep the composition in step with the API's
/// Program.cs.
/// </summary>
/// <remarks>
/// The message is a greeting (see <see cref="Greeting"/>). Each call is a first delivery: the
/// requests cycle through <see cref="Pool"/> distinct MsgIds while the clock advances one second per
/// call, so a MsgId comes back only after its dedupe mark (one hour) has expired.
/// <see cref="Senders"/> residents keep the store's size bounded.
/// </remarks>
[MemoryDiagnoser]
public class CallbackBenchmarks
{
    private const int Pool = 4096;
    private const int Senders = 256;

    /// <summary>
    /// A greeting: the bot answers with its help text and opens nothing, so the store stays the same
    /// size however long the benchmark runs. Reports (intake, tickets) are measured by the intake
    /// benchmarks and the load test.
    /// </summary>
    private const string Greeting = "你好";

    private IHost _host = null!;
    private SteppingClock _clock = null!;
    private WeChatCallback _callback = null!;
    private WeChatAccount _account = null!;
    private (CallbackQuery Query, byte[] Body)[] _plain = [];
    private (CallbackQuery Query, byte[] Body)[] _safe = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _clock = new SteppingClock(BenchAccount.Timestamp);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark" });
        var at = $"{WeChatOptions.Section}:Accounts:{BenchAccount.Name}:";
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The clock moves on during the run; the requests keep the timestamp they were signed with.
            [$"{WeChatOptions.Section}:MaxClockSkew"] = "00:00:00",
            ["Jobs:RunServer"] = "false",
            [at + "AppId"] = BenchAccount.AppId,
            [at + "AppSecret"] = "bench-secret-not-real",
            [at + "Token"] = BenchAccount.Token,
            [at + "EncodingAESKey"] = BenchAccount.EncodingAesKey,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(_clock);
        // As NeighborBot.Api's Program.cs composes the callback (less HTTP, admin and directory API).
        builder.AddNeighborBot();

        // The real outbox stores each message and queues a job; here nothing is sent.
        builder.Services.Replace(ServiceDescriptor.Singleton<IOutbox, DiscardingOutbox>());
        _host = builder.Build();
        _callback = _host.Services.GetRequiredService<WeChatCallback>();
        _account = _host.Services.GetRequiredService<WeChatAccounts>().Find(BenchAccount.Name)!;
        _plain = Requests(DeliveryMode.Plaintext);
        _safe = Requests(DeliveryMode.Safe);

        // Prove the setup answers with a real reply, not the "busy" apology or nothing.
        var reply = BenchAccount.WeChat.OpenReply(ReceiveSafe().GetAwaiter().GetResult());
        Console.WriteLine($"// callback reply: {SimulatedWeChat.ReplyText(reply)?.Split('\n')[0]}");
    }

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark(Description = "callback: plaintext text -> reply")]
    public Task<string> ReceivePlaintext()
    {
        var (query, body) = Next(_plain);
        return _callback.ReceiveAsync(_account, query, body, CancellationToken.None);
    }

    [Benchmark(Description = "callback: safe text -> sealed reply")]
    public Task<string> ReceiveSafe()
    {
        var (query, body) = Next(_safe);
        return _callback.ReceiveAsync(_account, query, body, CancellationToken.None);
    }

    private (CallbackQuery, byte[]) Next((CallbackQuery, byte[])[] requests)
    {
        _clock.Step();
        return requests[_next++ % requests.Length];
    }

    private static (CallbackQuery, byte[])[] Requests(DeliveryMode mode)
    {
        var firstMsgId = mode == DeliveryMode.Safe ? 7_000_000_000_000_000_000 : 6_000_000_000_000_000_000;
        return [.. Enumerable.Range(0, Pool).Select(i =>
        {
            var from = "oBench" + (i % Senders).ToString("D22", CultureInfo.InvariantCulture);
            var xml = CallbackMessages.Text(from, BenchAccount.Timestamp, firstMsgId + i, Greeting);
            var signed = BenchAccount.WeChat.Sign(xml, mode, BenchAccount.Timestamp, BenchAccount.Nonce);
            return (BenchAccount.ParseQuery(signed.PathAndQuery), System.Text.Encoding.UTF8.GetBytes(signed.Body));
        })];
    }
}

/// <summary>Takes outbound messages (assignments to grid workers, ...) and drops them.</summary>
internal sealed class DiscardingOutbox : IOutbox
{
    public Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<ResendResult> ResendAsync(string id, string reason, CancellationToken cancellationToken) => Task.FromResult(ResendResult.NotFound);
}

/// <summary>A clock that moves one second each time it is told to.</summary>
internal sealed class SteppingClock(long unixSeconds) : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    public void Step() => _now = _now.AddSeconds(1);

    public override DateTimeOffset GetUtcNow() => _now;
}
