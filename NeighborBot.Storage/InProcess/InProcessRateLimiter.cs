using NeighborBot.Outbox;

namespace NeighborBot.Storage;

/// <summary>The same rule in this process's memory.</summary>
internal sealed class InProcessRateLimiter(TimeProvider time) : IRateLimiter
{
    private readonly Dictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.Ordinal);

    public Task<TimeSpan?> TryTakeAsync(string name, int permits, TimeSpan per, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_taken)
        {
            if (!_taken.TryGetValue(name, out var log))
            {
                _taken[name] = log = new Queue<DateTimeOffset>();
            }

            while (log.Count > 0 && log.Peek() <= now - per)
            {
                log.Dequeue();
            }

            if (log.Count < permits)
            {
                log.Enqueue(now);
                return Task.FromResult<TimeSpan?>(null);
            }

            var wait = log.Peek() + per - now;
            return Task.FromResult<TimeSpan?>(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }
    }
}
