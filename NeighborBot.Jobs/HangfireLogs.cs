using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Hangfire.Logging;

using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace NeighborBot.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide. Bound to one host's <see cref="ILoggerFactory"/> (as
/// Hangfire's own set-up does), it breaks every other host in the process once that host stops:
/// creating a job client or logging throws ObjectDisposedException. This provider writes to the
/// factory of a host that is running, and to nothing while none is.
/// </summary>
internal sealed class HangfireLogs : ILogProvider
{
    public static readonly HangfireLogs Instance = new();

    private ImmutableList<ILoggerFactory> _factories = [];

    public void Attach(ILoggerFactory factory) => ImmutableInterlocked.Update(ref _factories, list => list.Add(factory));

    public void Detach(ILoggerFactory factory) => ImmutableInterlocked.Update(ref _factories, list => list.Remove(factory));

    public ILog GetLogger(string name) => new Logger(this, name);

    private ILogger? Current(string name)
    {
        var factories = Volatile.Read(ref _factories);
        if (factories.IsEmpty)
        {
            return null;
        }

        try
        {
            return factories[^1].CreateLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private sealed class Logger(HangfireLogs provider, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var logger = provider.Current(name);
            var level = logLevel switch
            {
                HangfireLevel.Trace => LogLevel.Trace,
                HangfireLevel.Debug => LogLevel.Debug,
                HangfireLevel.Info => LogLevel.Information,
                HangfireLevel.Warn => LogLevel.Warning,
                HangfireLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (logger is null || !logger.IsEnabled(level))
            {
                return false;
            }

            if (messageFunc is not null)
            {
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
            }

            return true;
        }
    }
}

/// <summary>Attaches this host's logging to <see cref="HangfireLogs"/> while it runs.</summary>
internal sealed class HangfireLogAttachment(ILoggerFactory factory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        HangfireLogs.Instance.Attach(factory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        HangfireLogs.Instance.Detach(factory);
        return Task.CompletedTask;
    }
}
