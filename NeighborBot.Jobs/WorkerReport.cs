using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeighborBot.Storage;

namespace NeighborBot.Jobs;

/// <summary>One line when a worker process has started (what it reads and runs), one when it has stopped.</summary>
/// <remarks>Services are resolved once the host has started, after the configuration was validated.</remarks>
internal sealed partial class WorkerReport(
    IHostApplicationLifetime lifetime,
    IHostEnvironment environment,
    IOptions<JobsOptions> options,
    IServiceProvider services,
    ILogger<WorkerReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Started(
            logger,
            environment.EnvironmentName,
            environment.ContentRootPath,
            options.Value.EffectiveWorkerCount,
            string.Join(", ", JobsExtensions.Queues),
            services.GetRequiredService<RedisKeys>().Prefix));
        lifetime.ApplicationStopped.Register(() => Stopped(logger));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information,
        Message = "NeighborBot job worker started in {Environment} with the settings in {ContentRoot}: {Workers} workers on the queues {Queues}, Redis keys under {KeyPrefix}")]
    private static partial void Started(ILogger logger, string environment, string contentRoot, int workers, string queues, string keyPrefix);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "NeighborBot job worker stopped")]
    private static partial void Stopped(ILogger logger);
}
