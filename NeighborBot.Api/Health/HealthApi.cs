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

/// <summary>Pings Redis when it is the store; the in-process store is always ready.</summary>
internal sealed class RedisHealthCheck(StoreChoice store, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!store.UsesRedis)
        {
            return HealthCheckResult.Healthy("in-process store");
        }

        try
        {
            var latency = await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"redis ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (RedisException ex)
        {
            return HealthCheckResult.Unhealthy("redis unreachable", ex);
        }
    }
}
