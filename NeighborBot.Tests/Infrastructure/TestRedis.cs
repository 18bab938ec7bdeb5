using StackExchange.Redis;

namespace NeighborBot.Tests.Infrastructure;

/// <summary>
/// The real redis-server that ./scripts/test.sh starts for the run, shared by all tests. Each user
/// takes its own key prefix, so tests running in parallel never see each other's keys.
/// </summary>
public static class TestRedis
{
    public const string Variable = "NEIGHBORBOT_TEST_REDIS";

    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(ConnectionString));

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{Variable} is not set. Run the tests with ./scripts/test.sh, which starts a private redis-server and sets it.");

    public static IConnectionMultiplexer Connection => Shared.Value;

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];
}
