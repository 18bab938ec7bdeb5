using Microsoft.Extensions.DependencyInjection;
using NeighborBot.Simulator;
using NeighborBot.Tests.Infrastructure;

using static NeighborBot.Tests.Outbox.NotificationTestHost;

namespace NeighborBot.Tests.Outbox;

/// <summary>Several instances over one Redis share one access token and refresh it once.</summary>
public sealed class AccessTokenSharingTests : IAsyncLifetime
{
    private FakeWeChatApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeWeChatApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>
    /// A host whose calls are not cut short: these tests count stable_token calls, and a first call
    /// slower than the suite's 1 s attempt timeout (a cold host on a busy machine) would be retried.
    /// </summary>
    private NeighborBotFactory Host(string? keyPrefix = null) =>
        Create(_api, keyPrefix: keyPrefix).With("WeChat:Api:AttemptTimeout", "00:00:05");

    [Fact]
    public async Task Two_instances_sending_at_the_same_time_fetch_the_token_once()
    {
        var prefix = TestRedis.NewPrefix();
        _api.StableTokenDelay = TimeSpan.FromMilliseconds(300);
        await using var first = Host(prefix);
        await using var second = Host(prefix);
        NeighborBotFactory[] instances = [first, second];
        _ = instances.Select(i => i.Services).ToList(); // both started before the race

        var sends = Enumerable.Range(0, 12).Select(i => instances[i % 2].Client()
            .SendTemplateAsync(Account, $"o_worker_{i}", TemplateId, new Dictionary<string, string> { ["thing2"] = "设施报修" }, null, $"m{i}", default));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.True(r.Ok));
        Assert.Equal(1, _api.StableTokenCalls);
        Assert.Single(_api.Calls.Where(c => c.Endpoint == FakeEndpoint.TemplateSend).Select(c => c.AccessToken).Distinct());
        Assert.Contains(first.Logs, l => l.EventId.Id == 5001 || l.EventId.Id == 5002);
        Assert.Contains(second.Logs, l => l.EventId.Id == 5001 || l.EventId.Id == 5002);
    }

    [Fact]
    public async Task A_token_refused_on_one_instance_is_refreshed_for_all()
    {
        var prefix = TestRedis.NewPrefix();
        await using var first = Host(prefix);
        await using var second = Host(prefix);
        await first.Client().SendCustomTextAsync(Account, "o_resident_1", "一", default);
        _api.RevokeTokens();

        await first.Client().SendCustomTextAsync(Account, "o_resident_1", "二", default);
        await second.Client().SendCustomTextAsync(Account, "o_resident_1", "三", default);

        Assert.Equal(2, _api.StableTokenCalls);
        Assert.Equal(new[] { 0, 40001, 0, 0 }, _api.Calls.Where(c => c.Endpoint == FakeEndpoint.CustomSend).Select(c => c.ErrCode));
        Assert.Equal(3, _api.Deliveries.Count);
    }

    [Fact]
    public async Task Instances_with_different_key_prefixes_keep_their_own_token()
    {
        await using var first = Host();
        await using var second = Host();

        await first.Client().SendCustomTextAsync(Account, "o_resident_1", "一", default);
        await second.Client().SendCustomTextAsync(Account, "o_resident_1", "二", default);

        Assert.Equal(2, _api.StableTokenCalls);
    }
}
