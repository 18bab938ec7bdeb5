using Microsoft.Extensions.Diagnostics.HealthChecks;
using NeighborBot.Storage;
using StackExchange.Redis;

namespace NeighborBot.Api.Health;

internal static class HealthApi
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: [Ready]);
        return builder;
    }

    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: and its store answers too.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(Ready) });
        return app;
    }
}

/// <summary>
/// Pings Redis when it is the store; the in-process store is always ready. Answers within
/// <see cref="Budget"/> whichever way it goes: a connection that is down is unhealthy at once (a ping
/// would wait in the client's backlog for its whole timeout, about 5 s), and the ping, like the
/// first connection of an instance that has not connected yet, gets the budget and no more.
/// </summary>
internal sealed class RedisHealthCheck(StoreChoice store, IServiceProvider services, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!store.UsesRedis)
        {
            return HealthCheckResult.Healthy("in-process store");
        }

        try
        {
            // Resolving the multiplexer connects it the first time, which blocks for up to connectTimeout.
            var probe = Task.Run(() => PingAsync(services.GetRequiredService<IConnectionMultiplexer>()), cancellationToken);
            _ = probe.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return await probe.WaitAsync(Budget, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"redis did not answer within {Budget.TotalMilliseconds:F0} ms");
        }
        catch (RedisException ex)
        {
            return HealthCheckResult.Unhealthy("redis unreachable", ex);
        }
    }

    private static async Task<HealthCheckResult> PingAsync(IConnectionMultiplexer redis)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("redis not connected");
        }

        var latency = await redis.GetDatabase().PingAsync();
        return HealthCheckResult.Healthy($"redis ping {latency.TotalMilliseconds:F1} ms");
    }
}
