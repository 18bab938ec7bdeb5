using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Hangfire;

namespace NeighborBot.Jobs;

/// <summary>
/// Hangfire's client is synchronous: creating a job blocks the calling thread for a Redis round
/// trip. Called from the webhook, that held one thread-pool thread per new ticket and, under load,
/// starved the pool (replies took seconds). Callers post the creation here instead and return at
/// once; one background loop creates the jobs in order. What is posted is created before the host
/// stops; a crash in between loses it, which the dispatch sweep and the outbox's requeue cover.
/// </summary>
public sealed partial class JobQueue(IBackgroundJobClient jobs, ILogger<JobQueue> logger) : BackgroundService
{
    private const int MaxAttempts = 5;
    private readonly Channel<Action<IBackgroundJobClient>> _queue = Channel.CreateUnbounded<Action<IBackgroundJobClient>>(
        new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Creates the job soon, on the background loop.</summary>
    public void Post(Action<IBackgroundJobClient> create) => _queue.Writer.TryWrite(create);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var create in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await CreateAsync(create, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is created below.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            await CreateAsync(left, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync(Action<IBackgroundJobClient> create, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                create(jobs);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is not OperationCanceledException)
            {
                CreateFailed(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                GaveUp(logger, ex, attempt);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Creating a job failed (attempt {Attempt}); trying again")]
    private static partial void CreateFailed(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Creating a job failed {Attempts} times; given up (the sweeps pick the work up again)")]
    private static partial void GaveUp(ILogger logger, Exception exception, int attempts);
}
